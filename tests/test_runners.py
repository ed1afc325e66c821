"""flows/runners.py: partitions, the rows kept from a partition's extraction, and runner choice.

Why: the partitioned runner extracts a batch before the clean suite has judged it, then keeps
only the output of articles that passed; a wrong filter would load meetings of rejected
articles or lose meetings of accepted ones.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flows.runners import LocalRunner, PartitionRunner, choose_runner, merge_extracts, partitions, restrict_extract
from liqa.settings import load_settings


@pytest.fixture(scope="module")
def extracted(shared: Path):
    """The user's seed articles, cleaned and extracted (real text, several meetings)."""
    from tasks.clean import clean_batch
    from tasks.extract import extract_batch
    from tasks.fetch.local import iter_local

    settings = load_settings()
    raw = pl.concat([b.frames()[0] for b in iter_local([str(shared / "seeds")], settings, batch_size=100)])
    clean, _ = clean_batch(raw, settings)
    return clean, extract_batch(clean)


def test_restrict_keeps_exactly_the_accepted_articles_output(extracted) -> None:
    clean, ex = extracted
    by_article = ex.reports.group_by("article_id").len()
    assert len(by_article) >= 3
    keep = by_article.sort("len", descending=True)["article_id"][:2]  # one with two meetings
    out = restrict_extract(ex, keep)
    assert set(out.reports["article_id"]) == set(keep)
    assert len(out.reports) == len(ex.reports.filter(pl.col("article_id").is_in(keep.implode())))
    kept_reports = set(out.reports["report_id"])
    for name in ("sides", "participants"):
        whole, part = getattr(ex, name), getattr(out, name)
        assert set(part["report_id"]) <= kept_reports
        assert len(part) == len(whole.filter(pl.col("report_id").is_in(list(kept_reports)))) > 0
    assert len(restrict_extract(ex, clean["article_id"]).reports) == len(ex.reports)


def test_merged_partitions_equal_the_whole_batch(extracted) -> None:
    from tasks.extract import extract_batch

    clean, ex = extracted
    merged = merge_extracts([extract_batch(p) for p in partitions(clean, 3, 1)])
    for name in ("reports", "sides", "participants"):
        assert getattr(merged, name).equals(getattr(ex, name)), name


def test_outside_a_pooled_flow_the_run_stays_in_process() -> None:
    settings = load_settings()
    assert isinstance(choose_runner(settings, 10**6, "auto"), LocalRunner)
    assert isinstance(choose_runner(settings, 10**6, "process"), LocalRunner)  # no pool to submit to
    with pytest.raises(ValueError, match="unknown runner"):
        choose_runner(settings, 10, "threads")
    assert PartitionRunner(0).n_parts == 1


GUARDLESS = """
import json, sys
from flows.ingest import ingest
print(json.dumps(ingest([sys.argv[1]], home=sys.argv[2], runner=sys.argv[3])))
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "process"])
def test_a_script_without_a_main_guard_still_gets_its_run(tmp_path: Path, prefect_api: str, mode: str) -> None:
    """Spawned workers import the main script again; without a guard that re-runs the script.

    ``auto`` sees the missing guard and stays in-process; an explicit ``process`` loses its
    workers (the re-run script cannot take the home's lock and dies) and finishes in-process.
    """
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    script = tmp_path / "backfill.py"
    script.write_text(GUARDLESS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root), "LIQA_PIPELINE_MIN_PARTITION": "1",
           "LIQA_PIPELINE_PARALLEL_MIN_ROWS": "1", "LIQA_QUIET": "1"}
    r = subprocess.run([sys.executable, str(script), str(root / "samples"), str(tmp_path / "home"), mode],
                       capture_output=True, text=True, env=env, cwd=root, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["meetings_new"] == 3 and summary["critical_failures"] == 0
    assert "worker_seconds" not in summary  # nothing was cleaned or extracted in a worker
    if mode == "process":
        assert "worker processes failed" in r.stderr


def test_the_ingest_flows_travel_light() -> None:
    """Prefect pickles the running flow into every task it sends to a worker process or Dask.

    cloudpickle pickles a flow's function by value, with every global its body names; a flow
    body that named a module-level table would ship it with each partition (measured in the
    extract bench: a 39 MB frame per task). The ingest flows must stay a few kilobytes.
    """
    import cloudpickle

    from flows.ingest import ingest, reprocess
    from flows.scale import ingest_partitioned_flow

    for flow in (ingest, reprocess, ingest_partitioned_flow):
        assert len(cloudpickle.dumps(flow)) < 20_000, flow.name


class _NoToken:
    """An argument Dask may send but must not tokenise (as it would a partition, by pickling it)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __dask_tokenize__(self):
        raise AssertionError("tokenised: the Dask runner submitted a pure task")


def test_dask_runner_submits_without_hashing_the_partition() -> None:
    """Dask names a pure task by tokenising its arguments, which for a polars frame means pickling
    it several times in the flow process (0.8 s per 5,000 articles, measured); liqa's runner
    submits impure tasks, so the arguments are only sent."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    from flows.scale import _impure_dask_runner

    @task(cache_policy=NO_CACHE, persist_result=False)
    def double(x: _NoToken) -> int:
        return 2 * x.n

    @flow
    def twice() -> list[int]:
        return [f.result() for f in [double.submit(_NoToken(i)) for i in range(3)]]

    runner = _impure_dask_runner()(cluster_kwargs={"n_workers": 1, "processes": False, "dashboard_address": None})
    assert twice.with_options(task_runner=runner)() == [0, 2, 4]


def test_the_temporary_api_server_runs_flows_without_heartbeats(monkeypatch) -> None:
    """``liqa run`` without a Prefect server starts a temporary one for the flow and its workers;
    flow-run heartbeats (for a long-lived server's zombie detection) are off there, since each
    costs ~1 s at the end of a flow run. Against a real server they stay as configured."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.runners import api_for_workers

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings({PREFECT_API_URL: None, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
        with api_for_workers():
            assert PREFECT_API_URL.value().startswith("http://127.0.0.1")
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180
        with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}), api_for_workers():
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180
