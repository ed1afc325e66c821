"""Read-only SQL over the warehouse for ``liqa sql``: results as a text table, CSV or JSON.

Why read-only: an analyst's query must never change the data, and a read-only connection
cannot; DuckDB errors are turned into one line (``QueryError``) so the CLI can print them
without a traceback.
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import polars as pl

from liqa.home import Home

FORMATS = ("table", "csv", "json")


class QueryError(RuntimeError):
    """A query that could not run, with a one-line reason."""


def _one_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(_cell(x) for x in v)
    return str(v)


def _table(df: pl.DataFrame) -> str:
    rows = [[_cell(v) for v in r] for r in df.iter_rows()]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(df.columns)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(df.columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _json_default(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    return str(v)


def connect_readonly(home: Home) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or a QueryError saying why there is none."""
    if not home.warehouse.exists():
        raise QueryError(f"no warehouse at {home.warehouse}; run `liqa run` first")
    try:
        return duckdb.connect(str(home.warehouse), read_only=True)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise QueryError("the warehouse is being written by a run; try again when it ends") from None
        raise QueryError(_one_line(err)) from None


def run_sql(home: Home, sql: str, fmt: str = "table") -> str:
    """Run one read-only query; the result rendered as ``table``, ``csv`` or ``json``."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    con = connect_readonly(home)
    try:
        rel = con.sql(sql)
        if rel is None:
            return ""
        df = rel.pl()
    except duckdb.Error as err:
        raise QueryError(_one_line(err)) from None
    finally:
        con.close()
    if fmt == "csv":
        flat = df.with_columns([pl.col(c).map_elements(_cell, return_dtype=pl.String)
                                for c, t in df.schema.items() if isinstance(t, (pl.List, pl.Struct))])
        return flat.write_csv()
    if fmt == "json":
        return json.dumps(df.to_dicts(), ensure_ascii=False, default=_json_default)
    return _table(df)
