"""Turning a fetched feed, sitemap or URL list into the article URLs it announces.

Pure functions from bytes to :class:`Entry` lists; the HTTP side lives in ``http.py``.

- RSS/Atom go through feedparser, always given a byte stream (given a ``str`` or ``bytes``
  feedparser may treat it as a URL or a file name and open it). A feed that feedparser could
  not read (``bozo`` with no entries) is reported as ``malformed_feed``; a recoverable
  irregularity with entries (wrong declared encoding, a stray character) keeps its entries.
- Sitemaps are parsed by lxml with entity expansion, DTD loading and network access off, so a
  "billion laughs" or external-entity sitemap expands nothing; ``.xml.gz`` sitemaps are
  decompressed within the same size cap as any body.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser
from lxml import etree

from tasks.fetch.body import BoundedDecoder

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None     # as the feed wrote it; clean/extract parse dates


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)   # children of a sitemap index
    error: str | None = None                              # set when the document is unusable


def sniff(content: bytes) -> str:
    """'sitemap' for <urlset>/<sitemapindex>, else 'feed' (RSS, Atom, RDF)."""
    head = content[:2048].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    return "feed"


def parse_feed(content: bytes, base_url: str, content_type: str | None = None) -> Parsed:
    """Entries of an RSS/Atom document, newest first when dates are given."""
    headers = {"content-type": content_type} if content_type else {}
    try:
        doc = feedparser.parse(io.BytesIO(content), response_headers=headers, sanitize_html=False,
                               resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser may raise on pathological input
        return Parsed(error=f"feed could not be parsed: {type(exc).__name__}: {exc}")
    entries = []
    for e in doc.entries:
        link = e.get("link") or next((l.get("href") for l in e.get("links", []) if l.get("href")), None)
        if not link:
            continue
        entries.append(Entry(url=urljoin(base_url, link.strip()), title=e.get("title") or None,
                             published=e.get("published") or e.get("updated") or None))
    if not entries and doc.get("bozo"):
        exc = doc.get("bozo_exception")
        return Parsed(error=f"malformed feed: {type(exc).__name__}: {exc}" if exc else "malformed feed")
    if not entries and not doc.get("version"):
        return Parsed(error="not an RSS or Atom feed")
    return Parsed(entries=unique_by_url(entries))


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, recover=False)


def parse_sitemap(content: bytes, max_bytes: int) -> Parsed:
    """URLs of a sitemap (news or plain) or child sitemaps of a sitemap index."""
    if content[:2] == b"\x1f\x8b":
        try:
            dec = BoundedDecoder("gzip", max_bytes)
            content = dec.feed(content)
        except Exception as exc:  # noqa: BLE001 - TooLarge or corrupt: the sitemap is unusable
            return Parsed(error=f"compressed sitemap unusable: {type(exc).__name__}")
    try:
        root = etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        return Parsed(error=f"malformed sitemap: {exc}")
    if root is None:
        return Parsed(error="empty sitemap")
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        locs = [_text(s, "loc") for s in root if etree.QName(s).localname == "sitemap"]
        return Parsed(sitemaps=[u for u in locs if u])
    if tag != "urlset":
        return Parsed(error=f"not a sitemap: root element <{tag}>")
    entries = []
    for u in root:
        if not isinstance(u.tag, str) or etree.QName(u).localname != "url":
            continue
        loc = _text(u, "loc")
        if not loc:
            continue
        news = u.find(f"{{{NEWS_NS}}}news")
        title = _text(news, "title", NEWS_NS) if news is not None else None
        published = (_text(news, "publication_date", NEWS_NS) if news is not None else None) or _text(u, "lastmod")
        entries.append(Entry(url=loc, title=title, published=published))
    return Parsed(entries=unique_by_url(entries))


def parse_url_list(text: str, base_url: str | None = None) -> Parsed:
    """One URL per line; blank lines and ``#`` comments are skipped."""
    urls = [line.strip() for line in text.splitlines()]
    urls = [u for u in urls if u and not u.startswith("#")]
    if base_url:
        urls = [urljoin(base_url, u) for u in urls]
    return Parsed(entries=unique_by_url([Entry(url=u) for u in urls]))


def newest(entries: list[Entry], limit: int | None) -> list[Entry]:
    """The first ``limit`` entries; feeds and news sitemaps already list the newest first."""
    return entries if limit is None else entries[:limit]


def _text(node, name: str, ns: str = SITEMAP_NS) -> str | None:
    child = node.find(f"{{{ns}}}{name}")
    if child is None:
        child = node.find(name)  # sitemaps written without the namespace
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def unique_by_url(items: list) -> list:
    """Items (feed entries, fetch items) with the first of each URL kept, in order."""
    first: dict = {}
    for it in items:
        first.setdefault(it.url, it)
    return list(first.values())
