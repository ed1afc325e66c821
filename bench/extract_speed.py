"""Extract-stage speed: ms per SaudiNewsNet article for ``extract_article`` or ``extract_batch``.

    .venv/bin/python -m bench.extract_speed [-n 2000] [--top 25] [--no-profile]
    .venv/bin/python -m bench.extract_speed --batch [-n 3000] [--batch-size 10000]
    .venv/bin/python -m bench.extract_speed --batch --dump out.parquet   # outputs, for diffing

Why its own bench: issue 7 needs the whole pipeline at >= 1,000 articles/s on 2 cores, which
leaves extract about 0.5 ms per article; this isolates that stage from Prefect, GX and I/O.
Cleaning runs once up front and is not timed; the first pass over the first articles is a
warm-up (lexicon + gazetteer compile) and is excluded.

Two modes, because the flow pays more than the engine alone:
- default: ``extract_article`` over (text, language, published) triples from ``clean_text``;
- ``--batch``: ``tasks.extract.extract_batch`` over CLEAN frames built as the flow builds them
  (raw rows from ``tasks.fetch.local.iter_local``, then ``tasks.clean.clean_batch``), so the
  row iteration, flattening, evidence JSON and frame building are timed too. ``--dump PATH``
  writes that mode's three output tables (one Parquet per table) so that two versions of the
  extractor can be compared row for row.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import time
from pathlib import Path
from bench import profile_top

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "saudinewsnet" / "articles.jsonl.gz"


def load_cleaned(n: int, path: Path = CORPUS) -> list[tuple[str, str, dt.date | None]]:
    """The first ``n`` SaudiNewsNet articles as (text, language, published), via clean_text."""
    from tasks.clean import clean_text

    out: list[tuple[str, str, dt.date | None]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            if not line.strip():
                continue
            rec = json.loads(line)
            c = clean_text(rec.get("content") or "", title_hint=rec.get("title"),
                           published_hint=rec.get("date_extracted"))
            pub = c["published"]
            if isinstance(pub, str):
                pub = dt.date.fromisoformat(pub[:10])
            out.append((c["text"], c["language"] or "", pub))
    return out


def load_clean_frames(n: int, batch_size: int, path: Path = CORPUS) -> list:
    """The first ``n`` raw rows of the corpus as CLEAN frames, as the flow makes them."""
    from liqa.settings import load_settings
    from tasks.clean import clean_batch
    from tasks.fetch.local import iter_local

    settings = load_settings()
    frames, have = [], 0
    for batch in iter_local([str(path)], settings, min(batch_size, n)):
        raw, _ = batch.frames()
        raw = raw.head(n - have)
        have += raw.height
        frames.append(clean_batch(raw, settings)[0])
        if have >= n:
            break
    return frames


def _batch_mode(args: argparse.Namespace) -> int:
    import polars as pl
    from tasks.extract import extract_batch

    frames = load_clean_frames(args.n, args.batch_size, args.corpus)
    rows = sum(f.height for f in frames)
    if not rows:
        raise SystemExit(f"no clean rows read from {args.corpus}")
    extract_batch(frames[0].head(50))  # warm-up: lexicons, gazetteer, lazy imports
    from tasks.extract.engine import extract_article
    for lang in ("ar", "fa", "en"):  # every language's lexicon, as in the default mode
        extract_article("x\ny", lang, None)
    best = best_cpu = float("inf")
    results: list = []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [extract_batch(f) for f in frames]
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    reports = sum(r.reports.height for r in results)
    quarantined = sum(r.quarantine.height for r in results)
    print(f"batch: rows={rows} frames={len(frames)} reports={reports} quarantined={quarantined} "
          f"ms/article={1000 * best / rows:.3f} (wall) {1000 * best_cpu / rows:.3f} (cpu)")
    if args.dump:
        for table in ("reports", "sides", "participants"):
            out = Path(f"{args.dump}.{table}.parquet")
            pl.concat([getattr(r, table) for r in results]).write_parquet(out)
            print(f"wrote {out}")
    if not args.no_profile:
        print(profile_top(lambda: [extract_batch(f) for f in frames], args.top))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes; the best is reported")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--batch", action="store_true", help="time extract_batch over CLEAN frames")
    ap.add_argument("--batch-size", type=int, default=10000, help="rows per CLEAN frame (--batch)")
    ap.add_argument("--dump", help="--batch: write the output tables to DUMP.<table>.parquet")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="SaudiNewsNet-shaped JSONL(.gz)")
    args = ap.parse_args(argv)
    if args.batch:
        return _batch_mode(args)
    from tasks.extract.engine import extract_article

    docs = load_cleaned(args.n, args.corpus)
    chars = sum(len(t) for t, _, _ in docs) / max(1, len(docs))
    for text, lang, pub in docs[:50]:  # warm-up: compile lexicons and gazetteer
        extract_article(text, lang, pub)
    for lang in ("ar", "fa", "en"):  # load every language's lexicon before timing
        extract_article("x\ny", lang, None)
    best = best_cpu = float("inf")
    meetings = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        meetings = sum(len(extract_article(text, lang, pub)) for text, lang, pub in docs)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    # CPU time is the steadier number on a shared machine (other processes' load inflates wall)
    print(f"articles={len(docs)} mean_chars={chars:.0f} meetings={meetings} "
          f"ms/article={1000 * best / len(docs):.3f} (wall) {1000 * best_cpu / len(docs):.3f} (cpu) "
          f"articles/s={len(docs) / best:.0f}")
    if not args.no_profile:
        print(profile_top(lambda: [extract_article(text, lang, pub) for text, lang, pub in docs], args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
