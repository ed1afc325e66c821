"""The ``liqa`` command: run, reprocess, export, sql, report, eval.

User mistakes (a missing input, a bad query, a busy home) end with one clear line on stderr and
exit status 2, never a traceback. Prefect and GX are imported only by the commands that need
them, so ``liqa sql`` and ``liqa export`` start fast.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

# Before Prefect is imported anywhere: no telemetry (the server heartbeat fails offline anyway).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


class UsageError(Exception):
    """A mistake the user can fix; printed as one line."""


def _home_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", help="home folder (default: $LIQA_HOME, else ./liqa-home)")


def _print_summary(s: dict) -> None:
    print(f"run {s['run_id']} ({s['status']}): articles read {s['articles_read']}, new {s['articles_new']}, "
          f"duplicates skipped {s['duplicates_skipped']}, quarantined {s['quarantined']}; "
          f"meetings found {s['meetings_found']}, new {s['meetings_new']}, merged {s['meetings_merged']}")
    print(f"data-quality report: {s['report']}  (liqa report)")


def cmd_run(args: argparse.Namespace) -> int:
    from tasks.fetch.run import is_sources_file, is_url

    for item in args.inputs:
        if not (is_url(item) or Path(item).expanduser().exists()):
            raise UsageError(f"no such input: {item}")
        if is_sources_file(item) and not Path(item).is_file():
            raise UsageError(f"no such sources file: {item}")
    runner = args.runner or "auto"
    if runner == "dask":
        from flows.scale import ingest_dask

        summary = ingest_dask(list(args.inputs), home=args.home, batch_size=args.batch_size,
                              address=args.dask_address, workers=args.workers or 2,
                              retry_quarantine=args.retry_quarantine)
    else:
        from flows.ingest import ingest
        from flows.runners import api_for_workers, process_pool

        flow = ingest.with_options(task_runner=process_pool(args.workers)) if args.workers else ingest
        with api_for_workers():
            summary = flow(list(args.inputs), home=args.home, batch_size=args.batch_size,
                           retry_quarantine=args.retry_quarantine, runner=runner)
    _print_summary(summary)
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from flows.ingest import reprocess
    from flows.runners import api_for_workers

    with api_for_workers():
        _print_summary(reprocess(home=args.home, batch_size=args.batch_size))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from liqa.home import Home

    home = Home.resolve(args.home)
    if not home.warehouse.exists():
        raise UsageError(f"no warehouse in {home.root}: run `liqa run INPUT` first")
    from liqa.export import export

    out = export(home, args.format, Path(args.out) if args.out else None, what=args.what)
    print(out)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from liqa.home import Home

    home = Home.resolve(args.home)
    if not home.warehouse.exists():
        raise UsageError(f"no warehouse in {home.root}: run `liqa run INPUT` first")
    from liqa.query import QueryError, run_sql

    try:
        print(run_sql(home, args.query, fmt=args.format).rstrip("\n"))
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from liqa.home import Home

    home = Home.resolve(args.home)
    if not home.runs.exists() or not any(home.runs.glob("*.json")):
        raise UsageError(f"no runs in {home.root}: run `liqa run INPUT` first")
    from liqa.report import NoValidationRun, render_report

    try:
        print(render_report(home, args.run_id))
    except NoValidationRun as exc:
        raise UsageError(str(exc)) from None
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from liqa.evaluate import evaluate

    gold = Path(args.gold)
    if not gold.is_file():
        raise UsageError(f"no such gold file: {args.gold}")
    for item in args.inputs:
        if not Path(item).exists():
            raise UsageError(f"no such input: {item}")
    with tempfile.TemporaryDirectory(prefix="liqa-eval-") as tmp:
        home = args.home or str(Path(tmp) / "home")
        ok, text, metrics = evaluate(gold, list(args.inputs), home, minimums=args.min, details=not args.quiet)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="liqa", description="In-person political meetings from ar/fa/en news.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="fetch, clean, extract and load INPUTs (files, folders, JSONL, URLs, sources.yaml)")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    _home_arg(p)
    p.add_argument("--batch-size", type=int, help="articles per batch (default from settings)")
    p.add_argument("--retry-quarantine", action="store_true", help="re-run records quarantined earlier")
    p.add_argument("--runner", choices=["auto", "local", "process", "dask"],
                   help="where clean and extract run: auto (default: worker processes when the input is large), "
                        "local (this process), process (worker processes), dask (a Dask cluster)")
    p.add_argument("--workers", type=int,
                   help="worker processes (default: one per CPU but one, the flow process needs a core; local Dask cluster: 2)")
    p.add_argument("--dask-workers", dest="workers", type=int, help=argparse.SUPPRESS)  # earlier name
    p.add_argument("--dask-address", help="scheduler address of an existing Dask cluster (with --runner dask)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("reprocess", help="re-clean, re-extract and reload every stored raw article")
    _home_arg(p)
    p.add_argument("--batch-size", type=int)
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("export", help="write articles/meetings/participants as jsonl, csv or parquet")
    _home_arg(p)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    p.add_argument("--what", choices=["articles", "meetings", "participants"], default=None,
                   help="jsonl: articles (SCHEMA.md); csv/parquet: meetings (default) or participants")
    p.add_argument("--out", help="output path (default: HOME/exports/WHAT.FORMAT); the path is printed")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("sql", help="run a read-only SQL query on the warehouse")
    _home_arg(p)
    p.add_argument("query")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("report", help="data-quality summary of the last run")
    _home_arg(p)
    p.add_argument("--run-id", help="a run other than the last")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("eval", help="run the pipeline on INPUTs in a temporary home and score against GOLD")
    p.add_argument("gold")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--home", help="keep the evaluation home here instead of a temporary folder")
    p.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                   help="fail (exit 1) when METRIC (overall, or LANG:METRIC) is below VALUE; repeatable")
    p.add_argument("--json", help="also write all metrics as JSON here")
    p.add_argument("--quiet", action="store_true", help="metrics only, no per-article misses")
    p.set_defaults(func=cmd_eval)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "export" and args.what is None:
        args.what = "articles" if args.format == "jsonl" else "meetings"
    from liqa.home import HomeBusy

    try:
        return args.func(args)
    except (UsageError, HomeBusy) as exc:
        print(f"liqa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("liqa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
