"""Great Expectations at every stage: split a batch into good rows and quarantine, report why.

The flow calls ``validate(stage, df, …)`` after fetch, clean and extract, ``validate_warehouse``
after load, and ``write_run_report`` at the end of a run. One GX run per batch per stage:
helper columns for row-level checks GX cannot express (evidence against the text, dates against
each other, leftover markup) are computed first in Polars (tasks/quality/derive.py), then the
committed suite ``expectations/<stage>.json`` validates the real and helper columns together.

Rows are never dropped silently: each input row is either in ``good`` or has exactly one row in
``quarantine`` whose rule names the first failing *critical* expectation and whose reason lists
every failing one with the offending value. Warning expectations only count in the summary.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from liqa.home import Home
from liqa.schemas import QUARANTINE, conform, empty
from tasks.quality import derive, distribution
from tasks.quality.gxrun import ExpectationOutcome, run_suite

STAGES = ("raw_articles", "clean_articles", "meeting_reports", "report_sides", "report_participants")
PIPELINE_STAGE = {"raw_articles": "fetch", "clean_articles": "clean", "meeting_reports": "extract",
                  "report_sides": "extract", "report_participants": "extract"}
_POINTERS = ("raw_id", "uri", "url", "doc_id", "article_id", "report_id")
TOP_N = 5


@dataclass
class Validation:
    """The outcome of validating one batch of one stage."""

    good: pl.DataFrame          # input rows (input columns) that passed every critical expectation
    quarantine: pl.DataFrame    # liqa.schemas.QUARANTINE rows, one per failing record
    summary: dict               # suite, rows, passed, failed_critical, failed_warning, top_failing, …

    def __iter__(self):
        """Unpacks as ``good, quarantine, summary`` (the tuple form of docs/architecture.md)."""
        return iter((self.good, self.quarantine, self.summary))


def validate(stage: str, df: pl.DataFrame, *, run_id: str, home: Home, context: dict | None = None) -> Validation:
    """Validate one batch of ``stage`` and split it into good rows and quarantine rows.

    ``context`` may carry related frames: ``clean`` (article_id, text, published, fetched_at,
    source) for evidence spans and the meeting-share check, ``reports``, ``sides`` and
    ``participants`` for the cross-table checks. Checks whose context is absent are skipped and
    counted as skipped in the summary.
    """
    if stage not in derive.DERIVE:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
    context = context or {}
    t0 = time.perf_counter()
    helped = derive.DERIVE[stage](df, context)
    outcomes, gx_seconds = run_suite(stage, helped)
    critical: dict[int, list[tuple[ExpectationOutcome, object]]] = {}
    warned: set[int] = set()
    for o in outcomes:
        if o.success or o.skipped:
            continue
        for i, value in zip(o.unexpected_index, o.unexpected_values or [None] * len(o.unexpected_index)):
            if o.severity == "critical":
                critical.setdefault(i, []).append((o, value))
            else:
                warned.add(i)
    bad = sorted(critical)
    is_bad = pl.Series("_bad", [False] * len(df), dtype=pl.Boolean)
    if bad:
        is_bad = is_bad.scatter(bad, True)
    good = df.filter(~is_bad)
    quarantine = _quarantine_rows(stage, helped, bad, critical, run_id)
    summary = _summary(stage, run_id, len(df), len(bad), len(warned - set(bad)), outcomes)
    summary["stage"] = PIPELINE_STAGE[stage]
    summary["quarantine"] = {PIPELINE_STAGE[stage]: dict(Counter(quarantine["rule"].to_list()).most_common())} if bad else {}
    if stage == "meeting_reports" and context.get("clean") is not None:
        summary["extra"] = [distribution.check(context["clean"], df, home=home, run_id=run_id)]
        summary["shares"] = summary["extra"][0].pop("shares", [])
    summary["seconds"] = round(time.perf_counter() - t0, 4)
    summary["gx_seconds"] = round(gx_seconds, 4)
    return Validation(good=good, quarantine=quarantine, summary=summary)


def _value_text(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v) or str(v) in ("NaT", "<NA>", "nan"):
        return "null"
    s = str(v)
    return s if len(s) <= 120 else s[:117] + "…"


def _quarantine_rows(stage: str, helped: pl.DataFrame, bad: list[int],
                     critical: dict[int, list[tuple[ExpectationOutcome, object]]], run_id: str) -> pl.DataFrame:
    if not bad:
        return empty(QUARANTINE)
    rows = helped[bad]
    ids = rows.select(derive.RECORD_ID[stage].alias("id"))["id"].to_list()
    pointers = [c for c in _POINTERS if c in rows.columns]
    ptr_rows = rows.select(pointers).to_dicts() if pointers else [{} for _ in bad]
    now = dt.datetime.now(dt.timezone.utc)
    records = []
    for i, rid, ptr in zip(bad, ids, ptr_rows):
        fails = critical[i]
        first = fails[0][0]
        reason = " | ".join(f"{o.reason}: {_value_text(v)}" for o, v in fails)
        payload = {"suite": stage, "row": i, **{k: v for k, v in ptr.items() if v is not None},
                   "failed": [o.rule(stage) for o, _ in fails]}
        records.append({"run_id": run_id, "stage": PIPELINE_STAGE[stage], "rule": first.rule(stage),
                        "record_id": rid, "reason": reason, "payload": json.dumps(payload, ensure_ascii=False),
                        "attempts": 1, "created_at": now})
    return conform(pl.DataFrame(records), QUARANTINE)


def _summary(suite: str, run_id: str, rows: int, failed_critical: int, failed_warning: int,
             outcomes: list[ExpectationOutcome]) -> dict:
    results = [o.as_dict(suite) for o in outcomes]
    failing = sorted((r for r in results if not r["success"]), key=lambda r: (r["severity"] != "critical", -r["unexpected_count"]))
    return {
        "suite": suite, "run_id": run_id, "rows": rows, "passed": rows - failed_critical,
        "failed_critical": failed_critical, "failed_warning": failed_warning,
        "evaluated": sum(not r["skipped"] for r in results), "skipped": sum(r["skipped"] for r in results),
        "top_failing": [{k: r[k] for k in ("rule", "severity", "unexpected_count", "reason", "sample")} for r in failing[:TOP_N]],
        "results": results,
    }


WAREHOUSE_VALIDATION = "warehouse_validation.json"  # in home/state: the last marts' summaries


def forget_warehouse_validation(home: Home) -> None:
    """Called by every warehouse writer *before* it writes: the last validation no longer holds."""
    (home.state / WAREHOUSE_VALIDATION).unlink(missing_ok=True)


def _warehouse_suites_fingerprint() -> str:
    """What the marts' verdict depends on besides the data: the mart suites and their queries."""
    import hashlib

    from tasks.quality import warehouse
    from tasks.quality.gxrun import SUITES_DIR

    h = hashlib.sha256()
    for table in warehouse.MARTS:
        suite = SUITES_DIR / f"{table}.json"
        h.update(table.encode())
        h.update(suite.read_bytes() if suite.exists() else b"-")
        h.update(warehouse.QUERIES.get(table, "").encode())
    return h.hexdigest()[:16]


def validate_warehouse(home: Home, run_id: str) -> list[dict]:
    """Validate the warehouse marts (keys, references, cross-mart counts); one summary per mart.

    Reads ``home.warehouse`` read-only; nothing is quarantined at this stage (the rows are
    already loaded), failures are reported. A missing warehouse gives an empty list.

    Why a cache: a run that loads nothing (the hourly deployment when no source published
    anything) would otherwise pay ~2 s of GX to re-validate unchanged marts. Every writer calls
    ``forget_warehouse_validation`` before writing, so the stored verdict is reused only while
    the marts are exactly as they were validated, with the same suites; reused summaries say so
    (``reused_from``: the run that computed them).
    """
    cache = home.state / WAREHOUSE_VALIDATION
    fingerprint = _warehouse_suites_fingerprint()
    if cache.exists() and home.warehouse.exists():
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        if stored.get("fingerprint") == fingerprint and isinstance(stored.get("summaries"), list):
            return [dict(s, run_id=run_id, reused_from=stored["run_id"], seconds=0.0, gx_seconds=0.0)
                    for s in stored["summaries"]]
    summaries = _validate_marts(home, run_id)
    if summaries:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(cache, json.dumps({"run_id": run_id, "fingerprint": fingerprint, "summaries": summaries},
                                        ensure_ascii=False, default=str))
    return summaries


def _validate_marts(home: Home, run_id: str) -> list[dict]:
    from tasks.quality import warehouse

    summaries = []
    for table, frame in warehouse.mart_frames(home.warehouse).items():
        t0 = time.perf_counter()
        outcomes, gx_seconds = run_suite(table, frame)
        crit = {i for o in outcomes if not o.success and o.severity == "critical" for i in o.unexpected_index}
        warn = {i for o in outcomes if not o.success and o.severity == "warning" for i in o.unexpected_index} - crit
        s = _summary(table, run_id, len(frame), len(crit), len(warn), outcomes)
        s["stage"] = "warehouse"
        s["table_failures"] = sum(1 for o in outcomes if not o.success and not o.unexpected_index)
        s["seconds"], s["gx_seconds"] = round(time.perf_counter() - t0, 4), round(gx_seconds, 4)
        summaries.append(s)
    return summaries


def write_run_report(home: Home, run_id: str, summaries: list[dict], quarantine_counts: dict) -> Path:
    """Write ``home/validation/<run_id>/`` summary.json, summary.md and index.html (Data Docs).

    ``summaries`` may hold several batches of one suite (they are added up); ``quarantine_counts``
    is ``{stage: {rule: n}}`` (a flat ``{"stage/rule": n}`` or ``{(stage, rule): n}`` is accepted).
    Returns the run's validation folder.
    """
    from liqa.report import render_summary
    from tasks.quality.docs import render_html

    out = home.validation / run_id
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "suites": merge_summaries(summaries),
        "quarantine": _quarantine_counts(summaries, quarantine_counts),
        "shares": [sh for s in summaries for sh in s.get("shares", [])],
        "data_docs": str(out / "index.html"),
    }
    _atomic_write(out / "summary.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
    _atomic_write(out / "summary.md", render_summary(data))
    _atomic_write(out / "index.html", render_html(data))
    return out


def merge_summaries(summaries: list[dict]) -> list[dict]:
    """Add up the batches of each suite (extras such as the share check become suites too)."""
    flat = []
    for s in summaries:
        flat.append(s)
        flat.extend(s.get("extra", []))
    merged: dict[str, dict] = {}
    for s in flat:
        m = merged.get(s["suite"])
        if m is None:
            m = merged[s["suite"]] = {k: v for k, v in s.items() if k not in ("extra", "shares", "run_id")}
            m["results"] = [dict(r, sample=list(r["sample"])) for r in s["results"]]
            m["batches"] = 1
            continue
        m["batches"] += 1
        for k in ("rows", "passed", "failed_critical", "failed_warning", "seconds", "gx_seconds", "table_failures"):
            if k in s:
                m[k] = round(m.get(k, 0) + s[k], 4)
        by_rule = {r["rule"]: r for r in m["results"]}
        for r in s["results"]:
            t = by_rule.get(r["rule"])
            if t is None:
                m["results"].append(dict(r))
                continue
            t["unexpected_count"] += r["unexpected_count"]
            t["element_count"] += r["element_count"]
            t["success"] = t["success"] and r["success"]
            t["skipped"] = t["skipped"] and r["skipped"]
            t["sample"] = (t["sample"] + r["sample"])[:TOP_N]
    for m in merged.values():
        failing = sorted((r for r in m["results"] if not r["success"]),
                         key=lambda r: (r["severity"] != "critical", -r["unexpected_count"]))
        m["top_failing"] = [{k: r[k] for k in ("rule", "severity", "unexpected_count", "reason", "sample")} for r in failing[:TOP_N]]
        m["evaluated"] = sum(not r["skipped"] for r in m["results"])
        m["skipped"] = sum(r["skipped"] for r in m["results"])
    return list(merged.values())


def _quarantine_counts(summaries: list[dict], given: dict) -> dict[str, dict[str, int]]:
    """The caller's counts (all stages' rules) joined with the GX counts the summaries carry;
    a (stage, rule) present in both is the same rows counted twice, so the larger is kept."""
    gx: dict[str, Counter] = {}
    for s in summaries:
        for stage, rules in _nested_counts(s.get("quarantine") or {}).items():
            gx.setdefault(stage, Counter()).update(rules)
    out = _nested_counts(given)
    for stage, rules in gx.items():
        known = out.setdefault(stage, {})
        for rule, n in rules.items():
            known[rule] = max(known.get(rule, 0), n)
    return {st: dict(sorted(r.items(), key=lambda x: -x[1])) for st, r in out.items()}


def _nested_counts(counts: dict) -> dict[str, dict[str, int]]:
    out: dict[str, Counter] = {}
    for key, value in (counts or {}).items():
        if isinstance(value, dict):
            for rule, n in value.items():
                out.setdefault(str(key), Counter())[str(rule)] += int(n)
        else:
            stage, rule = _split(key)
            out.setdefault(stage, Counter())[rule] += int(value)
    return {s: dict(c.most_common()) for s, c in out.items()}


def _split(key: object) -> tuple[str, str]:
    if isinstance(key, tuple) and len(key) == 2:
        return str(key[0]), str(key[1])
    stage, _, rule = str(key).partition("/")
    return stage, rule or "unknown"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
