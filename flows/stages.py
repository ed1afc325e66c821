"""Prefect tasks: thin wrappers that give each pipeline step a name, retries and a log line.

The work itself lives in ``tasks.*`` as plain functions (table in, table out) so tests call them
directly; these wrappers exist so a flow run shows one task run per stage per batch (never one
per article: a task run costs ~5 ms and ~30 KB of API database).
"""
from __future__ import annotations

import time
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from liqa.home import Home
from liqa.schemas import QUARANTINE

_OPTS = {"cache_policy": NO_CACHE, "persist_result": False}


def _concat_q(*frames: pl.DataFrame) -> pl.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(schema=QUARANTINE)


@task(name="fetch", retries=1, retry_delay_seconds=2, **_OPTS)
def fetch_task(inputs: list[str], home_root: str, run_id: str, settings: dict) -> dict:
    """Read or download every input into the raw layer; returns counts."""
    from tasks.fetch.run import fetch_into_lake

    return fetch_into_lake(inputs, Home(Path(home_root)), run_id, settings)


@task(name="clean", **_OPTS)
def clean_task(raw: pl.DataFrame, settings: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    from tasks.clean import clean_batch

    return clean_batch(raw, settings)


@task(name="extract", **_OPTS)
def extract_task(clean: pl.DataFrame):
    from tasks.extract import extract_batch

    return extract_batch(clean)


@task(name="clean-extract", **_OPTS)
def clean_extract_task(raw: pl.DataFrame, settings: dict):
    """Clean a partition and extract it at once (a worker's unit of work, see flows/runners.py).

    Returns (clean, quarantine, extract result, seconds): the wall and CPU seconds each stage
    took in the worker, because the flow process only sees the wait, not the work.
    """
    from tasks.clean import clean_batch
    from tasks.extract import extract_batch

    t0, c0 = time.perf_counter(), time.process_time()
    clean, quarantine = clean_batch(raw, settings)
    t1, c1 = time.perf_counter(), time.process_time()
    ex = extract_batch(clean)
    t2, c2 = time.perf_counter(), time.process_time()
    # CPU seconds too: workers share cores with the flow process, so their wall time overstates
    # what a stage costs
    return clean, quarantine, ex, {"clean": t1 - t0, "extract": t2 - t1, "clean_cpu": c1 - c0, "extract_cpu": c2 - c1}


@task(name="start-worker", **_OPTS)
def start_worker_task() -> int:
    """Nothing but a reason for the pool to start a worker (and run ``warm_worker`` in it) now."""
    import os

    return os.getpid()


def warm_worker() -> None:
    """Run once in each worker process before its first task: imports and compiled lexicons.

    Why: otherwise the first partition of every worker pays ~1-2 s of imports and lexicon and
    gazetteer compilation while the flow waits for it.
    """
    from tasks.clean import clean_text
    from tasks.extract.engine import extract_article

    for lang, text in (("ar", "التقى الرئيس"), ("fa", "دیدار رئیس"), ("en", "The president met")):
        extract_article(clean_text(text)["text"], lang, None)


@task(name="validate", **_OPTS)
def validate_task(stage: str, df: pl.DataFrame, home_root: str, run_id: str, context: dict | None = None):
    from tasks.validate import validate

    return validate(stage, df, run_id=run_id, home=Home(Path(home_root)), context=context)


@task(name="validate-extract", **_OPTS)
def validate_extract_task(ex, clean: pl.DataFrame, home_root: str, run_id: str):
    """The extract stage's three tables, each against its suite (one task run, not three)."""
    from tasks.validate import validate

    home = Home(Path(home_root))
    return (validate("meeting_reports", ex.reports, run_id=run_id, home=home,
                     context={"clean": clean, "sides": ex.sides, "participants": ex.participants}),
            validate("report_sides", ex.sides, run_id=run_id, home=home,
                     context={"clean": clean, "participants": ex.participants}),
            validate("report_participants", ex.participants, run_id=run_id, home=home,
                     context={"clean": clean, "sides": ex.sides}))


@task(name="load", **_OPTS)
def load_task(home_root: str, run_id: str, clean: pl.DataFrame, reports: pl.DataFrame, sides: pl.DataFrame,
              participants: pl.DataFrame, quarantine: pl.DataFrame, raw_ids: list[str] | None = None):
    """Load one batch; the marts are rebuilt once, by ``refresh_marts_task``, at the run's end."""
    from tasks.load import load_batch

    return load_batch(Home(Path(home_root)), run_id, clean=clean, reports=reports, sides=sides,
                      participants=participants, quarantine=quarantine, raw_ids=raw_ids, refresh_marts=False)


@task(name="refresh-marts", **_OPTS)
def refresh_marts_task(home_root: str) -> bool:
    """Rebuild the marts if this run's loads, or a killed run's, left them stale; True when rebuilt."""
    from tasks.load import refresh_marts

    return refresh_marts(Home(Path(home_root)))


@task(name="validate-warehouse", **_OPTS)
def validate_warehouse_task(home_root: str, run_id: str) -> list[dict]:
    """Validate the marts (the last verdict is reused while no writer has touched the warehouse)."""
    from tasks.validate import validate_warehouse

    return validate_warehouse(Home(Path(home_root)), run_id)
