"""HTML page → main text (trafilatura), plus the title and publication date the page declares.

Why metadata by hand: trafilatura drops the headline and date block from the text, and its own
date search (htmldate) guesses from URLs and scripts; the page's ``og:title`` / ``<title>`` and
``article:published_time`` / ``<time datetime>`` are what the publisher states, so we read those
with lxml and use them as hints. Malformed or truncated HTML must not crash: lxml recovers, and
when trafilatura finds nothing the visible paragraphs are used instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"</?(?:p|div|br|span|a|h[1-6]|li|td|article|section)\b[^>]*>", re.IGNORECASE)
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date.issued", "dc.date", "article.published", "sailthru.date")


@dataclass(frozen=True)
class HtmlDoc:
    """Main text (lines separated by newlines), declared title and published string."""

    text: str
    title: str | None
    published: str | None


def looks_like_html(text: str) -> bool:
    """True when text starts like a page or is dense with block tags (a fragment)."""
    if text.find("<", 0, 2000) < 0:  # both tests need a tag: plain text (nearly every record)
        return False  # stops here, without copying the head
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_TAGS.findall(head)) >= 5


def _meta(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    title = None
    published = None
    for el in tree.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if not content:
            continue
        if name in ("og:title", "twitter:title") and title is None:
            title = content
        elif name in _DATE_META and published is None:
            published = content
    if published is None:
        for el in tree.iter("time"):
            if el.get("datetime"):
                published = el.get("datetime").strip()
                break
    if title is None:
        el = tree.find(".//title")
        text = el.text_content().strip() if el is not None else ""
        if text:
            title = re.split(r"\s+[|｜]\s+", text)[0].strip() or None
    if title is None:
        el = tree.find(".//h1")
        title = el.text_content().strip() if el is not None else None
    return title or None, published


def _paragraphs(tree: lxml.html.HtmlElement) -> str:
    """Fallback main text: visible paragraph-like elements, in order."""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    parts = [p.text_content().strip() for p in tree.xpath("//p|//h2|//h3|//li|//blockquote")]
    parts = [p for p in parts if p]
    if not parts:
        body = tree.find(".//body")
        return (body if body is not None else tree).text_content()
    return "\n".join(parts)


def html_to_text(html: str) -> HtmlDoc:
    """Main text of a page (empty string when there is none) with its declared metadata."""
    title = published = None
    tree = None
    try:
        tree = lxml.html.fromstring(html)
        title, published = _meta(tree)
    except (ValueError, TypeError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        tree = None
    text = None
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False,
                                   output_format="txt", with_metadata=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - trafilatura raises many types on broken pages
        text = None
    if not text or len(text.strip()) < 40:
        fallback = ""
        if tree is not None:
            try:
                fallback = _paragraphs(tree)
            except Exception:  # noqa: BLE001
                fallback = ""
        if len(fallback.strip()) > len((text or "").strip()):
            text = fallback
    return HtmlDoc(text or "", title, published)
