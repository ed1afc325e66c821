"""Load-stage speed: seconds of ``load_batch`` per batch of a SaudiNewsNet run, nothing else timed.

    .venv/bin/python -m bench.load_speed [-n 5000] [--batch 10000] [--input PATH] [--profile]
                                         [--snapshot OUT.json]

Why its own bench: load is the stage whose cost grows with the warehouse (dedup and marts see
all data), so it must be measured over the batches of a whole run, and without clean and
extract in the loop. Clean + extract outputs are computed once per (input, n, batch) and cached
as Parquet under ``/tmp/liqa-load-bench/`` (delete it after changing clean or extract); every
timed run then loads them in batch order into a fresh home, as the ingest flow does after
validation. ``--snapshot`` writes ``tests/test_batching.warehouse_snapshot`` (meeting ids kept)
so two versions of the load can be compared for an identical warehouse.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from bench import format_profile
from bench.run import CORPUS, slice_corpus

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "liqa-load-bench"
PARTS = ("clean", "reports", "sides", "participants", "quarantine")


def prepare(src: Path, n: int, batch: int) -> list[tuple[list[str], dict[str, pl.DataFrame]]]:
    """Per batch: (raw_ids, {table: frame}) of the clean and extract stages, cached on disk."""
    from liqa.home import Home
    from liqa.settings import load_settings

    folder = CACHE / f"{src.stem}-{n}-{batch}"
    if not (folder / "done").exists():
        from tasks.clean import clean_batch
        from tasks.extract import extract_batch
        from tasks.fetch.run import fetch_into_lake
        from tasks.lake import pending_raw

        folder.mkdir(parents=True, exist_ok=True)
        settings = load_settings({"pipeline": {"batch_size": batch}})
        with tempfile.TemporaryDirectory() as tmp:
            home = Home(Path(tmp) / "home").ensure()
            fetch_into_lake([str(slice_corpus(src, n, Path(tmp))[0])], home, "prep", settings)
            pending = pending_raw(home)
            for i in range(0, len(pending), batch):
                raw = pending.slice(i, batch)
                clean, q = clean_batch(raw, settings)
                ex = extract_batch(clean)
                frames = {"clean": clean, "reports": ex.reports, "sides": ex.sides,
                          "participants": ex.participants,
                          "quarantine": pl.concat([f for f in (q, ex.quarantine) if len(f)] or [q],
                                                  how="vertical_relaxed")}
                for name, df in frames.items():
                    df.write_parquet(folder / f"{i // batch:04d}-{name}.parquet")
                raw.select("raw_id").write_parquet(folder / f"{i // batch:04d}-raw.parquet")
        (folder / "done").write_text("ok")
    out = []
    for rawf in sorted(folder.glob("*-raw.parquet")):
        stem = rawf.name.split("-")[0]
        out.append((pl.read_parquet(rawf)["raw_id"].to_list(),
                    {p: pl.read_parquet(folder / f"{stem}-{p}.parquet") for p in PARTS}))
    return out


def run_loads(batches, home_dir: Path) -> list[float]:
    """Load every batch into a fresh home; seconds per batch."""
    from liqa.home import Home
    from tasks.load import load_batch

    home = Home(home_dir).ensure()
    secs = []
    for raw_ids, frames in batches:
        q = frames["quarantine"].with_columns(pl.lit("bench").alias("run_id"))
        t0 = time.perf_counter()
        load_batch(home, "bench", raw_ids=raw_ids, **{**frames, "quarantine": q})
        secs.append(time.perf_counter() - t0)
    return secs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=10000)
    ap.add_argument("--input", type=Path, default=CORPUS)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--snapshot", type=Path, help="write the warehouse snapshot (JSON) here")
    args = ap.parse_args(argv)
    batches = prepare(args.input, args.n, args.batch)
    reports = sum(len(f["reports"]) for _, f in batches)
    with tempfile.TemporaryDirectory() as tmp:
        prof = cProfile.Profile() if args.profile else None
        if prof:
            prof.enable()
        secs = run_loads(batches, Path(tmp) / "home")
        if prof:
            prof.disable()
        print(f"articles={sum(len(f['clean']) for _, f in batches)} reports={reports} "
              f"batches={len(batches)} load_s={sum(secs):.2f} per_batch={[round(s, 2) for s in secs]}")
        if args.snapshot:
            sys.path.insert(0, str(ROOT / "tests"))
            from test_batching import warehouse_snapshot
            snap = warehouse_snapshot(Path(tmp) / "home", canonical_ids=False)
            args.snapshot.write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
    if prof:
        print(format_profile(prof, args.top, "cumulative"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
