"""Column contracts of every table that passes between stages (one source of truth).

Each stage is a pure function from one of these tables to the next; the lake stores them as
Parquet and the warehouse loads them unchanged into ``raw_*`` tables. Changing a column here is
a schema change of the lake: keep it additive.
"""
from __future__ import annotations

import polars as pl

UTC_TS = pl.Datetime("us", "UTC")

# fetch → lake/raw. One row per distinct content (raw_id = sha256 of the bytes).
RAW = {
    "raw_id": pl.String,          # sha256 hex of content
    "doc_id": pl.String,          # file stem, record id, or URL slug: the exchange format's doc_id
    "source": pl.String,          # the input that produced it (directory, file, feed URL, source name)
    "uri": pl.String,             # file path, "file.jsonl#id", or fetched URL
    "url": pl.String,             # canonical article URL when known (jsonl field or fetched URL)
    "fetched_at": UTC_TS,
    "content": pl.Binary,         # bytes as read / downloaded (jsonl records: UTF-8 text)
    "content_type": pl.String,    # text/plain, text/html, application/x-liqa-record
    "size": pl.Int64,
    "title_hint": pl.String,      # title given by a structured input (jsonl, feed), else null
    "published_hint": pl.String,  # date string given by a structured input, else null
    "lang_hint": pl.String,       # language hint from a source definition, else null
    "http_status": pl.Int32,
    "etag": pl.String,
    "last_modified": pl.String,
    "month": pl.String,           # partition: YYYY-MM of fetched_at
}

# clean → lake/clean. One row per article.
CLEAN = {
    "article_id": pl.String,      # sha256(normalised URL) when there is a URL, else sha256(text)
    "raw_id": pl.String,
    "doc_id": pl.String,
    "source": pl.String,
    "uri": pl.String,
    "url": pl.String,
    "fetched_at": UTC_TS,
    "language": pl.String,        # ar | fa | en
    "title": pl.String,
    "text": pl.String,            # cleaned text; every evidence offset points into this string
    "published": pl.Date,
    "published_precision": pl.String,  # day | month | year | unknown
    "published_start": pl.Int32,  # evidence span of the publication date in text
    "published_end": pl.Int32,
    "chars": pl.Int32,
    "month": pl.String,           # partition: YYYY-MM of published (or of fetched_at)
}

# extract → lake/reports. One row per meeting per article.
REPORTS = {
    "report_id": pl.String,       # article_id + ":" + position
    "article_id": pl.String,
    "doc_id": pl.String,
    "position": pl.Int32,
    "language": pl.String,
    "published": pl.Date,
    "date": pl.Date,
    "date_precision": pl.String,  # day | month | year | unknown
    "city": pl.String,            # English exonym
    "country": pl.String,         # ISO 3166-1 alpha-2
    "mode": pl.String,            # visit | third_party | unspecified
    "topics": pl.List(pl.String),
    "confidence": pl.Float64,
    "evidence": pl.String,        # JSON list of {"field", "start", "end", "text"} into clean.text
    "month": pl.String,
}

# one row per side of a reported meeting
REPORT_SIDES = {
    "report_id": pl.String,
    "side_index": pl.Int32,
    "organization": pl.String,
    "org_id": pl.String,
    "country": pl.String,
    "start": pl.Int32,
    "end": pl.Int32,
}

# one row per named person on a side
REPORT_PARTICIPANTS = {
    "report_id": pl.String,
    "side_index": pl.Int32,
    "person_index": pl.Int32,
    "actor_id": pl.String,        # gazetteer id, or "x:" + stable hash of the name key
    "name": pl.String,            # usual English spelling when known, else the native spelling
    "name_native": pl.String,     # spelling in the article
    "role": pl.String,            # stated role, English lower case
    "leader": pl.Boolean,
    "start": pl.Int32,            # span of the name in clean.text
    "end": pl.Int32,
    "role_start": pl.Int32,
    "role_end": pl.Int32,
}

QUARANTINE = {
    "run_id": pl.String,
    "stage": pl.String,           # fetch | clean | extract | load
    "rule": pl.String,            # short machine name: empty_input, binary_content, gx:<expectation>…
    "record_id": pl.String,       # raw_id / article_id / report_id, or the input path / URL
    "reason": pl.String,          # one human sentence
    "payload": pl.String,         # pointer: path, URL, or lake location of the record
    "attempts": pl.Int32,
    "created_at": UTC_TS,
}


def empty(schema: dict) -> pl.DataFrame:
    """An empty frame with the given contract."""
    return pl.DataFrame(schema=schema)


def conform(df: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Select and cast ``df`` to ``schema`` (missing columns become nulls), in contract order."""
    cols = []
    for name, dtype in schema.items():
        if name in df.columns:
            cols.append(pl.col(name).cast(dtype))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    return df.select(cols) if len(df) else pl.DataFrame(schema=schema)
