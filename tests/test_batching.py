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


def warehouse_snapshot(home: Path, canonical_ids: bool = True) -> dict[str, list]:
    """Every mart as a sorted list of rows (volatile columns dropped), plus the JSONL export.

    ``canonical_ids``: replace each meeting_id by the sorted report ids of its meeting, so two
    warehouses compare equal when they hold the same meetings even if the ids differ (a meeting
    id is assigned when the meeting is first seen, see docs/dedup.md).
    """
    import duckdb

    from liqa.export import article_records
    from liqa.home import Home

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        ids: dict[str, str] = {}
        if canonical_ids:
            for mid, rids in con.execute("select meeting_id, list(report_id order by report_id) "
                                         "from meeting_reports group by 1").fetchall():
                ids[mid] = "reports:" + ",".join(rids)

        def row(cols: list[str], values: tuple) -> str:
            d = {c: (ids.get(v, v) if c == "meeting_id" else v) for c, v in zip(cols, values)}
            return json.dumps(d, default=str, ensure_ascii=False, sort_keys=True)

        snap: dict[str, list] = {}
        for table in MARTS:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [table]).fetchall() if c not in VOLATILE]
            assert cols, f"mart {table} is missing"
            quoted = ", ".join('"' + c + '"' for c in cols)
            snap[table] = sorted(row(cols, r) for r in con.execute(f"select {quoted} from {table}").fetchall())
        snap["quarantine"] = sorted(row(["stage", "rule", "record_id", "reason"], r) for r in con.execute(
            "select stage, rule, record_id, reason from quarantine").fetchall())
    finally:
        con.close()
    records = article_records(Home(home))
    for rec in records:
        for m in rec["meetings"]:
            m["meeting_id"] = ids.get(m["meeting_id"], m["meeting_id"])
    snap["export"] = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records)
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


def run_ingest(inputs: list[str], home: Path, api_url: str, batch_size: int, runner: str = "local") -> dict:
    """The ingest flow in this process against the session's Prefect server (in-process by default)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.ingest import ingest
    from flows.runners import process_pool

    flow = ingest.with_options(task_runner=process_pool(2)) if runner == "process" else ingest
    with temporary_settings({PREFECT_API_URL: api_url}):
        return flow(inputs, home=str(home), batch_size=batch_size, runner=runner)


@pytest.fixture(scope="module")
def two_runs(corpus: Path, tmp_path_factory, prefect_api: str) -> dict[int, tuple[dict, Path]]:
    """The same corpus ingested with 100 and with 2 articles per batch."""
    out = {}
    for size in (100, 2):
        home = tmp_path_factory.mktemp(f"b{size}") / "home"
        out[size] = run_ingest([str(corpus)], home, prefect_api, batch_size=size), home
    return out


def test_batch_size_does_not_change_the_warehouse(two_runs) -> None:
    (big, home_big), (small, home_small) = two_runs[100], two_runs[2]
    assert big["articles_new"] == small["articles_new"] > 50
    snap_big = warehouse_snapshot(home_big)
    # some meeting is reported by several articles, so deduplication across batches is exercised
    assert any(json.loads(m)["n_sources"] >= 2 for m in snap_big["meetings"]), "no multi-source meeting"
    assert_same_warehouse(snap_big, warehouse_snapshot(home_small))


def test_meeting_ids_do_not_depend_on_batch_size(two_runs) -> None:
    snaps = [warehouse_snapshot(home, canonical_ids=False) for _, home in two_runs.values()]
    assert snaps[0]["meetings"] == snaps[1]["meetings"]
