"""The fetch stage as one call: inputs (paths, dumps, URLs, sources.yaml) → raw layer.

Raw is the only layer that cannot be rebuilt, so it is validated and written before anything
else happens to it, and content already in the lake (same raw_id) is skipped: the same input
twice is one article, and a re-run fetches nothing new.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator

import polars as pl

from liqa.home import Home
from liqa.schemas import QUARANTINE, RAW
from tasks.fetch.local import FileLedger, iter_local

LEDGER = "local_inputs.json"  # under home/state: input files already read (tasks.fetch.local.FileLedger)


def load_ledger(home: Home) -> FileLedger:
    path = home.state / LEDGER
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    return FileLedger(known={k: tuple(v) for k, v in known.items()})


def save_ledger(home: Home, ledger: FileLedger) -> None:
    """Atomically record the files read by this run (after their rows are in the lake)."""
    known = {**ledger.known, **ledger.read}
    home.state.mkdir(parents=True, exist_ok=True)
    tmp = home.state / (LEDGER + ".tmp")
    tmp.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, home.state / LEDGER)


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def is_sources_file(item: str) -> bool:
    return item.lower().endswith((".yaml", ".yml"))


_FEED_HINTS = (".xml", ".rss", ".atom", "/feed", "/rss", "sitemap", "feed=", "format=rss")


def url_kind(url: str) -> str:
    """How a URL given on the command line is treated: a feed/sitemap to expand, or one page.

    Feeds and sitemaps are recognised by their address (``.xml``, ``/rss``, ``sitemap`` …); a
    sources.yaml entry says the kind explicitly when an address does not show it.
    """
    lower = url.lower().split("#", 1)[0]
    return "feed" if any(h in lower for h in _FEED_HINTS) else "page"


def _web_batches(urls: list[str], sources_files: list[str], home: Home, settings: dict) -> Iterator[
        tuple[pl.DataFrame, pl.DataFrame]]:
    """Raw and quarantine frames from URLs and sources files (polite HTTP, see tasks.fetch.http)."""
    from tasks.fetch import http, sources, state

    fetch_settings = http.FetchSettings.of(settings)
    st = state.load_state(home)
    todo = [sources.Source(name=u, kind=url_kind(u), location=u) for u in urls]
    for path in sources_files:
        todo += sources.load_sources(path)  # disabled entries are already left out
    for src in todo:
        result = http.fetch_source(src, settings=fetch_settings, state=st)
        st = result.state
        state.save_state(home, st)
        yield result.raw, result.quarantine


# Local records are parsed this many at a time into frames, then validated and written per batch.
# Why: a parsed record is a dict of Python strings and bytes, ~1.5x the size of its row in a frame;
# parsing a whole batch of 5,000 before converting held ~100 MB in the flow process, at the moment
# the first batches' results arrive from the workers (the run's peak).
PARSE_ROWS = 1000


def _regroup(parts: Iterator[tuple[pl.DataFrame, pl.DataFrame]], size: int) -> Iterator[
        tuple[pl.DataFrame, pl.DataFrame]]:
    """(raw, quarantine) frame pairs merged into pairs of at least ``size`` raw rows (the last may be smaller)."""
    raws: list[pl.DataFrame] = []
    qs: list[pl.DataFrame] = []
    have = 0
    for raw, q in parts:
        raws.append(raw)
        qs.append(q)
        have += len(raw)
        if have >= size:
            yield pl.concat(raws, how="vertical_relaxed"), pl.concat(qs, how="vertical_relaxed")
            raws, qs, have = [], [], 0
    if raws:
        yield pl.concat(raws, how="vertical_relaxed"), pl.concat(qs, how="vertical_relaxed")


def fetch_into_lake(inputs: list[str], home: Home, run_id: str, settings: dict) -> dict:
    """Read every input, validate raw rows, append the new ones to the lake; return counts."""
    from tasks.lake import known_quarantine, known_raw_ids, write_table
    from tasks.validate import validate

    batch_size = int(settings["pipeline"]["batch_size"])
    local = [i for i in inputs if not is_url(i) and not is_sources_file(i)]
    urls = [i for i in inputs if is_url(i)]
    sources_files = [i for i in inputs if is_sources_file(i)]
    known = known_raw_ids(home)
    # local inputs fail the same way every time (a missing file, a bad JSONL line): record once;
    # web failures (record_id is the URL) are recorded on every attempt
    seen_q = pl.DataFrame([k for k in known_quarantine(home, "fetch") if not is_url(k[1])],
                          schema={"rule": pl.String, "record_id": pl.String}, orient="row")
    counts: dict = {"read": 0, "new": 0, "duplicate": 0, "quarantined": 0, "summaries": []}
    quarantine: list[pl.DataFrame] = []

    ledger = load_ledger(home)

    def batches() -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        parse = min(PARSE_ROWS, batch_size)
        yield from _regroup((b.frames() for b in iter_local(local, settings, parse, ledger)), batch_size)
        if urls or sources_files:
            yield from _web_batches(urls, sources_files, home, settings)

    for raw, q in batches():
        counts["read"] += len(raw) + len(q)
        if len(q) and len(seen_q):
            q = q.join(seen_q, on=["rule", "record_id"], how="anti")
        if len(q):
            quarantine.append(q.with_columns(pl.lit(run_id).alias("run_id")))
        if not len(raw):
            continue
        fresh = raw.unique(subset="raw_id", keep="first", maintain_order=True)
        fresh = fresh.filter(~pl.col("raw_id").is_in(list(known))) if known else fresh
        counts["duplicate"] += len(raw) - len(fresh)
        if not len(fresh):
            continue
        checked = validate("raw_articles", fresh, run_id=run_id, home=home)
        counts["summaries"].append(checked.summary)
        if len(checked.quarantine):
            quarantine.append(checked.quarantine.with_columns(pl.lit(run_id).alias("run_id")))
        good = checked.good.select(list(RAW))
        write_table(home, "raw", good, run_id)
        known.update(good["raw_id"].to_list())
        counts["new"] += len(good)
    save_ledger(home, ledger)
    counts["read"] += ledger.skipped_rows  # unchanged files: read before, every row already here
    counts["duplicate"] += ledger.skipped_rows
    q_all = pl.concat(quarantine, how="vertical_relaxed") if quarantine else pl.DataFrame(schema=QUARANTINE)
    counts["quarantined"] = len(q_all)
    counts["quarantine"] = q_all
    return counts
