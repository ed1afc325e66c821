"""The load stage: one transaction per batch, idempotent, marts with the fixed columns, ids that
survive later sources, arrival order and reprocessing."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from liqa.home import Home
from liqa.schemas import CLEAN
from tasks.lake import pending_raw, scan_table, write_table
from tasks.load import load_batch, record_run, reset_derived
from test_dedup import EVAL, gold_to_reports

MARTS = {
    "articles": "article_id doc_id source url language title published published_precision fetched_at chars",
    "meeting_reports": "report_id article_id meeting_id position date date_precision city country mode topics confidence evidence",
    "meetings": "meeting_id date date_precision city country mode topics n_reports n_sources first_published last_published title date_conflict city_conflict",
    "meeting_participants": "meeting_id actor_id side_index name name_native role organization country leader n_reports",
    "meeting_sides": "meeting_id side_index organization country",
    "meeting_sources": "meeting_id report_id article_id doc_id url source published language",
    "actors": "actor_id name name_ar name_fa name_en kind country roles",
    "dyads": "month side_a side_b n_meetings",
    "meeting_merges": "meeting_id merged_meeting_id reason run_id at",
}


def clean_rows(gold: Path, texts: Path | None) -> pl.DataFrame:
    """Clean-stage rows for the gold's articles (article_id = doc_id, as in gold_to_reports)."""
    rows = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        path = texts / f"{doc['doc_id']}.txt" if texts else None
        text = path.read_text(encoding="utf-8") if path and path.exists() else doc["doc_id"]
        pub = dt.date.fromisoformat(doc["published"]) if doc["published"] else None
        rows.append({"article_id": doc["doc_id"], "raw_id": hashlib.sha256(text.encode()).hexdigest(),
                     "doc_id": doc["doc_id"], "source": "dev", "uri": str(path), "url": None,
                     "fetched_at": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                     "language": doc["language"], "title": text.splitlines()[0], "text": text,
                     "published": pub, "published_precision": "day" if pub else "unknown",
                     "chars": len(text), "month": pub.strftime("%Y-%m") if pub else None})
    return pl.DataFrame(rows, schema=CLEAN)


def dev_batch():
    gold = EVAL / "dev" / "gold.jsonl"
    reports, sides, people, truth = gold_to_reports(gold)
    reports = reports.with_columns(month=pl.col("published").dt.strftime("%Y-%m"))
    return clean_rows(gold, EVAL / "dev" / "texts"), reports.drop("published"), sides, people, truth


def subset(batch, doc_ids):
    clean, reports, sides, people, truth = batch
    keep = pl.col("report_id").str.split(":").list.first().is_in(list(doc_ids))
    return dict(clean=clean.filter(pl.col("doc_id").is_in(list(doc_ids))), reports=reports.filter(keep),
                sides=sides.filter(keep), participants=people.filter(keep))


def table(home: Home, name: str) -> pl.DataFrame:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        return con.execute(f"select * from {name}").pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch():
    return dev_batch()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, batch):
    home = Home(tmp_path_factory.mktemp("wh"))
    docs = batch[0]["doc_id"].to_list()
    summary = load_batch(home, "r1", **subset(batch, docs))
    return home, summary


def test_marts_have_the_contract_columns(loaded):
    home, _ = loaded
    for name, cols in MARTS.items():
        assert table(home, name).columns == cols.split(), name
    assert len(table(home, "v_meetings")) == len(table(home, "meetings"))


def test_load_counts_and_dedup(loaded, batch):
    home, s = loaded
    truth = batch[4]
    assert s.articles_new == 50 and s.reports_new == len(truth)
    assert s.meetings_new == len(set(truth.values())) == s.meetings_found
    meetings = table(home, "meetings")
    assert len(meetings) == 47
    assert meetings["meeting_id"].is_unique().all()
    mr = table(home, "meeting_reports")
    rome = mr.filter(pl.col("report_id").is_in(["d008_e2acb3d07b04b1cd:0"]) |
                     pl.col("article_id").str.starts_with("d019"))
    assert rome["meeting_id"].n_unique() == 1
    mp = table(home, "meeting_participants")
    assert mp.select("meeting_id", "actor_id").is_duplicated().sum() == 0
    # d020 and d025 both list 8 people: one merged meeting keeps 8, not 16
    mid = mr.filter(pl.col("article_id").str.starts_with("d025"))["meeting_id"][0]
    assert mp.filter(pl.col("meeting_id") == mid).height == 8
    assert meetings.filter(pl.col("meeting_id") == mid)["n_sources"][0] == 3


def test_same_batch_again_changes_nothing(loaded, batch):
    home, _ = loaded
    before = {n: table(home, n).sort(table(home, n).columns[0]) for n in MARTS}
    files = sorted(p.name for p in home.lake.rglob("*.parquet"))
    docs = batch[0]["doc_id"].to_list()
    again = load_batch(home, "r2", **subset(batch, docs))
    assert again.articles_new == again.reports_new == again.meetings_new == 0
    for n, df in before.items():
        assert table(home, n).sort(df.columns[0]).equals(df), n
    assert sorted(p.name for p in home.lake.rglob("*.parquet")) == files


def test_late_source_joins_existing_meeting_and_order_does_not_matter(tmp_path, batch):
    docs = sorted(batch[0]["doc_id"].to_list())
    late = [d for d in docs if d.startswith(("d008", "d020", "d002"))]
    home = Home(tmp_path / "a")
    load_batch(home, "r1", **subset(batch, [d for d in docs if d not in late]))
    ids_before = dict(table(home, "meeting_registry").select("report_id", "meeting_id").iter_rows())
    s = load_batch(home, "r2", **subset(batch, late))
    assert s.meetings_merged >= 3  # d008→Rome, d020→Jeddah, d002→two Doha meetings
    ids_after = dict(table(home, "meeting_registry").select("report_id", "meeting_id").iter_rows())
    assert all(ids_after[r] == m for r, m in ids_before.items())
    other = Home(tmp_path / "b")
    load_batch(other, "r1", **subset(batch, docs))
    groups = lambda h: sorted(tuple(sorted(g)) for g in table(h, "meeting_reports")
                              .group_by("meeting_id").agg("report_id")["report_id"].to_list())
    assert groups(home) == groups(other)


def test_reprocess_keeps_meeting_ids(tmp_path, batch):
    home = Home(tmp_path)
    docs = batch[0]["doc_id"].to_list()
    raw = batch[0].select("raw_id", "doc_id", "month").with_columns(
        content=pl.col("raw_id").cast(pl.Binary))
    write_table(home, "raw", raw, "r1")
    load_batch(home, "r1", **subset(batch, docs))
    assert pending_raw(home).height == 0
    before = table(home, "meeting_reports").select("report_id", "meeting_id").sort("report_id")
    reset_derived(home)
    assert table(home, "meetings").height == 0
    assert scan_table(home, "reports").collect().height == 0
    assert pending_raw(home).height == 50
    load_batch(home, "r2", **subset(batch, list(reversed(docs))))
    after = table(home, "meeting_reports").select("report_id", "meeting_id").sort("report_id")
    assert after.equals(before)
    record_run(home, "r2", {"ok": True})
    assert table(home, "runs")["run_id"].to_list() == ["r2"]
