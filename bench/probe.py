"""Timing and memory probes for the benchmark; nothing here is used by the pipeline itself.

Why wrap functions instead of editing the stages: the benchmark must measure the code users run.
``StageTimer.install`` swaps each stage's public function for a timed wrapper in every already
imported ``tasks.*`` / ``flows.*`` module that refers to it (the Prefect tasks import their stage
function at call time, so they pick the wrapper up). Time is kept *exclusive*: a GX run inside
``validate`` inside ``fetch_into_lake`` counts once, in the innermost stage, so the stages add up
to at most the wall time and the rest is orchestration.
"""
from __future__ import annotations

import functools
import importlib
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from typing import Any, Callable

# stage name -> (module, function); the innermost wrapper running gets the time
STAGES: dict[str, tuple[str, str]] = {
    "fetch": ("tasks.fetch.run", "fetch_into_lake"),
    "clean": ("tasks.clean", "clean_batch"),
    "extract": ("tasks.extract", "extract_batch"),
    "validate": ("tasks.validate", "validate"),
    "validate_warehouse": ("tasks.validate", "validate_warehouse"),
    "gx": ("tasks.quality.gxrun", "run_suite"),
    "load": ("tasks.load", "load_batch"),
    "pending": ("tasks.lake", "scan_table_file"),  # reading pending raw batches from the lake
    "marts": ("tasks.load", "refresh_marts"),
    "report": ("tasks.validate", "write_run_report"),
}


class StageTimer:
    """Exclusive wall seconds and call counts per stage, each thread's calls nested on their own."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.main_seconds: dict[str, float] = defaultdict(float)  # the main thread's share (the flow's own)
        self.calls: dict[str, int] = defaultdict(int)
        self._local = threading.local()  # per thread (the fetch may run in its own): open calls
        self._originals: list[tuple[Any, str, Any]] = []

    @property
    def _stack(self) -> list[list[float]]:
        """This thread's open calls: [start, child seconds] each."""
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return self._local.stack

    def wrap(self, name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.perf_counter(), 0.0]
            stack = self._stack
            stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                stack.pop()
                total = time.perf_counter() - frame[0]
                self.seconds[name] += total - frame[1]
                if threading.current_thread() is threading.main_thread():
                    self.main_seconds[name] += total - frame[1]
                self.calls[name] += 1
                if stack:
                    stack[-1][1] += total
        timed.__wrapped_stage__ = name  # type: ignore[attr-defined]
        return timed

    def install(self) -> "StageTimer":
        for name, (module, attr) in STAGES.items():
            original = getattr(importlib.import_module(module), attr)
            wrapper = self.wrap(name, original)
            for mod in list(sys.modules.values()):
                mname = getattr(mod, "__name__", "")
                if not mname.startswith(("tasks", "flows")):
                    continue
                for key, value in list(vars(mod).items()):
                    if value is original:
                        self._originals.append((mod, key, value))
                        setattr(mod, key, wrapper)
        return self

    def uninstall(self) -> None:
        for mod, key, value in reversed(self._originals):
            setattr(mod, key, value)
        self._originals.clear()

    def reset(self) -> None:
        self.seconds.clear()
        self.main_seconds.clear()
        self.calls.clear()


class RssSampler:
    """Peak resident memory of this process and its children (the Prefect API server, Dask workers)."""

    def __init__(self, every_s: float = 0.2) -> None:
        import psutil

        self._proc = psutil.Process(os.getpid())
        self._every = every_s
        self.peak_tree_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> float:
        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # noqa: BLE001 - a child may exit between listing and reading
                pass
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_tree_mb = max(self.peak_tree_mb, self._sample())
            self._stop.wait(self._every)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_tree_mb = max(self.peak_tree_mb, self._sample())

    @staticmethod
    def peak_self_mb() -> float:
        """ru_maxrss of this process (kilobytes on Linux): the high-water mark, never reset."""
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(module: str) -> float:
    """Seconds to import ``module`` now (0 when something imported it already)."""
    t0 = time.perf_counter()
    importlib.import_module(module)
    return time.perf_counter() - t0
