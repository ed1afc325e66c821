"""GX validation of the stage tables on real articles: valid batches pass, each critical rule bites.

The valid batch is built from the 50 annotated dev articles (shared/eval/dev): the clean rows
carry the real texts, the report/side/participant rows the annotators' meetings, with evidence
spans found in the real text. Each violation case changes one row the way a real bug would and
checks that exactly that record is quarantined with the rule, reason and offending value, that
the other rows stay good, and that the summary reports it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from liqa.home import Home
from liqa.schemas import CLEAN, QUARANTINE, RAW, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS, conform
from tasks.quality.gxrun import load_suite
from tasks.validate import validate

FETCHED = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc)


def _span(text: str, needle: str | None) -> tuple[int | None, int | None]:
    i = text.find(needle) if needle else -1
    return (i, i + len(needle)) if i >= 0 else (None, None)


def build_batch(eval_dir: Path) -> dict[str, pl.DataFrame]:
    """Stage tables for the dev articles, as the pipeline would produce them from the gold."""
    raw, clean, reports, sides, people = [], [], [], [], []
    for line in (eval_dir / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        body = (eval_dir / "dev" / "texts" / f"{gold['doc_id']}.txt").read_bytes()
        text = body.decode("utf-8")
        article_id = hashlib.sha256(gold["doc_id"].encode()).hexdigest()[:32]
        raw_id = hashlib.sha256(body).hexdigest()
        published = dt.date.fromisoformat(gold["published"]) if gold["published"] else None
        fetched = dt.datetime.combine(published, dt.time(12), dt.timezone.utc) if published else FETCHED
        raw.append({"raw_id": raw_id, "doc_id": gold["doc_id"], "source": "dev", "uri": f"dev/{gold['doc_id']}.txt",
                    "fetched_at": fetched, "content": body, "content_type": "text/plain", "size": len(body),
                    "http_status": None, "month": fetched.strftime("%Y-%m")})
        clean.append({"article_id": article_id, "raw_id": raw_id, "doc_id": gold["doc_id"], "source": "dev",
                      "uri": f"dev/{gold['doc_id']}.txt", "fetched_at": fetched, "language": gold["language"],
                      "title": text.splitlines()[0], "text": text, "published": published,
                      "published_precision": "day" if published else "unknown", "chars": len(text),
                      "month": fetched.strftime("%Y-%m")})
        for pos, m in enumerate(gold["meetings"]):
            report_id = f"{article_id}:{pos}"
            evidence = []
            for si, party in enumerate(m["parties"]):
                s, e = _span(text, party.get("organization"))
                sides.append({"report_id": report_id, "side_index": si, "organization": party.get("organization"),
                              "country": party.get("country"), "start": s, "end": e})
                for pi, person in enumerate(party["members"]):
                    s, e = _span(text, person["name_native"])
                    people.append({"report_id": report_id, "side_index": si, "person_index": pi,
                                   "actor_id": "x:" + hashlib.sha1(person["name"].encode()).hexdigest()[:12],
                                   "name": person["name"], "name_native": person["name_native"],
                                   "role": person.get("role"), "leader": person.get("leader", False),
                                   "start": s, "end": e})
                    if s is not None:
                        evidence.append({"field": "participant", "start": s, "end": e, "text": text[s:e]})
            reports.append({"report_id": report_id, "article_id": article_id, "doc_id": gold["doc_id"],
                            "position": pos, "language": gold["language"], "published": published,
                            "date": dt.date.fromisoformat(m["date"]) if m.get("date") else None,
                            "date_precision": m.get("date_precision") or "unknown", "city": m.get("city"),
                            "country": m.get("country"), "mode": m.get("mode") or "unspecified",
                            "topics": m.get("topics") or [], "confidence": 0.8,
                            "evidence": json.dumps(evidence, ensure_ascii=False)})
    return {"raw_articles": conform(pl.DataFrame(raw, infer_schema_length=None), RAW), "clean_articles": conform(pl.DataFrame(clean, infer_schema_length=None), CLEAN),
            "meeting_reports": conform(pl.DataFrame(reports, infer_schema_length=None), REPORTS),
            "report_sides": conform(pl.DataFrame(sides, infer_schema_length=None), REPORT_SIDES),
            "report_participants": conform(pl.DataFrame(people, infer_schema_length=None), REPORT_PARTICIPANTS)}


@pytest.fixture(scope="module")
def batch(shared: Path) -> dict[str, pl.DataFrame]:
    return build_batch(shared / "eval")


def context_for(stage: str, tables: dict[str, pl.DataFrame]) -> dict:
    ctx = {"clean": tables["clean_articles"], "reports": tables["meeting_reports"],
           "sides": tables["report_sides"], "participants": tables["report_participants"]}
    return {} if stage in ("raw_articles", "clean_articles") else ctx


def run(stage: str, tables: dict[str, pl.DataFrame], tmp_path: Path):
    return validate(stage, tables[stage], run_id="r1", home=Home(tmp_path), context=context_for(stage, tables))


@pytest.mark.parametrize("stage", ["raw_articles", "clean_articles", "meeting_reports", "report_sides", "report_participants"])
def test_real_dev_batch_passes_every_critical_expectation(batch, stage, tmp_path):
    v = run(stage, batch, tmp_path)
    assert v.quarantine.height == 0, v.quarantine["reason"].to_list()[:3]
    assert v.good.equals(batch[stage])
    s = v.summary
    assert (s["suite"], s["rows"], s["passed"], s["failed_critical"]) == (stage, batch[stage].height, batch[stage].height, 0)
    mart_only = ("meeting_id", "meeting_unknown", "article_unknown")
    assert [r["rule"] for r in s["results"] if r["skipped"] and not r["rule"].endswith(mart_only)] == []


def _set(column: str, value, row: int = 3) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def change(df: pl.DataFrame) -> pl.DataFrame:
        return df.with_columns(pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value, dtype=df.schema[column]))
                               .otherwise(pl.col(column)).alias(column))
    return change


def _copy_from_row0(column: str, row: int = 3):
    def change(df: pl.DataFrame) -> pl.DataFrame:
        return _set(column, df[column][0], row)(df)
    return change


def _text_edit(fn: Callable[[str], str], row: int = 3):
    def change(df: pl.DataFrame) -> pl.DataFrame:
        return _set("text", fn(df["text"][row]), row)(df)
    return change


def _evidence_shift(df: pl.DataFrame, row: int = 3) -> pl.DataFrame:
    items = json.loads(df["evidence"][row])
    items[0]["start"] += 1
    items[0]["end"] += 1
    return _set("evidence", json.dumps(items, ensure_ascii=False), row)(df)


def _repeat_person(df: pl.DataFrame) -> pl.DataFrame:
    """Give the second person of the first multi-person side the first one's index (a numbering bug)."""
    same_side = (pl.col("report_id") == pl.col("report_id").shift(1)) & (pl.col("side_index") == pl.col("side_index").shift(1))
    row = df.with_row_index().filter(same_side)["index"][0]
    return _set("person_index", df["person_index"][row - 1], row)(df)


# (stage, expectation type, column, how a real bug would change the batch, offending value in the reason)
CASES = [
    ("raw_articles", "expect_column_values_to_not_be_null", "raw_id", _set("raw_id", None), "null"),
    ("raw_articles", "expect_column_values_to_match_regex", "raw_id", _set("raw_id", "md5:0cc175b9c0f1b6a8"), "md5:0cc175b9c0f1b6a8"),
    ("raw_articles", "expect_column_values_to_be_null", "dup_raw_id", _copy_from_row0("raw_id"), "repeated in the batch"),
    ("raw_articles", "expect_column_values_to_not_be_null", "content_bytes", _set("content", None), "null"),
    ("raw_articles", "expect_column_values_to_be_between", "size", lambda d: _set("size", 0)(_set("content", b"")(d)), "0"),
    ("raw_articles", "expect_column_values_to_be_null", "size_mismatch", _set("size", 5), "size 5 but content has"),
    ("raw_articles", "expect_column_values_to_match_regex", "content_type", _set("content_type", "application/pdf"), "application/pdf"),
    ("raw_articles", "expect_column_values_to_not_be_null", "content_type", _set("content_type", None), "null"),
    ("raw_articles", "expect_column_values_to_not_be_null", "fetched_at", _set("fetched_at", None), "null"),
    ("clean_articles", "expect_column_values_to_not_be_null", "article_id", _set("article_id", None), "null"),
    ("clean_articles", "expect_column_values_to_match_regex", "article_id", _set("article_id", "https://example.com/a"), "https://example.com/a"),
    ("clean_articles", "expect_column_values_to_be_null", "dup_article_id", _copy_from_row0("article_id"), "repeated in the batch"),
    ("clean_articles", "expect_column_values_to_not_be_null", "language", _set("language", None), "null"),
    ("clean_articles", "expect_column_values_to_be_in_set", "language", _set("language", "ur"), "ur"),
    ("clean_articles", "expect_column_values_to_be_between", "text_chars", _text_edit(lambda t: t[:40]), "40"),
    ("clean_articles", "expect_column_values_to_not_be_null", "text_chars", _set("text", None), "null"),
    ("clean_articles", "expect_column_values_to_be_null", "published_after_fetched", _set("published", dt.date(2026, 4, 2)), "published 2026-04-02 is after fetched_at"),
    ("clean_articles", "expect_column_values_to_be_null", "published_too_old", _set("published", dt.date(1436, 10, 25)), "published 1436-10-25 is before 1990"),
    ("clean_articles", "expect_column_values_to_be_null", "text_html", _text_edit(lambda t: t.replace("\n\n", "\n<div class=\"share\">\n", 1)), "<div class=\"share\">"),
    ("clean_articles", "expect_column_values_to_be_null", "text_html", _text_edit(lambda t: t + "\nAl&nbsp;Riyadh"), "&nbsp;"),
    ("clean_articles", "expect_column_values_to_be_null", "text_mojibake", _text_edit(lambda t: t + "\n" + "الدوحة".encode().decode("latin-1")), "Ø§"),
    ("clean_articles", "expect_column_values_to_be_null", "text_mojibake", _text_edit(lambda t: t + "\n" + "الدوحة".encode().decode("cp1256")), "ط§"),
    ("clean_articles", "expect_column_values_to_be_null", "published_span", lambda d: _set("published_end", 10**6)(_set("published_start", 5)(d)), "outside text"),
    ("clean_articles", "expect_column_values_to_be_in_set", "published_precision", _set("published_precision", "hour"), "hour"),
    ("meeting_reports", "expect_column_values_to_not_be_null", "report_id", _set("report_id", None), "null"),
    ("meeting_reports", "expect_column_values_to_be_null", "report_id_format", _set("report_id", "m-17"), "m-17"),
    ("meeting_reports", "expect_column_values_to_be_null", "dup_report_id", _copy_from_row0("report_id"), "repeated in the batch"),
    ("meeting_reports", "expect_column_values_to_be_null", "date_after_published", lambda d: _set("date", d["published"][3] + dt.timedelta(days=6))(d), "is after published"),
    ("meeting_reports", "expect_column_values_to_be_null", "evidence_mismatch", _evidence_shift, "evidence says"),
    ("meeting_reports", "expect_column_values_to_be_null", "evidence_mismatch", _set("evidence", '[{"field": "date", "start": 5, "end": 900000, "text": "x"}]'), "outside text"),
    ("meeting_reports", "expect_column_values_to_be_null", "evidence_mismatch", _set("evidence", "{not json"), "not JSON"),
    ("meeting_reports", "expect_column_values_to_be_in_set", "date_precision", _set("date_precision", "week"), "week"),
    ("meeting_reports", "expect_column_values_to_be_in_set", "mode", _set("mode", "phone"), "phone"),
    ("meeting_reports", "expect_column_values_to_be_null", "topic_unknown", _set("topics", ["ceasefire", "weather"]), "weather"),
    ("meeting_reports", "expect_column_values_to_not_be_null", "confidence", _set("confidence", None), "null"),
    ("meeting_reports", "expect_column_values_to_be_between", "confidence", _set("confidence", 1.7), "1.7"),
    ("meeting_reports", "expect_column_values_to_be_in_set", "language", _set("language", "tr"), "tr"),
    ("report_sides", "expect_column_values_to_not_be_null", "report_id", _set("report_id", None), "null"),
    ("report_sides", "expect_column_values_to_not_be_null", "side_index", _set("side_index", None), "null"),
    ("report_sides", "expect_column_values_to_be_between", "side_index", _set("side_index", 25), "25"),
    ("report_sides", "expect_column_values_to_be_null", "dup_side", lambda d: _set("side_index", d["side_index"][2])(_copy_from_row0("report_id")(d)), "repeated"),
    ("report_sides", "expect_column_values_to_be_null", "orphan_side", _set("report_id", "0" * 32 + ":9"), "0" * 32 + ":9"),
    ("report_sides", "expect_column_values_to_be_null", "span_outside_text", lambda d: _set("end", 10**6)(_set("start", 3)(d)), "outside text"),
    ("report_participants", "expect_column_values_to_not_be_null", "report_id", _set("report_id", None), "null"),
    ("report_participants", "expect_column_values_to_not_be_null", "name_native", _set("name_native", None), "null"),
    ("report_participants", "expect_column_value_lengths_to_be_between", "name_native", _set("name_native", "و"), "و"),
    ("report_participants", "expect_column_values_to_be_null", "dup_person", _repeat_person, "repeated"),
    ("report_participants", "expect_column_values_to_be_null", "orphan_person", _set("side_index", 7), "side 7"),
    ("report_participants", "expect_column_values_to_be_null", "span_outside_text", lambda d: _set("end", 10**6)(_set("start", 3)(d)), "outside text"),
    ("report_participants", "expect_column_values_to_be_null", "role_span_outside_text", lambda d: _set("role_end", 2)(_set("role_start", 4)(d)), "role span 4:2"),
]


def test_cases_cover_every_critical_expectation_of_the_stage_suites():
    stage_only = {"meeting_id", "meeting_unknown", "article_unknown",  # warehouse mart columns
                  "sides_too_few", "side_unnamed"}                       # cross-table: tested below
    covered = {(s, t, c) for s, t, c, *_ in CASES}
    for stage in ("raw_articles", "clean_articles", "meeting_reports", "report_sides", "report_participants"):
        for e in load_suite(stage)["expectations"]:
            col = e["kwargs"].get("column")
            if e["severity"] == "critical" and col not in stage_only:
                assert (stage, e["type"], col) in covered, (stage, e["type"], col)


def _changed_row(before: pl.DataFrame, after: pl.DataFrame) -> int:
    """Position of the one row a case changed (the quarantined row must be that one)."""
    changed = [i for i, (a, b) in enumerate(zip(before.iter_rows(), after.iter_rows())) if a != b]
    assert len(changed) == 1, changed
    return changed[0]


def _check_one_quarantined(v, stage: str, tables, row: int, rule: str, value: str) -> None:
    q = v.quarantine
    assert q.columns == list(QUARANTINE)
    assert q.height == 1, q.select("record_id", "rule", "reason").to_dicts()
    payload = json.loads(q["payload"][0])
    assert payload["row"] == row
    assert rule in payload["failed"]
    assert q["rule"][0] == payload["failed"][0]
    assert q["run_id"][0] == "r1"
    reason = next(e["meta"]["reason"] for e in load_suite(stage)["expectations"]
                  if f"gx:{stage}:{e['type']}:{e['kwargs'].get('column')}" == rule)
    assert reason in q["reason"][0]
    assert value in q["reason"][0]
    assert v.good.height == tables[stage].height - 1
    assert v.summary["failed_critical"] == 1
    assert rule in {t["rule"] for t in v.summary["top_failing"]}


@pytest.mark.parametrize("stage,etype,column,change,value", CASES,
                         ids=[f"{s}-{c}-{t.removeprefix('expect_column_')}-{i}" for i, (s, t, c, *_) in enumerate(CASES)])
def test_violation_is_quarantined_with_rule_and_reason(batch, stage, etype, column, change, value, tmp_path):
    tables = dict(batch)
    tables[stage] = change(batch[stage])
    v = run(stage, tables, tmp_path)
    row = _changed_row(batch[stage], tables[stage])
    _check_one_quarantined(v, stage, tables, row, f"gx:{stage}:{etype}:{column}", value)
    assert v.quarantine["stage"][0] == {"raw_articles": "fetch", "clean_articles": "clean"}.get(stage, "extract")


def test_report_with_one_side_is_quarantined(batch, tmp_path):
    rid = batch["meeting_reports"]["report_id"][3]
    tables = dict(batch, report_sides=batch["report_sides"].filter(~((pl.col("report_id") == rid) & (pl.col("side_index") > 0))))
    v = run("meeting_reports", tables, tmp_path)
    _check_one_quarantined(v, "meeting_reports", tables, 3, "gx:meeting_reports:expect_column_values_to_be_null:sides_too_few", "1 side(s)")


def test_side_without_name_or_organisation_is_quarantined(batch, tmp_path):
    rid = batch["meeting_reports"]["report_id"][3]
    on_side = (pl.col("report_id") == rid) & (pl.col("side_index") == 1)
    tables = dict(batch,
                  report_sides=batch["report_sides"].with_columns(pl.when(on_side).then(None).otherwise(pl.col("organization")).alias("organization")),
                  report_participants=batch["report_participants"].filter(~on_side))
    v = run("meeting_reports", tables, tmp_path)
    _check_one_quarantined(v, "meeting_reports", tables, 3, "gx:meeting_reports:expect_column_values_to_be_null:side_unnamed", ": 1")
    sides = run("report_sides", tables, tmp_path)
    bad_row = tables["report_sides"].with_row_index().filter(on_side)["index"][0]
    _check_one_quarantined(sides, "report_sides", tables, bad_row, "gx:report_sides:expect_column_values_to_be_null:side_unnamed", rid)


def test_warning_is_reported_but_row_is_kept(batch, tmp_path):
    tables = dict(batch, report_participants=_set("role", "Foreign Minister")(batch["report_participants"]))
    v = run("report_participants", tables, tmp_path)
    assert v.quarantine.height == 0 and v.good.height == tables["report_participants"].height
    assert v.summary["failed_warning"] == 1
    top = v.summary["top_failing"][0]
    assert top["severity"] == "warning" and top["rule"].endswith(":role") and top["sample"] == ["Foreign Minister"]


def test_checks_without_context_are_skipped_not_failed(batch, tmp_path):
    v = validate("meeting_reports", batch["meeting_reports"], run_id="r1", home=Home(tmp_path))
    skipped = {r["column"] for r in v.summary["results"] if r["skipped"]}
    assert {"evidence_mismatch", "sides_too_few", "side_unnamed"} <= skipped
    assert v.quarantine.height == 0


def test_every_row_is_good_or_quarantined_once(batch, tmp_path):
    df = batch["clean_articles"]
    bad = _set("language", "de", row=5)(_text_edit(lambda t: "<p>" + t, row=7)(_set("published", dt.date(1970, 1, 1), row=7)(df)))
    v = validate("clean_articles", bad, run_id="r1", home=Home(tmp_path))
    assert v.good.height + v.quarantine.height == df.height
    assert sorted(json.loads(p)["row"] for p in v.quarantine["payload"]) == [5, 7]
    two = v.quarantine.filter(pl.col("reason").str.contains("1990"))
    assert two.height == 1 and "HTML" in two["reason"][0]


def test_empty_batch(tmp_path):
    v = validate("report_sides", conform(pl.DataFrame(), REPORT_SIDES), run_id="r1", home=Home(tmp_path))
    assert v.good.height == 0 and v.quarantine.height == 0 and v.summary["rows"] == 0


def test_unknown_stage_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown stage"):
        validate("meetings", pl.DataFrame(), run_id="r1", home=Home(tmp_path))


def test_spans_are_checked_with_only_the_clean_texts_as_context(batch, tmp_path):
    """The flow may pass only article_id + text: the article is then found from report_id."""
    texts = batch["clean_articles"].select("article_id", "text")
    people = _set("end", 10**6)(_set("start", 3)(batch["report_participants"]))
    v = validate("report_participants", people, run_id="r1", home=Home(tmp_path), context={"clean": texts})
    assert v.quarantine["rule"].to_list() == ["gx:report_participants:expect_column_values_to_be_null:span_outside_text"]
    ok = validate("report_sides", batch["report_sides"], run_id="r1", home=Home(tmp_path), context={"clean": texts})
    assert ok.quarantine.height == 0
    assert not [r for r in ok.summary["results"] if r["column"] == "span_outside_text" and r["skipped"]]


def test_content_type_with_charset_parameter_passes(batch, tmp_path):
    tables = dict(batch, raw_articles=batch["raw_articles"].with_columns(
        pl.lit("text/html; charset=windows-1256").alias("content_type")))
    v = run("raw_articles", tables, tmp_path)
    assert len(v.quarantine) == 0 and len(v.good) == len(tables["raw_articles"])
