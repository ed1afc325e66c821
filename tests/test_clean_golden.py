"""The clean stage's outputs on real inputs are frozen: speed work must not change one of them.

Why a snapshot: the clean ``text`` is what every evidence offset indexes, so an "equivalent"
rewrite that moves one character shifts spans downstream. The snapshot was written from the
clean stage as it stood before the speed work, over the 5 seeds, the 50 annotated dev texts and
the first 500 SaudiNewsNet records and the loopback site's HTML pages, each read through the
pipeline's own reader (``tasks.fetch.local.iter_local``), plus the seeds re-encoded the ways
real pages arrive (UTF-16, BOM, Windows-1256, mojibake, truncated, binary-prefixed, blank) so
the decode and quarantine paths are frozen too. It holds every CLEAN column except ``fetched_at`` (the
clock) and a ``month`` that comes from it, plus the rule, reason and ids of quarantined rows.

A deliberate behaviour change (a real bug fix) regenerates it and says so in the commit:

    .venv/bin/python tests/test_clean_golden.py --write
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SNAPSHOT = REPO / "tests" / "golden" / "clean_snapshot.jsonl.gz"
SNN = SHARED / "corpora" / "saudinewsnet" / "articles.jsonl.gz"
SNN_ROWS = 500

if str(REPO) not in sys.path:  # run as a script to regenerate
    sys.path.insert(0, str(REPO))

from liqa.schemas import RAW  # noqa: E402
from liqa.settings import load_settings  # noqa: E402
from tasks.clean import clean_batch  # noqa: E402
from tasks.fetch.local import iter_local  # noqa: E402

_CLOCK = "<fetched_at>"
_FETCHED = dt.datetime(2026, 2, 12, 8, 0, tzinfo=dt.timezone.utc)


def _portable(value: object) -> object:
    """JSON form of a cell; paths into the shared folder or this checkout lose their machine prefix."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        for prefix in {str(SHARED.resolve()), str(SHARED)}:  # the shared folder may be a link
            value = value.replace(prefix, "<shared>")
        value = value.replace(str(REPO), "<repo>")  # a clone elsewhere (CI) reads the same fixtures
    return value


def _variants(seeds: pl.DataFrame) -> pl.DataFrame:
    """Each seed as bytes the way broken or old sites send it (decode and quarantine paths)."""
    rows = []
    for doc_id, content in zip(seeds["doc_id"], seeds["content"]):
        text = content.decode("utf-8")
        forms = {
            "utf16": text.encode("utf-16"), "utf16le": text.encode("utf-16-le"),
            "bom": b"\xef\xbb\xbf" + content, "truncated": content[:301], "short": content[:60],
            "moji-latin": text.encode("utf-8").decode("latin-1").encode("utf-8"),
            "moji-1256": text.encode("utf-8").decode("cp1256", errors="replace").encode("utf-8"),
            "pdf": b"%PDF-1.4\n" + content, "nul": content[:200] + b"\x00" + content[200:],
            "blank": b" \n\t \n", "controls": content[:400] + b"\x01\x02\x03" * 20,
        }
        try:
            forms["cp1256"] = text.encode("cp1256")
        except UnicodeEncodeError:
            pass
        for form, data in forms.items():
            rows.append({"raw_id": hashlib.sha256(data).hexdigest(), "doc_id": f"{doc_id}~{form}", "source": "variants",
                         "uri": f"variants#{doc_id}~{form}", "fetched_at": _FETCHED, "content": data,
                         "content_type": "text/plain", "size": len(data), "month": "2026-02"})
    return pl.DataFrame(rows, schema=RAW)


def _raw_frames(snn_rows: int) -> list[tuple[str, pl.DataFrame]]:
    """(group, raw frame) for every golden input, in a fixed order."""
    settings = load_settings()
    frames = []
    for group, path in (("seeds", SHARED / "seeds"), ("dev", SHARED / "eval" / "dev" / "texts"),
                        ("site", REPO / "tests" / "webfixtures" / "site")):
        frames.extend((group, b.frames()[0]) for b in iter_local([str(path)], settings, 1000))
    frames.append(("variants", _variants(frames[0][1])))
    have = 0
    for batch in iter_local([str(SNN)], settings, 1000):
        raw = batch.frames()[0].head(snn_rows - have)
        frames.append(("saudinewsnet", raw))
        have += raw.height
        if have >= snn_rows:
            break
    return frames


def snapshot_rows(snn_rows: int = SNN_ROWS) -> list[dict]:
    """Clean outputs of the golden inputs, one dict per raw row, in input order."""
    settings = load_settings()
    out: list[dict] = []
    for group, raw in _raw_frames(snn_rows):
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
            out.append({"group": group, "input": doc_id, **by_raw.get(raw_id, {"kind": "missing"})})
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
    groups = Counter(r["group"] for r in expected)
    assert (groups["seeds"], groups["dev"], groups["saudinewsnet"]) == (5, 50, SNN_ROWS)
    assert Counter(r["kind"] for r in expected if r["group"] == "variants")["quarantine"] >= 20
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
