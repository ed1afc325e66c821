"""Exports: the JSONL is the exchange format the scorer reads; CSV/Parquet marts; atomic writes;
read-only SQL with one-line errors."""
from __future__ import annotations

import json
import sys

import polars as pl
import pytest

from liqa.export import export
from liqa.home import Home
from liqa.query import QueryError, run_sql
from tasks.load import load_batch
from test_dedup import EVAL
from test_warehouse import dev_batch, subset

sys.path.insert(0, str(EVAL))
import score as scorer  # noqa: E402  (the shared scorer, read-only)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    batch = dev_batch()
    h = Home(tmp_path_factory.mktemp("exp"))
    load_batch(h, "r1", **subset(batch, batch[0]["doc_id"].to_list()))
    return h


def test_jsonl_round_trips_through_the_scorer(home, tmp_path):
    out = export(home, "jsonl", tmp_path / "pred.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50
    recs = [json.loads(x) for x in lines]
    assert set(recs[0]) == {"doc_id", "language", "published", "meetings"}
    assert sum(1 for r in recs if r["meetings"] == []) == 8  # the negatives are kept
    m = next(r for r in recs if r["meetings"])["meetings"][0]
    assert set(m) == {"meeting_id", "date", "date_precision", "city", "country", "mode", "parties", "topics"}
    assert set(m["parties"][0]["members"][0]) == {"name", "name_native", "role", "leader"}
    metrics, details = scorer.score(scorer.load(str(EVAL / "dev" / "gold.jsonl")), scorer.load(str(out)))
    assert metrics["meeting_f1"] == 1.0 and metrics["person_f1"] == 1.0, details
    assert metrics["date_accuracy"] == 1.0 and metrics["city_accuracy"] == 1.0
    assert metrics["dedup_pair_precision"] >= 0.95 and metrics["dedup_pair_recall"] >= 0.95


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("what,rows", [("meetings", 47), ("participants", None), ("articles", 50)])
def test_tables_export(home, tmp_path, fmt, what, rows):
    out = export(home, fmt, tmp_path / f"x.{fmt}", what)
    df = pl.read_csv(out) if fmt == "csv" else pl.read_parquet(out)
    if rows:
        assert df.height == rows
    assert df.height > 0
    assert not list(tmp_path.glob(".*.tmp"))


def test_default_path_and_bad_format(home):
    assert export(home, "csv", None, "meetings") == home.root / "exports" / "meetings.csv"
    with pytest.raises(QueryError):
        export(home, "xml", None)


def test_run_sql_formats_and_errors(home, tmp_path):
    sql = "select meeting_id, n_sources, topics from meetings where n_sources > 1 order by meeting_id"
    table = run_sql(home, sql)
    assert table.splitlines()[0].split() == ["meeting_id", "n_sources", "topics"]
    assert table.endswith("(9 rows)")
    assert len(json.loads(run_sql(home, sql, "json"))) == 9
    assert run_sql(home, sql, "csv").splitlines()[0] == "meeting_id,n_sources,topics"
    with pytest.raises(QueryError) as err:
        run_sql(home, "select * from no_such_table")
    assert "\n" not in str(err.value)
    with pytest.raises(QueryError):  # read-only: writes are refused
        run_sql(home, "delete from meetings")
    with pytest.raises(QueryError, match="no warehouse"):
        run_sql(Home(tmp_path / "empty"), "select 1")
