"""Extract-stage scaling: the same cleaned articles extracted by 1 worker and by N workers.

    .venv/bin/python -m bench.scale [-n 6000] [--workers 2] [--runners dask,process] [--json PATH]

Why its own bench: issue 7 asks for Dask with 2 workers >= 1.6x faster than with 1 on the
extract stage. In the full flow that number is blurred by everything else sharing the cores
(fetch, GX and the load in the flow process, the API server, the next batch's clean), so here
the stage is isolated: SaudiNewsNet articles are read and cleaned once in this process, then
each (runner, workers) pair extracts them through Prefect task submissions over
``workers x parts`` partitions, exactly as the flow's partitioned runner does. Every pair runs
the stage twice and times the second pass: the first one starts the workers and compiles
their lexicons (a one-off cost per worker process, reported as ``first_pass_s``).
The in-process time of the same stage is measured too (no workers, no task runs).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import scale_stage
from bench.run import CORPUS, slice_corpus


def cleaned(n: int, corpus: Path = CORPUS):
    """The first ``n`` articles as the flow's clean table (read and cleaned in this process)."""
    import polars as pl

    from liqa.settings import load_settings
    from tasks.clean import clean_batch
    from tasks.fetch.local import iter_local

    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="liqa-scale-") as tmp:
        path, _ = slice_corpus(corpus, n, Path(tmp))
        raw = pl.concat([b.frames()[0] for b in iter_local([str(path)], settings, batch_size=n)])
    clean, _ = clean_batch(raw, settings)
    return clean


def measure(kind: str, workers: int, clean, parts_per_worker: int) -> dict:
    """One (runner, workers) pair: the stage's wall seconds, first and second pass."""
    if kind == "dask":
        from flows.scale import task_runner

        runner = task_runner(None, workers)
    else:
        from flows.runners import process_pool

        runner = process_pool(workers)
    stage = scale_stage.stage.with_options(name=f"bench-scale-{kind}-{workers}", task_runner=runner)
    scale_stage.DATA["clean"] = clean
    try:
        first, second, reports = stage(workers * parts_per_worker)
    finally:
        scale_stage.DATA.clear()
    return {"runner": kind, "workers": workers, "partitions": workers * parts_per_worker,
            "first_pass_s": round(first, 3), "extract_s": round(second, 3), "reports": reports}


def run_scale(n: int, workers: int, runners: list[str], parts_per_worker: int = 2) -> dict:
    """Every measurement of the module docstring, as one JSON-able dict."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    from flows.runners import api_for_workers
    from tasks.extract import extract_batch

    clean = cleaned(n)
    extract_batch(clean.head(50))  # compile lexicons before timing the in-process pass
    t0 = time.perf_counter()
    in_process_reports = len(extract_batch(clean).reports)
    in_process = time.perf_counter() - t0
    rows = []
    with api_for_workers():
        for kind in runners:
            for w in sorted({1, workers}):
                rows.append(measure(kind, w, clean, parts_per_worker))
    speedup = {}
    for kind in runners:
        one = next(r for r in rows if r["runner"] == kind and r["workers"] == 1)
        many = next(r for r in rows if r["runner"] == kind and r["workers"] == workers)
        speedup[kind] = round(one["extract_s"] / many["extract_s"], 2) if many["extract_s"] else None
    return {"articles": len(clean), "cpus": os.cpu_count(), "workers": workers,
            "in_process": {"extract_s": round(in_process, 3), "reports": in_process_reports},
            "runs": rows, f"speedup_{workers}_vs_1": speedup,
            "same_reports": all(r["reports"] == in_process_reports for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=6000, help="articles (the first n of the corpus)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runners", default="dask,process", help="comma-separated: dask, process")
    ap.add_argument("--parts-per-worker", type=int, default=2)
    ap.add_argument("--json", help="write all numbers here")
    args = ap.parse_args(argv)
    if not CORPUS.is_file():
        print(f"bench.scale: no corpus at {CORPUS}", file=sys.stderr)
        return 2
    out = run_scale(args.n, args.workers, [r.strip() for r in args.runners.split(",") if r.strip()],
                    args.parts_per_worker)
    print(f"articles {out['articles']}, {out['cpus']} CPUs; in-process extract {out['in_process']['extract_s']:.2f} s")
    for r in out["runs"]:
        print(f"  {r['runner']:<8} {r['workers']} worker(s), {r['partitions']} partitions: "
              f"extract {r['extract_s']:.2f} s (first pass, with worker start-up: {r['first_pass_s']:.2f} s)")
    print(f"  every runner found the same {out['in_process']['reports']} reports: {out['same_reports']}")
    for kind, x in out[f"speedup_{args.workers}_vs_1"].items():
        print(f"  {kind}: {args.workers} workers vs 1 = {x}x")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
