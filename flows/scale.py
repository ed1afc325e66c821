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
from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
from prefect import flow
from prefect.futures import PrefectFuture

from flows.ingest import run_pipeline
from flows.stages import clean_task, extract_task
from liqa.schemas import CLEAN, QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS

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


class DaskRunner:
    """Clean and extract over partitions on the flow's Dask task runner.

    While the flow validates and loads batch *i*, batch *i+1* is already being cleaned on the
    workers, so they are not idle during the single-writer steps.
    """

    def __init__(self, n_parts: int, min_rows: int) -> None:
        self.n_parts, self.min_rows = max(1, n_parts), max(1, min_rows)
        self._next: tuple[int, list[PrefectFuture]] | None = None

    def _submit(self, raw: pl.DataFrame, settings: dict) -> list[PrefectFuture]:
        return [clean_task.submit(part, settings) for part in partitions(raw, self.n_parts, self.min_rows)]

    def clean(self, i: int, batches: list[pl.DataFrame], settings: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
        futures = self._next[1] if self._next and self._next[0] == i else self._submit(batches[i], settings)
        results = [f.result() for f in futures]
        self._next = (i + 1, self._submit(batches[i + 1], settings)) if i + 1 < len(batches) else None
        return _concat([c for c, _ in results], CLEAN), _concat([q for _, q in results], QUARANTINE)

    def extract(self, clean: pl.DataFrame):
        from tasks.extract import ExtractResult

        futures = [extract_task.submit(part) for part in partitions(clean, self.n_parts, self.min_rows)]
        results = [f.result() for f in futures]
        return ExtractResult(reports=_concat([r.reports for r in results], REPORTS),
                             sides=_concat([r.sides for r in results], REPORT_SIDES),
                             participants=_concat([r.participants for r in results], REPORT_PARTICIPANTS),
                             quarantine=_concat([r.quarantine for r in results], QUARANTINE))


@flow(name="liqa-ingest-dask", log_prints=False)
def ingest_dask_flow(inputs: list[str], home: str | None = None, batch_size: int | None = None,
                     retry_quarantine: bool = False, partitions_per_batch: int = 2,
                     min_partition: int = MIN_PARTITION) -> dict:
    """Fetch the inputs, then clean/extract on the flow's Dask task runner and load here."""
    return run_pipeline(inputs, home, batch_size, retry_quarantine,
                        runner=DaskRunner(partitions_per_batch, min_partition))


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
