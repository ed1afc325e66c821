"""A readable, stable ``doc_id`` for a web article, derived from its URL alone.

The exchange format's ``doc_id`` should let a person find the article again, so it is the
URL's last meaningful path segment as a slug (Arabic and Persian letters kept), e.g.
``/fa/news/1403/02/15/3012345/دیدار-وزیر`` → ``دیدار-وزیر``. A bare number (common for agency
ids) gets the site's name in front (``irna-85123456``) so two sites' ids cannot collide; a
URL with no usable segment gets a hash. Same URL, same id, on every run.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlsplit

_EXT = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cms)$", re.I)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_GENERIC = {"index", "default", "news", "article", "story", "amp", "print", "view", "details", "detail"}
_MAX = 80


def slug(text: str) -> str:
    """Lower-case word characters joined by '-', any script."""
    text = unicodedata.normalize("NFC", text).lower()
    return _NOT_WORD.sub("-", text).strip("-_")[:_MAX].strip("-_")


def _site(host: str) -> str:
    labels = [p for p in host.lower().split(".") if p and p not in ("www", "m", "en", "ar", "fa")]
    if len(labels) >= 2:
        second = labels[-2]
        if second in ("co", "com", "org", "gov", "ac", "net") and len(labels) >= 3:
            return labels[-3]
        return second
    return labels[0] if labels else "web"


def doc_id_from_url(url: str) -> str:
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    candidate = ""
    for seg in reversed(segments):
        s = slug(_EXT.sub("", seg))
        if s and s not in _GENERIC:
            candidate = s
            break
    query = [v for _, v in parse_qsl(parts.query) if v]
    if query:
        q = slug("-".join(query))
        candidate = f"{candidate}-{q}" if candidate else q
        candidate = candidate[:_MAX].strip("-_")
    if not candidate:
        return "u-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    if candidate.replace("-", "").isdigit():
        candidate = f"{_site(parts.hostname or '')}-{candidate}"
    return candidate
