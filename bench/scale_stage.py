"""The flow ``bench.scale`` times, and the articles it extracts.

Why a module of its own, and why the flow's body names nothing but ``passes``: Prefect sends the
flow run's context, the ``Flow`` object included, with every task it submits to a process pool or
Dask. cloudpickle cannot pickle a flow's function by reference (its module attribute is the
``Flow``, not the function), so it pickles it by value *with every global the body names*. When
the body read the article frame from a global, that frame travelled with every partition:
measured, a 39 MB frame inside each 5,000-article task and 137-168 MiB Dask graphs on the full
corpus, which made 2 Dask workers no faster than 1. ``passes`` is an ordinary module-level
function, pickled by reference, and ``DATA`` stays in this process. (The ingest flows only name
module-level functions: 2-3 KB pickled.)
"""
from __future__ import annotations

import time

from prefect import flow

# The cleaned articles for the stage: not a flow parameter either (parameters travel too).
DATA: dict = {}


def passes(parts: int) -> tuple[float, float, int]:
    """Inside a flow: extract ``DATA["clean"]`` over ``parts`` partitions twice; (first s, second s, reports)."""
    from flows.runners import merge_extracts, partitions, place
    from flows.stages import extract_task

    clean = DATA["clean"]
    times, reports = [], 0
    for _ in range(2):
        t0 = time.perf_counter()
        futures = [extract_task.submit(p) for p in place(partitions(clean, parts, 1))]
        reports = len(merge_extracts([f.result() for f in futures]).reports)
        times.append(time.perf_counter() - t0)
    return times[0], times[1], reports


@flow(name="bench-scale", log_prints=False)
def stage(parts: int) -> tuple[float, float, int]:
    """Extract ``DATA["clean"]`` over ``parts`` partitions, twice."""
    return passes(parts)
