"""The lake: partitioned, append-only, atomic files; duplicate keys read once; pending raw."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import polars as pl

from liqa.home import Home
from liqa.schemas import RAW
from tasks.lake import known_raw_ids, pending_raw, scan_table, write_table
from tasks.load import load_batch
from test_warehouse import dev_batch, subset


def raw_rows(n: int, months=("2024-01", "2024-02", None)) -> pl.DataFrame:
    return pl.DataFrame({"raw_id": [f"r{i}" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
                         "content": [f"text {i}".encode() for i in range(n)],
                         "fetched_at": [dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)] * n,
                         "month": [months[i % len(months)] for i in range(n)]})


def test_write_partitions_and_scan_back(tmp_path):
    home = Home(tmp_path)
    assert write_table(home, "raw", raw_rows(6), "run1") == 6
    dirs = sorted(p.name for p in (tmp_path / "lake" / "raw").iterdir())
    assert dirs == ["month=2024-01", "month=2024-02", "month=none"]
    assert [p.name for p in (tmp_path / "lake" / "raw" / "month=2024-01").iterdir()] == ["run1-0.parquet"]
    back = scan_table(home, "raw", RAW).collect()
    assert back.columns == list(RAW) and back.height == 6
    assert back.filter(pl.col("raw_id") == "r2")["month"][0] is None
    assert back.filter(pl.col("raw_id") == "r1")["month"][0] == "2024-02"
    assert known_raw_ids(home) == {f"r{i}" for i in range(6)}


def test_same_rows_twice_are_read_once(tmp_path):
    home = Home(tmp_path)
    write_table(home, "raw", raw_rows(4), "run1")
    write_table(home, "raw", raw_rows(4), "run1")
    assert len(list((tmp_path / "lake" / "raw" / "month=2024-01").glob("*.parquet"))) == 2
    assert scan_table(home, "raw").collect().height == 4


def test_empty_table_and_empty_write(tmp_path):
    home = Home(tmp_path)
    assert write_table(home, "reports", pl.DataFrame(), "run1") == 0
    assert scan_table(home, "reports").collect().height == 0
    assert pending_raw(home).height == 0


def test_killed_write_leaves_no_partial_file(tmp_path):
    code = ("import sys, datetime as dt, polars as pl; from liqa.home import Home; "
            "from tasks.lake import write_table; from test_lake import raw_rows; "
            "write_table(Home.resolve(sys.argv[1]), 'raw', raw_rows(6), 'k')")
    env = {**os.environ, "LIQA_CRASH_AT": "lake_tmp#2", "PYTHONPATH": f"{os.getcwd()}:{os.getcwd()}/tests"}
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env).returncode == 137
    home = Home(tmp_path)
    assert scan_table(home, "raw").collect().height == 2  # the first partition only, whole
    assert list(tmp_path.rglob(".*.tmp"))  # the temp file is there but never read
    write_table(home, "raw", raw_rows(6), "k")
    assert not list(tmp_path.rglob(".*.tmp"))
    assert scan_table(home, "raw").collect().height == 6


def test_pending_raw_follows_the_warehouse(tmp_path):
    home = Home(tmp_path)
    clean, reports, sides, people, _ = dev_batch()
    raw = clean.select("raw_id", "doc_id", "month", content=pl.col("text").cast(pl.Binary))
    write_table(home, "raw", raw, "r1")
    assert pending_raw(home).height == 50
    first = sorted(clean["doc_id"])[:10]
    load_batch(home, "r1", **subset((clean, reports, sides, people, None), first))
    assert set(pending_raw(home)["doc_id"]) == set(clean["doc_id"]) - set(first)
    # a raw row quarantined at clean is done too
    victim = raw.filter(~pl.col("doc_id").is_in(first))["raw_id"][0]
    q = pl.DataFrame({"run_id": ["r2"], "stage": ["clean"], "rule": ["too_short"], "record_id": [victim],
                      "reason": ["text shorter than the minimum"]})
    s = load_batch(home, "r2", quarantine=q)
    assert s.quarantined == 1
    assert victim not in set(pending_raw(home)["raw_id"])
    assert load_batch(home, "r3", quarantine=q).quarantined == 0


def test_pending_batches_stream_the_lake_in_order_and_forget_old_batches(tmp_path):
    import pytest

    from tasks.lake import PendingBatches

    home = Home(tmp_path)
    write_table(home, "raw", raw_rows(23), "run1")
    write_table(home, "raw", raw_rows(30).slice(20), "run2")  # 3 rows again, 7 new ones
    whole = pending_raw(home)
    assert whole.height == 30 and whole["raw_id"].n_unique() == 30
    batches = PendingBatches(home, 7)
    assert (batches.rows, len(batches)) == (30, 5)
    got = [batches[j] for j in range(len(batches))]
    assert [len(b) for b in got] == [7, 7, 7, 7, 2]
    assert pl.concat(got).equals(whole)  # same rows, same order as the one-frame view
    with pytest.raises(IndexError, match="forgotten"):  # memory stays bounded: old batches go
        batches[0]
    load_batch(home, "r1", raw_ids=whole["raw_id"][:10].to_list())  # done raw rows are not pending
    assert PendingBatches(home, 100).rows == 20


def test_pending_batches_pick_up_raw_files_while_a_fetch_is_still_writing(tmp_path):
    """With ``arriving`` (a fetch running in another thread), batches form from the lake files
    written so far, ``has`` waits for a batch or the end of the input, and the rows left over
    when the fetch ends make the last batch."""
    import threading

    from tasks.lake import PendingBatches

    home = Home(tmp_path)
    rows = raw_rows(26)
    write_table(home, "raw", rows.slice(0, 8), "run1")
    done = threading.Event()
    batches = PendingBatches(home, 10, arriving=done)
    second = threading.Timer(0.2, lambda: write_table(home, "raw", rows.slice(8, 8), "run1"))
    second.start()
    assert batches.has(0) and not batches.complete
    second.join()
    # 10 rows: only 8 were in the lake when it was asked for, so it waited for the next file
    assert len(batches[0]) == 10 and set(batches[0]["raw_id"]) <= set(rows["raw_id"][:16])

    def fetch_rest() -> None:
        write_table(home, "raw", rows.slice(16, 10), "run1")
        write_table(home, "raw", rows.slice(20, 6), "run1")  # 4 rows again: read once
        done.set()

    writer = threading.Timer(0.2, fetch_rest)
    writer.start()
    assert batches.has(1)  # waits for the writer
    writer.join()
    assert batches.has(2) and not batches.has(3) and batches.complete
    assert (batches.rows, len(batches)) == (26, 3)
    got = [batches[1], batches[2]]
    assert [len(b) for b in got] == [10, 6]
    every = [r for j in range(3) for r in batches.ids(j)]  # each row once (files go by month)
    assert sorted(every) == sorted(rows["raw_id"].to_list())
