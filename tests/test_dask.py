"""``liqa run --runner dask`` builds the same warehouse as the local runner.

Why: the Dask runner cuts each batch into partitions, cleans and extracts them in other
processes and stitches the results back together; any lost, duplicated or reordered row would
change the marts. Both runs use the same batch size, so even the meeting ids must agree.
"""
from __future__ import annotations

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


def test_dask_runner_builds_the_same_warehouse(corpus: Path, tmp_path: Path, prefect_api: str) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.scale import ingest_dask

    local = run_ingest([str(corpus)], tmp_path / "local", prefect_api, batch_size=BATCH)
    with temporary_settings({PREFECT_API_URL: prefect_api}):
        dask = ingest_dask([str(corpus)], home=str(tmp_path / "dask"), batch_size=BATCH, workers=2,
                           min_partition=1)
    assert dask["articles_new"] == local["articles_new"] > 20
    for key in ("reports", "meetings_found", "meetings_new", "quarantined", "critical_failures", "status"):
        assert dask[key] == local[key], key
    assert set(dask["stage_seconds"]) >= {"fetch", "clean", "extract", "validate", "load"}
    snap_local = warehouse_snapshot(tmp_path / "local", canonical_ids=False)
    assert len(snap_local["meetings"]) > 0
    assert_same_warehouse(snap_local, warehouse_snapshot(tmp_path / "dask", canonical_ids=False))
