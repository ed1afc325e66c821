"""Golden snapshot of the extractor: speed work must not change a single output.

Inputs: the 50 annotated dev texts, the 5 seeds and the first 300 SaudiNewsNet articles, each
cleaned by ``tasks.clean.clean_text`` (text, language, published as the pipeline would see them).
Outputs compared: the SCHEMA.md meeting dicts of ``extract_to_records`` and every evidence span
(trigger, names, roles, date, place, topics) of ``extract_article``.

The snapshot ``tests/golden/extract_snapshot.jsonl.gz`` was written from the extractor before
any optimisation. Each row also keeps a hash of its cleaned input, so a failure says whether the
extractor changed or its input did (the clean stage is optimised separately). Regenerate only
after a deliberate behaviour change:

    .venv/bin/python tests/test_extract_golden.py --write
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path(__file__).parent / "golden" / "extract_snapshot.jsonl.gz"
SHARED = Path("/work/shared")
DEV = SHARED / "eval" / "dev" / "texts"
SEEDS = SHARED / "seeds"
SAUDI = SHARED / "corpora" / "saudinewsnet" / "articles.jsonl.gz"
N_SAUDI = 300


def _inputs() -> list[tuple[str, str, str | None, str | None]]:
    """(doc id, raw text, title hint, published hint) of every snapshot article."""
    out: list[tuple[str, str, str | None, str | None]] = []
    for d in (DEV, SEEDS):
        for p in sorted(d.glob("*.txt")):
            out.append((f"{d.name}/{p.stem}", p.read_text(encoding="utf-8"), None, None))
    with gzip.open(SAUDI, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= N_SAUDI:
                break
            rec = json.loads(line)
            out.append((f"saudinewsnet/{i}", rec.get("content") or "", rec.get("title"), rec.get("date_extracted")))
    return out


def _span(s: Any) -> list[Any] | None:
    return None if s is None else [s.start, s.end, s.text]


def snapshot_row(doc_id: str, raw: str, title: str | None, pub_hint: str | None) -> dict[str, Any]:
    """One article's cleaned-input hash, meeting records and evidence spans."""
    from tasks.clean import clean_text
    from tasks.extract.engine import extract_article, meeting_record

    c = clean_text(raw, title_hint=title, published_hint=pub_hint)
    pub = c["published"]
    if isinstance(pub, str):
        pub = dt.date.fromisoformat(pub[:10])
    text, lang = c["text"], c["language"] or ""
    meetings = extract_article(text, lang, pub)
    spans = [{"trigger": _span(m.trigger), "date": _span(m.date_span), "place": _span(m.place_span),
              "topics": [_span(s) for s in m.topic_spans],
              "people": [[_span(p.span), _span(p.role_span), p.actor_id] for s in m.sides for p in s.members]}
             for m in meetings]
    key = hashlib.sha1(f"{lang}|{pub}|{text}".encode("utf-8")).hexdigest()
    return {"doc_id": doc_id, "input_sha1": key, "meetings": [meeting_record(m) for m in meetings], "spans": spans}


def _load() -> dict[str, dict[str, Any]]:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        return {r["doc_id"]: r for r in map(json.loads, fh) if r}


@pytest.mark.skipif(not SAUDI.exists() or not DEV.exists(), reason="shared corpora not present")
def test_extract_matches_golden_snapshot() -> None:
    gold = _load()
    inputs = _inputs()
    assert {i[0] for i in inputs} == set(gold), "snapshot and inputs name different articles"
    assert sum(bool(r["meetings"]) for r in gold.values()) >= 40  # the snapshot has content to guard
    changed_input, changed_output = [], []
    for doc_id, raw, title, pub in inputs:
        row = snapshot_row(doc_id, raw, title, pub)
        g = gold[doc_id]
        if row["input_sha1"] != g["input_sha1"]:
            changed_input.append(doc_id)
        elif row != g:
            changed_output.append(doc_id)
    assert not changed_output, f"extractor output changed for {len(changed_output)}: {changed_output[:10]}"
    assert not changed_input, f"clean_text output (extractor input) changed for {len(changed_input)}: {changed_input[:10]}"


def write_snapshot() -> int:
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    rows = [snapshot_row(*i) for i in _inputs()]
    with gzip.open(SNAPSHOT, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} articles, {sum(len(r['meetings']) for r in rows)} meetings -> {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if "--write" in sys.argv:
        raise SystemExit(write_snapshot())
    print(__doc__)
