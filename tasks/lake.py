"""The lake: append-only Hive-partitioned Parquet under ``home/lake/<table>/month=YYYY-MM/``.

Why files and not only DuckDB: the lake is the durable record of every stage's output, readable
by any Parquet tool, and the warehouse can be rebuilt from it. Crash safety comes from three
rules: every file is written under a hidden temporary name in its final directory, fsynced, then
``os.replace``d into place (a reader sees the whole file or nothing); files are never rewritten;
and readers drop duplicate keys, so a batch written twice (a run killed after its Parquet write
but before the warehouse commit, then completed by the next run) is read once.

``LIQA_CRASH_AT`` (comma-separated point names, ``point#N`` for the N-th pass) makes ``crash_point`` exit the process with
status 137 at that point, as ``kill -9`` would: tests use it to prove that a run killed anywhere
leaves the lake and warehouse whole. Points: ``lake_tmp`` (temp file written, not yet renamed),
``lake_partial`` (one file of a multi-partition write in place), and the load points listed in
``tasks/load.py``.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import polars as pl

from liqa.home import Home
from liqa.schemas import CLEAN, QUARANTINE, RAW, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS, conform

TABLES: dict[str, dict] = {
    "raw": RAW,
    "clean": CLEAN,
    "reports": REPORTS,
    "sides": REPORT_SIDES,
    "participants": REPORT_PARTICIPANTS,
    "quarantine": QUARANTINE,
}

# Columns that identify a row: the same key twice in the lake is the same row written twice.
KEYS: dict[str, list[str]] = {
    "raw": ["raw_id"],
    "clean": ["article_id"],
    "reports": ["report_id"],
    "sides": ["report_id", "side_index"],
    "participants": ["report_id", "side_index", "person_index"],
    "quarantine": ["run_id", "stage", "rule", "record_id"],
}

NO_MONTH = "none"


_HITS: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Exit abruptly (status 137, no cleanup) when ``LIQA_CRASH_AT`` names this point.

    ``name`` crashes at the first pass, ``name#N`` at the N-th pass through the point.
    """
    wanted = os.environ.get("LIQA_CRASH_AT", "")
    if not wanted:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    for spec in wanted.split(","):
        point, _, nth = spec.strip().partition("#")
        if point == name and _HITS[name] == int(nth or 1):
            os._exit(137)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _next_index(folder: Path, run_id: str) -> int:
    used = [p.stem[len(run_id) + 1:] for p in folder.glob(f"{run_id}-*.parquet")]
    nums = [int(u) for u in used if u.isdigit()]
    return max(nums, default=-1) + 1


def _atomic_parquet(df: pl.DataFrame, final: Path) -> None:
    """Write ``df`` to ``final`` so that a crash leaves either no file or the whole file."""
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        df.write_parquet(fh, compression="zstd", statistics=True)
        fh.flush()
        os.fsync(fh.fileno())
    crash_point("lake_tmp")
    os.replace(tmp, final)
    _fsync_dir(final.parent)


def write_table(home: Home, table: str, df: pl.DataFrame, run_id: str) -> int:
    """Append ``df`` (conformed to the table's contract) as new Parquet files; rows written.

    One file per ``month`` partition, named ``<run_id>-<n>.parquet``; tables without a month
    (or rows with a null month) go to ``month=none``.
    """
    schema = TABLES[table]
    if df is None or len(df) == 0:
        return 0
    df = conform(df, schema)
    if "month" in schema:
        groups = df.with_columns(pl.col("month").fill_null(NO_MONTH)).partition_by(
            "month", as_dict=True, maintain_order=True)
        parts = sorted((str(k[0]), v) for k, v in groups.items())
    else:
        parts = [(NO_MONTH, df)]
    written = 0
    for i, (month, part) in enumerate(parts):
        folder = home.table_dir(table) / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".*.tmp"):  # left by a killed run; only the lock holder writes
            stale.unlink(missing_ok=True)
        if "month" in part.columns:
            part = part.drop("month")  # the directory carries it (Hive partitioning)
        _atomic_parquet(part, folder / f"{run_id}-{_next_index(folder, run_id)}.parquet")
        written += len(part)
        if i == 0 and len(parts) > 1:
            crash_point("lake_partial")
    return written


def _files(home: Home, table: str) -> list[Path]:
    root = home.table_dir(table)
    if not root.exists():
        return []
    return sorted(p for p in root.glob("month=*/*.parquet") if not p.name.startswith("."))


def scan_table(home: Home, table: str, schema: dict | None = None) -> pl.LazyFrame:
    """All rows of a lake table, one per key, in contract order (empty frame when none)."""
    schema = schema or TABLES[table]
    files = _files(home, table)
    if not files:
        return pl.DataFrame(schema=schema).lazy()
    frames = []
    for f in files:
        lf = pl.scan_parquet(f)
        if "month" in schema:
            month = f.parent.name.split("=", 1)[1]
            lf = lf.with_columns(pl.lit(None if month == NO_MONTH else month, pl.String).alias("month"))
        frames.append(lf)
    lf = pl.concat(frames, how="diagonal_relaxed")
    cols = [pl.col(n).cast(t) if n in lf.collect_schema().names() else pl.lit(None, t).alias(n)
            for n, t in schema.items()]
    lf = lf.select(cols)
    keys = [k for k in KEYS.get(table, []) if k in schema]
    return lf.unique(subset=keys, keep="first", maintain_order=True) if keys else lf


def known_raw_ids(home: Home) -> set[str]:
    """raw_ids already in the lake: fetch skips content it already holds."""
    df = scan_table(home, "raw").select("raw_id").collect()
    return set(df["raw_id"].drop_nulls().to_list())


def _warehouse_ids(home: Home, build_sql) -> set:
    """Run one read-only query on the warehouse, built from the tables it has; empty when none.

    ``build_sql(tables)`` returns the SQL (or None when the tables it needs are missing), so
    callers work on a home whose warehouse does not exist yet or is only partly created.
    """
    if not home.warehouse.exists():
        return set()
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        have = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        sql = build_sql(have)
        if not sql:
            return set()
        rows = con.execute(sql[0], sql[1]).fetchall() if isinstance(sql, tuple) else con.execute(sql).fetchall()
        return {r[0] if len(r) == 1 else tuple(r) for r in rows if r[0] is not None}
    finally:
        con.close()


def _done_raw_ids(home: Home) -> set[str]:
    """raw_ids the warehouse has carried through (an article, or quarantined at clean)."""
    def sql(have: set[str]) -> str | None:
        parts = []
        if "raw_articles" in have:
            parts.append("select raw_id from raw_articles")
        if "quarantine" in have:
            parts.append("select record_id from quarantine where stage in ('fetch', 'clean')")
        if "processed_raw" in have:
            parts.append("select raw_id from processed_raw")
        return " union ".join(parts) or None
    return _warehouse_ids(home, sql)


def known_quarantine(home: Home, stage: str) -> set[tuple[str, str]]:
    """(rule, record_id) pairs already quarantined at ``stage``: a re-run does not record them twice."""
    return _warehouse_ids(home, lambda have: (
        "select distinct rule, record_id from quarantine where stage = ?", [stage]) if "quarantine" in have else None)


def _quarantined_raw_ids(home: Home) -> set[str]:
    """raw_ids that were quarantined before they became an article (for --retry-quarantine)."""
    def sql(have: set[str]) -> str | None:
        if "quarantine" not in have:
            return None
        # clean-stage rules quarantine by raw_id; GX rules by article/report id, with the raw_id
        # in the payload pointer
        q = """select record_id as raw_id from quarantine where stage in ('clean', 'extract')
               union
               select json_extract_string(payload, '$.raw_id') from quarantine
               where stage in ('clean', 'extract') and payload like '{%'"""
        if "raw_articles" in have:
            q = f"select raw_id from ({q}) where raw_id not in (select raw_id from raw_articles)"
        return q
    return _warehouse_ids(home, sql)


class PendingBatches:
    """Raw rows not yet carried through to the warehouse, as batches read from the lake on demand.

    Why not one frame: a backfill's pending rows are the whole corpus (31,000 articles are
    ~150 MB of text); reading the lake file by file and holding only the batches in use keeps
    memory flat as the corpus grows. The order is the lake's (sorted files, first copy of each
    raw_id), the same as ``scan_table``. ``batches[j]`` may be asked for in increasing ``j`` with
    a look-ahead; a batch more than ``keep`` behind the newest one asked for is forgotten.

    ``arriving``: an event that is set once no more raw files will be written (a fetch still
    running in another thread). Until then new lake files are picked up as they appear, in the
    order they appear, so batches can be cleaned while the fetch goes on; ``has(j)`` waits for
    batch ``j`` or the end of the input. ``rows`` and ``len`` are exact from the start without
    ``arriving``, and only once the input has ended with it (``complete``).
    """

    def __init__(self, home: Home, batch_size: int, retry_quarantine: bool = False, keep: int = 1,
                 arriving: threading.Event | None = None) -> None:
        self.home, self.size, self.keep = home, max(1, int(batch_size)), max(1, keep)
        done = _done_raw_ids(home)
        if retry_quarantine:
            done -= _quarantined_raw_ids(home)
        self._arriving = arriving
        self._seen = set(done)  # done, and every raw_id already put in a batch
        self._consumed: set[Path] = set()  # files listed (read, or in _todo)
        self._todo: list[Path] = []  # listed, not read yet
        self._listed_all = False  # a listing made once no more files could arrive
        self._buf: list[pl.DataFrame] = []
        self._have = 0  # rows in _buf
        self._ended = False
        self._cache: dict[int, pl.DataFrame] = {}
        self._ids: dict[int, list[str]] = {}
        self._made = 0
        self.rows = 0
        if arriving is None:
            ids = scan_table(home, "raw").select("raw_id").collect()["raw_id"]
            self.rows = int((~ids.is_in(list(done))).sum()) if done else len(ids)

    @property
    def complete(self) -> bool:
        """Whether ``rows`` and ``len`` are final (always, unless files may still arrive)."""
        return self._arriving is None or self._ended

    def __len__(self) -> int:
        if not self.complete:
            raise TypeError("the number of batches is not known while raw files are still arriving")
        return -(-self.rows // self.size)

    def _emit(self, n: int) -> None:
        whole = pl.concat(self._buf, how="vertical_relaxed")
        batch, rest = whole.slice(0, n), whole.slice(n)
        self._buf, self._have = ([rest] if len(rest) else []), len(rest)
        self._cache[self._made] = batch
        self._ids[self._made] = batch["raw_id"].to_list()
        self._made += 1
        if self._arriving is not None:
            self.rows += len(batch)

    def _form(self, upto: int) -> None:
        """Read lake files until batch ``upto`` is formed or the input ends (waiting for
        arriving files). The lake is listed once when nothing more can arrive, else each time
        the files listed so far are read."""
        while self._made <= upto and not self._ended:
            if not self._todo and not self._listed_all:
                # read the flag before listing: a listing made after it was set holds every file
                self._listed_all = self._arriving is None or self._arriving.is_set()
                self._todo = [f for f in _files(self.home, "raw") if f not in self._consumed]
                self._consumed.update(self._todo)
            while self._todo:
                part = scan_table_file(self._todo.pop(0), RAW).filter(~pl.col("raw_id").is_in(list(self._seen)))
                part = part.unique("raw_id", keep="first", maintain_order=True)
                if not len(part):
                    continue
                self._seen.update(part["raw_id"].to_list())
                self._buf.append(part)
                self._have += len(part)
                while self._have >= self.size:
                    self._emit(self.size)
                if self._made > upto:
                    return
            if self._listed_all:
                if self._have:
                    self._emit(self._have)
                self._ended = True
            else:
                self._arriving.wait(0.05)

    def has(self, j: int) -> bool:
        """Whether batch ``j`` exists (waits for arriving files to decide)."""
        self._form(j)
        return j < self._made

    def __getitem__(self, j: int) -> pl.DataFrame:
        if j < 0 or not self.has(j):
            raise IndexError(j)
        for old in [k for k in self._cache if k < self._made - 1 - self.keep]:
            del self._cache[old]
        if j not in self._cache:
            raise IndexError(f"batch {j} was already forgotten (batches are read once, in order)")
        return self._cache[j]

    def ids(self, j: int) -> list[str]:
        """The raw_ids of batch ``j`` (read first if need be; kept after its rows are released)."""
        if j not in self._ids:
            self[j]
        return self._ids[j]

    def release(self, j: int) -> None:
        """Forget batch ``j``'s rows now (its consumer has them): memory holds what is in use."""
        self._cache.pop(j, None)

    def __iter__(self):
        j = 0
        while self.has(j):
            yield self[j]
            j += 1


def scan_table_file(path: Path, schema: dict) -> pl.DataFrame:
    """One lake file as rows of the table's contract (month from its folder)."""
    lf = pl.scan_parquet(path)
    if "month" in schema:
        month = path.parent.name.split("=", 1)[1]
        lf = lf.with_columns(pl.lit(None if month == NO_MONTH else month, pl.String).alias("month"))
    names = lf.collect_schema().names()
    return lf.select([pl.col(n).cast(t) if n in names else pl.lit(None, t).alias(n)
                      for n, t in schema.items()]).collect()


def pending_raw(home: Home, retry_quarantine: bool = False) -> pl.DataFrame:
    """Raw rows in the lake not yet carried through to the warehouse, as one frame.

    This is how a killed run is completed by the next one and how a re-run does no work.
    With ``retry_quarantine``, raw rows quarantined at clean/extract are pending again (after a
    fix to the stage that rejected them). Flows read them in batches (``PendingBatches``).
    """
    batches = PendingBatches(home, 1 << 30, retry_quarantine)
    return batches[0] if batches.has(0) else pl.DataFrame(schema=RAW)
