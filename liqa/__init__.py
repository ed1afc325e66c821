"""liqa: in-person political meetings from Arabic, Persian and English news."""

__version__ = "0.1.0"
