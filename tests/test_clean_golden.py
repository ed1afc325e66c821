"""The clean stage's outputs on real inputs are frozen: speed work must not change one of them.

Why a snapshot: the clean ``text`` is what every evidence offset indexes, so an "equivalent"
rewrite that moves one character shifts spans downstream. The snapshot was written from the
clean stage as it stood before the speed work, over the 5 seeds, the 50 annotated dev texts and
the first 500 SaudiNewsNet records, each read through the pipeline's own reader
(``tasks.fetch.local.iter_local``). It holds every CLEAN column except ``fetched_at`` (the
clock) and a ``month`` that comes from it, plus the rule, reason and ids of quarantined rows.

A deliberate behaviour change (a real bug fix) regenerates it and says so in the commit:

    .venv/bin/python tests/test_clean_golden.py --write
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SNAPSHOT = REPO / "tests" / "golden" / "clean_snapshot.jsonl.gz"
SNN = SHARED / "corpora" / "saudinewsnet" / "articles.jsonl.gz"
SNN_ROWS = 500

if str(REPO) not in sys.path:  # run as a script to regenerate
    sys.path.insert(0, str(REPO))

from liqa.settings import load_settings  # noqa: E402
from tasks.clean import clean_batch  # noqa: E402
from tasks.fetch.local import iter_local  # noqa: E402

_CLOCK = "<fetched_at>"


def _portable(value: object) -> object:
    """JSON form of a cell; paths into the shared folder lose their machine-specific prefix."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and str(SHARED) in value:
        return value.replace(str(SHARED), "<shared>")
    return value


def _raw_frames(snn_rows: int) -> list:
    settings = load_settings()
    frames = []
    for inputs in ([str(SHARED / "seeds")], [str(SHARED / "eval" / "dev" / "texts")]):
        frames.extend(b.frames()[0] for b in iter_local(inputs, settings, 1000))
    have = 0
    for batch in iter_local([str(SNN)], settings, 1000):
        raw = batch.frames()[0].head(snn_rows - have)
        frames.append(raw)
        have += raw.height
        if have >= snn_rows:
            break
    return frames


def snapshot_rows(snn_rows: int = SNN_ROWS) -> list[dict]:
    """Clean outputs of the golden inputs, one dict per raw row, in input order."""
    settings = load_settings()
    out: list[dict] = []
    for raw in _raw_frames(snn_rows):
        clean, quarantine = clean_batch(raw, settings)
        by_raw: dict[str, dict] = {}
        for row in clean.iter_rows(named=True):
            rec = {k: _portable(v) for k, v in row.items() if k != "fetched_at"}
            if row["published"] is None:  # month then comes from the clock
                rec["month"] = _CLOCK
            by_raw[row["raw_id"]] = {"kind": "clean", **rec}
        for row in quarantine.iter_rows(named=True):
            rec = {k: _portable(row[k]) for k in ("stage", "rule", "record_id", "reason", "payload", "attempts")}
            by_raw[row["record_id"]] = {"kind": "quarantine", **rec}
        for raw_id, doc_id in zip(raw["raw_id"], raw["doc_id"]):
            out.append({"input": doc_id, **by_raw.get(raw_id, {"kind": "missing"})})
    return out


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def diff(expected: list[dict], got: list[dict], limit: int = 5) -> list[str]:
    """Human lines naming the first rows (and fields) that differ."""
    lines = []
    if len(expected) != len(got):
        lines.append(f"{len(expected)} rows expected, {len(got)} produced")
    for e, g in zip(expected, got):
        if e != g:
            fields = sorted(k for k in set(e) | set(g) if e.get(k) != g.get(k))
            lines.append(f"{e.get('input')}: {', '.join(f'{k}: {e.get(k)!r:.80} -> {g.get(k)!r:.80}' for k in fields)}")
            if len(lines) >= limit:
                break
    return lines


def test_clean_outputs_match_snapshot(shared: Path) -> None:
    if not SNN.exists():
        pytest.skip("the SaudiNewsNet corpus is not present")
    expected = read(SNAPSHOT)
    got = snapshot_rows()
    assert len(expected) == 5 + 50 + SNN_ROWS
    assert {r["kind"] for r in expected} == {"clean", "quarantine"}
    assert not diff(expected, got), "\n".join(diff(expected, got))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Write or check the clean-stage snapshot.")
    ap.add_argument("--write", action="store_true", help="(re)write the snapshot from the current code")
    ap.add_argument("--path", type=Path, default=SNAPSHOT)
    ap.add_argument("--snn", type=int, default=SNN_ROWS, help="SaudiNewsNet records (only for --path elsewhere)")
    args = ap.parse_args()
    rows = snapshot_rows(args.snn)
    if args.write:
        write(args.path, rows)
        print(f"wrote {len(rows)} rows to {args.path}")
    else:
        problems = diff(read(args.path), rows, limit=20)
        print("\n".join(problems) or f"{len(rows)} rows identical to {args.path}")
        sys.exit(1 if problems else 0)
