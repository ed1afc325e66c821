"""Decoding: BOMs, UTF-8, Windows-1256, UTF-16 without BOM, mojibake repair, binary quarantine."""
from __future__ import annotations

import pytest

from tasks.clean.decode import decode_content, repair_mojibake

AR = "التقى وزير الخارجية الإيراني نظيره القطري في الدوحة اليوم وبحثا العلاقات الثنائية"
FA = "وزیر امور خارجه ایران در سفر به دوحه با همتای قطری خود دیدار و گفتگو کرد"
EN = "The foreign minister met his Qatari counterpart in Doha on Wednesday."


@pytest.mark.parametrize(("data", "text", "encoding"), [
    (AR.encode("utf-8"), AR, "utf-8"),
    (FA.encode("utf-8"), FA, "utf-8"),
    (b"\xef\xbb\xbf" + AR.encode("utf-8"), AR, "utf-8-sig"),
    (AR.encode("utf-16"), AR, "utf-16"),            # with BOM
    (AR.encode("utf-16-le"), AR, "utf-16"),         # no BOM: NULs of the spaces in one parity
    ((EN * 3).encode("utf-16-be"), EN * 3, "utf-16"),
    (AR.encode("cp1256"), AR, "cp1256"),            # an old Arabic site
    (EN.encode("ascii"), EN, "utf-8"),
])
def test_decodes(data: bytes, text: str, encoding: str) -> None:
    out = decode_content(data)
    assert out.rule is None
    assert out.text == text
    assert out.encoding == encoding


@pytest.mark.parametrize(("misread", "codec"), [
    ("latin-1", "latin-1"),   # "Ø§Ù„…" saved back as UTF-8
    ("cp1256", "cp1256"),     # "ط§ظ„…" saved back as UTF-8
])
def test_mojibake_is_repaired(misread: str, codec: str) -> None:
    garbled = AR.encode("utf-8").decode(misread)
    assert garbled != AR
    out = decode_content(garbled.encode("utf-8"))
    assert out.text == AR
    assert out.encoding.endswith("mojibake-repaired")


def test_unrepairable_mojibake_is_quarantined() -> None:
    # cp1252 cannot hold bytes 0x81/0x8d/…: a lossy misreading cannot be reversed
    lossy = AR.encode("utf-8").decode("cp1252", errors="ignore")
    out = decode_content(lossy.encode("utf-8"))
    assert out.text is None and out.rule == "mojibake"


def test_clean_text_is_not_mojibake() -> None:
    for text in (AR, FA, EN, "Ørsted ÅÆ café", "ط ظ ع غ طب ظل"):
        assert repair_mojibake(text) == (text, False)


@pytest.mark.parametrize(("data", "rule"), [
    (b"", "empty_input"),
    (b" \n\t  ", "empty_input"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "binary_content"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary_content"),
    (b"PK\x03\x04zipped", "binary_content"),
    (b"abc\x00\x01\x02def\x00\xff" * 20, "binary_content"),
    (bytes(range(1, 32)) * 30 + b"text", "binary_content"),   # control characters, no NUL
])
def test_quarantine_rules(data: bytes, rule: str) -> None:
    out = decode_content(data)
    assert out.text is None
    assert out.rule == rule
    assert out.reason and out.reason.endswith(".")


def test_size_cap() -> None:
    data = AR.encode("utf-8") * 100
    assert decode_content(data, max_bytes=len(data)).text is not None
    assert decode_content(data, max_bytes=len(data) - 1).rule == "too_large"


def test_truncated_utf8_tail_is_still_utf8() -> None:
    data = (AR * 20).encode("utf-8")[:-1]   # cut inside the last letter
    out = decode_content(data)
    assert out.encoding == "utf-8"
    assert out.text.startswith(AR)


@pytest.mark.parametrize("text", [
    AR, FA, EN, "ع،غ؛ط…ظ" * 40,                       # dense candidates for cp1256 pairs, no mojibake
    AR.encode("utf-8").decode("cp1256", errors="replace"),  # the real thing
    AR.encode("utf-8").decode("latin-1"), "Ã©tÃ© " * 30,
])
def test_mojibake_verdict_same_with_and_without_bytes(text: str) -> None:
    # the UTF-8 bytes only let cheap counts skip the regex scan; the verdict never changes
    assert repair_mojibake(text, text.encode("utf-8", errors="surrogatepass")) == repair_mojibake(text)


@pytest.mark.parametrize("controls", [b"\x01", b"\x1f", b"\x7f", "\x85".encode(), "\uffff".encode()])
def test_control_share_bar_is_exact(controls: bytes) -> None:
    # 1% control characters pass, just over 1% is binary, whatever the control's byte form
    body = ("a" * 99).encode()
    assert decode_content((body + controls) * 20).text is not None
    assert decode_content((body[:-2] + controls) * 20 + b"tail").rule == "binary_content"
