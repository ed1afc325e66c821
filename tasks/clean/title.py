"""Title of an article: the structured hint when there is one, else a headline-like first line.

Why so cautious: a wrong title becomes the first line of ``text`` and the extractor reads it as
the lead; a missing title costs nothing. So a first line is a title only when it is short,
has no sentence end and is not a date or a dateline.
"""
from __future__ import annotations

import re
import unicodedata

_MIN, _MAX = 8, 250
_SENTENCE_END = (".", "。", ":", "؛", ";")
_DIGITISH = re.compile(r"[\d٠-٩۰-۹/:\-–.\s]+")


def tidy(title: str | None) -> str | None:
    """NFC, single spaces; None for empty."""
    if not title:
        return None
    t = " ".join(unicodedata.normalize("NFC", title).split())
    return t or None


def looks_like_headline(line: str) -> bool:
    """True for a short line that reads like a headline rather than a sentence or a date."""
    s = line.strip()
    if not (_MIN <= len(s) <= _MAX) or s.endswith(_SENTENCE_END):
        return False
    words = s.split()
    if not (2 <= len(words) <= 40):
        return False
    if _DIGITISH.fullmatch(s):
        return False
    digits = sum(ch.isdigit() for ch in s)
    return digits <= len(s) * 0.3


def pick_title(lines: list[str], hint: str | None) -> str | None:
    """``hint`` when given, else the first line if it looks like a headline."""
    title = tidy(hint)
    if title:
        return title
    if lines and looks_like_headline(lines[0]):
        return tidy(lines[0])
    return None
