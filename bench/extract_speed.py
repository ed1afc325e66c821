"""Extract-stage speed: ms per SaudiNewsNet article for ``extract_article``, plus a profile.

    .venv/bin/python -m bench.extract_speed [-n 2000] [--top 25] [--no-profile]

Why its own bench: issue 7 needs the whole pipeline at >= 1,000 articles/s on 2 cores, which
leaves extract about 0.5 ms per article; this isolates that stage from Prefect, GX and I/O.
Cleaning (``tasks.clean.clean_text``) runs once up front and is not timed; the first pass over
the first articles is a warm-up (lexicon + gazetteer compile) and is excluded.
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes; the best is reported")
    ap.add_argument("--no-profile", action="store_true")
    args = ap.parse_args(argv)
    from tasks.extract.engine import extract_article

    docs = load_cleaned(args.n)
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
