"""``liqa eval``: run the real pipeline on inputs, export, and score against gold annotations.

Scoring uses liqa/score.py, a copy of the user's scorer, so the numbers are the user's numbers.
Metrics are printed overall and per language, because a floor that holds overall can hide a
language that regressed.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from liqa import score as scorer

KEY_METRICS = ["doc_precision", "doc_recall", "meeting_precision", "meeting_recall", "meeting_f1",
               "person_f1", "role_accuracy", "city_accuracy", "date_accuracy", "topic_f1",
               "published_accuracy", "language_accuracy", "dedup_pair_f1"]


def score_by_language(gold_path: Path, pred_path: Path) -> tuple[dict[str, dict], list[str]]:
    """Scorer metrics for all docs ("all") and for each gold language separately."""
    gold, pred = scorer.load(str(gold_path)), scorer.load(str(pred_path))
    out: dict[str, dict] = {}
    metrics, details = scorer.score(gold, pred)
    out["all"] = metrics
    for lang in sorted({d.get("language") for d in gold.values() if d.get("language")}):
        sub = {k: v for k, v in gold.items() if v.get("language") == lang}
        out[lang] = scorer.score(sub, pred)[0]
    return out, details


def table(metrics: dict[str, dict]) -> str:
    cols = list(metrics)
    lines = ["| metric | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for key in KEY_METRICS:
        vals = [metrics[c].get(key) for c in cols]
        lines.append(f"| {key} | " + " | ".join("–" if v is None else f"{v:.3f}" for v in vals) + " |")
    lines.append("| docs | " + " | ".join(str(metrics[c]["docs"]) for c in cols) + " |")
    return "\n".join(lines)


def check_minimums(metrics: dict[str, dict], minimums: list[str]) -> list[str]:
    """``METRIC=VALUE`` applies to all docs, ``LANG:METRIC=VALUE`` to one language."""
    failed = []
    for spec in minimums:
        key, _, value = spec.partition("=")
        scope, _, name = key.rpartition(":")
        scope = scope or "all"
        got = metrics.get(scope, {}).get(name)
        if scope not in metrics or name not in metrics[scope]:
            failed.append(f"{key}: no such metric")
        elif got is not None and got < float(value):
            failed.append(f"{key}={got} < {value}")
    return failed


def evaluate(gold: Path, inputs: list[str], home: str, minimums: list[str] | None = None,
             details: bool = True) -> tuple[bool, str, dict]:
    """Run ingest on ``inputs`` into ``home``, export JSONL, score; returns (ok, text, metrics)."""
    from flows.ingest import ingest
    from liqa.export import export
    from liqa.home import Home

    summary = ingest(inputs, home=home)
    with tempfile.TemporaryDirectory(prefix="liqa-pred-") as tmp:
        pred = Path(tmp) / "pred.jsonl"
        export(Home.resolve(home), "jsonl", pred, what="articles")
        metrics, misses = score_by_language(gold, pred)
    failed = check_minimums(metrics, minimums or [])
    text = [f"run {summary['run_id']}: {summary['articles_new']} articles, {summary['reports']} meeting reports, "
            f"{summary['quarantined']} quarantined", "", table(metrics)]
    if details and misses:
        text += ["", "misses:"] + [f"  {m}" for m in misses]
    if failed:
        text += ["", "below threshold: " + "; ".join(failed)]
    return not failed, "\n".join(text), json.loads(json.dumps(metrics, default=str))
