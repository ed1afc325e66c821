"""Where clean and extract run: in the flow process, or over partitions on the flow's task runner.

Why two: a small input (the hourly feed poll, a test) is cheapest in-process; spawning worker
processes costs more than it saves. A backfill is CPU-bound in clean and extract, so those two
pure functions (table in, table out) run in parallel over partitions, on Prefect's process pool
(``--runner process``, the default on a multi-core machine) or on a Dask cluster
(``--runner dask``). Validation and the single-writer load always stay in the flow process, in
batch order, so the warehouse is the same whatever the runner.

Why clean and extract go to the workers together, one batch ahead: a worker cleans a partition
and extracts it at once, while the flow validates and loads the previous batch. Extraction then
also runs on the few rows the clean suite will reject; ``PartitionRunner.extract`` drops their
output, which gives exactly what the in-process order (validate, then extract the good rows)
gives, because extraction is per article.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from prefect.futures import PrefectFuture

from flows.stages import clean_extract_task, clean_task, extract_task
from liqa.schemas import CLEAN, QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS

MIN_PARTITION = 50  # rows; below this a task run (~100 ms with its API calls) costs more than it saves


def partitions(df: pl.DataFrame, n: int, min_rows: int = MIN_PARTITION) -> list[pl.DataFrame]:
    """Split ``df`` into at most ``n`` contiguous, order-preserving slices of at least ``min_rows``."""
    if len(df) == 0:
        return [df]
    n = max(1, min(n, len(df) // max(min_rows, 1) or 1))
    q, r = divmod(len(df), n)  # balanced: sizes differ by at most one row
    bounds = [i * q + min(i, r) for i in range(n + 1)]
    return [df.slice(a, b - a) for a, b in zip(bounds, bounds[1:])]


def place(parts: list):
    """The partitions as the flow's task runner should receive them.

    On Dask, each partition is scattered straight to a worker first (``direct=True``, spread over
    the workers, no content hash) and the task gets the future: a partition given inline travels
    in the task graph through the scheduler, which runs in the flow process of a local cluster
    and unpickles and re-pickles it there (Dask warns "Sending large graph"). Elsewhere the
    partitions are returned unchanged.
    """
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    runner = getattr(ctx, "task_runner", None) if ctx is not None else None
    on_dask = any(cls.__module__.startswith("prefect_dask") for cls in type(runner).__mro__)
    if not on_dask or not parts:  # (checked by name: no Dask import for process-pool runs)
        return parts
    return runner.client.scatter(list(parts), direct=True, hash=False)


def _concat(frames: list[pl.DataFrame], schema: dict) -> pl.DataFrame:
    frames = [f for f in frames if len(f)]
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(schema=schema)


def _exists(batches, j: int) -> bool:
    """Whether batch ``j`` exists: a list's length, or ``PendingBatches.has`` (which may wait
    for a fetch still writing raw files)."""
    return batches.has(j) if hasattr(batches, "has") else j < len(batches)


def _release(batches, j: int) -> None:
    """Let the pending batches forget batch ``j``'s rows once they are handed on (memory)."""
    if hasattr(batches, "release"):
        batches.release(j)


class LocalRunner:
    """Clean and extract in the flow process, one batch at a time."""

    def clean(self, i: int, batches: list[pl.DataFrame], settings: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
        out = clean_task(batches[i], settings)
        _release(batches, i)
        return out

    def extract(self, i: int, clean: pl.DataFrame):
        return extract_task(clean)


class PartitionRunner:
    """Clean + extract over partitions on the flow's task runner, ``ahead`` batches in advance.

    ``clean(i)`` first submits batches up to ``i + ahead`` (so the workers never wait for the
    flow), then waits for batch ``i``; ``extract(i, good)`` returns batch ``i``'s extraction
    restricted to the articles that passed the clean suite. At most ``ahead + 1`` batches are in
    flight, so memory stays bounded by the batch size.
    """

    def __init__(self, n_parts: int, min_rows: int = MIN_PARTITION, ahead: int = 1) -> None:
        self.n_parts, self.min_rows, self.ahead = max(1, n_parts), max(1, min_rows), max(0, ahead)
        self._inflight: dict[int, list[PrefectFuture]] = {}
        self._extracted: dict[int, object] = {}
        self._local: LocalRunner | None = None  # set when the workers died: the rest runs here
        self.worker_seconds: dict[str, float] = {}  # the stages' own time, summed over workers

    def clean(self, i: int, batches: list[pl.DataFrame], settings: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
        if self._local is not None:
            return self._local.clean(i, batches, settings)
        try:
            for j in range(i, i + self.ahead + 1):
                if j not in self._inflight and _exists(batches, j):
                    self._inflight[j] = [clean_extract_task.submit(part, settings)
                                         for part in place(partitions(batches[j], self.n_parts, self.min_rows))]
            results = [f.result() for f in self._inflight.pop(i)]
        except BrokenExecutor as err:
            # a worker process died: out of memory, or the program that started the run re-ran
            # itself in the worker (a script without an ``if __name__ == "__main__":`` guard,
            # which the spawn start method imports again). The batches are pure functions of
            # the raw rows, so the run goes on in this process with the same result.
            logging.getLogger("liqa").warning(
                "worker processes failed (%s); cleaning and extracting the rest of this run in-process. "
                "If liqa was started from a script, put the call under `if __name__ == \"__main__\":`.", err)
            self._inflight.clear()
            self._local = LocalRunner()
            return self._local.clean(i, batches, settings)
        _release(batches, i)  # kept until now: if the workers die, the batch is cleaned here instead
        for *_, seconds in results:
            for stage, s in seconds.items():
                self.worker_seconds[stage] = self.worker_seconds.get(stage, 0.0) + s
        self._extracted[i] = merge_extracts([ex for _, _, ex, _ in results])
        return _concat([c for c, _, _, _ in results], CLEAN), _concat([q for _, q, _, _ in results], QUARANTINE)

    def extract(self, i: int, clean: pl.DataFrame):
        if i not in self._extracted:
            return (self._local or LocalRunner()).extract(i, clean)
        return restrict_extract(self._extracted.pop(i), clean["article_id"])


def main_is_spawn_safe() -> bool:
    """Whether worker processes can start without re-running the program that started the run.

    Prefect's process pool uses the spawn start method, which imports the main module again in
    each worker. The liqa command, ``python -m ...``, Prefect's flow runs and notebooks are
    safe; a plain script is safe only behind an ``if __name__ == "__main__":`` guard (read from
    its source: a heuristic, backed by the in-process fallback in ``PartitionRunner``).
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path or getattr(main, "__spec__", None) is not None:
        return True
    try:
        return "__main__" in Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True


def merge_extracts(results: list):
    """One ExtractResult from the partitions' results, in partition order."""
    from tasks.extract import ExtractResult

    return ExtractResult(reports=_concat([r.reports for r in results], REPORTS),
                         sides=_concat([r.sides for r in results], REPORT_SIDES),
                         participants=_concat([r.participants for r in results], REPORT_PARTICIPANTS),
                         quarantine=_concat([r.quarantine for r in results], QUARANTINE))


def restrict_extract(ex, article_ids: pl.Series):
    """``ex`` without the output of articles outside ``article_ids`` (rejected by the clean suite)."""
    from tasks.extract import ExtractResult

    keep = article_ids.implode()
    reports = ex.reports.filter(pl.col("article_id").is_in(keep))
    report_ids = reports["report_id"].implode()
    return ExtractResult(reports=reports,
                         sides=ex.sides.filter(pl.col("report_id").is_in(report_ids)),
                         participants=ex.participants.filter(pl.col("report_id").is_in(report_ids)),
                         quarantine=ex.quarantine.filter(pl.col("record_id").is_in(keep)))


def cpu_count() -> int:
    """CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(settings: dict) -> int:
    """``pipeline.workers``; 0 means one per CPU but one: the flow process needs a core too.

    Why not one per CPU: the flow process fetches, validates and loads while the workers clean
    and extract, so it is busy the whole run; on 2 cores one worker and the flow process share
    the machine without a third process competing (measured in docs/bench.md).
    """
    n = int(settings["pipeline"].get("workers") or 0)
    return n if n > 0 else max(1, cpu_count() - 1)


def parts_per_worker(settings: dict) -> int:
    """``pipeline.parts_per_worker``: into how many partitions per worker each batch is cut.

    Why more than one: a worker then holds part of a batch at a time (bounded memory), and the
    next part is already on its way while it works on this one.
    """
    return max(1, int(settings["pipeline"].get("parts_per_worker", 1)))


def choose_runner(settings: dict, pending_rows: int | None, mode: str = "auto"):
    """The runner for a run of ``pending_rows`` rows: ``mode`` is local, process or auto.

    ``pending_rows`` None: not known yet (the fetch is still running), the input having been
    judged large from its files' size (``start_workers_early``).

    ``process`` partitions over the flow's process pool; ``auto`` does so only when the input is
    large enough to repay starting workers (``pipeline.parallel_min_rows``) and the machine
    has a core for the flow process and one for a worker. Both need a Prefect API URL for the
    workers to report to (without one each worker process would start its own temporary API
    server: tens of seconds on a busy machine; ``liqa run`` sets one up with
    ``api_for_workers``); without it, or when the flow's task runner is not a process pool, the
    run stays in-process.
    """
    from prefect.settings import PREFECT_API_URL

    if mode not in ("auto", "local", "process"):
        raise ValueError(f"unknown runner {mode!r}; expected auto, local or process")
    pipe = settings["pipeline"]
    pool = _flow_pool()
    workers = getattr(pool, "_max_workers", None) or worker_count(settings)
    wanted = mode == "process" or (mode == "auto" and cpu_count() > 1 and main_is_spawn_safe()
                                   and (pending_rows is None
                                        or pending_rows >= int(pipe.get("parallel_min_rows", 2000))))
    if wanted and pool is not None and PREFECT_API_URL.value():
        return PartitionRunner(workers * parts_per_worker(settings), int(pipe.get("min_partition", MIN_PARTITION)))
    return LocalRunner()


def _flow_pool():
    """The running flow's process pool, or None (no flow, or another task runner)."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ProcessPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx.task_runner if ctx is not None and isinstance(ctx.task_runner, ProcessPoolTaskRunner) else None


def _new_input_bytes(home, inputs: list[str], settings: dict) -> int:
    """Bytes of the local input files fetch will read (not unchanged since an earlier run).

    The files are the ones fetch reads (``input_files``); URLs count nothing (their size is
    unknown until fetched).
    """
    from tasks.fetch.local import input_files
    from tasks.fetch.run import load_ledger

    ledger = load_ledger(home)
    total = 0
    for item in inputs:
        try:
            total += sum(f.stat().st_size for f in input_files(Path(item).expanduser(), settings)
                         if not ledger.unchanged(f))
        except OSError:
            continue
    return total


def start_workers_early(settings: dict, home, inputs: list[str], mode: str = "auto") -> list[PrefectFuture]:
    """Start the pool's workers while fetch runs, when this run will probably need them.

    Why: a worker spends a few seconds importing liqa and compiling the lexicons before its
    first partition; started here, that overlaps the fetch instead of delaying the first batch.
    ``auto`` guesses from the size of the local input files not read before
    (``pipeline.parallel_min_bytes``; a re-run over the same dump starts nothing); the guess only
    decides the head start, the runner is still chosen by the rows actually pending.
    Returns the start-up tasks' futures (the caller waits for them before the flow ends).
    """
    from prefect.settings import PREFECT_API_URL

    from flows.stages import start_worker_task

    pool = _flow_pool()
    if pool is None or mode not in ("auto", "process") or not PREFECT_API_URL.value():
        return []
    workers = getattr(pool, "_max_workers", None) or worker_count(settings)
    if mode == "auto" and (cpu_count() < 2 or not main_is_spawn_safe() or _new_input_bytes(home, inputs, settings)
                           < int(settings["pipeline"].get("parallel_min_bytes", 4_000_000))):
        return []
    return [start_worker_task.submit() for _ in range(workers)]


def process_pool(workers: int | None = None):
    """Prefect's process pool with ``workers`` processes (default ``worker_count``), warmed up."""
    from prefect.task_runners import ProcessPoolTaskRunner

    from flows.stages import warm_worker

    if not workers:
        from liqa.settings import load_settings

        workers = worker_count(load_settings())
    return ProcessPoolTaskRunner(max_workers=workers, initializer=warm_worker)


@contextmanager
def api_for_workers() -> Iterator[None]:
    """Make sure the flow and every worker process talk to one Prefect API.

    Why: without ``PREFECT_API_URL`` each process that runs a task starts its own temporary
    server, so every worker would spawn one (measured: >90 s on 2 busy cores, then "Timed out
    while attempting to connect to ephemeral Prefect API server", and an orphaned server when the
    worker is stopped). Here the flow process starts the temporary server once and exports its
    URL for the block, which spawned workers inherit; the server is Prefect's process-wide one
    (later flows in this process reuse it) and Prefect stops it when the process exits.

    Flow-run heartbeats are off for that server's runs: they feed the zombie-run automations of
    a long-lived server, which a temporary one never has, and each cost ~1 s at the end of every
    flow run (Prefect 3.8 joins a heartbeat thread that sleeps in whole seconds). Runs against
    a real server (``PREFECT_API_URL`` set, as in deployments) keep them.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    old = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
    finally:
        if old is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = old
