"""How fast is the clean stage? ``clean_batch`` over N SaudiNewsNet records (not a test).

Reads the first ``--n`` records of the SaudiNewsNet dump through the lead's reader
(``tasks.fetch.local.iter_local``, settings from ``liqa.settings.load_settings()``), so the
rows are exactly what the pipeline hands the clean stage; reading is done before the clock
starts. Times ``clean_batch`` over the batches (best of ``--repeat`` passes, since the machine
is shared), prints articles/s, the clean/quarantine split, then a cProfile top-25 of one pass.

    .venv/bin/python bench/clean_speed.py --n 5000
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from liqa.settings import load_settings  # noqa: E402
from tasks.clean import clean_batch  # noqa: E402
from tasks.fetch.local import iter_local  # noqa: E402
from bench import profile_top

CORPUS = Path("/work/shared/corpora/saudinewsnet/articles.jsonl.gz")


def read_batches(n: int, batch_size: int, settings: dict) -> list[pl.DataFrame]:
    """The first ``n`` raw rows of the corpus as raw frames of ``batch_size`` rows."""
    frames: list[pl.DataFrame] = []
    have = 0
    for batch in iter_local([str(CORPUS)], settings, batch_size):
        raw, _ = batch.frames()
        raw = raw.head(n - have)
        frames.append(raw)
        have += raw.height
        if have >= n:
            break
    return frames


def run_once(frames: list[pl.DataFrame], settings: dict) -> tuple[float, float, int, int]:
    """(wall s, CPU s, clean rows, quarantine rows) for one pass of ``clean_batch`` over ``frames``.

    CPU time is reported too: on a shared 2-core machine wall time swings with other jobs, the
    process's own CPU time much less (clean_batch is single-threaded Python).
    """
    n_clean = n_quar = 0
    start, cpu = time.perf_counter(), time.process_time()
    for raw in frames:
        clean, quar = clean_batch(raw, settings)
        n_clean += clean.height
        n_quar += quar.height
    return time.perf_counter() - start, time.process_time() - cpu, n_clean, n_quar


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="records to clean")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2, help="timed passes; the best counts")
    ap.add_argument("--no-profile", action="store_true")
    args = ap.parse_args(argv)
    settings = load_settings()
    frames = read_batches(args.n, args.batch_size, settings)
    rows = sum(f.height for f in frames)
    run_once(frames[:1], settings)  # warm-up: rule files, month tables, lazy imports
    times, cpus = [], []
    for _ in range(args.repeat):
        secs, cpu, n_clean, n_quar = run_once(frames, settings)
        times.append(secs)
        cpus.append(cpu)
    best, best_cpu = min(times), min(cpus)
    result = {"rows": rows, "clean": n_clean, "quarantined": n_quar, "seconds": round(best, 3),
              "articles_per_s": round(rows / best, 1), "ms_per_article": round(1000 * best / rows, 4),
              "cpu_articles_per_s": round(rows / best_cpu, 1), "cpu_ms_per_article": round(1000 * best_cpu / rows, 4),
              "passes_s": [round(t, 3) for t in times]}
    print(json.dumps(result))
    if not args.no_profile:
        print(profile_top(lambda: run_once(frames, settings), 25))
    return result


if __name__ == "__main__":
    main()
