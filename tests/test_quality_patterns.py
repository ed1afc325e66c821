"""The text patterns behind the clean suite's helper columns, on real text and real mojibake."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import yaml

PATTERNS = yaml.safe_load((Path(__file__).resolve().parents[1] / "tasks" / "quality" / "patterns.yaml")
                          .read_text(encoding="utf-8"))


def _hits(pattern: str, texts: list[str]) -> list[bool]:
    return pl.Series(texts).str.contains(pattern).to_list()


def test_arabic_quotation_marks_are_not_mojibake() -> None:
    real = ["نقلت «الشرق الأوسط» عن مصدر", "قال «المسؤول» أمس", "Ørsted and Ùbeda"]
    assert _hits(PATTERNS["mojibake"], real) == [False] * len(real)


@pytest.mark.parametrize("codec", ["cp1256", "latin-1", "cp1252"])
def test_utf8_read_with_a_wrong_code_page_is_mojibake(codec: str, shared: Path) -> None:
    text = (shared / "seeds" / "002_841333b7fafb0b94.txt").read_text(encoding="utf-8")[:400]
    assert _hits(PATTERNS["mojibake"], [text.encode("utf-8").decode(codec, errors="replace")]) == [True]
