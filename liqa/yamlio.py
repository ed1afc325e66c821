"""YAML reading through libyaml's C parser when PyYAML has it.

Why: the knowledge files (gazetteer, lexicons) are ~2 MB of YAML, and PyYAML's pure-Python
parser took ~4.5 s to read them: paid by every process that extracts, each worker process
included, before its first article. The C parser (bundled in PyYAML's wheels) reads the same
files in a fraction of that and builds the same Python objects (tests/test_settings.py compares
both on every YAML file in the repository).
"""
from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO) -> Any:
    """``yaml.safe_load`` with the fastest safe loader available."""
    return yaml.load(source, Loader=SafeLoader)  # noqa: S506 - a safe loader
