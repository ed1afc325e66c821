"""Bytes → text: BOM sniffing, UTF-8, Windows-1256, charset-normalizer; binary and mojibake checks.

Why this order: nearly every input is UTF-8 (jsonl records are always), Arabic sites that are
not UTF-8 are almost always Windows-1256, and charset-normalizer is slow and guesses badly on
short Arabic pages, so it only sees what the first two refuse. Mojibake (UTF-8 bytes that were
once read as Latin-1/cp1252 or cp1256 and saved again) is repaired by reversing that misreading;
when the reversal fails the row is quarantined rather than passed on as garbage the extractor
would silently ignore.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import charset_normalizer

DEFAULT_MAX_BYTES = 5_000_000

_MAGIC = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"), (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "an executable"), (b"RIFF", "a RIFF media file"), (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"), (b"\x00\x00\x01\x00", "an icon"), (b"BZh", "bzip2 data"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)  # one startswith call for the common miss
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_MAX_CONTROL_SHARE = 0.01       # more control characters than this: binary, not text
_MAX_REPLACEMENT_SHARE = 0.005  # UTF-8 with this few bad bytes is still UTF-8 (a truncated tail)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _cont_chars(encoding: str) -> str:
    """Characters that UTF-8 continuation bytes (0x80-0xBF) become when read as ``encoding``."""
    out = []
    for b in range(0x80, 0xC0):
        try:
            out.append(bytes([b]).decode(encoding))
        except UnicodeDecodeError:
            out.append(chr(b))  # undefined in cp1252: Latin-1 passes it through as a C1 control
    return "".join(dict.fromkeys(out))


# a UTF-8 lead byte of Arabic/Latin-1 supplements read as a single-byte code page, then a
# continuation byte read the same way: "Ø§" (cp1252/latin-1) or "ط§" (cp1256)
_MOJI_LATIN = re.compile("[\u00c2-\u00df][" + re.escape(_cont_chars("cp1252") + _cont_chars("latin-1")) + "]")
_MOJI_1256 = re.compile("[\u0637\u0638\u0639\u063a][" + re.escape(_cont_chars("cp1256")) + "]")
_MOJI_SHARE = 0.15  # share of non-space characters inside mojibake pairs that marks a text


@dataclass(frozen=True)
class Decoded:
    """Decoded text, or the quarantine rule and reason when there is none."""

    text: str | None
    encoding: str | None = None
    rule: str | None = None
    reason: str | None = None


def _fail(rule: str, reason: str) -> Decoded:
    return Decoded(None, None, rule, reason)


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


# bytes that can be part of a _CONTROL character in UTF-8: ASCII controls, C2 (the lead of
# U+0080-U+009F) and EF (the lead of U+FFFE/U+FFFF)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xC2, 0xEF])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


_ASCII_CONTROL_BYTES = tuple(b for b in _CONTROL_BYTES if b < 0x80)  # ints: ``int in bytes`` is a bare memchr


def _control_share_at_most(text: str, utf8: bytes, share: float) -> bool:
    """True when ``text`` (strictly decoded from ``utf8``) surely has at most ``share`` control
    characters: each one holds at least one of ``_CONTROL_BYTES``, counted in one C pass.

    Text nearly never holds an ASCII control byte: a memchr per byte value proves that, and
    then only the C2 and EF leads are counted (the same count, a third of the translate's cost).
    """
    limit = share * max(len(text), 1)
    if any(map(utf8.__contains__, _ASCII_CONTROL_BYTES)):
        return len(utf8.translate(None, _NOT_CONTROL_BYTES)) <= limit
    return sum(utf8.count(bytes([lead])) for lead in (0xC2, 0xEF) if lead in utf8) <= limit


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: NULs sit in one byte parity only (the high byte of ASCII/space)."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    enc = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if _control_share(text) <= _MAX_CONTROL_SHARE else None


def _latin_bytes(text: str) -> bytes:
    """Reverse a Latin-1/cp1252 misreading: code points < 256 as bytes, cp1252 extras encoded."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        out += bytes([o]) if o < 256 else ch.encode("cp1252")
    return bytes(out)


def _moji_bounds(text: str, utf8: bytes | None) -> tuple[int, int]:
    """Upper bounds on the Latin and cp1256 mojibake pairs of ``text``, from cheap counts.

    Every Latin pair starts with a character U+00C2-U+00DF (UTF-8 lead byte C3), every cp1256
    pair with ط ظ ع غ; counting those is a few fast C loops, the pair regex a slow scan. Without the
    UTF-8 bytes the Latin bound is unknown (a large number: the exact scan runs).
    """
    latin = (utf8.count(b"\xc3") if 0xC3 in utf8 else 0) if utf8 is not None else len(text)
    arabic = text.count("\u0637") + text.count("\u0638") + text.count("\u0639") + text.count("\u063a")
    return latin, arabic


def repair_mojibake(text: str, utf8: bytes | None = None) -> tuple[str | None, bool]:
    """Return (text, was_mojibake). ``text`` is None when mojibake was seen but not reversible.

    ``utf8``: the bytes ``text`` was strictly decoded from, when known (only speeds the test up).
    """
    dense = len(text) - text.count(" ") - text.count("\n")
    if dense <= 0:
        return text, False
    bounds = _moji_bounds(text, utf8)
    for bound, pattern, undo in ((bounds[0], _MOJI_LATIN, _latin_bytes),
                                 (bounds[1], _MOJI_1256, lambda t: t.encode("cp1256"))):
        if bound < 3 or 2 * bound / dense < _MOJI_SHARE:  # the exact count cannot reach the bar
            continue
        pairs = len(pattern.findall(text))
        if pairs < 3 or 2 * pairs / dense < _MOJI_SHARE:
            continue
        try:
            return undo(text).decode("utf-8"), True
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None, True
    return text, False


def _single_byte_or_guess(data: bytes) -> tuple[str, str] | None:
    """Windows-1256 when it yields Arabic text, else charset-normalizer's best guess."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = sum(ch.isalpha() for ch in text[:4000])
    if text and letters and len(_ARABIC.findall(text[:4000])) / letters > 0.5:
        return text, "cp1256"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        return None
    return str(best), best.encoding


def decode_content(data: bytes | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode raw content bytes. Never raises: failures come back as rule + reason."""
    if not data or data.isspace():  # bytes.isspace: the ASCII whitespace bytes.strip removes
        return _fail("empty_input", "The content is empty or only whitespace.")
    if len(data) > max_bytes:
        return _fail("too_large", f"The content is {len(data):,} bytes, over the {max_bytes:,}-byte cap.")
    if data.startswith(_MAGIC_PREFIXES):
        for magic, what in _MAGIC:
            if data.startswith(magic):
                return _fail("binary_content", f"The content is {what}, not text.")
    text: str | None = None
    encoding = None
    strict_utf8 = False
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return _fail("undecodable", "The content starts with a UTF-16 byte-order mark but is not UTF-16.")
    elif 0 in data:  # an int needle: a bare memchr
        text = _utf16_without_bom(data)
        if text is None:
            return _fail("binary_content", "The content holds NUL bytes: it is binary, not text.")
        encoding = "utf-16"
    else:
        try:
            text, encoding, strict_utf8 = data.decode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            loose = data.decode("utf-8", errors="replace")
            if loose.count("\ufffd") / max(len(loose), 1) <= _MAX_REPLACEMENT_SHARE:
                text, encoding = loose, "utf-8"
            else:
                guess = _single_byte_or_guess(data)
                if guess is None:
                    return _fail("undecodable", "The content is neither UTF-8, Windows-1256 nor a detectable encoding.")
                text, encoding = guess
    strict = data if encoding == "utf-8" and strict_utf8 else None  # text is exactly these bytes
    repaired, was_moji = repair_mojibake(text, strict)
    if repaired is None:
        return _fail("mojibake", "The text is UTF-8 misread as a single-byte code page and cannot be repaired.")
    if not (strict is not None and not was_moji and _control_share_at_most(repaired, strict, _MAX_CONTROL_SHARE)) \
            and _control_share(repaired) > _MAX_CONTROL_SHARE:
        return _fail("binary_content", "Over 1% of the decoded characters are control characters: binary, not text.")
    if was_moji:
        encoding = f"{encoding}+mojibake-repaired"
    if not repaired or repaired.isspace():  # ``not repaired.strip()`` without copying the text
        return _fail("empty_input", "The content decodes to whitespace only.")
    return Decoded(repaired, encoding)
