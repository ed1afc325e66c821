"""Language: ar | fa | en by script and function words; others are unsupported (None)."""
from __future__ import annotations

import time

import pytest

from tasks.clean.language import detect_language

CASES = [
    ("ar", "التقى وزير الخارجية السعودي نظيره المصري في القاهرة أمس، وبحث الجانبان العلاقات الثنائية التي تجمع البلدين."),
    ("ar", "أعلنت الحكومة اليمنية أن الرئيس عبدربه منصور هادي سيعود إلى عدن خلال الأيام المقبلة بعد تحريرها."),
    ("fa", "وزیر امور خارجه ایران در سفر به دوحه با همتای قطری خود دیدار کرد و گفت این سفر در راستای گسترش روابط است."),
    # old Persian typed with Arabic ي/ك (Fars News 2003-2009)
    ("fa", "خبرگزاري فارس: وزير امور خارجه فرانسه در يك درخواست غير منطقي از ايران خواست برنامه هسته‌اي خود را متوقف كند."),
    ("fa", "هاشمي رفسنجاني در ديدار مدير كل يونسكو از اين نهاد بعنوان يكي از موثرترين نهادهاي بين المللي ياد كرد."),
    ("en", "TEHRAN - Pakistan's Prime Minister Imran Khan visited Iran on Sunday and held talks with President Hassan Rouhani."),
    ("en", "Bahrain's top cleric met with Iraq's top religious leader in the holy city of Najaf on Friday, IRNA reported."),
    # presentation-form Arabic (copied from PDFs)
    ("ar", "ﻛﺸﻔﺖ ﻣﺼﺎﺩﺭ ﻣﻄﻠﻌﺔ ﻓﻲ ﺍﻟﻤﻘﺎﻭﻣﺔ ﺍﻟﺸﻌﺒﻴﺔ ﺍﻟﺠﻨﻮﺑﻴﺔ ﻋﻦ ﺗﻮﺍﺟﺪ ﻋﻨﺎﺻﺮ ﻣﻦ ﺍﻟﺤﺮﺱ ﺍﻟﺜﻮﺭﻱ ﺍﻹﻳﺮﺍﻧﻲ ﻓﻲ ﺍﻟﻤﺪﻳﻨﺔ ﻭﻗﺎﻟﺖ ﺇﻥ ﺍﻟﻤﻘﺎﻭﻣﺔ ﺗﻤﻜﻨﺖ ﻣﻦ ﺍﺳﺘﻌﺎﺩﺓ ﺍﻟﻤﻮﻗﻊ"),
    # unsupported languages sharing a script
    (None, "پاکستان کے وزیر اعظم نے ایران کا دورہ کیا اور ایرانی صدر سے ملاقات کی۔ دونوں رہنماؤں نے باہمی تعلقات پر بات کی۔ یہ ملاقات تہران میں ہوئی۔"),
    (None, "Le ministre des affaires étrangères a rencontré son homologue qatari à Doha mercredi pour discuter de la situation."),
    (None, "Dışişleri Bakanı Hakan Fidan, Katarlı mevkidaşı ile Doha'da bir araya gelerek bölgedeki gelişmeleri görüştü."),
    (None, "שר החוץ נפגש עם עמיתו הקטארי בדוחא ביום רביעי כדי לדון במצב באזור ובמשא ומתן."),
    (None, "Министр иностранных дел встретился со своим катарским коллегой в Дохе в среду."),
    (None, "12345 678 90 -- ** !!"),
]


@pytest.mark.parametrize(("expected", "text"), CASES)
def test_language(expected: str | None, text: str) -> None:
    assert detect_language(text) == expected


def test_hint_does_not_override_clear_evidence() -> None:
    persian = CASES[2][1]
    assert detect_language(persian, hint="ar") == "fa"
    assert detect_language(CASES[0][1], hint="fa") == "ar"


def test_fast_on_article_sized_text() -> None:
    text = (CASES[0][1] + " ") * 30   # ~3k characters
    detect_language(text)
    n = 300
    start = time.perf_counter()
    for _ in range(n):
        detect_language(text)
    per_article_ms = (time.perf_counter() - start) / n * 1000
    assert per_article_ms < 1.5  # target 0.3 ms; slack for a shared CI machine


@pytest.mark.parametrize("text", [
    "في في في على هذا", "است است که را", " في  في ", "در در در در", "قال: في، على؛ في", "",
])
def test_function_words_counted_like_substring_counts(text: str) -> None:
    # the token Counter must equal str.count of " w " (which does not overlap: " في في " is 1)
    from tasks.clean.language import _AR_WORDS, _FA_WORDS, _count_fa_ar, _count_words

    padded = f" {text} "
    expected = (sum(padded.count(f" {w} ") for w in _FA_WORDS), sum(padded.count(f" {w} ") for w in _AR_WORDS))
    assert _count_fa_ar(padded) == expected
    assert (_count_words(padded, _FA_WORDS), _count_words(padded, _AR_WORDS)) == expected
