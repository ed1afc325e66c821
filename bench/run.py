"""One benchmark run: the full flow over SaudiNewsNet, a floor pass, and a no-op re-run.

What is measured, all in one process so the numbers are comparable:
- start-up: importing Prefect and GX, and the first (empty) flow run, which starts Prefect's
  temporary API server when no PREFECT_API_URL is set;
- the floor: read + json-decode + ``liqa.textnorm.normalize`` of every article, no pipeline;
- the flow (fetch → clean → extract → load, GX after every stage) in a fresh home, with
  exclusive seconds per stage (bench.probe) and the rest counted as orchestration;
- the same flow again over the same input (everything is already loaded: the no-op cost);
- peak RSS of this process and of its process tree.
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
import time
from pathlib import Path

from bench.probe import RssSampler, StageTimer, timed_import

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "saudinewsnet" / "articles.jsonl.gz"


def slice_corpus(src: Path, limit: int | None, out_dir: Path) -> tuple[Path, int]:
    """The first ``limit`` articles as a plain JSONL file (or the whole input); returns path and count."""
    opener = gzip.open if src.name.endswith(".gz") else open
    if limit is None:
        with opener(src, "rb") as fh:
            return src, sum(1 for line in fh if line.strip())
    out = out_dir / f"saudinewsnet-{limit}.jsonl"
    n = 0
    with opener(src, "rb") as fh, open(out, "wb") as dst:
        for line in fh:
            if n >= limit:
                break
            if line.strip():
                dst.write(line)
                n += 1
    return out, n


def floor_pass(path: Path) -> dict:
    """Read, decode and normalise every article: the least any pipeline over this input must do."""
    from liqa.textnorm import normalize

    opener = gzip.open if path.name.endswith(".gz") else open
    t0, c0 = time.perf_counter(), time.process_time()
    n = chars = 0
    with opener(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            chars += len(normalize(rec.get("content") or "").text)
            n += 1
    s, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": n, "seconds": round(s, 3), "cpu_seconds": round(cpu, 3),
            "articles_per_s": round(n / s, 1), "chars": chars}


def _noop_flow() -> float:
    from prefect import flow

    @flow(name="bench-noop")
    def noop() -> int:
        return 0

    t0 = time.perf_counter()
    noop()
    return time.perf_counter() - t0


def _flow_run(kind: str, inputs: list[str], home: Path, batch_size: int | None, workers: int,
              timer: StageTimer) -> dict:
    timer.reset()
    t0 = time.perf_counter()
    if kind == "dask":
        from flows.scale import ingest_dask

        summary = ingest_dask(inputs, home=str(home), batch_size=batch_size, workers=workers or 2)
    else:
        from flows.ingest import ingest
        from flows.runners import process_pool

        flow = ingest.with_options(task_runner=process_pool(workers)) if workers else ingest
        summary = flow(inputs, home=str(home), batch_size=batch_size, runner=kind)
    wall = time.perf_counter() - t0
    stages = {k: round(v, 3) for k, v in sorted(timer.seconds.items())}
    # the flow's own time: a fetch in its own thread (flows.ingest.FetchThread) overlaps the batches
    accounted = sum(timer.main_seconds.values())
    return {"wall_s": round(wall, 3), "stages_s": stages, "calls": dict(timer.calls),
            "orchestration_s": round(max(wall - accounted, 0.0), 3),
            "stage_seconds_flow": summary.get("stage_seconds"),
            "worker_seconds": summary.get("worker_seconds"),
            "summary": {k: v for k, v in summary.items() if k not in ("report", "stage_seconds")}}


def run_bench(limit: int | None, batch_size: int | None, runner: str = "auto", workers: int | None = None,
              corpus: Path = CORPUS, keep_home: Path | None = None) -> dict:
    """Everything in the module docstring; returns one JSON-able dict."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    t_start = time.perf_counter()
    startup = {"import_prefect_s": round(timed_import("prefect"), 3),
               "import_gx_s": round(timed_import("great_expectations"), 3)}
    import flows.ingest  # noqa: F401 - the stage modules must be loaded before the probe patches them
    import tasks.clean, tasks.extract, tasks.fetch.run, tasks.lake, tasks.load, tasks.validate  # noqa: F401,E401
    startup["import_liqa_s"] = round(time.perf_counter() - t_start - sum(startup.values()), 3)
    from flows.runners import api_for_workers

    with api_for_workers():  # one API server for the flow and its worker processes, as `liqa run` does
        startup["first_flow_s"] = round(_noop_flow(), 3)
        return _measure(startup, limit, batch_size, runner, workers, corpus, keep_home)


def _measure(startup: dict, limit: int | None, batch_size: int | None, runner: str, workers: int | None,
             corpus: Path, keep_home: Path | None) -> dict:
    timer = StageTimer().install()
    with tempfile.TemporaryDirectory(prefix="liqa-bench-") as tmp:
        path, n = slice_corpus(corpus, limit, Path(tmp))
        floor = floor_pass(path)
        home = keep_home or Path(tmp) / "home"
        with RssSampler() as rss:
            first = _flow_run(runner, [str(path)], home, batch_size, workers, timer)
        rss_first = {"peak_self_mb": round(RssSampler.peak_self_mb(), 1), "peak_tree_mb": round(rss.peak_tree_mb, 1)}
        startup["empty_flow_warm_s"] = round(_noop_flow(), 3)  # Prefect's own cost of a flow run, server up
        second = _flow_run(runner, [str(path)], home, batch_size, workers, timer)
    timer.uninstall()
    return {"corpus": str(corpus), "articles": n, "limit": limit, "batch_size": batch_size, "runner": runner,
            "workers": workers, "cpus": os.cpu_count(),
            "startup": startup, "floor": floor, "run": first, "rss": rss_first, "rerun": second,
            "ratios": ratios(n, floor, first, second, startup["empty_flow_warm_s"])}


def ratios(n: int, floor: dict, first: dict, second: dict, empty_flow_s: float = 0.0) -> dict:
    """The numbers issue 7 asks for, derived from one run.

    With a partitioned runner, clean and extract ran in worker processes: their cost is the
    workers' CPU seconds (wall time there is inflated by sharing the cores with the flow
    process), and the flow's wait for them is neither a stage of its own nor orchestration.
    """
    st = dict(first["stages_s"])
    on_workers = first.get("worker_seconds") or {}
    flow_side = first.get("stage_seconds_flow") or {}
    waited = 0.0
    for k in ("clean", "extract"):
        if k not in st and f"{k}_cpu" in on_workers:
            st[k] = on_workers[f"{k}_cpu"]
            waited += flow_side.get(k, 0.0)
    waited += flow_side.get("wait_fetch", 0.0)  # the batch loop waiting for a fetch still reading
    wall = first["wall_s"]
    gx = st.get("gx", 0.0)
    orchestration = max(first["orchestration_s"] - waited, 0.0)
    validate_rest = st.get("validate", 0.0) + st.get("validate_warehouse", 0.0)
    floor_s = floor.get("cpu_seconds") or floor["seconds"]
    return {
        "articles_per_s_end_to_end": round(n / wall, 1) if wall else None,
        "articles_per_s_by_stage": {k: round(n / v, 1) for k, v in st.items()
                                    if v and k in ("fetch", "clean", "extract")},
        "extract_over_floor": round(st.get("extract", 0.0) / floor_s, 2) if floor_s else None,
        "waiting_for_workers_s": round(waited, 3),
        "orchestration_s": round(orchestration, 3),
        "gx_share": round(gx / wall, 3) if wall else None,
        "validation_other_share": round(validate_rest / wall, 3) if wall else None,
        "orchestration_share": round(orchestration / wall, 3) if wall else None,
        "gx_plus_orchestration_share": round((gx + orchestration) / wall, 3) if wall else None,
        "noop_rerun_s": second["wall_s"],
        "noop_rerun_over_run": round(second["wall_s"] / wall, 3) if wall else None,
        # issue 7: what a no-op re-run adds to Prefect's own cost of running an (empty) flow
        "noop_rerun_added_s": round(max(second["wall_s"] - empty_flow_s, 0.0), 3),
    }
