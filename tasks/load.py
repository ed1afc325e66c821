"""Load a batch into the lake and the DuckDB warehouse, deduplicate, rebuild the marts.

Why one transaction: the warehouse must be as before or as after a batch, never half, even
when the process is killed. Everything that changes the warehouse for a batch (raw rows, the
meeting registry, merges, marts rebuilt by ``warehouse/*.sql``) happens between one ``begin``
and one ``commit`` on a short-lived write connection, which DuckDB's write-ahead log makes
atomic. Rows are keyed (article_id, report_id, ...) and inserted only when new, so loading the
same batch again changes nothing; the lake write uses the same filter and the lake's readers
drop duplicate keys, so a batch whose Parquet landed before a crash is not counted twice.

Crash points (``LIQA_CRASH_AT``, see tasks/lake.py): ``load_begin`` (transaction open, nothing
written), ``load_lake`` (lake written, warehouse not), ``load_commit`` (all done but the commit).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import polars as pl

from liqa.home import Home
from liqa.schemas import CLEAN, QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS, conform
from tasks.dedup import dedup, derived_actor_id
from tasks.lake import KEYS, crash_point, scan_table, write_table
from tasks.validate import forget_warehouse_validation

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"

# Rows per row group of the tables this load writes (DuckDB's default is 122,880). Why smaller: a
# load appends to the table's last row group, and the checkpoint at commit rewrites that whole
# group; for ``raw_articles`` (the article texts) that grew with the corpus until 122,880 rows, so
# the flow process's peak memory and each load's time grew with every batch. Measured on 8 batches
# of 5,000 Arabic articles: peak RSS 623 MB -> 345 MB (flat after the first batch), last load
# 0.78 s -> 0.24 s, file 332 MB -> 200 MB. A multiple of DuckDB's 2,048-row vector.
ROW_GROUP_ROWS = 10_240

# lake table → (warehouse raw table, contract)
RAW_TABLES: dict[str, tuple[str, dict]] = {
    "clean": ("raw_articles", CLEAN),
    "reports": ("raw_reports", REPORTS),
    "sides": ("raw_sides", REPORT_SIDES),
    "participants": ("raw_participants", REPORT_PARTICIPANTS),
    "quarantine": ("quarantine", QUARANTINE),
}

# Tables the load keeps itself (not from the lake). The registry and merges survive reprocessing.
OWN_TABLES = """
create table if not exists processed_raw (raw_id varchar primary key, run_id varchar, processed_at timestamptz);
create table if not exists runs (run_id varchar primary key, finished_at timestamptz, summary json);
create table if not exists meeting_registry (report_id varchar primary key, meeting_id varchar not null,
    first_run_id varchar, run_id varchar, assigned_at timestamptz);
create table if not exists meeting_merges (meeting_id varchar, merged_meeting_id varchar, reason varchar,
    run_id varchar, "at" timestamptz);
create table if not exists report_meeting_sides (report_id varchar, side_index integer, meeting_id varchar,
    meeting_side integer);
create table if not exists report_actors (report_id varchar, side_index integer, person_index integer,
    actor_id varchar);
create table if not exists dedup_state (key varchar primary key, value varchar);
"""


@dataclass
class LoadSummary:
    articles_new: int = 0
    reports_new: int = 0
    meetings_found: int = 0     # distinct meetings the batch's reports belong to
    meetings_new: int = 0
    meetings_merged: int = 0    # new reports attached to a meeting that existed before
    quarantined: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _sql_type(dtype: pl.DataType) -> str:
    if dtype == pl.String:
        return "varchar"
    if isinstance(dtype, pl.Datetime):
        return "timestamptz" if dtype.time_zone else "timestamp"
    if isinstance(dtype, pl.List):
        return _sql_type(dtype.inner) + "[]"
    return {pl.Binary: "blob", pl.Int64: "bigint", pl.Int32: "integer", pl.Date: "date",
            pl.Float64: "double", pl.Boolean: "boolean"}[dtype]


def connect_writer(home: Home) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the warehouse that writes row groups of ``ROW_GROUP_ROWS``.

    DuckDB takes the row-group size only when a database is attached (it is not stored in the
    file), so the file is attached to an in-memory connection and made the default catalog:
    unqualified names resolve as with ``duckdb.connect(path)``. Readers open the file directly.
    """
    con = duckdb.connect()
    try:
        path = str(home.warehouse).replace("'", "''")
        con.execute(f"attach '{path}' as warehouse (row_group_size {ROW_GROUP_ROWS})")
        con.execute("use warehouse")
    except BaseException:
        con.close()
        raise
    return con


def _ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create raw tables from the contracts in liqa/schemas.py; add columns added there since.

    One catalogue query first: on a warehouse that has everything (every load after the first)
    nothing else runs.
    """
    have: dict[str, set[str]] = {}
    for table, column in con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema = 'main'").fetchall():
        have.setdefault(table, set()).add(column)
    for lake, (name, schema) in RAW_TABLES.items():
        if name not in have:
            cols = ", ".join(f'"{c}" {_sql_type(t)}' for c, t in schema.items())
            con.execute(f"create table {name} ({cols}, primary key ({', '.join(KEYS[lake])}))")
            continue
        for c, t in schema.items():
            if c not in have[name]:
                con.execute(f'alter table {name} add column "{c}" {_sql_type(t)}')
    if not {"processed_raw", "runs", "meeting_registry", "meeting_merges", "report_meeting_sides",
            "report_actors", "dedup_state"} <= have.keys():
        con.execute(OWN_TABLES)


def _new_rows(con: duckdb.DuckDBPyConnection, lake: str, df: pl.DataFrame | None) -> pl.DataFrame:
    """Rows of ``df`` whose key is not yet in the warehouse (batch duplicates dropped)."""
    name, schema = RAW_TABLES[lake]
    keys = KEYS[lake]
    if df is None or len(df) == 0:
        return pl.DataFrame(schema=schema)
    df = conform(df, schema).unique(subset=keys, keep="first", maintain_order=True)
    have = con.execute(f"select {', '.join(keys)} from {name}").pl()
    if len(have) == 0:
        return df
    have = have.with_columns([pl.col(k).cast(schema[k]) for k in keys])
    return df.join(have, on=keys, how="anti", nulls_equal=True)


def _fill_actor_ids(df: pl.DataFrame) -> pl.DataFrame:
    """Participants without a gazetteer id get ``x:`` + a hash of their name key."""
    if len(df) == 0:
        return df
    ids = [a or derived_actor_id(n, nn) for a, n, nn in
           zip(df["actor_id"], df["name"], df["name_native"])]
    return df.with_columns(pl.Series("actor_id", ids, dtype=pl.String))


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    if len(df):
        arrow = df.to_arrow()
        con.register("_batch", arrow)
        con.execute(f"insert into {table} by name select * from _batch")
        con.unregister("_batch")


# marts whose model updates the table in place (new keys only) instead of rebuilding it
INCREMENTAL_MARTS = ("articles",)
# key in dedup_state (the warehouse's own key/value table): set while loads have outrun the marts
MARTS_STALE = "marts_stale_since_run"


def _set_state(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Upsert one row of ``dedup_state``, the warehouse's own key/value table."""
    con.execute("insert into dedup_state values (?, ?) on conflict (key) do update set value = excluded.value",
                [key, value])


def _build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Run the mart models; the marts are then up to date, so the stale flag goes too."""
    run_models(con)
    con.execute("delete from dedup_state where key = ?", [MARTS_STALE])


def run_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run ``warehouse/*.sql`` in name order (stg views, int models, marts); names run."""
    done = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        done.append(path.stem)
    return done


def _dedup_all(con: duckdb.DuckDBPyConnection, run_id: str, window_days: int,
               seeds: set[str]) -> dict[str, str]:
    """Cluster the reports again where ``seeds`` (reports with new rows) can change the result.

    Why not all reports: re-clustering everything every batch makes a run quadratic. Only the
    evidence components of the new reports can change (tasks/dedup.py ``component``); the rest
    keep the meeting the registry gives them, and ids are assigned over all clusters exactly as
    a full re-cluster would. A change of ``dedup.window_days`` since the last load changes old
    edges too, so it re-clusters everything (``dedup_state`` remembers the window).
    """
    reports = con.execute("""select r.*, a.published as published_article
                             from raw_reports r left join raw_articles a using (article_id)""").pl()
    reports = reports.with_columns(pl.coalesce("published", "published_article").alias("published"))
    sides = con.execute("select * from raw_sides").pl()
    people = con.execute("select * from raw_participants").pl()
    # Ids registered by earlier runs are kept; ids given earlier in this same run are not yet
    # promises to anyone, so they are derived again from the whole cluster: the meetings of a run
    # then do not depend on how its input was cut into batches.
    registry = dict(con.execute("select report_id, meeting_id from meeting_registry where first_run_id <> ?",
                                [run_id]).fetchall())
    last = con.execute("select value from dedup_state where key = 'window_days'").fetchone()
    incremental = last is not None and last[0] == str(window_days)
    current = dict(con.execute("select report_id, meeting_id from meeting_registry").fetchall())
    current = {r: m for r, m in current.items() if r not in seeds}
    res = dedup(reports, sides, people, registry, window_days=window_days,
                seeds=seeds if incremental else None, current=current if incremental else None)
    _set_state(con, "window_days", str(window_days))
    registry = dict(con.execute("select report_id, meeting_id from meeting_registry").fetchall())
    now = dt.datetime.now(dt.timezone.utc)
    changed = res.assignments.join(
        pl.DataFrame({"report_id": list(registry), "old": list(registry.values())},
                     schema={"report_id": pl.String, "old": pl.String}), on="report_id", how="left"
    ).filter(pl.col("old").is_null() | (pl.col("old") != pl.col("meeting_id")))
    if len(changed):
        con.register("_changed", changed.to_arrow())
        con.execute("""insert into meeting_registry by name
                       select report_id, meeting_id, ? as first_run_id, ? as run_id, ? as assigned_at from _changed
                       on conflict (report_id) do update set meeting_id = excluded.meeting_id,
                           run_id = excluded.run_id, assigned_at = excluded.assigned_at""", [run_id, run_id, now])
        con.unregister("_changed")
    for mid, other, reason in res.merges:
        # an event is recorded once, when it first happens (dedup reports all standing events)
        con.execute("""insert into meeting_merges select ?, ?, ?, ?, ?
                       where not exists (select 1 from meeting_merges
                                         where meeting_id = ? and merged_meeting_id = ? and reason = ?)""",
                    [mid, other, reason, run_id, now, mid, other, reason])
    if res.recomputed is None:
        con.execute("delete from report_meeting_sides")
        con.execute("delete from report_actors")
    elif res.recomputed:
        con.register("_redo", pl.DataFrame({"report_id": sorted(res.recomputed)}, schema={"report_id": pl.String})
                     .to_arrow())
        con.execute("delete from report_meeting_sides where report_id in (select report_id from _redo)")
        con.execute("delete from report_actors where report_id in (select report_id from _redo)")
        con.unregister("_redo")
    _insert(con, "report_meeting_sides", res.sides)
    _insert(con, "report_actors", res.actors)
    return dict(zip(res.assignments["report_id"], res.assignments["meeting_id"]))


def _window_days() -> int:
    try:
        from liqa.settings import load_settings
        return int(load_settings()["dedup"]["window_days"])
    except Exception:  # settings are the lead's module; the documented default keeps loads going
        return 3


def load_batch(home: Home, run_id: str, *, clean: pl.DataFrame | None = None,
               reports: pl.DataFrame | None = None, sides: pl.DataFrame | None = None,
               participants: pl.DataFrame | None = None, quarantine: pl.DataFrame | None = None,
               raw_ids: list[str] | None = None, window_days: int | None = None,
               refresh_marts: bool = True) -> LoadSummary:
    """Write a batch's derived tables to the lake and the warehouse in one transaction.

    ``raw_ids`` (optional): every raw_id the batch consumed, so that raw rows that produced no
    article (dropped as duplicates by clean) are not pending again.
    ``refresh_marts=False`` leaves the marts for ``refresh_marts(home)`` at the end of the run
    (the flow does this: rebuilding them after every batch cost a second per backfill for
    tables nobody reads mid-run); the warehouse records that they are stale, so a run killed
    before its end has them rebuilt by the next one. Loading itself reads raw tables only.
    """
    home.ensure()
    forget_warehouse_validation(home)
    window = _window_days() if window_days is None else window_days
    batch = {"clean": clean, "reports": reports, "sides": sides,
             "participants": _fill_actor_ids(conform(participants, REPORT_PARTICIPANTS))
             if participants is not None else None, "quarantine": quarantine}
    con = connect_writer(home)
    try:
        con.execute("begin transaction")
        _ensure_tables(con)
        crash_point("load_begin")
        new = {lake: _new_rows(con, lake, df) for lake, df in batch.items()}
        for lake, df in new.items():
            write_table(home, lake, df, run_id)
        crash_point("load_lake")
        before = {r[0] for r in con.execute("select distinct meeting_id from meeting_registry").fetchall()}
        for lake, df in new.items():
            _insert(con, RAW_TABLES[lake][0], df)
        now = dt.datetime.now(dt.timezone.utc)
        done = set(raw_ids or [])
        if len(new["clean"]):
            done |= set(new["clean"]["raw_id"].drop_nulls())
        if done:
            con.register("_done", pl.DataFrame({"raw_id": sorted(done)}).to_arrow())
            con.execute("insert into processed_raw select raw_id, ?, ? from _done on conflict do nothing",
                        [run_id, now])
            con.unregister("_done")
        seeds = set(new["reports"]["report_id"]) | set(new["sides"]["report_id"]) | set(
            new["participants"]["report_id"])
        if len(new["clean"]):  # an article's date stands in for its reports' missing ones
            con.register("_arts", new["clean"].select("article_id").to_arrow())
            seeds |= {r for (r,) in con.execute("select report_id from raw_reports where article_id in "
                                                "(select article_id from _arts)").fetchall()}
            con.unregister("_arts")
        assign = _dedup_all(con, run_id, window, seeds) if seeds else {}
        if refresh_marts:
            _build_marts(con)
        else:
            _set_state(con, MARTS_STALE, run_id)
        crash_point("load_commit")
        con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass
        raise
    finally:
        con.close()
    batch_reports = set(conform(reports, REPORTS)["report_id"]) if reports is not None and len(reports) else set()
    touched = {assign[r] for r in batch_reports if r in assign}
    new_ids = set(new["reports"]["report_id"])
    return LoadSummary(
        articles_new=len(new["clean"]), reports_new=len(new["reports"]),
        meetings_found=len(touched), meetings_new=len(touched - before),
        meetings_merged=sum(1 for r in new_ids if assign.get(r) in before),
        quarantined=len(new["quarantine"]))


def refresh_marts(home: Home) -> bool:
    """Run the mart models if a load left them stale; True when they ran (one transaction)."""
    if not home.warehouse.exists():
        return False
    con = connect_writer(home)
    try:
        con.execute("begin transaction")
        _ensure_tables(con)
        if con.execute("select 1 from dedup_state where key = ?", [MARTS_STALE]).fetchone() is None:
            con.execute("rollback")
            return False
        forget_warehouse_validation(home)
        _build_marts(con)
        crash_point("marts_commit")
        con.execute("commit")
        return True
    finally:
        con.close()


def rebuild(home: Home) -> None:
    """Re-run the marts (e.g. after a change in warehouse/*.sql) in one transaction."""
    forget_warehouse_validation(home)
    con = connect_writer(home)
    try:
        con.execute("begin transaction")
        _ensure_tables(con)
        for mart in INCREMENTAL_MARTS:  # their model only adds missing rows: start them afresh
            con.execute(f"drop table if exists {mart}")
        _build_marts(con)
        con.execute("commit")
    finally:
        con.close()


def reset_derived(home: Home) -> None:
    """Forget everything rebuilt from raw (for reprocessing), keeping ids and history.

    Kept: lake/raw, fetch-stage quarantine, ``meeting_registry`` (so meeting ids stay stable),
    ``meeting_merges`` and ``runs``. The warehouse is cleared first: if the process dies before
    the lake is cleared, ``pending_raw`` already offers every raw row again and a second
    ``reset_derived`` finishes the job.
    """
    home.ensure()
    forget_warehouse_validation(home)
    con = connect_writer(home)
    try:
        con.execute("begin transaction")
        _ensure_tables(con)
        for name in ("raw_articles", "raw_reports", "raw_sides", "raw_participants", "processed_raw",
                     "report_meeting_sides", "report_actors"):
            con.execute(f"delete from {name}")
        con.execute("delete from quarantine where stage <> 'fetch'")
        _build_marts(con)
        con.execute("commit")
    finally:
        con.close()
    keep_q = scan_table(home, "quarantine").filter(pl.col("stage") == "fetch").collect()
    for lake in ("clean", "reports", "sides", "participants", "quarantine"):
        folder = home.table_dir(lake)
        if folder.exists():
            trash = folder.with_name(f".{lake}.deleting")
            shutil.rmtree(trash, ignore_errors=True)
            folder.rename(trash)
            shutil.rmtree(trash, ignore_errors=True)
    if len(keep_q):
        write_table(home, "quarantine", keep_q, "reset")


def record_run(home: Home, run_id: str, summary: dict) -> None:
    """Upsert one row in the ``runs`` table (a short write connection)."""
    home.ensure()
    con = connect_writer(home)
    try:
        con.execute("begin transaction")
        _ensure_tables(con)
        con.execute("""insert into runs values (?, ?, ?) on conflict (run_id) do update
                       set finished_at = excluded.finished_at, summary = excluded.summary""",
                    [run_id, dt.datetime.now(dt.timezone.utc), json.dumps(summary, default=str)])
        con.execute("commit")
    finally:
        con.close()
