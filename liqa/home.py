"""The home folder of one deployment: lake, warehouse, validation results, run records.

A home is chosen by ``--home``, else ``$LIQA_HOME``, else ``./liqa-home``. Only one run may
write to a home at a time: ``Home.lock()`` takes an exclusive ``flock`` on ``home/.lock`` so a
second run waits (up to ``wait_s``) and then exits with a clear message instead of interleaving
Parquet and DuckDB writes.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class HomeBusy(RuntimeError):
    """Another run holds the home's lock."""


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, path: str | os.PathLike | None = None) -> "Home":
        chosen = path or os.environ.get("LIQA_HOME") or "liqa-home"
        return cls(Path(chosen).expanduser().resolve())

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def validation(self) -> Path:
        return self.root / "validation"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    @property
    def state(self) -> Path:
        return self.root / "state"

    def table_dir(self, table: str) -> Path:
        return self.lake / table

    def ensure(self) -> "Home":
        for p in (self.root, self.lake, self.validation, self.runs, self.state):
            p.mkdir(parents=True, exist_ok=True)
        return self

    @contextlib.contextmanager
    def lock(self, wait_s: float = 0.0) -> Iterator[None]:
        """Hold the home's exclusive write lock; raise HomeBusy after ``wait_s`` seconds."""
        self.ensure()
        fh = open(self.root / ".lock", "a+")
        deadline = time.monotonic() + wait_s
        try:
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise HomeBusy(f"another liqa run is writing to {self.root}; try again when it ends") from None
                    time.sleep(0.2)
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()
