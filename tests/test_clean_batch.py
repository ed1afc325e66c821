"""clean_batch: the table contract, identity, quarantine rules, and never raising on any input."""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liqa.schemas import CLEAN, QUARANTINE, RAW
from tasks.clean import _CONTROLS, _lines, clean_batch
from tasks.clean.boilerplate import split_lines
from tasks.clean.ids import article_id, normalize_url

FETCHED = dt.datetime(2026, 2, 12, 8, 0, tzinfo=dt.timezone.utc)
AR_BODY = ("التقى وزير الخارجية القطري نظيره الإيراني في الدوحة اليوم الأربعاء، وبحث الجانبان "
           "العلاقات الثنائية وتطورات الأوضاع في المنطقة.")


def _raw(rows: list[dict]) -> pl.DataFrame:
    full = []
    for i, r in enumerate(rows):
        content = r.get("content", b"")
        base = {"raw_id": hashlib.sha256(content).hexdigest(), "doc_id": f"d{i}", "source": "test",
                "uri": f"test#{i}", "url": None, "fetched_at": FETCHED, "content": content,
                "content_type": "text/plain", "size": len(content), "month": "2026-02"}
        base.update(r)
        full.append(base)
    return pl.DataFrame(full, schema=RAW)


def test_contract_and_rules() -> None:
    raw = _raw([
        {"content": f"عنوان الخبر هنا للاختبار\n2026-02-11\n\n{AR_BODY}".encode()},
        {"content": AR_BODY.encode(), "content_type": "application/x-liqa-record",
         "title_hint": "عنوان من السجل", "published_hint": "2015-07-21 02:51:32",
         "url": "HTTP://Example.COM/a/?utm_source=x&id=3#c"},
        {"content": b"  \n "},
        {"content": b"%PDF-1.4 binary"},
        {"content": "قصير".encode()},
        {"content": ("Le ministre des affaires étrangères a rencontré son homologue à Doha mercredi. " * 3).encode()},
    ])
    doc_of = dict(zip(raw["raw_id"], raw["doc_id"]))

    def rules(quarantine: pl.DataFrame) -> dict[str, str]:
        return {doc_of[r]: rule for r, rule in zip(quarantine["record_id"], quarantine["rule"])}

    clean, quarantine = clean_batch(raw, {"clean": {"min_chars": 80, "max_bytes": 100}})
    assert clean.is_empty()
    assert rules(quarantine) == {"d0": "too_large", "d1": "too_large", "d2": "empty_input",
                                 "d3": "binary_content", "d4": "too_short", "d5": "too_large"}

    clean, quarantine = clean_batch(raw, {"clean": {"min_chars": 80}})
    assert clean.schema == pl.Schema(CLEAN)
    assert quarantine.schema == pl.Schema(QUARANTINE)
    assert rules(quarantine) == {"d2": "empty_input", "d3": "binary_content", "d4": "too_short",
                                 "d5": "unsupported_language"}
    assert set(quarantine["stage"]) == {"clean"} and quarantine["run_id"].null_count() == len(quarantine)
    assert all(r.endswith(".") for r in quarantine["reason"])
    assert set(quarantine["payload"]) == {"test#2", "test#3", "test#4", "test#5"}

    by_doc = {r["doc_id"]: r for r in clean.iter_rows(named=True)}
    first = by_doc["d0"]
    assert first["language"] == "ar" and first["title"] == "عنوان الخبر هنا للاختبار"
    assert first["published"] == dt.date(2026, 2, 11) and first["month"] == "2026-02"
    assert first["published_precision"] == "day"
    assert first["text"][first["published_start"]:first["published_end"]] == "2026-02-11"
    assert first["article_id"] == hashlib.sha256(first["text"].encode()).hexdigest()[:32]
    assert first["chars"] == len(first["text"])
    record = by_doc["d1"]
    assert record["title"] == "عنوان من السجل" and record["text"].startswith("عنوان من السجل\n\n")
    assert record["published"] == dt.date(2015, 7, 21) and record["month"] == "2015-07"
    assert record["published_start"] is None
    assert record["article_id"] == article_id("http://example.com/a?id=3", "")


def test_month_falls_back_to_fetched_at() -> None:
    clean, _ = clean_batch(_raw([{"content": AR_BODY.encode()}]))
    assert clean["published"][0] is None and clean["published_precision"][0] == "unknown"
    assert clean["month"][0] == "2026-02"


def test_normalize_url() -> None:
    assert normalize_url("HTTPS://Www.Example.com/News/1/?utm_medium=rss&p=2#frag") == "https://www.example.com/News/1?p=2"
    assert normalize_url("https://x.org/%D8%A7") == normalize_url("https://x.org/ا/")
    # plain URLs take a shortcut past urllib: same answers, including the odd shapes
    for url, expected in [("HTTP://Sabq.ORG/News/12//", "http://sabq.org/News/12"), ("https://a.b", "https://a.b"),
                          ("https://a.b/", "https://a.b"), ("http://A.b:8080/x/ا", "http://a.b:8080/x/ا"),
                          ("http://user@Host/p", "http://user@host/p"), (" http://h/p/ ", "http://h/p")]:
        assert normalize_url(url) == expected


def test_lines_equal_normalise_then_strip_controls_then_split() -> None:
    # clean_text normalises and strips controls line by line: the same lines as the whole-text
    # steps, with harakat out of order, combining hamza, jamo, controls inside CR LF, NEL, BOM
    for text in ["\u0627\u0651\u064e\n\u0627\u0654\nx", "e\n\u0301", "\u1100\n\u1161\u11a8", "a\u0308\n\n\u0338=",
                 "one\r\x01\ntwo\x0bthree\x85four\ufeff\u2028five\x0c\r", "\x1c\n\xa0x\u200f\n\uffff"]:
        whole = unicodedata.normalize("NFC", text).replace("\x0b", "\n").replace("\x0c", "\n")
        assert _lines(text) == split_lines(_CONTROLS.sub("", whole))


def test_empty_batch_and_missing_columns() -> None:
    clean, quarantine = clean_batch(pl.DataFrame(schema=RAW))
    assert clean.is_empty() and quarantine.is_empty()
    clean, quarantine = clean_batch(pl.DataFrame({"content": [AR_BODY.encode()]}))
    assert len(clean) == 1 and clean["language"][0] == "ar"


_text = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("\u200e\u200f\u202a\u202b\u202c\u200c\ufeff\x00\x07\r\n\t ـ")),
    st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىپچژگکی0123456789٠١٢٣۴۵۶")),
), max_size=3000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.one_of(st.binary(max_size=4000), _text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       ctype=st.sampled_from(["text/plain", "text/html", "application/x-liqa-record", None]),
       title=st.one_of(st.none(), _text), hint=st.one_of(st.none(), st.text(max_size=40)))
def test_never_raises(payload: bytes, ctype: str | None, title: str | None, hint: str | None) -> None:
    raw = _raw([{"content": payload, "content_type": ctype, "title_hint": title, "published_hint": hint}])
    clean, quarantine = clean_batch(raw, {"clean": {"min_chars": 1}})
    assert len(clean) + len(quarantine) == 1
    assert "clean_error" not in quarantine["rule"].to_list()
    for row in clean.iter_rows(named=True):
        assert row["language"] in ("ar", "fa", "en")
        assert row["chars"] == len(row["text"])
        if row["published_start"] is not None:
            assert 0 <= row["published_start"] < row["published_end"] <= len(row["text"])


@settings(max_examples=60, deadline=None)
@given(line=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20000))
def test_long_lines_and_mixed_scripts(line: str) -> None:
    raw = _raw([{"content": (AR_BODY + "\n" + line).encode("utf-8", "surrogatepass")}])
    clean, quarantine = clean_batch(raw)
    assert len(clean) + len(quarantine) == 1
    assert "clean_error" not in quarantine["rule"].to_list()


def test_html_entities_in_plain_text_records_are_unescaped() -> None:
    from tasks.clean import clean_row

    body = ("وزير الخارجية يستقبل نظيره\n\nقال الوزير &#8220;إن العلاقات متينة&#8221; خلال اللقاء الذي عقد "
            "أمس في الرياض بحضور عدد من المسؤولين &amp; السفراء في الوزارة.")
    clean, q = clean_row({"raw_id": "r", "content": body.encode(), "content_type": "application/x-liqa-record",
                          "title_hint": "توزيع &#8220;موسوعة&#8221; على المدارس"})
    assert q is None and "“إن العلاقات متينة”" in clean["text"] and "& السفراء" in clean["text"]
    assert clean["title"] == "توزيع “موسوعة” على المدارس"
    assert "&#" not in clean["text"]
