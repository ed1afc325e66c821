"""Boilerplate: chrome lines dropped per language data, meaningful short body lines kept."""
from __future__ import annotations

import pytest

from tasks.clean import clean_text
from tasks.clean.boilerplate import clean_lines, is_boilerplate, key, key_differs, required_literal, split_lines


@pytest.mark.parametrize("line", [
    "شارك", "اقرأ أيضا", "إقرأ أيضاً", "آخر الأخبار", "حمل تطبيق آخر خبر", "+ الخط -", "اظهر الملخص",
    "المساهمون", "انتهای پیام", "نظر شما", "کد خبر: ۲۰۷۶۰۱۹", "Read more", "Share this", "Share this article",
    "© 2024 Al Jazeera Media Network", "جميع الحقوق محفوظة لموقع الخبر 2024", "Read more: Iran talks resume",
    "•", "|",
])
def test_drops(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "بحث سبل الوصول إلى وقف إطلاق النار",   # a subheading inside the body (seed 004)
    "القدس المصدر: القدس",
    "TEHRAN - Iran and Qatar signed three documents.",
    "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",
    "20 يونيو 2024",
    "Share prices fell sharply in Tehran on Monday after the talks.",
    "نظر شما درباره این توافق چیست؟ این پرسش را وزیر مطرح کرد",
])
def test_keeps(line: str) -> None:
    assert not is_boilerplate(line)


def test_news_code_is_cut_but_date_kept() -> None:
    assert clean_lines(["عنوان", "۱۳۹۸/۱۱/۲۸ - کد خبر: ۱۳۹۸۱۱۲۸۰۰۰۳۹۱", "متن"]) == ["عنوان", "۱۳۹۸/۱۱/۲۸", "متن"]


def test_lines_repeated_three_times_are_ads() -> None:
    body = ["پاراگراف اول خبر که طولانی است و درباره دیدار است."] * 1 + ["بازرگانی برنا", "لالالند"] * 3
    assert clean_lines(body) == body[:1]


def test_end_mark_ends_the_article() -> None:
    body = ["متن خبر " * 20, "متن دوم " * 20, "انتهای پیام/", "نظر شما", "بازرگانی برنا"]
    assert clean_lines(body) == body[:2]
    # an end mark in the first half does not cut the body that follows it
    early = ["انتهای پیام/", "متن خبر " * 40]
    assert clean_lines(early)[-1] == early[-1]


def test_spa_end_and_licence() -> None:
    lines = split_lines("التقى الوزير نظيره " * 10 + "\n // انتهى //\n 15:37 ت م\n")
    assert clean_lines(lines) == [("التقى الوزير نظيره " * 10).strip()]
    licence = "Khan left for Riyadh. NA/PA  All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License."
    first = ("x " * 50).strip()
    assert clean_lines([first, licence]) == [first, "Khan left for Riyadh. NA/PA"]


def test_seed_000_chrome_goes_body_stays(shared) -> None:
    raw = (shared / "seeds" / "000_10863e80e746bf86.txt").read_text(encoding="utf-8")
    text = clean_text(raw)["text"]
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("لقاء حماس ولاريجاني في قطر")
    for chrome in ("آخر الأخبار", "شارك", "حمل تطبيق آخر خبر", "إقرأ أيضا"):
        assert chrome not in paragraphs
    assert "القدس المصدر: القدس" in paragraphs
    assert len(text) > 0.8 * len(raw.replace("\n", "").replace("آخر الأخبار", ""))


def test_seed_003_ads_and_code_go(shared) -> None:
    raw = (shared / "seeds" / "003_e8fa24dd2d8419e6.txt").read_text(encoding="utf-8")
    out = clean_text(raw)
    assert "بازرگانی برنا" not in out["text"] and "کد خبر" not in out["text"]
    assert "انتهای پیام" not in out["text"]
    # the headline printed again under the date line is not repeated
    assert out["text"].count("دیدار مقامات ارشد حماس و جهاد اسلامی در تهران") == 1
    assert out["text"].endswith("تاکید کردند.")


def test_case_folding_never_shortens() -> None:
    # key_differs and is_boilerplate skip building the key of a line longer than any rule key:
    # that is exact only while no character folds to nothing (true of Unicode 15 full folding)
    assert all(chr(c).casefold() for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize("line", [
    "  Read   more  ", "READ MORE…", "Read\u00a0more", "Read\u2003more", "Read\tmore -", "STRASSE", "Straße",
    "شارك", "شارك\u200f", " اقرأ  أيضا :", "\u2003", "", "x" * 200, ("ﬁ" * 40).strip(), "- - -",
])
def test_key_differs_agrees_with_key(line: str) -> None:
    for other in ("read more", "strasse", "شارك", "اقرأ أيضا", "", "x" * 200, "fi" * 40, "fi" * 39):
        assert key_differs(line, other) == (key(line) != other)


@pytest.mark.parametrize(("regex", "needs"), [
    (r"[کك]د\s*خبر\s*[:：]?\s*[\d۰-۹٠-٩]+", "خبر"), ("abc|abd", "ab"), ("a(?:bc)?d", "a"), ("x*yz+w", "y"),
    (r"(?i)read more", None), (r"\d{4}", None), ("a|b", None), ("[", None),
])
def test_required_literal(regex: str, needs: str | None) -> None:
    # the text every match must contain: an article without it skips the rule's line-by-line scan
    assert required_literal(regex) == needs
