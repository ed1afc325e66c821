"""The sources file: which feeds, sitemaps, pages and archives a deployment reads.

A source list is knowledge, so it is data (``sources.yaml``, documented in docs/fetch.md) and
is validated up front: a typo in a kind or a language should stop the run with one clear line
(:class:`SourcesError`), not surface an hour later as an empty batch.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from liqa.yamlio import load_yaml

KINDS = ("rss", "atom", "feed", "sitemap", "urls", "page", "directory", "jsonl", "warc")
WEB_KINDS = frozenset({"rss", "atom", "feed", "sitemap", "page"})   # location must be a URL
LANGUAGES = ("ar", "fa", "en")
_KEYS = {"name", "kind", "location", "url", "path", "language", "lang", "publisher",
         "max_items", "rate_per_host", "enabled", "notes"}


class SourcesError(ValueError):
    """The sources file is missing or invalid; the message is one line naming the problem."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str                       # one of KINDS
    location: str                   # URL, or a path (resolved against the sources file)
    language: str | None = None     # hint passed to raw.lang_hint (ar | fa | en)
    publisher: str | None = None
    max_items: int | None = None    # newest N entries of a feed/sitemap/list per run
    rate_per_host: float | None = None  # requests/s for this source's hosts; None = fetch.per_host_rate

    @property
    def is_url(self) -> bool:
        return urlsplit(self.location).scheme.lower() in ("http", "https")


def _one(entry: object, index: int, base: Path, seen: set[str]) -> Source | None:
    where = f"source #{index + 1}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a mapping with name, kind and url/path, got {type(entry).__name__}")
    name = str(entry.get("name") or "").strip()
    where = f"source {name!r}" if name else where
    if not name:
        raise SourcesError(f"{where}: 'name' is required")
    if name in seen:
        raise SourcesError(f"{where}: name is used twice")
    seen.add(name)
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}")
    if entry.get("enabled", True) is False:
        return None
    kind = str(entry.get("kind") or "").strip().lower()
    if kind not in KINDS:
        raise SourcesError(f"{where}: kind {kind or '(missing)'!r} is not one of {', '.join(KINDS)}")
    given = [k for k in ("location", "url", "path") if entry.get(k)]
    if len(given) != 1:
        raise SourcesError(f"{where}: give exactly one of location, url or path")
    location = str(entry[given[0]]).strip()
    scheme = urlsplit(location).scheme.lower()
    if kind in WEB_KINDS and scheme not in ("http", "https"):
        raise SourcesError(f"{where}: kind {kind!r} needs an http(s) URL, got {location!r}")
    if scheme not in ("http", "https"):
        if len(scheme) > 1:  # a one-letter scheme is a Windows drive
            raise SourcesError(f"{where}: scheme {scheme!r} is not supported; use http(s) or a path")
        location = str((base / os.path.expanduser(location)).resolve())
    lang = entry.get("language", entry.get("lang"))
    if lang is not None and str(lang) not in LANGUAGES:
        raise SourcesError(f"{where}: language {lang!r} is not one of {', '.join(LANGUAGES)}")
    max_items = entry.get("max_items")
    if max_items is not None and (isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1):
        raise SourcesError(f"{where}: max_items must be a positive integer, got {max_items!r}")
    rate = entry.get("rate_per_host")
    if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0):
        raise SourcesError(f"{where}: rate_per_host must be a positive number (requests/s), got {rate!r}")
    return Source(name=name, kind=kind, location=location, language=lang,
                  publisher=(str(entry["publisher"]) if entry.get("publisher") else None),
                  max_items=max_items, rate_per_host=(float(rate) if rate is not None else None))


def parse_sources(data: object, base: Path) -> list[Source]:
    """Validate an already-loaded sources document (``{"sources": [...]}`` or a bare list)."""
    items = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SourcesError("the sources file must hold a list under 'sources:'")
    seen: set[str] = set()
    out = [_one(entry, i, base, seen) for i, entry in enumerate(items)]
    return [s for s in out if s is not None]


def load_sources(path: str | os.PathLike) -> list[Source]:
    """Read and validate a sources YAML file; relative paths in it are relative to the file."""
    p = Path(path).expanduser()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"cannot read sources file {p}: {exc.strerror or exc}") from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise SourcesError(f"sources file {p} is not valid YAML{at}") from None
    return parse_sources(data, p.parent.resolve())
