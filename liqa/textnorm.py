"""Arabic / Persian / Latin text normalisation for matching, with offsets back to the original.

Why our own: no offline package folds Arabic and Persian letter variants the same way (see
shared research notes), and extraction needs every match in the normalised text mapped back to
a character span of the original article for evidence. The fold is one ``str.translate`` (C
speed); offsets are kept as a sparse list of breakpoints because only the rare characters that
are deleted (diacritics, tatweel, bidi marks) or expanded (presentation-form ligatures) shift
positions.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

# Characters removed entirely: Arabic diacritics (harakat, tanwin, shadda, sukun, superscript
# alef, Quranic marks), tatweel, zero-width joiner, bidi controls, soft hyphen, BOM.
_DELETE = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_LETTERS = {
    # alef variants → bare alef
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    # teh marbuta, heh with yeh above, heh goal → heh
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه", "ۃ": "ه",
    # yeh family (Arabic yeh, alef maksura, Persian yeh, hamza on yeh) → Arabic yeh
    "ى": "ي", "ی": "ي", "ئ": "ي", "ې": "ي", "ێ": "ي", "ۍ": "ي",
    # keheh → kaf; waw with hamza → waw
    "ک": "ك", "ڪ": "ك", "ؤ": "و",
    # punctuation used inside names and numbers
    "ـ": "", "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "\u200c": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\r": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "«": '"', "»": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "ı": "i", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "æ": "ae",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {ord(c): "" for c in _DELETE}
    for c, r in _LETTERS.items():
        table[ord(c)] = r
    for d in range(10):  # Arabic-Indic and Extended (Persian) digits → ASCII
        table[0x0660 + d] = str(d)
        table[0x06F0 + d] = str(d)
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c).lower()
    for c in range(0x00C0, 0x0250):  # Latin letters with accents → base letter, lower case
        ch = chr(c)
        if c in table:
            continue
        base = "".join(x for x in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(x))
        if base and base.isascii() and base.isalpha():
            table[c] = base.lower()
        elif ch.lower() != ch and len(ch.lower()) == 1:
            table[c] = ch.lower()
    for c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):  # presentation forms
        ch = chr(c)
        n = unicodedata.normalize("NFKC", ch)
        if n != ch:
            table[c] = "".join(table.get(ord(x), x) for x in n)
    for c in (0x0300, 0x0301, 0x0302, 0x0303, 0x0308, 0x030C, 0x0327, 0x0328):  # stray combining marks
        table[c] = ""
    for _ in range(3):  # close the table under itself so folding is idempotent (Æ → æ → ae)
        for c, r in list(table.items()):
            table[c] = "".join(table.get(ord(x), x) for x in r)
    return table


_TABLE = _build_table()
_DELETED = 0xFFFFFFFF  # lookup marker: the character is deleted
_EXPANDS = 0xFFFFFFFE  # lookup marker: the character becomes several


def _build_lut() -> np.ndarray:
    lut = np.arange(0x110000, dtype=np.uint32)  # identity for every code point the fold keeps
    for c, r in _TABLE.items():
        lut[c] = ord(r) if len(r) == 1 else _DELETED if r == "" else _EXPANDS
    return lut


_LUT = _build_lut()
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c, r in _TABLE.items() if len(r) != 1) + "]")


@dataclass(frozen=True)
class Normalized:
    """A normalised string and a way back to the original's character offsets."""

    text: str
    original: str
    # one entry per length-changing char: where its replacement starts in the normalised text,
    # its replacement length, its original position, and the shift (norm - orig) after it
    _starts: list[int] = field(default_factory=list, repr=False)
    _lens: list[int] = field(default_factory=list, repr=False)
    _origs: list[int] = field(default_factory=list, repr=False)
    _shifts: list[int] = field(default_factory=list, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to a half-open span of the original."""
        if start >= end:
            s = self._orig(start)
            return s, s
        return self._orig(start), self._orig(end - 1) + 1

    def _orig(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return min(pos, len(self.original))
        if pos < self._starts[i] + self._lens[i]:
            return self._origs[i]
        return min(pos - self._shifts[i], len(self.original))


def fold(text: str) -> str:
    """The normalised form alone (no offsets): for keys, gazetteer aliases and comparisons."""
    return text.translate(_TABLE)


def normalize(text: str) -> Normalized:
    """Fold letter variants, digits, case and marks; keep a sparse offset map to ``text``.

    The fold maps one code point to one code point for almost every character, so it runs as an
    array lookup (UTF-32 → table → UTF-32), ~10× faster than ``str.translate`` with a dict on a
    2k-character article; texts with a character that expands (ligatures, "ß") take the general
    path. Both give the same result (tests/test_textnorm.py, tests/test_extract_speed.py).
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = _LUT[codes]
    if not len(mapped) or int(mapped.max()) < 0x110000:  # every character maps to exactly one
        return Normalized(mapped.tobytes().decode("utf-32-le", "surrogatepass"), text)
    if (mapped == _EXPANDS).any():
        return normalize_general(text)
    deleted = mapped == _DELETED
    norm = mapped[~deleted].tobytes().decode("utf-32-le", "surrogatepass")
    # one breakpoint per deleted character, as normalize_general makes them: where the folded
    # text goes on (zero-length replacement), the original position, the shift after it
    idx = np.flatnonzero(deleted)
    rank = np.arange(len(idx))
    return Normalized(norm, text, (idx - rank).tolist(), [0] * len(idx), idx.tolist(), (-1 - rank).tolist())


def normalize_general(text: str) -> Normalized:
    """``normalize`` by ``str.translate`` and a scan of the length-changing characters."""
    norm = text.translate(_TABLE)
    if len(norm) == len(text) and _SPECIAL.search(text) is None:
        return Normalized(norm, text)
    starts: list[int] = []
    lens: list[int] = []
    origs: list[int] = []
    shifts: list[int] = []
    shift = 0  # normalised position minus original position, before the current char
    for m in _SPECIAL.finditer(text):
        i = m.start()
        k = len(_TABLE[ord(text[i])])
        starts.append(i + shift)
        lens.append(k)
        origs.append(i)
        shift += k - 1
        shifts.append(shift)
    return Normalized(norm, text, starts, lens, origs, shifts)


_NAME_KEY_DROP = re.compile(r"[^\w\s]")
_ARTICLE = re.compile(r"^(?:ال|al-|el-|al |el )")


def name_key(name: str) -> str:
    """A loose key for comparing person and organisation names across spellings.

    Folds letters, drops punctuation and the Arabic/Latin article on each token, so that
    "زياد النخالة", "زیاد النخاله" and "Ziyad al-Nakhalah" give comparable keys per script.
    """
    tokens = _NAME_KEY_DROP.sub(" ", fold(name).replace("-", " ")).split()
    return " ".join(t for t in tokens if t not in ("al", "el"))
