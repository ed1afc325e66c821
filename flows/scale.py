"""The ingest flow with clean and extract spread over a Dask cluster (``liqa run --runner dask``).

Why only those two: clean and extract are pure, CPU-bound functions of one batch (table in,
table out), so they parallelise by splitting a batch into partitions. Fetch (politeness state,
the raw lake) and load (one DuckDB writer, meeting-id registry) stay in the flow process, one
batch at a time and in the same order as ``flows.ingest``, so the warehouse is the same whatever
the runner. Validation also stays here: it runs on the whole batch, exactly as in the local flow.

Why partitions per batch and not one task per article: a Dask-run Prefect task costs about
100 ms and 30 KB of API database (shared/research/stack-feasibility.md), so a batch is cut into
a few large partitions (``workers`` of them, never smaller than ``MIN_PARTITION`` rows).
While the flow validates and loads batch *i*, batch *i+1* is already being cleaned on the
workers, so the workers are not idle during the single-writer steps.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
from prefect import flow
from prefect.futures import PrefectFuture

from flows.ingest import _count_rules, _finish, _progress, new_run_id
from flows.stages import _concat_q, clean_task, extract_task, fetch_task, load_task, validate_task
from liqa.home import Home
from liqa.schemas import CLEAN, QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS
from liqa.settings import load_settings

MIN_PARTITION = 50  # rows; below this the ~100 ms per Dask task costs more than it saves


def partitions(df: pl.DataFrame, n: int, min_rows: int = MIN_PARTITION) -> list[pl.DataFrame]:
    """Split ``df`` into at most ``n`` contiguous, order-preserving slices of at least ``min_rows``."""
    if len(df) == 0:
        return [df]
    n = max(1, min(n, len(df) // max(min_rows, 1) or 1))
    q, r = divmod(len(df), n)  # balanced: sizes differ by at most one row
    bounds = [i * q + min(i, r) for i in range(n + 1)]
    return [df.slice(a, b - a) for a, b in zip(bounds, bounds[1:])]


def _concat(frames: list[pl.DataFrame], schema: dict) -> pl.DataFrame:
    frames = [f for f in frames if len(f)]
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(schema=schema)


class _Clock:
    """Wall seconds per stage in the flow process (a Dask stage counts submit → last result)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


def _submit_clean(raw: pl.DataFrame, settings: dict, n: int, min_rows: int) -> list[PrefectFuture]:
    return [clean_task.submit(part, settings) for part in partitions(raw, n, min_rows)]


def _gather_clean(futures: list[PrefectFuture]) -> tuple[pl.DataFrame, pl.DataFrame]:
    results = [f.result() for f in futures]
    return _concat([c for c, _ in results], CLEAN), _concat([q for _, q in results], QUARANTINE)


def _extract_parallel(clean: pl.DataFrame, n: int, min_rows: int):
    """One ExtractResult for the whole batch, its partitions extracted on the cluster."""
    from tasks.extract import ExtractResult

    results = [f.result() for f in [extract_task.submit(part) for part in partitions(clean, n, min_rows)]]
    return ExtractResult(reports=_concat([r.reports for r in results], REPORTS),
                         sides=_concat([r.sides for r in results], REPORT_SIDES),
                         participants=_concat([r.participants for r in results], REPORT_PARTICIPANTS),
                         quarantine=_concat([r.quarantine for r in results], QUARANTINE))


def _process_pending_dask(home: Home, run_id: str, settings: dict, fetch_quarantine: pl.DataFrame,
                          retry_quarantine: bool, n_parts: int, min_rows: int, clock: _Clock) -> dict:
    """``flows.ingest._process_pending`` with clean/extract on the cluster; same wiring, same order.

    Keep in step with that function: tests/test_dask.py compares the two warehouses.
    """
    from tasks.lake import pending_raw

    totals = {"articles": 0, "articles_new": 0, "reports": 0, "meetings_found": 0, "meetings_new": 0,
              "meetings_merged": 0, "quarantined": 0, "summaries": [], "by_rule": {}}
    pending = pending_raw(home, retry_quarantine=retry_quarantine)
    if not len(pending):
        if len(fetch_quarantine):
            load_task(str(home.root), run_id, pl.DataFrame(schema=CLEAN), pl.DataFrame(schema=REPORTS),
                      pl.DataFrame(schema=REPORT_SIDES), pl.DataFrame(schema=REPORT_PARTICIPANTS),
                      fetch_quarantine.with_columns(pl.lit(run_id).alias("run_id")))
            totals["quarantined"] += len(fetch_quarantine)
            _count_rules(totals["by_rule"], fetch_quarantine)
        return totals
    size = int(settings["pipeline"]["batch_size"])
    n_batches = -(-len(pending) // size)
    started = time.monotonic()
    with clock.stage("clean"):
        next_clean = _submit_clean(pending.slice(0, size), settings, n_parts, min_rows)
    for i in range(n_batches):
        raw = pending.slice(i * size, size)
        with clock.stage("clean"):
            clean, q_clean = _gather_clean(next_clean)
        if i + 1 < n_batches:  # keep the workers busy while this batch is validated and loaded
            next_clean = _submit_clean(pending.slice((i + 1) * size, size), settings, n_parts, min_rows)
        with clock.stage("validate"):
            v_clean = validate_task("clean_articles", clean, str(home.root), run_id)
        clean = v_clean.good
        with clock.stage("extract"):
            ex = _extract_parallel(clean, n_parts, min_rows)
        with clock.stage("validate"):
            v_rep = validate_task("meeting_reports", ex.reports, str(home.root), run_id,
                                  {"clean": clean, "sides": ex.sides, "participants": ex.participants})
            v_side = validate_task("report_sides", ex.sides, str(home.root), run_id,
                                   {"clean": clean, "participants": ex.participants})
            v_part = validate_task("report_participants", ex.participants, str(home.root), run_id,
                                   {"clean": clean, "sides": ex.sides})
        reports = v_rep.good
        keep = reports["report_id"]
        quarantine = _concat_q(fetch_quarantine if i == 0 else None, q_clean, v_clean.quarantine, ex.quarantine,
                               v_rep.quarantine, v_side.quarantine, v_part.quarantine)
        quarantine = quarantine.with_columns(pl.lit(run_id).alias("run_id"))
        with clock.stage("load"):
            summary = load_task(str(home.root), run_id, clean, reports,
                                ex.sides.filter(pl.col("report_id").is_in(keep)),
                                v_part.good.filter(pl.col("report_id").is_in(keep)), quarantine,
                                raw["raw_id"].to_list())
        totals["articles"] += len(raw)
        totals["articles_new"] += summary.articles_new
        totals["reports"] += summary.reports_new
        totals["meetings_found"] += summary.meetings_found
        totals["meetings_new"] += summary.meetings_new
        totals["meetings_merged"] += summary.meetings_merged
        totals["quarantined"] += len(quarantine)
        _count_rules(totals["by_rule"], quarantine)
        totals["summaries"] += [v_clean.summary, v_rep.summary, v_side.summary, v_part.summary]
        if n_batches > 1:
            done = min((i + 1) * size, len(pending))
            rate = done / max(time.monotonic() - started, 1e-6)
            _progress(f"batch {i + 1}/{n_batches} done ({done}/{len(pending)} articles, {rate:.0f}/s, dask)")
    return totals


@flow(name="liqa-ingest-dask", log_prints=False)
def ingest_dask_flow(inputs: list[str], home: str | None = None, batch_size: int | None = None,
                     retry_quarantine: bool = False, partitions_per_batch: int = 2,
                     min_partition: int = MIN_PARTITION) -> dict:
    """Fetch the inputs, then clean/extract on the flow's Dask task runner and load here."""
    h = Home.resolve(home).ensure()
    settings = load_settings({"pipeline": {"batch_size": batch_size}})
    run_id = new_run_id()
    started = time.monotonic()
    clock = _Clock()
    with h.lock(wait_s=float(os.environ.get("LIQA_LOCK_WAIT_S", "0"))):
        with clock.stage("fetch"):
            fetched = fetch_task(list(inputs), str(h.root), run_id, settings)
        fetch_q = fetched.pop("quarantine")
        totals = _process_pending_dask(h, run_id, settings, fetch_q, retry_quarantine, max(1, partitions_per_batch),
                                        max(1, min_partition), clock)
        with clock.stage("finish"):
            summary = _finish(h, run_id, "ingest", fetched, totals, started)
    return {**summary, "stage_seconds": {k: round(v, 3) for k, v in clock.seconds.items()}}


@contextmanager
def _api_for_workers() -> Iterator[None]:
    """Make sure the flow and every Dask worker talk to one Prefect API.

    Why: without ``PREFECT_API_URL`` each process that runs a task starts its own temporary
    server, so every Dask worker would spawn one (measured: >90 s on 2 busy cores, then
    "Timed out while attempting to connect to ephemeral Prefect API server", and an orphaned
    server when the worker is stopped). Here the flow process starts the temporary server once
    (Prefect stops it at exit) and exports its URL, which spawned workers inherit.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    old = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield
    finally:
        if old is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = old


def task_runner(address: str | None = None, workers: int = 2):
    """A DaskTaskRunner on an existing scheduler (``address``) or a local process cluster."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "processes": True,
                                          "threads_per_worker": 1, "dashboard_address": None})


def _cluster_width(address: str | None, workers: int) -> int:
    """How many partitions to cut a batch into: the cluster's total threads, else ``workers``."""
    if not address:
        return max(1, workers)
    from distributed import Client

    with Client(address, timeout="10s") as client:
        return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))


def ingest_dask(inputs: list[str], home: str | None = None, batch_size: int | None = None,
                address: str | None = None, workers: int = 2, retry_quarantine: bool = False,
                min_partition: int = MIN_PARTITION) -> dict:
    """Run ``ingest`` with clean/extract on Dask; returns the same summary dict as ``flows.ingest.ingest``.

    ``address``: scheduler of an existing cluster (``tcp://host:8786``); its workers must be able
    to import liqa's ``tasks`` and ``flows`` packages and reach the same Prefect API. Without it, a
    local cluster of ``workers`` processes is started for this run and stopped after it.
    ``min_partition``: smallest partition in rows (tests lower it to split tiny inputs).
    The result also carries ``stage_seconds`` (flow-process wall time per stage).
    """
    # the cluster's own INFO lines (nanny/scheduler start and stop) drown the run's progress
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # spawned workers read this
    logging.getLogger("distributed").setLevel(os.environ["DASK_LOGGING__DISTRIBUTED"].upper())
    width = _cluster_width(address, workers)
    runner = task_runner(address, workers)
    with _api_for_workers():
        return ingest_dask_flow.with_options(task_runner=runner)(
            list(inputs), home=home, batch_size=batch_size, retry_quarantine=retry_quarantine,
            partitions_per_batch=width,
            min_partition=min_partition)
