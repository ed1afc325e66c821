"""validate_warehouse on a DuckDB file with the mart columns: consistent marts pass, each broken
reference or count is reported under its rule (the marts are built here; another module owns the
real warehouse SQL)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from liqa.home import Home
from tasks.validate import forget_warehouse_validation, validate_warehouse

DDL = """
create table articles(article_id varchar, doc_id varchar, source varchar, url varchar, language varchar, title varchar,
  published date, published_precision varchar, fetched_at timestamptz, chars integer);
create table meeting_reports(report_id varchar, article_id varchar, meeting_id varchar, position integer, date date,
  date_precision varchar, city varchar, country varchar, mode varchar, topics varchar[], confidence double, evidence varchar);
create table meetings(meeting_id varchar, date date, date_precision varchar, city varchar, country varchar, mode varchar,
  topics varchar[], n_reports integer, n_sources integer, first_published date, last_published date, title varchar,
  date_conflict boolean, city_conflict boolean);
create table meeting_participants(meeting_id varchar, actor_id varchar, side_index integer, name varchar, name_native varchar,
  role varchar, organization varchar, country varchar, leader boolean, n_reports integer);
create table meeting_sources(meeting_id varchar, report_id varchar, article_id varchar, doc_id varchar, url varchar,
  source varchar, published date, language varchar);
create table meeting_sides(meeting_id varchar, side_index integer, organization varchar, country varchar);
"""
A1, A2 = "a" * 32, "b" * 32
D = dt.date(2023, 8, 18)


def make_warehouse(path: Path, extra_sql: str = "") -> None:
    """Two articles (Arabic, English) reporting one meeting in Jeddah, consistent across marts."""
    con = duckdb.connect(str(path))
    con.execute(DDL)
    for aid, lang, pub in ((A1, "ar", D), (A2, "en", D + dt.timedelta(days=1))):
        con.execute("insert into articles values (?, ?, 'spa', ?, ?, 'title', ?, 'day', ?, 900)",
                    [aid, "doc-" + lang, "https://x/" + lang, lang, pub, dt.datetime(2023, 8, 20, tzinfo=dt.timezone.utc)])
        con.execute("insert into meeting_reports values (?, ?, 'm1', 0, ?, 'day', 'Jeddah', 'SA', 'visit', ['bilateral_relations'], 0.9, '[]')",
                    [aid + ":0", aid, D])
        con.execute("insert into meeting_sources values ('m1', ?, ?, ?, ?, 'spa', ?, ?)",
                    [aid + ":0", aid, "doc-" + lang, "https://x/" + lang, pub, lang])
    con.execute("insert into meetings values ('m1', ?, 'day', 'Jeddah', 'SA', 'visit', ['bilateral_relations'], 2, 2, ?, ?, 't', false, false)",
                [D, D, D + dt.timedelta(days=1)])
    con.execute("""insert into meeting_participants values
        ('m1', 'mohammed-bin-salman', 0, 'Mohammed bin Salman', 'محمد بن سلمان', 'crown prince', 'Government of Saudi Arabia', 'SA', true, 2),
        ('m1', 'hossein-amir-abdollahian', 1, 'Hossein Amir-Abdollahian', 'حسين أمير عبداللهيان', 'foreign minister', 'Government of Iran', 'IR', true, 2)""")
    con.execute("""insert into meeting_sides values ('m1', 0, 'Government of Saudi Arabia', 'SA'),
        ('m1', 1, 'Government of Iran', 'IR')""")
    if extra_sql:
        con.execute(extra_sql)
    con.close()


def failing(summaries: list[dict]) -> dict[str, int]:
    return {r["rule"]: r["unexpected_count"] for s in summaries for r in s["results"] if not r["success"]}


def test_consistent_marts_pass(tmp_path):
    home = Home(tmp_path)
    make_warehouse(home.warehouse)
    summaries = validate_warehouse(home, "r1")
    assert [s["suite"] for s in summaries] == ["articles", "meetings", "meeting_participants", "meeting_sources", "meeting_reports"]
    assert failing(summaries) == {}
    assert all(s["stage"] == "warehouse" and s["failed_critical"] == 0 and s["rows"] > 0 for s in summaries)
    reports = next(s for s in summaries if s["suite"] == "meeting_reports")
    assert not any(r["skipped"] for r in reports["results"] if r["column"] in ("meeting_id", "meeting_unknown", "article_unknown", "date_after_published"))


@pytest.mark.parametrize("sql,rule,count", [
    (f"insert into articles select * from articles where article_id = '{A1}'",
     "gx:articles:expect_column_values_to_be_unique:article_id", 2),
    ("insert into meetings values ('m2', null, 'unknown', null, null, 'unspecified', [], 0, 0, null, null, 't', false, false)",
     "gx:meetings:expect_column_values_to_be_null:sources_missing", 1),
    ("update meetings set n_reports = 3", "gx:meetings:expect_column_values_to_be_null:n_reports_mismatch", 1),
    ("update meetings set n_sources = 5", "gx:meetings:expect_column_values_to_be_null:n_sources_mismatch", 1),
    ("delete from meeting_participants where side_index = 1; delete from meeting_sides where side_index = 1",
     "gx:meetings:expect_column_values_to_be_null:sides_too_few", 1),
    ("delete from meeting_participants where side_index = 1; update meeting_sides set organization = null",
     "gx:meetings:expect_column_values_to_be_null:sides_too_few", 1),
    ("update meeting_participants set n_reports = 4 where side_index = 0",
     "gx:meeting_participants:expect_column_values_to_be_null:n_reports_exceeds", 1),
    ("insert into meeting_participants select * from meeting_participants where side_index = 0",
     "gx:meeting_participants:expect_compound_columns_to_be_unique:meeting_id+actor_id", 2),
    (f"delete from articles where article_id = '{A2}'", "gx:meeting_sources:expect_column_values_to_be_null:article_unknown", 1),
    (f"update meeting_sources set meeting_id = 'm9' where article_id = '{A2}'",
     "gx:meeting_sources:expect_column_values_to_be_null:meeting_unknown", 1),
    (f"update meeting_reports set meeting_id = 'm9' where article_id = '{A2}'",
     "gx:meeting_reports:expect_column_values_to_be_null:meeting_unknown", 1),
    ("update meeting_reports set date = date '2023-09-30' where position = 0 and article_id like 'a%'",
     "gx:meeting_reports:expect_column_values_to_be_null:date_after_published", 1),
    ("update meeting_reports set topics = ['weather']", "gx:meeting_reports:expect_column_values_to_be_null:topic_unknown", 2),
])
def test_broken_marts_are_reported(tmp_path, sql, rule, count):
    home = Home(tmp_path)
    make_warehouse(home.warehouse, sql)
    found = failing(validate_warehouse(home, "r1"))
    assert found.get(rule) == count, found


def test_missing_warehouse_gives_no_summaries(tmp_path):
    assert validate_warehouse(Home(tmp_path), "r1") == []


def test_warehouse_is_opened_read_only(tmp_path):
    home = Home(tmp_path)
    make_warehouse(home.warehouse)
    reader = duckdb.connect(str(home.warehouse), read_only=True)  # a concurrent analyst
    try:
        assert failing(validate_warehouse(home, "r1")) == {}
    finally:
        reader.close()


def test_unchanged_marts_reuse_the_last_verdict_until_a_writer_forgets_it(tmp_path):
    home = Home(tmp_path).ensure()
    make_warehouse(home.warehouse)
    first = validate_warehouse(home, "r1")
    assert first and all("reused_from" not in s for s in first)
    again = validate_warehouse(home, "r2")  # nothing wrote in between: the stored verdict holds
    assert [s["suite"] for s in again] == [s["suite"] for s in first]
    assert all(s["reused_from"] == "r1" and s["run_id"] == "r2" for s in again)
    assert failing(again) == {}
    con = duckdb.connect(str(home.warehouse))  # a writer breaks a count, and says so first
    forget_warehouse_validation(home)
    con.execute("update meetings set n_reports = 5")
    con.close()
    third = validate_warehouse(home, "r3")
    assert all("reused_from" not in s for s in third)
    assert failing(third).get("gx:meetings:expect_column_values_to_be_null:n_reports_mismatch") == 1, failing(third)
