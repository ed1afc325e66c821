"""How fast is the clean stage? ``clean_batch`` over N SaudiNewsNet records (not a test).

Reads the first ``--n`` records of the SaudiNewsNet dump through the lead's reader
(``tasks.fetch.local.iter_local``, settings from ``liqa.settings.load_settings()``), so the
rows are exactly what the pipeline hands the clean stage; reading is done before the clock
starts. Times ``clean_batch`` over the batches (best of ``--repeat`` passes, since the machine
is shared), prints articles/s, the clean/quarantine split, then a cProfile top-25 of one pass.

A speed change must not change a byte of output: ``--dump P`` writes one pass's clean and
quarantine rows to ``P_clean.parquet`` / ``P_quarantine.parquet`` (without the volatile
``fetched_at`` / ``created_at``); ``--compare P`` checks the current code's rows equal them.

    .venv/bin/python bench/clean_speed.py --n 5000
    .venv/bin/python -m bench.clean_speed --n 10000 --no-profile --dump /tmp/before   # old code
    .venv/bin/python -m bench.clean_speed --n 10000 --no-profile --compare /tmp/before  # new code
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


_VOLATILE = ("fetched_at", "created_at")  # set from the clock at fetch / quarantine time


def outputs(frames: list[pl.DataFrame], settings: dict) -> dict[str, pl.DataFrame]:
    """One pass's clean and quarantine rows, volatile columns dropped (for --dump/--compare)."""
    pairs = [clean_batch(raw, settings) for raw in frames]
    out = {"clean": pl.concat([c for c, _ in pairs]), "quarantine": pl.concat([q for _, q in pairs])}
    return {k: df.drop([c for c in _VOLATILE if c in df.columns]) for k, df in out.items()}


def compare(frames: list[pl.DataFrame], settings: dict, prefix: str) -> bool:
    """True when the current code's rows equal those dumped under ``prefix``; prints the verdict."""
    same = True
    for kind, df in outputs(frames, settings).items():
        ref = pl.read_parquet(f"{prefix}_{kind}.parquet")
        equal = ref.equals(df)
        same &= equal
        print(f"{kind}: {df.height} rows, {'equal to' if equal else 'DIFFERENT from'} {prefix}_{kind}.parquet")
        if not equal and ref.columns == df.columns and ref.height == df.height:
            print("  columns that differ:", [c for c in df.columns if not ref[c].equals(df[c])])
    return same


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="records to clean")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2, help="timed passes; the best counts")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--dump", metavar="PREFIX", help="write one pass's rows to PREFIX_{clean,quarantine}.parquet")
    ap.add_argument("--compare", metavar="PREFIX", help="check one pass's rows equal a --dump; exit 1 if not")
    args = ap.parse_args(argv)
    settings = load_settings()
    frames = read_batches(args.n, args.batch_size, settings)
    if args.dump:
        for kind, df in outputs(frames, settings).items():
            df.write_parquet(f"{args.dump}_{kind}.parquet")
    if args.compare and not compare(frames, settings, args.compare):
        raise SystemExit(1)
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
