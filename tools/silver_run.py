"""Run the extractor over the first N SaudiNewsNet articles and print one line per meeting.

    .venv/bin/python -m tools.silver_run [-n 5000] [--out /tmp/silver_pred.jsonl]

Why: the silver precision audit (tests/golden/silver_audit.jsonl) judges a seeded sample of the
meetings predicted on unseen real news; this lists them with a stable key (article index + url +
sides summary) so before/after runs can be compared. Cleaned texts are cached in /tmp.
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

from bench.extract_speed import load_cleaned

CACHE = Path("/tmp/silver_clean_cache.pkl")


def cleaned(n: int) -> list:
    if CACHE.exists():
        docs = pickle.loads(CACHE.read_bytes())
        if len(docs) >= n:
            return docs[:n]
    docs = load_cleaned(n)
    CACHE.write_bytes(pickle.dumps(docs))
    return docs


def summary(m) -> str:
    """'org: name (role), name | org: name' — the shape the audit judges."""
    parts = []
    for s in m.sides:
        names = ", ".join(p.name_native + (f" ({p.role})" if p.role else "") for p in s.members)
        parts.append(f"{s.organization or '?'}: {names}")
    return " | ".join(parts)


def context(text: str, m, width: int = 300) -> str:
    """The text around the trigger, for judging by eye."""
    if m.trigger is None:
        return ""
    a, b = max(0, m.trigger.start - width), min(len(text), m.trigger.end + width)
    return text[a:m.trigger.start] + "[[" + m.trigger.text + "]]" + text[m.trigger.end:b]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--out", default="/tmp/silver_pred.jsonl")
    args = ap.parse_args(argv)
    from tasks.extract.engine import extract_article
    docs = cleaned(args.n)
    import gzip
    from bench.extract_speed import CORPUS
    urls = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(urls) >= args.n:
                break
            if line.strip():
                urls.append(json.loads(line).get("url"))
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for i, (text, lang, pub) in enumerate(docs):
            for m in extract_article(text, lang, pub):
                n += 1
                out.write(json.dumps({"doc": i, "url": urls[i], "lang": lang, "summary": summary(m),
                                      "trigger": m.trigger.text if m.trigger else None,
                                      "date": str(m.date) if m.date else None, "city": m.city,
                                      "context": context(text, m)},
                                     ensure_ascii=False) + "\n")
    print(f"articles={len(docs)} meetings={n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
