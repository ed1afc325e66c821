"""The normaliser: letter folding shared by every stage, and offsets back to the original."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from liqa.textnorm import fold, name_key, normalize

CASES = [
    ("إسماعيل هنية", "اسماعيل هنيه"),
    ("اسماعیل هنیه", "اسماعيل هنيه"),             # Persian yeh → Arabic yeh, same key as Arabic
    ("محمـــد درويش", "محمد درويش"),               # tatweel
    ("جدّد", "جدد"),                                # shadda
    ("۱۴۰۳/۰۱/۱۱", "1403/01/11"),                   # Persian digits
    ("٢٠ يونيو ٢٠٢٤", "20 يونيو 2024"),              # Arabic-Indic digits
    ("کد خبر", "كد خبر"),                           # keheh → kaf
    ("Ibrahim Kalın", "ibrahim kalin"),
    ("ﻻ", "لا"),                                    # lam-alef ligature
    ("می‌برد", "مي برد"),                           # ZWNJ → space
]


@pytest.mark.parametrize("text,expected", CASES)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert normalize(text).text == expected


def test_offsets_map_back_through_deleted_and_expanded_chars() -> None:
    text = "قال ﻻ محمـــد درويش جدّد ۱۴۰۳"
    n = normalize(text)
    for word, original in [("محمد", "محمـــد"), ("درويش", "درويش"), ("جدد", "جدّد"), ("1403", "۱۴۰۳")]:
        i = n.text.index(word)
        s, e = n.to_original(i, i + len(word))
        assert text[s:e] == original


def test_name_keys_agree_across_scripts() -> None:
    assert name_key("زياد النخالة") == name_key("زیاد النخاله")
    assert name_key("Ziyad al-Nakhalah") == "ziyad nakhalah"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent_and_offsets_stay_in_bounds(text: str) -> None:
    n = normalize(text)
    assert fold(n.text) == n.text
    for i in range(0, len(n.text), max(1, len(n.text) // 7 or 1)):
        s, e = n.to_original(i, min(i + 3, len(n.text)))
        assert 0 <= s <= e <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_array_fold_equals_the_general_path(text: str) -> None:
    from liqa.textnorm import normalize_general

    fast, plain = normalize(text), normalize_general(text)
    assert fast.text == plain.text
    for i in range(0, len(fast.text) + 1):
        assert fast.to_original(i, min(i + 2, len(fast.text))) == plain.to_original(i, min(i + 2, len(fast.text)))
