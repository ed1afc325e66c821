"""The ingest flow with clean and extract on a Dask cluster (``liqa run --runner dask``).

Same flow body as ``flows.ingest`` with flows/runners.py's ``PartitionRunner`` on Prefect's
Dask task runner (prefect-dask) instead of its process pool: each batch is cut into
``pipeline.parts_per_worker`` partitions per worker thread of the cluster, cleaned and
extracted there one batch ahead, and validated and loaded here in batch order. Fetch and load
stay in the flow process (politeness state, one DuckDB writer), so the warehouse is the same
whatever the runner.
"""
from __future__ import annotations

import functools
import logging
import os

from prefect import flow

from flows.ingest import run_pipeline
from flows.runners import MIN_PARTITION, PartitionRunner, api_for_workers, partitions, parts_per_worker  # noqa: F401
from liqa.settings import load_settings


@flow(name="liqa-ingest-partitioned", log_prints=False)
def ingest_partitioned_flow(inputs: list[str], home: str | None = None, batch_size: int | None = None,
                            retry_quarantine: bool = False, partitions_per_batch: int = 2,
                            min_partition: int = MIN_PARTITION) -> dict:
    """Fetch the inputs, then clean/extract on the flow's task runner, partitioned, and load here."""
    return run_pipeline(inputs, home, batch_size, retry_quarantine,
                        runner=PartitionRunner(partitions_per_batch, min_partition))


@functools.cache
def _impure_dask_runner():
    """prefect-dask's ``DaskTaskRunner`` with every task submitted as impure (``pure=False``).

    Why: prefect-dask submits with Dask's default ``pure=True``, so the client tokenises each
    task's arguments to name it. Dask tokenises a polars frame by pickling it, several times over
    to check the pickle is deterministic: measured 0.8 s of the flow process per 5,000-article
    partition, against 0.1 s to send it. The flow process waited on that while the workers idled,
    so 2 workers were no faster than 1. Our tasks are never worth deduplicating by content
    (each partition is submitted once), so impure keys (a random id per submission) lose nothing.
    """
    from prefect_dask import DaskTaskRunner
    from prefect_dask.task_runners import PrefectDaskFuture

    class ImpureDaskTaskRunner(DaskTaskRunner):
        def submit(self, task, parameters, wait_for=None, dependencies=None):
            if not self._started:
                raise RuntimeError("The task runner must be started before submitting work.")
            future = self.client.submit(
                task, parameters=self._optimize_futures(parameters),
                wait_for=self._optimize_futures(wait_for) if wait_for else None,
                dependencies=dependencies, return_type="state", pure=False)
            return PrefectDaskFuture(wrapped_future=future, task_run_id=future.task_run_id)

    return ImpureDaskTaskRunner  # one class (cached): built here so that liqa imports Dask only when used


def task_runner(address: str | None = None, workers: int = 2):
    """A Dask task runner on an existing scheduler (``address``) or a local process cluster."""
    runner = _impure_dask_runner()
    if address:
        return runner(address=address)
    return runner(cluster_kwargs={"n_workers": max(1, workers), "processes": True,
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
    with api_for_workers():
        return ingest_partitioned_flow.with_options(task_runner=runner)(
            list(inputs), home=home, batch_size=batch_size, retry_quarantine=retry_quarantine,
            partitions_per_batch=width * parts_per_worker(load_settings()),
            min_partition=min_partition)
