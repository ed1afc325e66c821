"""Issue 6 property tests: clean and extract never raise on arbitrary input.

Whatever a stage cannot handle becomes a quarantine row with a reason; a batch never stops.
"""
from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings, strategies as st

from liqa.schemas import CLEAN, QUARANTINE, RAW, REPORTS, conform
from tasks.clean import clean_batch
from tasks.extract import extract_batch

NOW = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
# text that looks like news: Arabic/Persian/Latin words, meeting verbs, titles, digits, bidi marks,
# control characters and very long lines
PIECES = st.sampled_from([
    "استقبل", "التقى", "وزير الخارجية", "الإيراني", "في الدوحة", "أمس", "اليوم الأربعاء", "دیدار", "با",
    "رئیس‌جمهور", "met", "with", "Foreign Minister", "in Tehran", "on Monday", "محمد", "علي لاريجاني",
    "\u200f", "\u202e", "\u200c", "\x00", "\x07", "\ufeff", "ـــ", "۱۴۰۳/۰۱/۱۱", "2024-06-20", "\n", "\n\n", " ",
    "،", ".", "«", "»", "(", ")", "&#8220;", "<p>", "😀", "\U0001F1EE\U0001F1F7",
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=120).map(" ".join))


def _raw(content: bytes, ctype: str = "text/plain") -> pl.DataFrame:
    return conform(pl.DataFrame([{"raw_id": "r" * 64, "doc_id": "d", "source": "s", "uri": "u", "fetched_at": NOW,
                                  "content": content, "content_type": ctype, "size": len(content),
                                  "month": "2026-11"}], schema=RAW), RAW)


def _clean_row(text: str, language: str) -> pl.DataFrame:
    return conform(pl.DataFrame([{"article_id": "a" * 32, "raw_id": "r" * 64, "doc_id": "d", "fetched_at": NOW,
                                  "language": language, "text": text, "published": dt.date(2024, 6, 20),
                                  "published_precision": "day", "chars": len(text), "month": "2024-06"}],
                                schema=CLEAN), CLEAN)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["text/plain", "text/html", "application/x-liqa-record"]))
def test_clean_then_extract_never_raise_on_arbitrary_bytes(content: bytes, ctype: str) -> None:
    clean, q = clean_batch(_raw(content, ctype))
    assert len(clean) + len(q) == 1
    assert all(r for r in q["reason"].to_list())
    ex = extract_batch(clean)
    assert list(ex.reports.columns) == list(REPORTS) and list(ex.quarantine.columns) == list(QUARANTINE)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["ar", "fa", "en"]))
def test_extract_never_raises_on_newsy_unicode(text: str, language: str) -> None:
    ex = extract_batch(_clean_row(text, language))
    assert len(ex.quarantine) == 0, ex.quarantine["reason"].to_list()  # no extractor_error either
    for start, end in zip(ex.participants["start"].to_list(), ex.participants["end"].to_list()):
        assert start is None or 0 <= start <= end <= len(text)


def test_a_one_megabyte_line_is_quarantined_not_extracted_for_minutes() -> None:
    line = ("التقى وزير الخارجية الإيراني محمد جواد ظريف نظيره القطري في الدوحة أمس " * 14000)[:1_000_000]
    clean, q = clean_batch(_raw(line.encode("utf-8")))
    assert len(clean) == 0 and q["rule"].to_list() == ["too_long"]
    assert "1000000 characters" in q["reason"][0] or "characters, over the maximum" in q["reason"][0]
