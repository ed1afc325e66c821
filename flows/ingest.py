"""The ingest and reprocess flows: fetch → clean → extract → load, each output validated.

A flow only wires: every step is a task in flows/stages.py over a bounded batch, and every
business rule lives in ``tasks.*``. Batches stream from the raw layer's pending rows, so a run
killed half-way is completed by the next one and a re-run over loaded input does no work.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import gc
import json
import os
import sys
import threading
import time
import uuid
from concurrent.futures import BrokenExecutor
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import polars as pl
from prefect import flow

from flows.runners import PartitionRunner, choose_runner, process_pool, start_workers_early
from flows.stages import (fetch_task, load_task, refresh_marts_task, validate_extract_task, validate_task,
                          validate_warehouse_task, _concat_q)
from liqa.home import Home
from liqa.schemas import CLEAN, QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS
from liqa.settings import load_settings


def new_run_id() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _progress(msg: str) -> None:
    if os.environ.get("LIQA_QUIET") != "1":
        print(f"liqa: {msg}", file=sys.stderr, flush=True)


def _count_rules(into: dict, quarantine: pl.DataFrame) -> None:
    """Quarantined rows by stage and rule, for the run report."""
    for stage, rule, n in quarantine.group_by("stage", "rule").len().iter_rows():
        into.setdefault(stage, {})
        into[stage][rule] = into[stage].get(rule, 0) + n


class StageClock:
    """Wall seconds per stage in the flow process (reported as ``stage_seconds``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


class FetchThread:
    """The fetch task in a thread of the flow process, so batches are cleaned while it reads.

    Why: fetch (reading, hashing and validating every input record) took ~6 s of a 35 s
    backfill, during which the workers had nothing to do. Its lake files are picked up by
    ``PendingBatches(arriving=thread.done)`` as they are written. The thread runs in a copy of
    the flow's context, so the fetch is still a task run of this flow; ``result()`` re-raises
    what the fetch raised.
    """

    def __init__(self, inputs: list[str], root: str, run_id: str, settings: dict, clock: "StageClock") -> None:
        self.done = threading.Event()
        self._result: dict | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=contextvars.copy_context().run, name="liqa-fetch", daemon=True,
                                        args=(self._run, inputs, root, run_id, settings, clock))
        self._thread.start()

    def _run(self, inputs: list[str], root: str, run_id: str, settings: dict, clock: "StageClock") -> None:
        try:
            with clock.stage("fetch"):
                self._result = fetch_task(inputs, root, run_id, settings)
        except BaseException as err:  # noqa: BLE001 - handed to the flow by result()
            self._error = err
        finally:
            self.done.set()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> dict:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def _process_pending(home: Home, run_id: str, settings: dict,
                     fetch_quarantine: pl.DataFrame | Callable[[], pl.DataFrame | None],
                     retry_quarantine: bool = False, runner=None, clock: StageClock | None = None,
                     arriving: threading.Event | None = None) -> dict:
    """Carry every pending raw row through clean → extract → load, batch by batch.

    ``runner`` decides where clean and extract run (flows/runners.py; by default chosen from the
    input's size); validation and the single-writer load always run here, in batch order.
    ``arriving``: set when a fetch running alongside (``FetchThread``) has written its last raw
    file; ``fetch_quarantine`` is then a callable that returns its quarantine once it has ended
    (None before), and those rows are loaded with the first batch after that.
    """
    from tasks.lake import PendingBatches

    clock = clock or StageClock()
    totals = {"articles": 0, "articles_new": 0, "reports": 0, "meetings_found": 0, "meetings_new": 0,
              "meetings_merged": 0, "quarantined": 0, "summaries": [], "by_rule": {}}
    fetch_q = fetch_quarantine if callable(fetch_quarantine) else (lambda: fetch_quarantine)
    size = int(settings["pipeline"]["batch_size"])
    batches = PendingBatches(home, size, retry_quarantine=retry_quarantine, arriving=arriving)
    left = fetch_q
    with clock.stage("wait_fetch"):  # only waits while a FetchThread writes the first batch's files
        first = batches.has(0)
    if first:
        if runner is None or isinstance(runner, str):
            runner = choose_runner(settings, batches.rows if batches.complete else None, runner or "auto")
        gc.collect()
        gc.freeze()  # what exists now (modules, GX, Prefect) lives all run: the per-batch collections skip it
        try:
            totals, left = _batches(home, run_id, settings, fetch_q, runner, clock, batches, totals)
        finally:
            gc.unfreeze()
    if left is not None:  # no batch came after the fetch ended: its quarantine on its own
        q = left()
        if q is not None and len(q):
            with clock.stage("load"):
                load_task(str(home.root), run_id, pl.DataFrame(schema=CLEAN), pl.DataFrame(schema=REPORTS),
                          pl.DataFrame(schema=REPORT_SIDES), pl.DataFrame(schema=REPORT_PARTICIPANTS),
                          q.with_columns(pl.lit(run_id).alias("run_id")))
            totals["quarantined"] += len(q)
            _count_rules(totals["by_rule"], q)
    return totals


def _batches(home: Home, run_id: str, settings: dict, fetch_q: Callable[[], pl.DataFrame | None], runner,
             clock: StageClock, batches, totals: dict) -> tuple[dict, Callable | None]:
    """The batch loop of ``_process_pending``; returns the totals and ``fetch_q`` if its rows are not loaded yet."""
    started = time.monotonic()
    root = str(home.root)
    i = 0
    while True:
        with clock.stage("wait_fetch"):
            if not batches.has(i):
                break
        with clock.stage("clean"):
            clean, q_clean = runner.clean(i, batches, settings)
        with clock.stage("validate"):
            v_clean = validate_task("clean_articles", clean, root, run_id)
        clean = v_clean.good
        with clock.stage("extract"):
            ex = runner.extract(i, clean)
        with clock.stage("validate"):
            v_rep, v_side, v_part = validate_extract_task(ex, clean, root, run_id)
        reports = v_rep.good
        keep = reports["report_id"].implode()
        fetched_q = fetch_q() if fetch_q is not None else None
        if fetched_q is not None:
            fetch_q = None  # loaded with this batch
        quarantine = _concat_q(fetched_q, q_clean, v_clean.quarantine, ex.quarantine,
                               v_rep.quarantine, v_side.quarantine, v_part.quarantine)
        quarantine = quarantine.with_columns(pl.lit(run_id).alias("run_id"))
        with clock.stage("load"):
            summary = load_task(root, run_id, clean, reports,
                                v_side.good.filter(pl.col("report_id").is_in(keep)),
                                v_part.good.filter(pl.col("report_id").is_in(keep)), quarantine,
                                batches.ids(i))
        totals["articles"] += len(batches.ids(i))
        done = totals["articles"]
        totals["articles_new"] += summary.articles_new
        totals["reports"] += summary.reports_new
        totals["meetings_found"] += summary.meetings_found
        totals["meetings_new"] += summary.meetings_new
        totals["meetings_merged"] += summary.meetings_merged
        totals["quarantined"] += len(quarantine)
        _count_rules(totals["by_rule"], quarantine)
        totals["summaries"] += [v_clean.summary, v_rep.summary, v_side.summary, v_part.summary]
        # Futures, task states and the frames they point to form reference cycles; without a
        # collection here they outlive their batch until a rare full collection, and peak memory
        # grew with the corpus (measured: +45 MB per batch of 5,000 with worker processes).
        gc.collect()
        rate = done / max(time.monotonic() - started, 1e-6)
        if not batches.complete:
            _progress(f"batch {i + 1} done ({done} articles so far, {rate:.0f}/s)")
        elif len(batches) > 1:
            _progress(f"batch {i + 1}/{len(batches)} done ({done}/{batches.rows} articles, {rate:.0f}/s)")
        i += 1
    if getattr(runner, "worker_seconds", None):
        totals["worker_seconds"] = dict(runner.worker_seconds)
    return totals, fetch_q


def _finish(home: Home, run_id: str, kind: str, fetched: dict, totals: dict, started: float,
            clock: StageClock) -> dict:
    from tasks.load import record_run
    from tasks.validate import write_run_report

    with clock.stage("finish"):
        refresh_marts_task(str(home.root))
        wh = validate_warehouse_task(str(home.root), run_id)
        summaries = fetched.get("summaries", []) + totals.pop("summaries") + wh
        critical = sum(int(s.get("failed_critical", 0) or 0) for s in summaries)
        summary = {
            "run_id": run_id, "kind": kind,
            "articles_read": fetched.get("read", 0), "articles_new": totals["articles_new"],
            "duplicates_skipped": fetched.get("duplicate", 0),
            "quarantined": totals["quarantined"],
            "reports": totals["reports"], "meetings_found": totals["meetings_found"],
            "meetings_new": totals["meetings_new"], "meetings_merged": totals["meetings_merged"],
            "critical_failures": critical,
            "status": "failed-with-quarantine" if critical else "ok",
        }
        summary["report"] = str(write_run_report(home, run_id, summaries, totals.pop("by_rule")))
    summary["seconds"] = round(time.monotonic() - started, 2)
    summary["stage_seconds"] = {k: round(v, 3) for k, v in clock.seconds.items()}
    if "worker_seconds" in totals:  # partitioned runner: clean/extract's own time in the workers
        summary["worker_seconds"] = {k: round(v, 3) for k, v in totals["worker_seconds"].items()}
    record_run(home, run_id, summary)
    (home.runs / f"{run_id}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def run_pipeline(inputs: list[str], home: str | None, batch_size: int | None = None,
                 retry_quarantine: bool = False, runner=None, reprocess: bool = False) -> dict:
    """One run under the home's lock: fetch (or reset for reprocessing), process, finish.

    When the batches will go to worker processes (a large input, or ``runner`` process or a
    ``PartitionRunner``), the fetch runs in a thread alongside and batches start as soon as its
    first raw files are in the lake; otherwise fetch ends before the first batch begins.
    """
    h = Home.resolve(home).ensure()
    settings = load_settings({"pipeline": {"batch_size": batch_size}})
    run_id = new_run_id()
    started = time.monotonic()
    clock = StageClock()
    early: list = []
    with h.lock(wait_s=float(os.environ.get("LIQA_LOCK_WAIT_S", "0"))):
        if reprocess:
            from tasks.load import reset_derived

            reset_derived(h)
            fetched = {}
            totals = _process_pending(h, run_id, settings, pl.DataFrame(schema=QUARANTINE), retry_quarantine,
                                      runner, clock)
        else:
            early = start_workers_early(settings, h, list(inputs), runner or "auto") \
                if runner is None or isinstance(runner, str) else []
            if early or isinstance(runner, PartitionRunner):
                fetch = FetchThread(list(inputs), str(h.root), run_id, settings, clock)
                try:
                    totals = _process_pending(
                        h, run_id, settings, lambda: fetch.result()["quarantine"] if fetch.done.is_set() else None,
                        retry_quarantine, runner, clock, arriving=fetch.done)
                finally:
                    fetch.join()  # never leave it writing to the lake after the lock is released
                fetched = fetch.result()
            else:
                with clock.stage("fetch"):
                    fetched = fetch_task(list(inputs), str(h.root), run_id, settings)
                totals = _process_pending(h, run_id, settings, fetched["quarantine"], retry_quarantine,
                                          runner, clock)
            fetched.pop("quarantine")
        for f in early:  # started early but perhaps not needed: let them finish before the flow does
            try:
                f.wait()
            except BrokenExecutor:  # the workers died; the runner already went on in-process
                pass
        return _finish(h, run_id, "reprocess" if reprocess else "ingest", fetched, totals, started, clock)


# Workers for the partitioned runner (flows/runners.py); spawned only when a run submits work to
# them, i.e. when its input is large enough. Each imports liqa and compiles the lexicons once.
POOL = process_pool()


@flow(name="liqa-ingest", log_prints=False, task_runner=POOL)
def ingest(inputs: list[str], home: str | None = None, batch_size: int | None = None,
           retry_quarantine: bool = False, runner: str = "auto") -> dict:
    """Fetch the inputs, then clean, extract and load everything not yet in the warehouse.

    ``runner``: where clean and extract run: ``local`` (this process), ``process`` (the flow's
    process pool, partitioned) or ``auto`` (the pool when the input is large; flows/runners.py).
    """
    return run_pipeline(inputs, home, batch_size, retry_quarantine, runner=runner)


@flow(name="liqa-reprocess", log_prints=False, task_runner=POOL)
def reprocess(home: str | None = None, batch_size: int | None = None, runner: str = "auto") -> dict:
    """Re-clean, re-extract and reload every stored raw article (after lexicon/gazetteer changes)."""
    return run_pipeline([], home, batch_size, runner=runner, reprocess=True)
