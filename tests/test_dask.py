"""``liqa run --runner process`` and ``--runner dask`` build the same warehouse as in-process.

Why: the partitioned runners cut each batch into partitions, clean and extract them in other
processes one batch ahead, drop the extraction of rows the clean suite rejects, and stitch the
results back together; any lost, duplicated or reordered row would change the marts. All runs
use the same batch size, so even the meeting ids must agree.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_batching import assert_same_warehouse, run_ingest, warehouse_snapshot

pytestmark = pytest.mark.slow

BATCH = 10  # several batches, so the next batch's clean overlaps this batch's load


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared: Path) -> Path:
    """The seeds and a slice of the dev texts (sorted names: the same slice every time)."""
    dev = shared / "eval" / "dev" / "texts"
    if not dev.is_dir():
        pytest.skip("shared/eval/dev/texts is not present")
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(shared / "seeds", root / "seeds")
    (root / "dev").mkdir()
    for path in sorted(dev.glob("*.txt"))[:20]:
        shutil.copy(path, root / "dev" / path.name)
    # inputs the fetch quarantines: with workers the fetch runs alongside the batches, and its
    # quarantine rows must still reach the warehouse (compared in the snapshots' quarantine)
    (root / "dev" / "empty.txt").write_bytes(b"")
    (root / "dev" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return root


def test_partitions_keep_every_row_in_order() -> None:
    import polars as pl

    from flows.scale import partitions

    df = pl.DataFrame({"i": range(23)})
    for n, min_rows in [(1, 1), (2, 1), (4, 5), (7, 1), (50, 1), (3, 100)]:
        parts = partitions(df, n, min_rows)
        assert pl.concat(parts).equals(df)
        assert len(parts) <= n
        assert max(map(len, parts)) - min(map(len, parts)) <= 1
        if len(parts) > 1:
            assert min(map(len, parts)) >= min(min_rows, len(df))


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory, prefect_api: str) -> tuple[dict, dict]:
    """The in-process run: its summary and its warehouse snapshot."""
    home = tmp_path_factory.mktemp("local") / "home"
    summary = run_ingest([str(corpus)], home, prefect_api, batch_size=BATCH)
    snap = warehouse_snapshot(home, canonical_ids=False)
    assert len(snap["meetings"]) > 0
    return summary, snap


def test_process_runner_builds_the_same_warehouse(corpus: Path, tmp_path: Path, prefect_api: str,
                                                  local_run, monkeypatch) -> None:
    monkeypatch.setenv("LIQA_PIPELINE_MIN_PARTITION", "1")  # tiny input: still cut every batch in two
    local, snap_local = local_run
    proc = run_ingest([str(corpus)], tmp_path / "proc", prefect_api, batch_size=BATCH, runner="process")
    assert proc["articles_new"] == local["articles_new"] > 20
    for key in ("reports", "meetings_found", "meetings_new", "quarantined", "critical_failures", "status"):
        assert proc[key] == local[key], key
    assert set(proc["worker_seconds"]) >= {"clean", "extract"}  # the work did run in the workers
    assert "worker_seconds" not in local
    snap_proc = warehouse_snapshot(tmp_path / "proc", canonical_ids=False)
    fetch_rules = {json.loads(r)["rule"] for r in snap_proc["quarantine"] if json.loads(r)["stage"] == "fetch"}
    assert fetch_rules, "the fetch's quarantine rows were lost"  # the fetch ran alongside the batches
    assert_same_warehouse(snap_local, snap_proc)


def test_auto_runner_keeps_small_inputs_in_process(corpus: Path, tmp_path: Path, prefect_api: str) -> None:
    out = run_ingest([str(corpus)], tmp_path / "auto", prefect_api, batch_size=BATCH, runner="auto")
    assert out["articles_new"] > 20 and "worker_seconds" not in out  # below parallel_min_rows


def test_dask_runner_builds_the_same_warehouse(corpus: Path, tmp_path: Path, prefect_api: str, local_run) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.scale import ingest_dask

    local, snap_local = local_run
    with temporary_settings({PREFECT_API_URL: prefect_api}):
        dask = ingest_dask([str(corpus)], home=str(tmp_path / "dask"), batch_size=BATCH, workers=2,
                           min_partition=1)
    assert dask["articles_new"] == local["articles_new"] > 20
    for key in ("reports", "meetings_found", "meetings_new", "quarantined", "critical_failures", "status"):
        assert dask[key] == local[key], key
    assert set(dask["stage_seconds"]) >= {"fetch", "clean", "extract", "validate", "load"}
    assert set(dask["worker_seconds"]) >= {"clean", "extract"}
    assert_same_warehouse(snap_local, warehouse_snapshot(tmp_path / "dask", canonical_ids=False))
