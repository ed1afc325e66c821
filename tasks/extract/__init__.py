"""The extract stage: clean articles in, meeting reports (+ sides, participants) out.

A thin batch wrapper over ``engine.extract_article`` (pure, per article): it flattens the
``Meeting`` records into the REPORTS / REPORT_SIDES / REPORT_PARTICIPANTS tables, derives stable
ids for people the gazetteer does not know, and turns any exception on one article into a
quarantine row so one bad article never stops a batch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import polars as pl

from liqa.schemas import QUARANTINE, REPORT_PARTICIPANTS, REPORT_SIDES, REPORTS, conform
from liqa.textnorm import name_key
from tasks.extract.model import Meeting, Span


@dataclass
class ExtractResult:
    reports: pl.DataFrame
    sides: pl.DataFrame
    participants: pl.DataFrame
    quarantine: pl.DataFrame


def actor_id_for(name: str) -> str:
    """A stable id for a person the gazetteer does not know: same name key, same id."""
    return "x:" + hashlib.sha1(name_key(name).encode("utf-8")).hexdigest()[:12]


def _ev(field: str, span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"field": field, "start": span.start, "end": span.end, "text": span.text}


def _evidence(m: Meeting) -> list[dict]:
    items = [_ev("trigger", m.trigger), _ev("date", m.date_span), _ev("place", m.place_span)]
    items += [_ev("topic", s) for s in m.topic_spans]
    for i, side in enumerate(m.sides):
        items.append(_ev(f"side[{i}]", side.span))
        for j, p in enumerate(side.members):
            items.append(_ev(f"side[{i}].member[{j}].name", p.span))
            items.append(_ev(f"side[{i}].member[{j}].role", p.role_span))
    return [x for x in items if x is not None]


def flatten(article: dict, meetings: list[Meeting]) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of the three report tables for one article's meetings."""
    reports, sides, people = [], [], []
    aid = article["article_id"]
    for pos, m in enumerate(meetings):
        rid = f"{aid}:{pos}"
        when = m.date or article["published"] or article["fetched_at"]
        reports.append({
            "report_id": rid, "article_id": aid, "doc_id": article["doc_id"], "position": pos,
            "language": article["language"], "published": article["published"], "date": m.date,
            "date_precision": m.date_precision, "city": m.city, "country": m.country, "mode": m.mode,
            "topics": list(dict.fromkeys(m.topics)), "confidence": float(m.confidence),
            "evidence": json.dumps(_evidence(m), ensure_ascii=False),
            "month": when.strftime("%Y-%m") if when else None,
        })
        for i, side in enumerate(m.sides):
            sides.append({"report_id": rid, "side_index": i, "organization": side.organization,
                          "org_id": side.org_id, "country": side.country,
                          "start": side.span.start if side.span else None,
                          "end": side.span.end if side.span else None})
            for j, p in enumerate(side.members):
                people.append({
                    "report_id": rid, "side_index": i, "person_index": j,
                    "actor_id": p.actor_id or actor_id_for(p.name or p.name_native),
                    "name": p.name or p.name_native, "name_native": p.name_native, "role": p.role,
                    "leader": bool(p.leader),
                    "start": p.span.start if p.span else None, "end": p.span.end if p.span else None,
                    "role_start": p.role_span.start if p.role_span else None,
                    "role_end": p.role_span.end if p.role_span else None,
                })
    return reports, sides, people


def extract_batch(clean: pl.DataFrame) -> ExtractResult:
    """Meeting reports of every article in a clean batch; failures become quarantine rows."""
    from tasks.extract.engine import extract_article  # compiled lexicons load once, on first use

    reports: list[dict] = []
    sides: list[dict] = []
    people: list[dict] = []
    quarantine: list[dict] = []
    cols = ["article_id", "doc_id", "language", "text", "published"]
    # columns as Python lists, zipped: a row dict (and the row's fetched_at, a costly datetime
    # conversion) is made only for the few articles with a meeting
    fetched_at = clean.get_column("fetched_at")
    # the same text under another URL (syndicated copies: ~3% of SaudiNewsNet) is extracted once
    # per batch; extract_article is pure, and flatten only reads the Meetings it returns
    seen: dict[tuple, list[Meeting]] = {}
    for i, values in enumerate(zip(*(clean.get_column(c).to_list() for c in cols))):
        article_id, doc_id, language, text, published = values
        try:
            key = (text, language, published)
            meetings = seen.get(key)
            if meetings is None:
                meetings = seen[key] = extract_article(text, language, published)
            if not meetings:
                continue
            r, s, p = flatten({**dict(zip(cols, values)), "fetched_at": fetched_at[i]}, meetings)
        except Exception as exc:  # noqa: BLE001 - one article must never stop the batch
            quarantine.append({"stage": "extract", "rule": "extractor_error", "record_id": article_id,
                               "reason": f"extractor failed: {type(exc).__name__}: {exc}"[:500],
                               "payload": doc_id, "attempts": 1,
                               "created_at": dt.datetime.now(dt.timezone.utc)})
            continue
        reports += r
        sides += s
        people += p
    return ExtractResult(
        reports=conform(pl.DataFrame(reports, schema=REPORTS), REPORTS) if reports else pl.DataFrame(schema=REPORTS),
        sides=conform(pl.DataFrame(sides, schema=REPORT_SIDES), REPORT_SIDES) if sides
        else pl.DataFrame(schema=REPORT_SIDES),
        participants=conform(pl.DataFrame(people, schema=REPORT_PARTICIPANTS), REPORT_PARTICIPANTS) if people
        else pl.DataFrame(schema=REPORT_PARTICIPANTS),
        quarantine=conform(pl.DataFrame(quarantine, schema=QUARANTINE), QUARANTINE) if quarantine
        else pl.DataFrame(schema=QUARANTINE),
    )
