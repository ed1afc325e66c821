"""The warehouse does not depend on how the input was cut into batches.

Why this matters: batches exist only to bound memory (31,000-article dumps), so a user must get
the same meetings, participants and articles whether a run used 2 articles per batch or 100.
Deduplication across batch boundaries is where this can break: with small batches two reports
of one meeting are loaded in different batches and must still merge into the same meeting.

``warehouse_snapshot`` is shared with tests/test_dask.py (same question, other runner).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# columns that record when or in which run something happened, not what the data is
VOLATILE = {"run_id", "fetched_at", "created_at", "assigned_at", "processed_at", "finished_at", "at",
            "first_run_id"}
# marts analysts read, and the exported exchange format; the registry and run tables are bookkeeping
MARTS = ("articles", "meetings", "meeting_reports", "meeting_sides", "meeting_participants",
         "meeting_sources", "meeting_field_values", "actors", "dyads")


def warehouse_snapshot(home: Path) -> dict[str, list]:
    """Every mart as a sorted list of rows (volatile columns dropped), plus the JSONL export."""
    import duckdb

    from liqa.export import article_records
    from liqa.home import Home

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        snap: dict[str, list] = {}
        for table in MARTS:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [table]).fetchall() if c not in VOLATILE]
            assert cols, f"mart {table} is missing"
            quoted = ", ".join('"' + c + '"' for c in cols)
            rows = con.execute(f"select {quoted} from {table}").fetchall()
            snap[table] = sorted(json.dumps(dict(zip(cols, r)), default=str, ensure_ascii=False, sort_keys=True)
                                 for r in rows)
        snap["quarantine"] = sorted(json.dumps(r, default=str, ensure_ascii=False) for r in con.execute(
            "select stage, rule, record_id, reason from quarantine").fetchall())
    finally:
        con.close()
    snap["export"] = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False)
                            for r in article_records(Home(home)))
    return snap


def assert_same_warehouse(a: dict[str, list], b: dict[str, list]) -> None:
    """Equal marts, reporting the first differing table with a few differing rows."""
    for table in a:
        only_a = sorted(set(a[table]) - set(b[table]))[:3]
        only_b = sorted(set(b[table]) - set(a[table]))[:3]
        assert a[table] == b[table], f"{table} differs:\n only first: {only_a}\n only second: {only_b}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared: Path) -> Path:
    """The seeds and the 50 dev texts in one folder: enough articles for many small batches."""
    if not (shared / "eval" / "dev" / "texts").is_dir():
        pytest.skip("shared/eval/dev/texts is not present")
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(shared / "seeds", root / "seeds")
    shutil.copytree(shared / "eval" / "dev" / "texts", root / "dev")
    return root


def run_ingest(inputs: list[str], home: Path, api_url: str, batch_size: int) -> dict:
    """The local flow in this process against the session's Prefect server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.ingest import ingest

    with temporary_settings({PREFECT_API_URL: api_url}):
        return ingest(inputs, home=str(home), batch_size=batch_size)


@pytest.fixture(scope="module")
def big_batches(corpus: Path, tmp_path_factory, prefect_api: str) -> tuple[dict, dict]:
    home = tmp_path_factory.mktemp("b100") / "home"
    summary = run_ingest([str(corpus)], home, prefect_api, batch_size=100)
    return summary, warehouse_snapshot(home)


def test_batch_size_does_not_change_the_warehouse(corpus: Path, big_batches, tmp_path: Path,
                                                  prefect_api: str) -> None:
    summary_big, snap_big = big_batches
    summary_small = run_ingest([str(corpus)], tmp_path / "home", prefect_api, batch_size=2)
    assert summary_big["articles_new"] == summary_small["articles_new"] > 50
    # some meeting is reported by several articles, so deduplication across batches is exercised
    assert any(json.loads(m)["n_sources"] >= 2 for m in snap_big["meetings"]), "no multi-source meeting"
    assert_same_warehouse(snap_big, warehouse_snapshot(tmp_path / "home"))
