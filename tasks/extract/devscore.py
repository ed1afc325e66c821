"""Dev harness: run the extractor over the annotated dev set and seeds, score with shared/eval.

    .venv/bin/python -m tasks.extract.devscore [--lang ar] [--details] [--set dev|seeds|all]

``published`` and ``language`` are taken from the gold files here only, so the extractor is
measured apart from the clean stage's date and language detection.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .engine import extract_to_records

EVAL = Path("/work/shared/eval")
SETS = {"dev": (EVAL / "dev" / "gold.jsonl", EVAL / "dev" / "texts"),
        "seeds": (EVAL / "seeds.gold.jsonl", Path("/work/shared/seeds"))}


def _scorer():
    spec = importlib.util.spec_from_file_location("liqa_eval_score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def predict(which: str, lang: str | None = None) -> tuple[dict[str, dict], dict[str, dict], float]:
    """(gold docs, predicted docs, seconds spent extracting) for one set."""
    gold_path, texts = SETS[which]
    gold = {}
    pred = {}
    spent = 0.0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if lang and g["language"] != lang:
            continue
        gold[g["doc_id"]] = g
        text = (texts / f"{g['doc_id']}.txt").read_text(encoding="utf-8")
        pub = dt.date.fromisoformat(g["published"]) if g.get("published") else None
        t0 = time.perf_counter()
        meetings = extract_to_records(text, g["language"], pub)
        spent += time.perf_counter() - t0
        pred[g["doc_id"]] = {"doc_id": g["doc_id"], "language": g["language"],
                             "published": g.get("published"), "meetings": meetings}
    return gold, pred, spent


def score_set(which: str, lang: str | None = None) -> tuple[dict[str, Any], list[str]]:
    gold, pred, _ = predict(which, lang)
    return _scorer().score(gold, pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang")
    ap.add_argument("--set", default="all", choices=["dev", "seeds", "all"])
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--out", help="write predictions JSONL here")
    args = ap.parse_args(argv)
    keys = ["doc_precision", "doc_recall", "meeting_f1", "person_f1", "role_accuracy", "city_accuracy",
            "date_accuracy", "topic_f1"]
    for which in (["dev", "seeds"] if args.set == "all" else [args.set]):
        langs = [args.lang] if args.lang else [None, "ar", "fa", "en"]
        for lang in langs:
            gold, pred, spent = predict(which, lang)
            if not gold:
                continue
            metrics, details = _scorer().score(gold, pred)
            row = " ".join(f"{k}={metrics[k]}" for k in keys)
            print(f"{which:5} {lang or 'all':3} n={len(gold):2} {row} ({1000 * spent / len(gold):.1f} ms/doc)")
            if args.details and lang == (args.lang or None):
                print("\n".join("   " + d for d in details))
            if args.out and lang is None:
                out = Path(args.out) if which == "dev" or args.set != "all" else Path(args.out).with_suffix(".seeds.jsonl")
                out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pred.values()),
                               encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
