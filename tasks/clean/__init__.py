"""Clean stage: raw rows (bytes) → clean articles (text, language, title, publication date).

Pure and total: ``clean_batch`` never raises and does no I/O. Each raw row becomes exactly one
clean row or one quarantine row with a short rule and a one-sentence reason, so a bad page
never stops a batch and every loss is visible in the quarantine table.

Order per row: decode (``decode.py``) → HTML main text (``html.py``) → boilerplate lines
(``boilerplate.py``) → title (``title.py``) → language (``language.py``) → publication date
(``published.py``) → identity (``ids.py``). ``clean_text`` is the per-article core from text
onwards, for callers and tests that already hold a string.
"""
from __future__ import annotations

import datetime as dt
from html import unescape as _unescape
import re
from typing import Any

import polars as pl

from liqa.schemas import CLEAN, QUARANTINE, RAW, conform, empty

from .boilerplate import clean_lines, key, key_differs
from .decode import DEFAULT_MAX_BYTES, decode_content
from .html import html_to_text, looks_like_html
from .ids import article_id
from .language import detect_language
from .nfc import nfc
from .published import find_published
from .title import pick_title

__all__ = ["clean_batch", "clean_row", "clean_text"]

RECORD_TYPE = "application/x-liqa-record"
DEFAULT_MIN_CHARS = 80
# Longest cleaned text carried on to extraction. News articles stay far below it (SaudiNewsNet's
# longest is 34k characters); past it the text is a dump or an attack, and extraction cost grows
# faster than linearly on text without sentence breaks.
DEFAULT_MAX_CHARS = 100_000
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_TITLE_ECHO_LINES = 6  # pages print the headline again just below the date line


_BREAKS = (("\x0b", "\n"), ("\x0c", "\n"), ("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n"))


def _lines(text: str) -> list[str]:
    """``split_lines`` of the NFC text without control characters, in one pass over the lines.

    Same lines as normalising, removing controls, then splitting: line breaks never compose
    or reorder (NFC works line by line), control removal is per character, and a break pair
    that control removal would have joined (CR, a control, LF) only leaves an extra empty line,
    which is dropped. Only lines that are not printable can hold a control character.
    """
    for old, new in _BREAKS:
        if old[0] in text:  # a one-character test is a fast scan; "\r\n" is tested as "\r"
            text = text.replace(old, new)
    out = []
    for line in map(nfc, text.split("\n")):  # NFC per line, and within a line per word that
        # can change (~7% of SaudiNewsNet: harakat out of canonical order; nfc.py)
        if not line.isprintable():
            line = _CONTROLS.sub("", line)
        line = line.strip()
        if line:
            out.append(line)
    return out


def clean_text(text: str, *, title_hint: str | None = None, published_hint: str | None = None,
               lang_hint: str | None = None) -> dict[str, Any]:
    """Clean one article's text. Returns title, text, language, published and its precision/span.

    ``text`` keeps the article's own characters (NFC, no folding); paragraphs are separated by
    a blank line and the title, when there is one, is the first paragraph.
    """
    lines = clean_lines(_lines(text))
    title = pick_title(lines, title_hint)
    if title:
        tkey = key(title)
        if not lines or key_differs(lines[0], tkey):
            lines.insert(0, title)
        lines = lines[:1] + [ln for i, ln in enumerate(lines[1:], 1)
                             if i >= _TITLE_ECHO_LINES or key_differs(ln, tkey)]
    body = "\n\n".join(lines)
    pub = find_published(body, published_hint)
    return {
        "title": title,
        "text": body,
        "language": detect_language(body, lang_hint),
        "published": pub.date,
        "published_precision": pub.precision if pub.date else "unknown",
        "published_start": pub.start,
        "published_end": pub.end,
    }


def _unescape_entities(text: str) -> str:
    return _ENTITY.sub(lambda m: _unescape(m.group(0)), text)


def _settings(settings: dict | None) -> tuple[int, int, int]:
    """(min_chars, max_bytes, max_chars) from nested ``{"clean": {...}}`` or flat settings."""
    s = settings or {}
    section = s.get("clean", s) if isinstance(s, dict) else {}
    if not isinstance(section, dict):
        section = {}
    return (int(section.get("min_chars", DEFAULT_MIN_CHARS)), int(section.get("max_bytes", DEFAULT_MAX_BYTES)),
            int(section.get("max_chars", DEFAULT_MAX_CHARS)))


def _quarantine(row: dict, rule: str, reason: str) -> dict[str, Any]:
    return {
        "run_id": None, "stage": "clean", "rule": rule,
        "record_id": row.get("raw_id") or row.get("uri") or row.get("url"),
        "reason": reason, "payload": row.get("uri") or row.get("url"), "attempts": 1,
        "created_at": dt.datetime.now(dt.timezone.utc),
    }


def _month(published: dt.date | None, row: dict) -> str | None:
    if published is not None:
        return f"{published.year:04d}-{published.month:02d}"
    fetched = row.get("fetched_at")
    if isinstance(fetched, dt.datetime):
        return fetched.strftime("%Y-%m")
    return row.get("month")


def clean_row(row: dict, *, min_chars: int = DEFAULT_MIN_CHARS, max_bytes: int = DEFAULT_MAX_BYTES,
              max_chars: int = DEFAULT_MAX_CHARS) -> tuple[dict | None, dict | None]:
    """One raw row → (clean row, None) or (None, quarantine row)."""
    content = row.get("content")
    if isinstance(content, str):
        content = content.encode("utf-8", errors="surrogatepass")
    decoded = decode_content(content, max_bytes=max_bytes)
    if decoded.text is None:
        return None, _quarantine(row, decoded.rule or "undecodable", decoded.reason or "The content cannot be decoded.")
    text = decoded.text
    title_hint, published_hint = row.get("title_hint"), row.get("published_hint")
    ctype = (row.get("content_type") or "").lower()
    if "html" in ctype or looks_like_html(text):
        doc = html_to_text(text)
        if not doc.text.strip():
            return None, _quarantine(row, "no_text_in_html", "The HTML page has no main text.")
        text = doc.text
        title_hint = title_hint or doc.title
        published_hint = published_hint or doc.published
    elif "&" in text:
        # plain text and dump records often keep the site's HTML entities (SaudiNewsNet: "&#8220;")
        text = _unescape_entities(text)
    if title_hint and "&" in title_hint:
        title_hint = _unescape_entities(title_hint)
    out = clean_text(text, title_hint=title_hint, published_hint=published_hint, lang_hint=row.get("lang_hint"))
    if not out["text"].strip():
        return None, _quarantine(row, "empty_input", "Nothing is left of the text after boilerplate removal.")
    if len(out["text"]) < min_chars:
        return None, _quarantine(row, "too_short",
                                 f"The cleaned text has {len(out['text'])} characters, under the minimum of {min_chars}.")
    if len(out["text"]) > max_chars:
        return None, _quarantine(row, "too_long",
                                 f"The cleaned text has {len(out['text'])} characters, over the maximum of {max_chars}.")
    if out["language"] is None:
        return None, _quarantine(row, "unsupported_language", "The text is not Arabic, Persian or English.")
    clean = {k: row.get(k) for k in ("raw_id", "doc_id", "source", "uri", "url", "fetched_at")}
    clean.update(out)
    clean["article_id"] = article_id(row.get("url"), out["text"])
    clean["chars"] = len(out["text"])
    clean["month"] = _month(out["published"], row)
    return clean, None


def clean_batch(raw: pl.DataFrame, settings: dict | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Raw rows (``liqa.schemas.RAW``) → (clean rows ``CLEAN``, quarantine rows ``QUARANTINE``).

    Never raises: an unexpected error on one row quarantines that row (rule ``clean_error``).
    """
    min_chars, max_bytes, max_chars = _settings(settings)
    try:
        rows = list(conform(raw, RAW).iter_rows(named=True))
    except Exception as exc:  # noqa: BLE001 - a malformed batch is one quarantine row, not a crash
        bad = _quarantine({}, "malformed_batch", f"The batch does not fit the raw schema: {type(exc).__name__}.")
        return empty(CLEAN), conform(pl.DataFrame([bad], schema=QUARANTINE), QUARANTINE)
    clean: list[dict] = []
    quarantine: list[dict] = []
    for row in rows:
        try:
            good, bad = clean_row(row, min_chars=min_chars, max_bytes=max_bytes, max_chars=max_chars)
        except Exception as exc:  # noqa: BLE001 - one bad row must not stop the batch
            good, bad = None, _quarantine(row, "clean_error", f"Cleaning failed: {type(exc).__name__}: {str(exc)[:160]}")
        if good is not None:
            clean.append(good)
        else:
            quarantine.append(bad)
    return conform(_frame(clean, CLEAN), CLEAN), conform(_frame(quarantine, QUARANTINE), QUARANTINE)


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    """Rows as a frame, built column by column (a third of the cost of Polars' dict rows)."""
    if not rows:
        return empty(schema)
    return pl.DataFrame({name: [r.get(name) for r in rows] for name in schema}, schema=schema)
