"""The short data-quality report of a run (``liqa report``, and the end of ``.ci/run``).

Reads ``home/validation/<run_id>/summary.json`` written by ``tasks.validate.write_run_report``;
without a run id, the most recent run. The same renderer writes the run's ``summary.md``.
"""
from __future__ import annotations

import json
from pathlib import Path

from liqa.home import Home


class NoValidationRun(LookupError):
    """The home has no validation summary (for this run id)."""


def latest_run(home: Home) -> str:
    """The run id of the newest summary.json under home/validation (by its created_at)."""
    found = []
    for path in home.validation.glob("*/summary.json") if home.validation.exists() else []:
        try:
            created = json.loads(path.read_text(encoding="utf-8")).get("created_at", "")
        except (OSError, ValueError):
            continue
        found.append((created, path.stat().st_mtime, path.parent.name))
    if not found:
        raise NoValidationRun(f"no validation results under {home.validation}; run `liqa run` first")
    return max(found)[2]


def render_report(home: Home, run_id: str | None = None) -> str:
    """Markdown summary of the last (or the given) run's validation."""
    run_id = run_id or latest_run(home)
    path = home.validation / run_id / "summary.json"
    if not path.exists():
        raise NoValidationRun(f"no validation results for run {run_id} under {home.validation}")
    return render_summary(json.loads(path.read_text(encoding="utf-8")))


def _cell(v: object) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def render_summary(data: dict) -> str:
    """Markdown for a summary.json dict: suites, top failing expectations, quarantine, Data Docs."""
    suites = data.get("suites", [])
    failed = sum(s["failed_critical"] for s in suites)
    lines = [f"# liqa data quality — run {data['run_id']}", "",
             f"{len(suites)} suites, {sum(s['rows'] for s in suites)} rows checked, "
             f"{failed} quarantined by critical expectations, "
             f"{sum(s['failed_warning'] for s in suites)} with warnings only.", "",
             "| stage | suite | rows | passed | failed critical | failed warning |", "|---|---|---:|---:|---:|---:|"]
    for s in suites:
        lines.append(f"| {s.get('stage', '')} | {s['suite']} | {s['rows']} | {s['passed']} | {s['failed_critical']} | {s['failed_warning']} |")
    failing = [(s["suite"], t) for s in suites for t in s.get("top_failing", [])]
    lines += ["", "## Top failing expectations", ""]
    if failing:
        lines += ["| severity | rule | rows | why | sample |", "|---|---|---:|---|---|"]
        failing.sort(key=lambda x: (x[1]["severity"] != "critical", -x[1]["unexpected_count"]))
        for _, t in failing[:10]:
            sample = ", ".join(str(v) for v in (t.get("sample") or [])[:2])
            lines.append(f"| {t['severity']} | `{_cell(t['rule'])}` | {t['unexpected_count']} | {_cell(t['reason'])} | {_cell(sample[:80])} |")
    else:
        lines.append("All expectations passed.")
    lines += ["", "## Quarantined rows by stage and rule", ""]
    q = data.get("quarantine") or {}
    if q:
        lines += ["| stage | rule | rows |", "|---|---|---:|"]
        for stage, rules in q.items():
            for rule, n in rules.items():
                lines.append(f"| {stage} | `{_cell(rule)}` | {n} |")
    else:
        lines.append("Nothing quarantined.")
    lines += ["", f"Data Docs: {data.get('data_docs', '')}", ""]
    return "\n".join(lines)
