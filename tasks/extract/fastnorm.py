"""``liqa.textnorm.normalize`` computed with a numpy lookup table: same result, ~10× less time.

Why: ``str.translate`` with a dict table costs a Python-level dict lookup (and, for the many
characters the table does not list, a caught KeyError) per character: ~0.25-0.5 ms for a 2.4k-char
Arabic article, as much as the whole extract budget (issue 7). The fold is one code point to one
code point for almost every character, so it is an array lookup: encode as UTF-32, index a table
of 65,536 entries, drop deleted characters, decode. Articles with a character the table expands
to several (ligatures "ﻻ", "ß") or outside the BMP go through ``textnorm.normalize`` itself.
The offset breakpoints are built by the same loop as textnorm, so ``to_original`` is unchanged;
``tests/test_extract_speed.py`` checks equality with ``normalize`` on real articles.
"""
from __future__ import annotations

import numpy as np

from liqa import textnorm
from liqa.textnorm import Normalized

_TABLE = textnorm._TABLE      # the shared fold (one source of truth), read-only here
_SPECIAL = textnorm._SPECIAL  # characters whose replacement is not exactly one character
_DELETED = 0xFFFFFFFF         # looked-up marker: the character is deleted
_EXPANDS = 0xFFFFFFFE         # looked-up marker: the character becomes several


def _lut() -> np.ndarray:
    lut = np.arange(0x110000, dtype=np.uint32)  # identity for every code point the fold keeps
    for c, r in _TABLE.items():
        lut[c] = ord(r) if len(r) == 1 else _DELETED if r == "" else _EXPANDS
    return lut


_LUT = _lut()


def normalize(text: str) -> Normalized:
    """Exactly ``liqa.textnorm.normalize(text)``, faster on long texts."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = _LUT[codes]
    if not len(mapped) or int(mapped.max()) < 0x110000:  # every character maps to exactly one
        return Normalized(mapped.tobytes().decode("utf-32-le", "surrogatepass"), text)
    if (mapped == _EXPANDS).any():
        return textnorm.normalize(text)
    deleted = mapped == _DELETED
    norm = mapped[~deleted].tobytes().decode("utf-32-le", "surrogatepass")
    # textnorm keeps one breakpoint per deleted character: where it was (``origs``), where the
    # folded text goes on (``starts``, zero length) and the shift after it (norm - orig)
    idx = np.flatnonzero(deleted)
    rank = np.arange(len(idx))
    return Normalized(norm, text, (idx - rank).tolist(), [0] * len(idx), idx.tolist(), (-1 - rank).tolist())
