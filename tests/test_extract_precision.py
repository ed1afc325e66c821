"""Precision rules for unseen news (round 5): common words end names, nasab chains stay whole,
sports sentences and one person on two sides give no meeting."""
import datetime as dt

from tasks.extract.engine import extract_article

PUB = dt.date(2015, 7, 20)


def _names(text: str) -> list[str]:
    return [p.name_native for m in extract_article(text, "ar", PUB) for s in m.sides for p in s.members]


def test_common_word_ends_a_name():
    names = _names("عنوان الخبر\nالتقى وزير الدفاع الأمريكي آشتون كارتر أمس وزير الدفاع العراقي خالد العبيدي وفقا لمصادر مطلعة.")
    assert "خالد العبيدي" in names and not any("وفقا" in n for n in names)


def test_nasab_chain_is_not_cut_on_a_link():
    names = _names("عنوان الخبر\nاستقبل الأمير محمد بن سلمان بن عبد العزيز ولي ولي العهد في جدة أمس رئيس حزب القوات اللبنانية سمير جعجع.")
    assert any(n.endswith("عبد العزيز") for n in names)
    assert not any(n.split()[-1] == "بن" for n in names)


def test_sports_sentence_reports_no_meeting():
    assert extract_article("عنوان الخبر\nعقد مدرب النادي اجتماعا مع اللاعب خالد القروني أمس قبل الدوري.", "ar", PUB) == []
