"""Article identity: sha256 of the normalised URL, else of the cleaned text (first 32 hex).

Why normalise: the same article reached through a feed (utm_* tracking), a sitemap (trailing
slash) and a share link (#fragment) must get one ``article_id``, so that reprocessing and
deduplication see one article. Only changes that never point at a different page are made.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit


# "http(s)://host/path" with no query, fragment, escapes, brackets or spaces: the general
# split/unquote/join below returns exactly scheme and host lower-cased plus the path without
# trailing slashes, so that is built directly (most article URLs; urllib costs ~50 µs each)
_PLAIN = re.compile(r"(https?)://([A-Za-z0-9.\-_:@]+)(/[^?#%\s\[\]\\]*)?", re.IGNORECASE | re.ASCII)


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no utm_* parameters, no trailing slash, path unquoted."""
    url = url.strip()
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        return f"{plain[1].lower()}://{plain[2].lower()}{(plain[3] or '').rstrip('/')}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_")]
    path = unquote(parts.path).rstrip("/")  # one form for "%D8%A7" and "ا"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def article_id(url: str | None, text: str) -> str:
    """First 32 hex digits of sha256(normalised URL) when there is a URL, else of ``text``."""
    basis = normalize_url(url) if url and url.strip() else text
    return hashlib.sha256(basis.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]
