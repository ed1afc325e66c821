"""HTML pages: main text via trafilatura, declared title/date kept, broken pages never crash."""
from __future__ import annotations

import datetime as dt

from tasks.clean import clean_text
from tasks.clean.html import html_to_text, looks_like_html
from tasks.clean import clean_row

# An article page in the style of an Arabic news site: menus, share bar, related links, footer.
PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>هنية يبحث مع وزير الخارجية الإيراني جهود وقف الحرب | العربي الجديد</title>
  <meta property="og:title" content="هنية يبحث مع وزير الخارجية الإيراني جهود وقف الحرب على غزة">
  <meta property="article:published_time" content="2024-06-20T09:15:00+03:00">
  <script>window.dataLayer = [{"page": "article"}];</script>
</head>
<body>
  <header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
  <li><a href="/economy">اقتصاد</a></li></ul></nav></header>
  <div class="share-bar"><a href="#">شارك</a><a href="#">فيسبوك</a><a href="#">تويتر</a></div>
  <article>
    <h1>هنية يبحث مع وزير الخارجية الإيراني جهود وقف الحرب على غزة</h1>
    <time datetime="2024-06-20">20 يونيو 2024</time>
    <p>أعلنت حركة حماس، اليوم الخميس، أن رئيس مكتبها السياسي إسماعيل هنية ووفداً من قيادة الحركة
    بحث الليلة الماضية مع وزير الخارجية الإيراني بالإنابة علي باقري كني في الدوحة تطورات العدوان على غزة.</p>
    <p>وقالت الحركة في بيان إن هنية أطلع باقري كني على آخر التطورات السياسية والميدانية، وجهود
    وقف العدوان الإسرائيلي وإيصال المساعدات العاجلة إلى سكان القطاع.</p>
    <p>وأشاد هنية بالدعم الإيراني في المحافل الدولية والإقليمية، مؤكداً أهمية توحيد الجهود لإنهاء الحرب.</p>
  </article>
  <aside><h3>اقرأ أيضاً</h3><ul><li><a href="/a">خبر آخر لا علاقة له</a></li></ul></aside>
  <footer><p>جميع الحقوق محفوظة لموقع الخبر 2024</p></footer>
</body>
</html>"""


def test_looks_like_html() -> None:
    assert looks_like_html(PAGE)
    assert looks_like_html("<p>a</p><p>b</p><p>c</p><div>d</div><br><p>e</p>")
    assert not looks_like_html("التقى الوزير نظيره <في> الدوحة")


def test_arabic_news_page() -> None:
    doc = html_to_text(PAGE)
    assert doc.title == "هنية يبحث مع وزير الخارجية الإيراني جهود وقف الحرب على غزة"
    assert doc.published == "2024-06-20T09:15:00+03:00"
    assert "إسماعيل هنية" in doc.text and "المساعدات العاجلة" in doc.text
    for chrome in ("الرئيسية", "فيسبوك", "خبر آخر لا علاقة له", "window.dataLayer"):
        assert chrome not in doc.text


def test_page_through_clean_row() -> None:
    row = {"raw_id": "r1", "uri": "https://example.com/a", "url": "https://example.com/a?utm_source=x#top",
           "content": PAGE.encode("utf-8"), "content_type": "text/html; charset=utf-8",
           "fetched_at": dt.datetime(2024, 6, 21, tzinfo=dt.timezone.utc)}
    good, bad = clean_row(row)
    assert bad is None
    assert good["language"] == "ar"
    assert good["published"] == dt.date(2024, 6, 20)
    assert good["text"].startswith(good["title"] + "\n\n")
    assert good["month"] == "2024-06"


def test_windows_1256_page() -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256")
    good, bad = clean_row({"raw_id": "r2", "content": page, "content_type": "text/html"})
    assert bad is None and "إسماعيل هنية" in good["text"]


def test_truncated_and_malformed_html_do_not_crash() -> None:
    for cut in (50, 300, 900, 1500, len(PAGE) - 200):
        doc = html_to_text(PAGE[:cut])
        assert isinstance(doc.text, str)
    broken = "<html><body><p>التقى الوزير <b>نظيره <i>في الدوحة</p></div></span><p>وبحثا العلاقات"
    assert "التقى الوزير" in html_to_text(broken).text
    assert html_to_text("<html><body></body></html>").text.strip() == ""
    assert html_to_text("<<<>>>").text is not None


def test_page_without_text_is_quarantined() -> None:
    good, bad = clean_row({"raw_id": "r3", "content": b"<html><head><title>x</title></head><body></body></html>",
                           "content_type": "text/html"})
    assert good is None and bad["rule"] in ("no_text_in_html", "too_short")


def test_clean_text_on_html_text_keeps_characters() -> None:
    out = clean_text(html_to_text(PAGE).text, title_hint="عنوان")
    assert out["text"].split("\n\n")[0] == "عنوان"
