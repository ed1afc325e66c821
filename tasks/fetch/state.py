"""The fetch state: what each URL returned last time, so the next run asks only for news.

One row per requested URL (feeds, sitemaps and articles alike). The validators (``etag``,
``last_modified``) make the next request conditional, so an unchanged page costs a 304 and no
body; ``raw_id`` (sha256 of the last content) lets a server without validators still be
recognised as unchanged; ``status``/``attempts`` record the last outcome so an operator can see
URLs that keep failing. Stored as ``home/state/fetch_state.parquet`` and replaced atomically
(temp file + ``os.replace``) so a crash mid-write leaves the previous state intact.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl

from liqa.home import Home
from liqa.schemas import UTC_TS, conform, empty

STATE = {
    "url": pl.String,            # the URL as requested (before redirects)
    "etag": pl.String,           # last validator seen on a successful answer
    "last_modified": pl.String,
    "raw_id": pl.String,         # sha256 of the last content received (kept across failures)
    "status": pl.Int32,          # last HTTP status; null when the last try never got an answer
    "fetched_at": UTC_TS,        # when the URL was last requested
    "attempts": pl.Int32,        # requests made on the last try (1 = no retry)
}

FILE_NAME = "fetch_state.parquet"


def _path(home: str | os.PathLike) -> Path:
    root = home.root if isinstance(home, Home) else Path(home)  # (a Path has .root too: "/")
    return root / "state" / FILE_NAME


def load_state(home: str | os.PathLike) -> pl.DataFrame:
    """The stored state of ``home`` (a path or a :class:`liqa.home.Home`); empty when none yet."""
    path = _path(home)
    if not path.exists():
        return empty(STATE)
    return conform(pl.read_parquet(path), STATE)


def save_state(home: str | os.PathLike, df: pl.DataFrame) -> Path:
    """Write ``df`` as the state of ``home`` atomically; returns the file written."""
    path = _path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    df = conform(df, STATE).unique(subset="url", keep="last", maintain_order=True)
    fd, tmp = tempfile.mkstemp(prefix=".fetch_state.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        df.write_parquet(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the state is not secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def merge_state(old: pl.DataFrame, updates: pl.DataFrame) -> pl.DataFrame:
    """``old`` with the rows of ``updates`` replacing those of the same URL.

    A failed try has no validators or content; the previous ``etag``/``last_modified``/``raw_id``
    are kept for it so one outage does not make the next run download everything again.
    """
    old = conform(old, STATE)
    updates = conform(updates, STATE).unique(subset="url", keep="last", maintain_order=True)
    if updates.is_empty():
        return old
    prev = old.select("url", pl.col("etag").alias("_etag"), pl.col("last_modified").alias("_lm"),
                      pl.col("raw_id").alias("_raw"))
    # a 200 replaces everything; a 304 or a failure keeps what it did not say anew
    fresh = (pl.col("status") == 200).fill_null(False)
    joined = updates.join(prev, on="url", how="left").with_columns(
        pl.when(fresh).then(pl.col("etag")).otherwise(pl.coalesce("etag", "_etag")).alias("etag"),
        pl.when(fresh).then(pl.col("last_modified")).otherwise(pl.coalesce("last_modified", "_lm")).alias("last_modified"),
        pl.when(fresh).then(pl.col("raw_id")).otherwise(pl.coalesce("raw_id", "_raw")).alias("raw_id"),
    )
    kept = old.join(updates.select("url"), on="url", how="anti")
    return pl.concat([kept, conform(joined, STATE)], how="vertical")


def lookup(state: pl.DataFrame) -> dict[str, dict]:
    """The state as ``{url: row}`` for quick per-URL checks while fetching."""
    if state is None or state.is_empty():
        return {}
    return {row["url"]: row for row in conform(state, STATE).iter_rows(named=True)}
