"""The run report: summary.json/summary.md/Data Docs written by write_run_report and the Markdown
of ``render_report`` for a run with failures; the share-of-articles band learned from history."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import polars as pl
import pytest

from liqa.home import Home
from liqa.report import NoValidationRun, render_report
from liqa.schemas import CLEAN, REPORTS, conform
from tasks.validate import validate, write_run_report

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "en_jeddah_2023.txt"
FETCHED = dt.datetime(2023, 8, 20, 6, tzinfo=dt.timezone.utc)


def clean_rows(n: int, source: str = "spa", day: dt.date = dt.date(2023, 8, 19)) -> pl.DataFrame:
    """``n`` copies of the real sample article as distinct clean rows of one source and day."""
    text = SAMPLE.read_text(encoding="utf-8")
    rows = [{"article_id": hashlib.sha256(f"{source}{day}{i}".encode()).hexdigest()[:32], "raw_id": "0" * 64,
             "doc_id": f"jeddah-{i}", "source": source, "uri": str(SAMPLE), "fetched_at": FETCHED, "language": "en",
             "title": text.splitlines()[0], "text": text, "published": day, "published_precision": "day",
             "chars": len(text), "month": "2023-08"} for i in range(n)]
    return conform(pl.DataFrame(rows), CLEAN)


def report_rows(clean: pl.DataFrame, k: int) -> pl.DataFrame:
    """One valid meeting report for each of the first ``k`` articles, with a real evidence span."""
    text = clean["text"][0]
    s = text.index("Mohammed bin Salman")
    ev = json.dumps([{"field": "participant", "start": s, "end": s + 19, "text": "Mohammed bin Salman"}])
    rows = [{"report_id": f"{a}:0", "article_id": a, "doc_id": d, "position": 0, "language": "en",
             "published": p, "date": dt.date(2023, 8, 18), "date_precision": "day", "city": "Jeddah", "country": "SA",
             "mode": "visit", "topics": ["bilateral_relations"], "confidence": 0.9, "evidence": ev}
            for a, d, p in clean.head(k).select("article_id", "doc_id", "published").iter_rows()]
    return conform(pl.DataFrame(rows), REPORTS)


def test_render_report_for_a_run_with_failures(tmp_path):
    home = Home(tmp_path).ensure()
    clean = clean_rows(4)
    bad_clean = clean.with_columns(pl.when(pl.col("doc_id") == "jeddah-1").then(pl.lit("de")).otherwise(pl.col("language")).alias("language"))
    reports = report_rows(clean, 3).with_columns(
        pl.when(pl.col("doc_id") == "jeddah-2").then(pl.lit(["bilateral_relations", "football"])).otherwise(pl.col("topics")).alias("topics"))
    v1 = validate("clean_articles", bad_clean, run_id="run-7", home=home)
    v2 = validate("meeting_reports", reports, run_id="run-7", home=home, context={"clean": clean})
    q = pl.concat([v1.quarantine, v2.quarantine])
    counts = {st: dict(zip(g["rule"], g["len"])) for (st,), g in q.group_by("stage", "rule").len().group_by("stage")}
    out = write_run_report(home, "run-7", [v1.summary, v2.summary], counts)
    assert out == home.validation / "run-7"
    assert {p.name for p in out.iterdir()} >= {"summary.json", "summary.md", "index.html"}

    md = render_report(home)  # the latest run
    assert md == (out / "summary.md").read_text(encoding="utf-8") == render_report(home, "run-7")
    assert "run run-7" in md
    # the sample keeps its "Share this article" line (the clean stage drops it): a warning, rows kept
    assert "| clean | clean_articles | 4 | 3 | 1 | 3 |" in md
    assert "| extract | meeting_reports | 3 | 2 | 1 | 0 |" in md
    assert "| warning | `gx:clean_articles:expect_column_values_to_be_null:text_boilerplate` | 4 |" in md
    assert "`gx:clean_articles:expect_column_values_to_be_in_set:language`" in md
    assert "liqa only extracts Arabic, Persian and English" in md and "football" in md
    assert "| clean | `gx:clean_articles:expect_column_values_to_be_in_set:language` | 1 |" in md
    assert "| extract | `gx:meeting_reports:expect_column_values_to_be_null:topic_unknown` | 1 |" in md
    assert f"Data Docs: {out / 'index.html'}" in md

    page = (out / "index.html").read_text(encoding="utf-8")
    assert "football" in page and "gx:clean_articles" in page
    assert not re.search(r"(?i)(src|href)\s*=\s*['\"]?(https?:)?//|<script|<link|@import", page), "Data Docs must work offline"


def test_batches_of_one_suite_are_added_up(tmp_path):
    home = Home(tmp_path).ensure()
    a = validate("clean_articles", clean_rows(3, day=dt.date(2023, 8, 18)), run_id="r", home=home)
    b = validate("clean_articles", clean_rows(2).with_columns(pl.lit("xx").alias("language")), run_id="r", home=home)
    data = json.loads((write_run_report(home, "r", [a.summary, b.summary], {}) / "summary.json").read_text())
    (suite,) = [s for s in data["suites"] if s["suite"] == "clean_articles"]
    assert (suite["rows"], suite["passed"], suite["failed_critical"], suite["batches"]) == (5, 3, 2, 2)
    assert suite["top_failing"][0]["unexpected_count"] == 2


def test_no_run_yet(tmp_path):
    with pytest.raises(NoValidationRun):
        render_report(Home(tmp_path))


def _share_run(home: Home, run_id: str, day: dt.date, with_meetings: int, n: int = 20) -> dict:
    clean = clean_rows(n, day=day)
    v = validate("meeting_reports", report_rows(clean, with_meetings), run_id=run_id, home=home, context={"clean": clean})
    write_run_report(home, run_id, [v.summary], {})
    return v.summary["extra"][0]


def test_share_of_articles_with_meetings_is_checked_against_history(tmp_path):
    home = Home(tmp_path).ensure()
    history = [_share_run(home, f"day{i}", dt.date(2023, 8, 1 + i), k)  # 25–40 % of articles report meetings
               for i, k in enumerate([6, 7, 5, 6, 8, 6])]
    assert [bool(h["bands"]) for h in history] == [False] * 5 + [True]  # a band needs 5 earlier days
    assert all(h["failed_warning"] == 0 for h in history)
    normal = _share_run(home, "today-ok", dt.date(2023, 8, 19), 7)
    assert "spa" in normal["bands"] and normal["failed_warning"] == 0
    broken = _share_run(home, "today-broken", dt.date(2023, 8, 20), 0)  # an extractor that finds nothing
    assert broken["failed_warning"] == 1
    assert broken["top_failing"][0]["rule"] == "gx:article_meeting_share:expect_column_values_to_be_null:share_outside_band"
    assert "0 of 20 articles" in broken["top_failing"][0]["sample"][0]
    md = render_report(home, "today-broken")
    assert "share_outside_band" in md and "| extract | article_meeting_share | 1 | 0 | 0 | 1 |" in md


def test_quarantine_counts_come_from_summaries_and_caller_without_double_counting(tmp_path):
    home = Home(tmp_path).ensure()
    bad = clean_rows(3).with_columns(pl.lit("de").alias("language"))
    a = validate("clean_articles", bad.head(2), run_id="r", home=home)
    b = validate("clean_articles", bad.tail(1), run_id="r", home=home)
    rule = "gx:clean_articles:expect_column_values_to_be_in_set:language"
    given = {"clean": {"too_short": 4, rule: 3}}  # the flow's counts of its quarantine frames, GX rows included
    for counts, want in (({}, {rule: 3}), (given, {"too_short": 4, rule: 3})):
        data = json.loads((write_run_report(home, "r", [a.summary, b.summary], counts) / "summary.json").read_text())
        assert data["quarantine"] == {"clean": want}
