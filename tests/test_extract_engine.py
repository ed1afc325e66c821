"""Behaviour of the meeting extractor on real and hand-written article text (case tables)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liqa.textnorm import fold
from tasks.extract.dates import find_dates, pick
from tasks.extract.engine import extract_to_records
from tasks.extract.lexicon import load_lexicon

PUB = dt.date(2015, 8, 6)  # a Thursday

DATES = [
    ("ar", "استقبل الرئيس أمس", dt.date(2015, 8, 5)),
    ("ar", "التقى اليوم", PUB),
    ("ar", "مساء أمس الأول", dt.date(2015, 8, 4)),
    ("ar", "أول من أمس", dt.date(2015, 8, 4)),
    ("ar", "الليلة الماضية", dt.date(2015, 8, 5)),
    ("ar", "مساء الخميس", PUB),
    ("ar", "يوم الأربعاء", dt.date(2015, 8, 5)),
    ("ar", "أمس الأربعاء", dt.date(2015, 8, 5)),
    ("ar", "بيروت 25 شوال 1436 هـ", dt.date(2015, 8, 10)),
    ("ar", "10 أغسطس 2015", dt.date(2015, 8, 10)),
    ("fa", "دیروز", dt.date(2015, 8, 5)),
    ("fa", "روز چهارشنبه گذشته", dt.date(2015, 8, 5)),
    ("fa", "۱۳۹۸/۱۱/۲۸", dt.date(2020, 2, 17)),
    ("en", "on Tuesday", dt.date(2015, 8, 4)),
    ("en", "yesterday", dt.date(2015, 8, 5)),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DATES)
def test_dates(lang: str, text: str, expected: dt.date) -> None:
    hit = pick(find_dates(fold(text), load_lexicon(lang), PUB), 0)
    assert hit is not None and hit.date == expected


def test_relative_day_without_publication_date_is_unknown() -> None:
    hit = pick(find_dates(fold("التقى أمس"), load_lexicon("ar"), None), 0)
    assert hit is not None and hit.date is None


MEETINGS = [  # (lang, text, number of meetings, a name expected on some side)
    ("ar", "عنوان\nاستقبل وزير الخارجية المصري سامح شكري أمس في القاهرة وزير الخارجية الإيطالي باولو جينتيلوني.", 1, "سامح شكري"),
    ("ar", "عنوان\nتلقى وزير الخارجية المصري سامح شكري اتصالا هاتفيا من وزير الخارجية الإيطالي باولو جينتيلوني.", 0, None),
    ("ar", "عنوان\nمن المقرر أن يلتقي وزير الخارجية المصري سامح شكري وزير الخارجية الإيطالي باولو جينتيلوني غدا.", 0, None),
    ("fa", "عنوان\nحسن روحانی رئیس جمهور ایران با ولادیمیر پوتین رئیس جمهور روسیه در تهران دیدار کرد.", 1, "ولادیمیر پوتین"),
    ("fa", "عنوان\nحسن روحانی رئیس جمهور ایران در تماس تلفنی با ولادیمیر پوتین رئیس جمهور روسیه گفتگو کرد.", 0, None),
    ("en", "Title\nIranian President Hassan Rouhani met with Russian President Vladimir Putin in Tehran on Monday.", 1, "Vladimir Putin"),
    ("en", "Title\nIranian President Hassan Rouhani will meet Russian President Vladimir Putin in Tehran next week.", 0, None),
]


@pytest.mark.parametrize(("lang", "text", "count", "name"), MEETINGS)
def test_triggers_and_blockers(lang: str, text: str, count: int, name: str | None) -> None:
    recs = extract_to_records(text, lang, PUB)
    assert len(recs) == count
    if name:
        natives = {p["name_native"] for r in recs for s in r["parties"] for p in s["members"]}
        assert name in natives


def test_role_and_country_from_nisba() -> None:
    text = "عنوان\nالتقى وزير الخارجية البرازيلي ماورو فييرا أمس وزير الخارجية المصري سامح شكري."
    recs = extract_to_records(text, "ar", PUB)
    people = {p["name_native"]: (p["role"], s["country"]) for r in recs for s in r["parties"] for p in s["members"]}
    assert people.get("ماورو فييرا") == ("foreign minister", "BR")


def test_seeds_and_dev_floor() -> None:
    from tasks.extract.devscore import score_set
    seeds, _ = score_set("seeds")
    assert seeds["meeting_f1"] == 1.0 and seeds["person_f1"] >= 0.95
    assert seeds["city_accuracy"] == 1.0 and seeds["date_accuracy"] == 1.0
    dev, _ = score_set("dev")
    assert seeds["person_f1"] == 1.0
    # floor a little under the measurement of round 4 (meeting_f1 0.92, person_f1 0.98, role 0.86,
    # city 0.96, date 1.0, doc_precision 1.0; per language meeting_f1 ar 0.91, fa 0.95, en 0.91);
    # raise it as the extractor improves
    assert dev["meeting_f1"] >= 0.88 and dev["doc_precision"] >= 0.95
    assert dev["person_f1"] >= 0.95 and dev["date_accuracy"] >= 0.95 and dev["city_accuracy"] >= 0.92
    assert dev["role_accuracy"] >= 0.82 and dev["topic_f1"] >= 0.65
    for lang, floor in (("ar", 0.87), ("fa", 0.90), ("en", 0.87)):
        per, _ = score_set("dev", lang)
        assert per["meeting_f1"] >= floor, lang


SHAPES = [  # sentence shapes that report a meeting, per language: (lang, text, names on two sides)
    # Persian subject before "در دیدار با", no title on the subject (a given name opens it)
    ("fa", "عنوان\nعباس کشاورز در دیدار با لیندال ساکس سفیر استرالیا در ایران گفت: روابط خوب است.",
     ("عباس کشاورز", "لیندال ساکس")),
    # Persian symmetric "با هم دیدار کردند" with a list of bare names
    ("fa", "عنوان\nحسن روحانی، حامد کرزی و امامعلی رحمان در کابل با هم دیدار کردند.",
     ("حسن روحانی", "حامد کرزی")),
    # Persian guest answering "X نیز در این دیدار" after a title-only counterpart
    ("fa", "عنوان\nعلی اکبری در دیدار مدیر کل یونسکو گفت: همکاری مهم است.\nکوئیچیرو ماتسورا نیز در این دیدار گفت: ما آماده ایم.",
     ("علی اکبری", "کوئیچیرو ماتسورا")),
    # English: subject after the "During his meeting with X," clause
    ("en", "Title\nDuring his meeting with Venezuelan President Nicolas Maduro, Vice-President Es'haq Jahangiri called for ties.",
     ("Nicolas Maduro", "Es'haq Jahangiri")),
    # English: title, comma, name ("Pakistan's Prime Minister, Imran Khan,") and passive "welcomed by"
    ("en", "Title\nPakistan's Prime Minister, Imran Khan, visited Iran on Sunday. Khan was welcomed by President Hassan Rouhani in Tehran.",
     ("Imran Khan", "Hassan Rouhani")),
    # English: "X and his Swiss counterpart, Y, held talks" (both before a symmetric trigger)
    ("en", "Title\nIranian President Hassan Rouhani and his Swiss counterpart, Alain Berset, held talks on Monday.",
     ("Hassan Rouhani", "Alain Berset")),
    # Arabic dinner in someone's honour (the "لل" contraction of the guest's surname)
    ("ar", "عنوان\nاستقبل أمير قطر الشيخ تميم بن حمد أمس وزير الخارجية عادل الجبير.\nوأقام وزير الخارجية القطري خالد العطية مأدبة عشاء تكريما للجبير.",
     ("خالد العطية", "عادل الجبير")),
]


@pytest.mark.parametrize(("lang", "text", "pair"), SHAPES)
def test_meeting_shapes(lang: str, text: str, pair: tuple[str, str]) -> None:
    recs = extract_to_records(text, lang, PUB)
    met = [
        {p["name_native"] for p in s["members"]}
        for r in recs for s in r["parties"]
    ]
    found = any(
        any(pair[0] in side for side in [{p["name_native"] for p in s["members"]} for s in r["parties"]])
        and any(pair[1] in side for side in [{p["name_native"] for p in s["members"]} for s in r["parties"]])
        and not any(pair[0] in side and pair[1] in side for side in [{p["name_native"] for p in s["members"]} for s in r["parties"]])
        for r in recs)
    assert found, met


def test_back_reference_adds_no_second_meeting() -> None:
    text = ("عنوان\nاستقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز أمس وزير الخارجية المصري سامح شكري.\n"
            "ونقل معاليه خلال الاستقبال تحيات الرئيس عبدالفتاح السيسي رئيس جمهورية مصر العربية وتقديره.")
    recs = extract_to_records(text, "ar", PUB)
    assert len(recs) == 1


def test_role_stated_once_holds_for_short_mentions() -> None:
    text = ("عنوان\nوصل وزير الخارجية السعودي عادل الجبير إلى الدوحة.\n"
            "واستقبل أمير دولة قطر الشيخ تميم بن حمد أمس الجبير.")
    roles = {p["name_native"]: p["role"] for r in extract_to_records(text, "ar", PUB)
             for s in r["parties"] for p in s["members"]}
    assert roles.get("عادل الجبير") == "foreign minister"


def test_palace_names_no_city() -> None:
    text = "عنوان\nاستقبل الملك سلمان بن عبدالعزيز في قصر السلام أمس وزير الخارجية المصري سامح شكري."
    recs = extract_to_records(text, "ar", PUB)
    assert recs and recs[0]["city"] is None


def _people(recs: list[dict]) -> dict[str, tuple[str | None, str | None]]:
    return {p["name_native"]: (p["role"], s["country"]) for r in recs for s in r["parties"] for p in s["members"]}


ROLES = [  # (lang, text, name, words the role must contain)
    # the post after "لدى" joins the role; the post's country is not the person's
    ("ar", "عنوان\nالتقى رئيس مجلس النواب نبيه بري أمس سفير خادم الحرمين الشريفين لدى لبنان علي عواض عسيري.",
     "علي عواض عسيري", ("ambassador", "lebanon")),
    # a named person right before a chain is described by it; the run after the chain is the guest
    ("ar", "عنوان\nاستقبل سامح شكري وزير الخارجية المصري فيسنا بوسيتش نائبة رئيس الوزراء ووزيرة خارجية كرواتيا.",
     "سامح شكري", ("foreign", "minister")),
    ("ar", "عنوان\nاستقبل سامح شكري وزير الخارجية المصري فيسنا بوسيتش نائبة رئيس الوزراء ووزيرة خارجية كرواتيا.",
     "فيسنا بوسيتش", ("deputy", "prime", "foreign")),
    # a long Saudi chain after the name, closed by a prayer formula
    ("ar", "عنوان\nاستقبل صاحب السمو الملكي الأمير محمد بن نايف ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية "
     "-حفظه الله- مساء أمس وزير الخارجية المصري سامح شكري.", "محمد بن نايف", ("crown", "interior")),
    # English apposition with an article, and "President of <organisation>"
    ("en", "Title\nNicholas Hopton, the British ambassador to Tehran, met President of the Islamic Supreme "
     "Council of Iraq Ammar al-Hakim in Baghdad.", "Nicholas Hopton", ("ambassador", "tehran")),
    ("en", "Title\nNicholas Hopton, the British ambassador to Tehran, met President of the Islamic Supreme "
     "Council of Iraq Ammar al-Hakim in Baghdad.", "Ammar al-Hakim", ("president", "council")),
]


@pytest.mark.parametrize(("lang", "text", "name", "words"), ROLES)
def test_roles_from_chains(lang: str, text: str, name: str, words: tuple[str, ...]) -> None:
    role = (_people(extract_to_records(text, lang, PUB)).get(name) or (None, None))[0] or ""
    assert all(w in role for w in words), role


def test_speaker_before_reporting_clause_is_no_party() -> None:
    text = ("عنوان\nعقد الرئيس المصري عبدالفتاح السيسي أمس لقاءات ثنائية.\n"
            "وصرح الناطق الرسمي السفير علاء يوسف بأن اللقاءات شملت اجتماعا ثنائيا مع الرئيس الفرنسي فرانسوا أولاند.")
    recs = extract_to_records(text, "ar", PUB)
    names = [{p["name_native"] for s in r["parties"] for p in s["members"]} for r in recs]
    assert any({"عبدالفتاح السيسي", "فرانسوا أولاند"} <= n for n in names), names
    assert not any("علاء يوسف" in n for n in names), names


CLAUSES = [  # cues that hold only for their own clause: (lang, text, meetings)
    ("fa", "عنوان\nسفر وزیر خارجه آلمان به پاریس در حالی صورت خواهد گرفت که آنگلا مرکل روز چهارشنبه در پاریس "
     "با نیکلا سارکوزی رئیس جمهور فرانسه دیدار کرد.", 1),
    ("ar", "عنوان\nالتقى الرئيس المصري عبدالفتاح السيسي أمس مع عبدالقادر بن صالح رئيس مجلس الأمة الجزائري، "
     "الذي سلمه رسالة خطية من الرئيس الجزائري.", 1),
    ("ar", "عنوان\nتلقى الرئيس المصري عبدالفتاح السيسي اتصالا هاتفيا من الرئيس الفرنسي فرانسوا أولاند، بحث خلاله العلاقات.", 0),
]


@pytest.mark.parametrize(("lang", "text", "count"), CLAUSES)
def test_blockers_scoped_to_clause(lang: str, text: str, count: int) -> None:
    assert len(extract_to_records(text, lang, PUB)) == count


def test_attendee_named_before_the_cue() -> None:
    text = ("Title\nNicholas Hopton, the British ambassador to Tehran, held meetings with Vice President Nouri "
            "al-Maliki and Hadi al-Amiri, a former transportation minister. British Ambassador to Iraq Jon Wilks "
            "also attended the meetings.")
    recs = extract_to_records(text, "en", PUB)
    assert len(recs) == 2
    for r in recs:
        assert any("Jon Wilks" in {p["name_native"] for p in s["members"]} for s in r["parties"])


def test_gazetteer_context_filters() -> None:
    # "باراك" is a given name, not the clitic "ب" + the city Arak; "المالي" (financial) is no Mali
    text = "عنوان\nالتقى الرئيس الأمريكي باراك أوباما اليوم رئيس وزراء اثيوبيا هيلي ماريام لبحث الدعم المالي."
    recs = extract_to_records(text, "ar", PUB)
    assert recs and recs[0]["city"] is None
    assert "باراك أوباما" in _people(recs) and "هيلي ماريام" in _people(recs)


BARE_ROLES = [  # round 4: roles given by a title chain that names nobody (lang, text, name, role words)
    # Persian: the subject's post opens a later sentence after the report lead-in
    ("fa", "عنوان\nعلی اکبری در دیدار با لیندال ساکس سفیر استرالیا گفت: همکاری مهم است.\n"
     "به گزارش فارس، سرپرست وزارت جهاد کشاورزی افزود: تجارت رو به رشد است.", "علی اکبری", ("acting", "agriculture")),
    # Persian: the counterpart's post right after the trigger, the name in a back-reference
    ("fa", "عنوان\nعلی اکبری در دیدار مدیر کل یونسکو گفت: همکاری مهم است.\n"
     "کوئیچیرو ماتسورا نیز در این دیدار گفت: ما آماده ایم.", "کوئیچیرو ماتسورا", ("director-general", "unesco")),
    # Persian "X را به عنوان TITLE"
    ("fa", "عنوان\nپارلمان آلمان «آنگلا مرکل» را به عنوان صدراعظم آلمان انتخاب کرد. "
     "مرکل در پاریس با نیکلا سارکوزی رئیس جمهور فرانسه دیدار کرد.", "آنگلا مرکل", ("chancellor",)),
]


@pytest.mark.parametrize(("lang", "text", "name", "words"), BARE_ROLES)
def test_roles_from_title_only_chains(lang: str, text: str, name: str, words: tuple[str, ...]) -> None:
    role = (_people(extract_to_records(text, lang, PUB)).get(name) or (None, None))[0] or ""
    assert all(w in role for w in words), role


ROUND4_MEETINGS = [  # (lang, text, meetings expected)
    # "لبحث": purpose of an announced trip, no meeting
    ("ar", "عنوان\nيغادر ولي العهد الأمير محمد بن سلمان اليوم إلى القاهرة في زيارة عمل يلتقي خلالها الرئيس المصري "
     "عبدالفتاح السيسي وعدد من المسؤولين لبحث العلاقات بين البلدين.", 0),
    # a trigger right after the back-reference "خلال الاستقبال" adds no meeting
    ("ar", "عنوان\nاستقبل أمير قطر الشيخ تميم بن حمد أمس وزير الخارجية عادل الجبير. ونقل الوزير تحيات الملك "
     "سلمان بن عبدالعزيز وولي العهد الأمير محمد بن نايف، كما جرى خلال الاستقبال بحث القضايا الإقليمية.", 1),
    # "is also expected to hold talks" is planned
    ("en", "Title\nPakistani Prime Minister Imran Khan arrived in Tehran. The prime minister is also expected "
     "to hold talks with Leader Ayatollah Ali Khamenei.", 0),
    # "He held talks with X": the pronoun stands for the person last named
    ("en", "Title\nIranian President Hassan Rouhani spoke on Monday. Pakistani Prime Minister Imran Khan arrived "
     "in Tehran on Sunday. Khan said he wants peace. "
     "He held talks with Saudi Arabia's leaders in Riyadh, as well as Rouhani at the United Nations.", 1),
    # counterpart by title only, named in a later "در این مراسم همچنین X" sentence
    ("fa", "عنوان\nکورشات توزمن که در دیدار با وزیر مسکن و شهرسازی ایران سخن می‌گفت، اظهار داشت: تجارت مهم است.\n"
     "در این مراسم همچنین عبدالعلی زاده از همکاری دو کشور استقبال کرد.", 1),
]


@pytest.mark.parametrize(("lang", "text", "count"), ROUND4_MEETINGS)
def test_round4_meeting_rules(lang: str, text: str, count: int) -> None:
    assert len(extract_to_records(text, lang, PUB)) == count


_PUTIN = "ولادیمیر پوتین، رئیس‌جمهور روسیه، امروز در تهران با "
HONORIFIC_NAMES = [  # Persian clerical honorifics before a name: (text, English names on the two sides)
    (_PUTIN + "آیت‌الله علی خامنه‌ای دیدار کرد.", ("Vladimir Putin", "Ali Khamenei")),
    (_PUTIN + "آیت الله علی خامنه‌ای دیدار کرد.", ("Vladimir Putin", "Ali Khamenei")),
    (_PUTIN + "سید علی خامنه‌ای دیدار کرد.", ("Vladimir Putin", "Ali Khamenei")),
    # chained honorifics, title after the name, "دیدار و … گفتگو کرد"
    (_PUTIN + "آیت‌الله سید علی خامنه‌ای، رهبر انقلاب اسلامی دیدار و درباره روابط دوجانبه گفتگو کرد.",
     ("Vladimir Putin", "Ali Khamenei")),
    # title, then honorific, then name
    ("رئیس‌جمهور روسیه ولادیمیر پوتین امروز در تهران با رهبر انقلاب اسلامی آیت‌الله علی خامنه‌ای دیدار کرد.",
     ("Vladimir Putin", "Ali Khamenei")),
    # honorific + the surname of a known person
    (_PUTIN + "آیت‌الله خامنه‌ای دیدار کرد.", ("Vladimir Putin", "Ali Khamenei")),
    # honorific + a name in no gazetteer
    (_PUTIN + "حجت‌الاسلام مکارم دیدار کرد.", ("Vladimir Putin", "مکارم")),
    (_PUTIN + "آیت‌الله ناصر مکارم شیرازی دیدار کرد.", ("Vladimir Putin", "ناصر مکارم شیرازی")),
]


@pytest.mark.parametrize(("sentence", "pair"), HONORIFIC_NAMES)
def test_persian_honorific_names(sentence: str, pair: tuple[str, str]) -> None:
    recs = extract_to_records("دیدار\n\n" + sentence, "fa", dt.date(2022, 7, 19))
    assert len(recs) == 1, recs
    sides = [{p["name"] for p in s["members"]} for s in recs[0]["parties"]]
    assert len(sides) == 2 and pair[0] in sides[0] and pair[1] in sides[1], sides
    assert recs[0]["date"] == "2022-07-19" and recs[0]["city"] == "Tehran"


def test_persian_sample_reports_putin_meeting() -> None:
    """samples/fa_tehran_1401.txt (a real report) holds the Putin–Khamenei meeting."""
    from pathlib import Path
    text = (Path(__file__).parents[1] / "samples" / "fa_tehran_1401.txt").read_text(encoding="utf-8")
    recs = extract_to_records(text, "fa", dt.date(2022, 7, 19))
    pairs = [{n for s in r["parties"] for n in (p["name"] for p in s["members"])} for r in recs]
    assert any({"Vladimir Putin", "Ali Khamenei"} <= p for p in pairs), pairs
