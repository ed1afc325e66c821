"""``fetch_source``: from a source definition to raw rows.

Feeds and sitemaps are fetched like any page (conditional GET, state, safety), then expanded
into article URLs that go through the same polite fetcher. A feed answering 304 means nothing
new and nothing else is requested; a changed feed lists entries whose articles are skipped
when fetched successfully within ``revisit_s`` (so a failed article is retried next run).
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from liqa.schemas import QUARANTINE, RAW, conform, empty
from liqa.yamlio import load_yaml
from tasks.fetch import feeds
from tasks.fetch.http import (FetchResult, FetchSettings, Fetcher, Item, _frame, fetch_items, lookup,
                              quarantine_row)
from tasks.fetch.sources import Source
from tasks.fetch.state import STATE, merge_state


def fetch_source(source: Source, *, settings, state: pl.DataFrame | None) -> FetchResult:
    s = FetchSettings.of(settings)
    state = state if state is not None else empty(STATE)
    if source.kind in ("directory", "jsonl"):
        return _local(source, settings, state)
    if source.kind == "warc":
        from tasks.fetch.warc import read_warc

        raw, quarantine = read_warc(source.location, source=source.name, lang_hint=source.language,
                                    max_items=source.max_items, max_bytes=s.max_bytes)
        return FetchResult(raw=raw, quarantine=quarantine, state=state, counts={"new": len(raw)})
    with Fetcher(s, source.rate_per_host) as fetcher:
        if source.kind == "page":
            return fetch_items([Item(source.location)], settings=s, state=state, source=source.name,
                               lang_hint=source.language, fetcher=fetcher)
        if source.kind == "urls" and not source.is_url:
            try:
                text = Path(source.location).read_text(encoding="utf-8")
            except OSError as exc:
                q = _frame([quarantine_row("unreadable", source.location, f"cannot read URL list: {exc}",
                                           source.location, 0)], QUARANTINE)
                return FetchResult(raw=empty(RAW), quarantine=q, state=state, counts={"failed": 1})
            entries = feeds.newest(feeds.parse_url_list(text).entries, source.max_items)
            return _articles(entries, source, s, state, fetcher, [], {})
        return _documents(source, s, state, fetcher)


def _documents(source: Source, s: FetchSettings, state: pl.DataFrame, fetcher: Fetcher) -> FetchResult:
    """Fetch the feed/sitemap/list document(s), then the articles they announce."""
    pending, done, entries = [source.location], 0, []
    q_rows: list[dict] = []
    st_updates: list[pl.DataFrame] = []
    counts = {"documents": 0, "documents_not_modified": 0}
    known = lookup(state)
    while pending and done <= s.max_sitemaps:
        url = pending.pop(0)
        done += 1
        prev = known.get(url)
        o = fetcher.get(url, prev)
        counts["documents"] += 1
        st_updates.append(_frame([{"url": url, "etag": o.etag, "last_modified": o.last_modified,
                                   "raw_id": _sha(o.content), "status": o.status, "fetched_at": o.fetched_at,
                                   "attempts": o.attempts}], STATE))
        if o.rule is not None:
            q_rows.append(quarantine_row(o.rule, url, o.reason or o.rule, o.final_url or url, o.attempts))
            continue
        if o.status == 304 or o.content is None:
            counts["documents_not_modified"] += 1
            continue
        base = o.final_url or url
        if source.kind == "urls":
            parsed = feeds.parse_url_list(o.content.decode("utf-8", "replace"), base)
        elif source.kind == "sitemap" or (source.kind == "feed" and feeds.sniff(o.content) == "sitemap"):
            parsed = feeds.parse_sitemap(o.content, s.max_bytes)
        else:
            parsed = feeds.parse_feed(o.content, base, o.content_type)
        if parsed.error:
            q_rows.append(quarantine_row("malformed_feed", url, parsed.error, base, o.attempts))
            continue
        pending.extend(u for u in parsed.sitemaps if u not in pending)
        entries.extend(parsed.entries)
    entries = feeds.newest(entries, source.max_items)
    new_state = merge_state(state, pl.concat(st_updates) if st_updates else empty(STATE))
    return _articles(entries, source, s, new_state, fetcher, q_rows, counts)


def _articles(entries: list[feeds.Entry], source: Source, s: FetchSettings, state: pl.DataFrame,
              fetcher: Fetcher, q_rows: list[dict], counts: dict) -> FetchResult:
    items = [Item(e.url, e.title, e.published) for e in entries]
    res = fetch_items(items, settings=s, state=state, source=source.name, lang_hint=source.language,
                      fetcher=fetcher)
    quarantine = pl.concat([_frame(q_rows, QUARANTINE), res.quarantine]) if q_rows else res.quarantine
    counts = {**res.counts, **counts}
    counts["failed"] = counts.get("failed", 0) + len(q_rows)
    return FetchResult(raw=res.raw, quarantine=conform(quarantine, QUARANTINE), state=res.state, counts=counts)


def _local(source: Source, settings, state: pl.DataFrame) -> FetchResult:
    """Directories and JSONL dumps are read by the lead's ``tasks.fetch.local.iter_local``.

    It needs the ``input`` settings (size cap, extensions); a caller that passed only fetch
    settings gets those of liqa/settings.yaml.
    """

    from tasks.fetch.http import SETTINGS_FILE
    from tasks.fetch.local import iter_local

    full = settings if isinstance(settings, dict) and "input" in settings else \
        (load_yaml(SETTINGS_FILE.read_text(encoding="utf-8")) or {})
    raws, qs = [empty(RAW)], [empty(QUARANTINE)]
    for batch in iter_local([source.location], full, int(full.get("pipeline", {}).get("batch_size", 5000))):
        raw, q = batch.frames()
        raws.append(raw)
        qs.append(q)
    raw = pl.concat(raws).with_columns(pl.lit(source.name).alias("source"))
    if source.language is not None:
        raw = raw.with_columns(pl.col("lang_hint").fill_null(source.language))
    quarantine = pl.concat(qs)
    return FetchResult(raw=conform(raw, RAW), quarantine=conform(quarantine, QUARANTINE), state=state,
                       counts={"new": len(raw), "failed": len(quarantine)})


def _sha(content: bytes | None) -> str | None:
    import hashlib

    return hashlib.sha256(content).hexdigest() if content is not None else None
