"""The extractor's in-memory records: one article's meetings, sides, people and evidence.

``extract_article`` (tasks/extract/engine.py) returns a list of ``Meeting``; ``tasks/extract``
turns them into the REPORTS / REPORT_SIDES / REPORT_PARTICIPANTS tables of liqa.schemas.
Spans are half-open character offsets into the clean article text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Person:
    name_native: str                 # spelling in the article
    name: str | None = None          # usual English spelling when the gazetteer knows it
    role: str | None = None          # stated role, English lower case
    leader: bool = False
    actor_id: str | None = None      # gazetteer id, or None (the loader derives "x:<hash>")
    span: Span | None = None
    role_span: Span | None = None


@dataclass
class Side:
    organization: str | None = None  # descriptive side name: "Hamas", "Government of Qatar"
    org_id: str | None = None
    country: str | None = None       # ISO alpha-2, or None for an organisation without one
    members: list[Person] = field(default_factory=list)
    span: Span | None = None


@dataclass
class Meeting:
    sides: list[Side]
    date: dt.date | None = None
    date_precision: str = "unknown"  # day | month | year | unknown
    city: str | None = None          # English exonym
    country: str | None = None       # ISO alpha-2
    mode: str = "unspecified"        # visit | third_party | unspecified
    topics: list[str] = field(default_factory=list)
    confidence: float = 0.5
    trigger: Span | None = None      # the verb / noun that reports the meeting
    date_span: Span | None = None
    place_span: Span | None = None
    topic_spans: list[Span] = field(default_factory=list)
