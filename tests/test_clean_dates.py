"""Publication dates: case table per calendar and language, hints, and the gold of seeds + dev."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tasks.clean import clean_text
from tasks.clean.published import find_dates, find_published, parse_hint


@pytest.mark.parametrize(("text", "expected", "printed"), [
    # ISO and numeric
    ("date 2026-02-11 اجتمع وفد من حماس", "2026-02-11", "2026-02-11"),
    ("2015-07-23", "2015-07-23", "2015-07-23"),
    ("نشر في 23/07/2015", "2015-07-23", "23/07/2015"),
    # Arabic Gregorian month names, also with the year glued to the next word
    ("20 يونيو 2024", "2024-06-20", "20 يونيو 2024"),
    ("7 ديسمبر 2024آخر تحديث :", "2024-12-07", "7 ديسمبر 2024"),
    ("الخميس 3 اغسطس 2017", "2017-08-03", "3 اغسطس 2017"),
    # Levantine month names (one and two words)
    ("بيروت، 12 تشرين الأول 2023", "2023-10-12", "12 تشرين الأول 2023"),
    ("5 كانون الثاني 2020", "2020-01-05", "5 كانون الثاني 2020"),
    ("1 آب 2019", "2019-08-01", "1 آب 2019"),
    ("30 أيلول 2022", "2022-09-30", "30 أيلول 2022"),
    # Persian: Jalali numeric (Persian digits) and month names, Gregorian names in Persian
    ("۱۴۰۳/۰۱/۱۱ - ۱۱:۰۰:۰۱", "2024-03-30", "۱۴۰۳/۰۱/۱۱"),
    ("۱۱ فروردین ۱۴۰۳", "2024-03-30", "۱۱ فروردین ۱۴۰۳"),
    ("۲۲ بهمن ۱۳۸۵", "2007-02-11", "۲۲ بهمن ۱۳۸۵"),
    ("۵ ژانویه ۲۰۲۱", "2021-01-05", "۵ ژانویه ۲۰۲۱"),
    # Hijri (Umm al-Qura), Arabic-Indic digits too
    ("25 شوال 1436 هـ", "2015-08-10", "25 شوال 1436"),
    ("٢٠ رمضان ١٤٤٥ هـ", "2024-03-30", "٢٠ رمضان ١٤٤٥"),
    ("1436/10/25 هـ", "2015-08-10", "1436/10/25 هـ"),
    # English
    ("June 20, 2024", "2024-06-20", "June 20, 2024"),
    ("Published: Sept. 3, 2019", "2019-09-03", "Sept. 3, 2019"),
    ("12 May 2019", "2019-05-12", "12 May 2019"),
])
def test_date_shapes(text: str, expected: str, printed: str) -> None:
    found = find_dates(text)
    assert found, text
    first = found[0]
    assert first.date == dt.date.fromisoformat(expected)
    assert first.precision == "day"
    assert text[first.start:first.end] == printed


@pytest.mark.parametrize("text", [
    "Pakistan PM to visit Iran Saturday",
    "التقى 20 شخصا 2024 مرة",            # a number and a non-month word
    "رقم الهاتف 0123456789",
    "كد خبر ۲۰۷۶۰۱۹",
    "في عام 1998 وقع الاتفاق",           # a bare year is not a date
])
def test_not_dates(text: str) -> None:
    assert [p for p in find_dates(text) if p.precision == "day"] == []


def test_month_precision() -> None:
    (p,) = find_dates("في تشرين الأول 2023")
    assert (p.date, p.precision) == (dt.date(2023, 10, 1), "month")


def test_spa_dateline_prefers_gregorian() -> None:
    text = "عنوان الخبر هنا\n\nبيروت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n\nالتقى رئيس الوزراء"
    pub = find_published(text)
    assert pub.date == dt.date(2015, 8, 10)
    assert pub.calendar == "gregorian"
    assert text[pub.start:pub.end] == "10 أغسطس 2015"


def test_only_the_header_is_searched() -> None:
    body = "\n\n".join(["عنوان الخبر"] + ["فقرة طويلة من النص " * 12] * 6 + ["وكان ذلك في 20 يونيو 2024"])
    assert find_published(body).date is None


@pytest.mark.parametrize(("hint", "expected"), [
    ("2015-07-21 02:51:32", "2015-07-21"),
    ("2024-06-20T10:00:00+03:00", "2024-06-20"),
    ("Thu, 20 Jun 2024 08:00:00 GMT", "2024-06-20"),
    ("20 يونيو 2024", "2024-06-20"),
    ("۱۴۰۳/۰۱/۱۱", "2024-03-30"),
])
def test_hints(hint: str, expected: str) -> None:
    assert parse_hint(hint).date == dt.date.fromisoformat(expected)


def test_hint_wins_and_points_into_text() -> None:
    text = "عنوان\n\n20 يونيو 2024\n\nنص الخبر"
    pub = find_published(text, "2024-06-20T08:00:00Z")
    assert text[pub.start:pub.end] == "20 يونيو 2024"
    other = find_published(text, "2024-06-21")
    assert other.date == dt.date(2024, 6, 21) and other.start is None
    assert find_published(text, "not a date").date == dt.date(2024, 6, 20)


def _gold(shared: Path) -> list[tuple[Path, dict]]:
    gold = {}
    for path in (shared / "eval" / "seeds.gold.jsonl", shared / "eval" / "dev" / "gold.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            gold[rec["doc_id"]] = rec
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "eval" / "dev" / "texts").glob("*.txt"))
    return [(f, gold[f.stem]) for f in files]


def test_seeds_and_dev_give_gold_published_and_language(shared: Path) -> None:
    cases = _gold(shared)
    assert len(cases) == 55
    wrong = []
    for path, gold in cases:
        out = clean_text(path.read_text(encoding="utf-8"))
        got = out["published"].isoformat() if out["published"] else None
        if got != gold.get("published") or out["language"] != gold["language"]:
            wrong.append((path.stem, got, gold.get("published"), out["language"], gold["language"]))
        if got is not None:  # the span is the printed date
            assert find_dates(out["text"][out["published_start"]:out["published_end"]])[0].date == out["published"]
    assert wrong == []
