"""``python -m bench [--limit N] [--json PATH] [--batch-size N] [--runner dask --workers N]``.

Prints a short table and, with --json, writes every measured number (docs/bench.md explains them).
Not a test: nothing here passes or fails; it reports.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.run import CORPUS, run_bench


def table(r: dict) -> str:
    """The headline numbers as aligned text lines."""
    q, run, st = r["ratios"], r["run"], r["run"]["stages_s"]
    rows = [
        ("articles", f"{r['articles']}  (batch size {r['batch_size'] or 'default'}, runner {r['runner']}"
                     + (f", {r['workers']} workers" if r["workers"] else "") + f", {r['cpus']} CPUs)"),
        ("start-up: import prefect / GX", f"{r['startup']['import_prefect_s']:.2f} s / {r['startup']['import_gx_s']:.2f} s"),
        ("start-up: first flow run (API)", f"{r['startup']['first_flow_s']:.2f} s"),
        ("floor (read+decode+normalise)", f"{r['floor']['seconds']:.2f} s  = {r['floor']['articles_per_s']:.0f} articles/s"),
        ("flow wall, end to end", f"{run['wall_s']:.2f} s  = {q['articles_per_s_end_to_end']} articles/s"),
    ]
    rows += [(f"  stage {k}", f"{v:.2f} s") for k, v in st.items()]
    if run.get("worker_seconds"):  # clean/extract ran on workers: their own time, and the flow's wait
        ws = run["worker_seconds"]
        rows += [(f"  in workers: {k}", f"{ws[k]:.2f} s wall, {ws.get(k + '_cpu', 0):.2f} s CPU (summed over workers)")
                 for k in ("clean", "extract") if k in ws]
        rows += [(f"  flow-side {k}", f"{v:.2f} s") for k, v in run["stage_seconds_flow"].items()]
    rows += [
        ("  waiting for workers or fetch", f"{q['waiting_for_workers_s']:.2f} s"),
        ("  orchestration (rest)", f"{q['orchestration_s']:.2f} s"),
        ("extract / floor", f"{q['extract_over_floor']}x  (CPU seconds)"),
        ("GX share / orchestration share", f"{q['gx_share']:.1%} / {q['orchestration_share']:.1%}"),
        ("GX + orchestration share", f"{q['gx_plus_orchestration_share']:.1%}"),
        ("peak RSS self / process tree", f"{r['rss']['peak_self_mb']:.0f} MB / {r['rss']['peak_tree_mb']:.0f} MB"),
        ("no-op re-run", f"{q['noop_rerun_s']:.2f} s  ({q['noop_rerun_over_run']:.1%} of the first run)"),
        ("  added to an empty flow run", f"{q['noop_rerun_added_s']:.2f} s  (empty flow, server up: "
                                         f"{r['startup']['empty_flow_warm_s']:.2f} s)"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="liqa throughput and memory benchmark")
    ap.add_argument("--limit", type=int, help="first N articles only (written to a temporary JSONL)")
    ap.add_argument("--batch-size", type=int, help="articles per batch (default from settings)")
    ap.add_argument("--json", help="write all numbers here")
    ap.add_argument("--runner", choices=["auto", "local", "process", "dask"], default="auto",
                    help="as `liqa run --runner` (auto: worker processes for large inputs)")
    ap.add_argument("--workers", type=int, help="worker processes (default: one per CPU; dask: 2)")
    ap.add_argument("--corpus", default=str(CORPUS), help="JSONL(.gz) with a content field per line")
    args = ap.parse_args(argv)
    if not Path(args.corpus).is_file():
        print(f"bench: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    result = run_bench(args.limit, args.batch_size, runner=args.runner, workers=args.workers,
                       corpus=Path(args.corpus))
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
