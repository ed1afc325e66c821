"""Sources end to end on the loopback site: feeds, sitemaps, URL lists, WARC, and re-runs."""
from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from liqa.schemas import QUARANTINE, RAW
from tasks.fetch.feeds import parse_feed, parse_sitemap
from tasks.fetch.http import FetchSettings, fetch_source
from tasks.fetch.sources import Source

from webfixtures import server

FAST = FetchSettings(connect_timeout_s=1.0, read_timeout_s=1.0, total_timeout_s=2.0, max_bytes=1_000_000,
                     retries=1, backoff_s=0.05, max_backoff_s=0.1, max_retry_after_s=2.0, per_host_rate=500.0,
                     allow_hosts=("127.0.0.1",), concurrency=4)



def src(site, kind: str, path: str, **kw) -> Source:
    return Source(name=f"test-{kind}", kind=kind, location=site.url(path), **kw)


def test_rss_feed_expands_to_articles_with_hints(site):
    res = fetch_source(src(site, "rss", "/site/rss.xml", language="ar"), settings=FAST, state=None)
    assert res.quarantine.is_empty() and res.raw.columns == list(RAW)
    rows = {r["doc_id"]: r for r in res.raw.iter_rows(named=True)}
    assert set(rows) == {"ar-article", "en-article"}
    assert rows["ar-article"]["title_hint"] == "وزير الخارجية العماني يستقبل نظيره الإيراني في مسقط"
    assert rows["ar-article"]["published_hint"] == "Tue, 14 May 2024 05:10:00 GMT"
    assert rows["ar-article"]["lang_hint"] == "ar" and rows["ar-article"]["source"] == "test-rss"
    assert site.url("/site/rss.xml") in res.state["url"].to_list()


def test_second_run_of_a_feed_brings_nothing_new(site):
    source = src(site, "feed", "/site/atom.atom", language="fa")
    first = fetch_source(source, settings=FAST, state=None)
    assert first.raw["doc_id"].to_list() == ["fa-article"]
    before = len(site.state.log)
    again = fetch_source(source, settings=FAST, state=first.state)
    assert again.raw.is_empty() and again.quarantine.is_empty()
    assert again.counts["documents_not_modified"] == 1
    assert len(site.state.log) - before == 1            # only the conditional GET of the feed
    # even when every article is asked again (no revisit window), the same bytes are not new
    eager = FetchSettings(**{**FAST.__dict__, "revisit_s": 0.0})
    third = fetch_source(source, settings=eager, state=first.state.filter(~pl.col("url").str.ends_with(".atom")))
    assert third.raw.is_empty() and third.counts["not_modified"] + third.counts["unchanged"] == 1


def test_news_sitemap_index_follows_children_and_quarantines_missing(site):
    res = fetch_source(src(site, "sitemap", "/site/sitemap-index.xml"), settings=FAST, state=None)
    rows = {r["doc_id"]: r for r in res.raw.iter_rows(named=True)}
    assert set(rows) == {"en-article", "fa-article"}
    assert rows["en-article"]["title_hint"] == "Qatari emir receives Turkish president in Doha"
    assert rows["fa-article"]["published_hint"] == "2024-05-15T08:15:00Z"
    q = res.quarantine.row(0, named=True)
    assert len(res.quarantine) == 1 and q["rule"] == "http_status" and q["record_id"].endswith("sitemap-missing.xml")


def test_feed_kind_sniffs_a_sitemap_and_max_items_keeps_the_first(site):
    res = fetch_source(src(site, "feed", "/site/sitemap-news.xml", max_items=1), settings=FAST, state=None)
    assert res.raw["doc_id"].to_list() == ["en-article"]


def test_sitemap_entities_are_not_expanded(site):
    res = fetch_source(src(site, "sitemap", "/site/sitemap-entities.xml"), settings=FAST, state=None)
    assert b"root:" not in b"".join(res.raw["content"].to_list())
    for url in res.state["url"].to_list() + res.quarantine["record_id"].to_list():
        assert "root:" not in url and len(url) < 200


def test_malformed_feed_is_quarantined_not_raised(site):
    res = fetch_source(src(site, "rss", "/site/malformed.xml"), settings=FAST, state=None)
    assert res.raw.is_empty() and res.quarantine["rule"].to_list() == ["malformed_feed"]
    assert res.quarantine.columns == list(QUARANTINE)


def test_hostile_feed_entries_are_refused(site):
    res = fetch_source(src(site, "rss", "/site/evil-feed.xml"), settings=FAST, state=None)
    assert res.raw["doc_id"].to_list() == ["en-article"]
    # feedparser writes the file: link as "file://etc/passwd"; either way it is never opened
    rules = {("file:" if u.startswith("file:") else u): r
             for u, r in zip(res.quarantine["record_id"], res.quarantine["rule"])}
    assert rules == {"file:": "bad_scheme",
                     "http://169.254.169.254/latest/meta-data/": "blocked_address",
                     site.url("/to-metadata"): "blocked_address",
                     site.url("/private/secret.html"): "robots_disallowed"}
    assert site.requests("/private/secret.html") == 0


def test_url_list_from_the_web_and_from_a_file(site, tmp_path):
    res = fetch_source(src(site, "urls", "/site/urls.txt"), settings=FAST, state=None)
    assert sorted(res.raw["doc_id"]) == ["ar-article", "en-article", "fa-article"]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# two\n{site.url('/site/fa-article.html')}\n{site.url('/nope')}\n", encoding="utf-8")
    res = fetch_source(Source("file-list", "urls", str(listing), language="fa"), settings=FAST, state=None)
    assert res.raw["doc_id"].to_list() == ["fa-article"] and res.quarantine["rule"].to_list() == ["http_status"]


def _warc(path: Path, records: list[tuple[str, int, str, bytes]]) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in records:
            headers = StatusAndHeaders(f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(rec)


def test_warc_html_responses_become_raw_rows(tmp_path):
    page = (server.SITE / "en-article.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://news.example.org/world/2024/05/16/emir-erdogan-doha", 200, "text/html; charset=utf-8", page),
                 ("https://news.example.org/logo.png", 200, "image/png", b"\x89PNG...."),
                 ("https://news.example.org/gone", 404, "text/html", b"<p>gone</p>"),
                 ("https://news.example.org/amp/emir-erdogan-doha", 200, "text/html", page)])
    res = fetch_source(Source("archive", "warc", str(path), language="en"), settings=FAST, state=None)
    assert res.raw["doc_id"].to_list() == ["emir-erdogan-doha"]     # same bytes twice: one row
    row = res.raw.row(0, named=True)
    assert row["content"] == page and row["lang_hint"] == "en" and row["fetched_at"] is not None
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a warc file\n")
    res = fetch_source(Source("bad", "warc", str(broken)), settings=FAST, state=None)
    assert res.raw.is_empty() and res.quarantine["rule"].to_list() == ["unreadable"]


@pytest.mark.parametrize("name", ["rss.xml", "atom.atom"])
def test_feed_fixtures_parse_offline(name):
    content = (server.SITE / name).read_bytes().replace(b"{base}", b"https://news.example.org")
    parsed = parse_feed(content, "https://news.example.org/feed")
    assert parsed.error is None and all(e.url.startswith("https://news.example.org/site/") for e in parsed.entries)


def test_feedparser_is_never_given_a_path():
    parsed = parse_feed(b"/etc/passwd", "https://news.example.org/feed")
    assert parsed.entries == [] and parsed.error


def test_gzipped_sitemap_is_read_within_the_cap():
    import gzip

    xml = (server.SITE / "sitemap-news.xml").read_bytes().replace(b"{base}", b"https://n.example.org")
    assert len(parse_sitemap(gzip.compress(xml), 100_000).entries) == 2
    assert parse_sitemap(gzip.compress(xml + b" " * 200_000), 100_000).error


def test_directory_source_goes_through_the_local_reader(tmp_path):
    (tmp_path / "001_meeting.txt").write_text("التقى وزير الخارجية العماني نظيره الإيراني في مسقط اليوم.",
                                               encoding="utf-8")
    res = fetch_source(Source("seeds", "directory", str(tmp_path), language="ar"), settings=FAST, state=None)
    assert res.raw["doc_id"].to_list() == ["001_meeting"]
    assert res.raw["source"].to_list() == ["seeds"] and res.raw["lang_hint"].to_list() == ["ar"]
