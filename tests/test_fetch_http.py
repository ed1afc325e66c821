"""Faults of real servers against the fetcher, on a loopback site (tests/webfixtures/server.py).

Each case asserts the outcome a crawler operator needs: the rule in quarantine, how many
requests were made (retried or not), and that it ended within its time budget.
"""
from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest

from liqa.schemas import QUARANTINE, RAW
from tasks.fetch.http import FetchSettings, fetch_urls

from webfixtures import server

FAST = FetchSettings(connect_timeout_s=1.0, read_timeout_s=1.0, total_timeout_s=2.0, max_bytes=1_000_000,
                     retries=2, backoff_s=0.05, max_backoff_s=0.2, max_retry_after_s=2.0, per_host_rate=500.0,
                     allow_hosts=("127.0.0.1",), revisit_s=0.0, concurrency=4)



def run(site, path: str, settings: FetchSettings = FAST, state=None):
    start = time.monotonic()
    res = fetch_urls([site.url(path)], settings=settings, state=state, source="test")
    return res, time.monotonic() - start


def only_rule(res) -> str:
    assert res.raw.is_empty(), res.raw
    assert len(res.quarantine) == 1
    return res.quarantine.row(0, named=True)


def test_page_fetched_with_contract_columns(site):
    res, _ = run(site, "/site/ar-article.html")
    assert res.raw.columns == list(RAW) and res.quarantine.columns == list(QUARANTINE)
    row = res.raw.row(0, named=True)
    assert "وزير الخارجية العماني" in row["content"].decode("utf-8")
    assert row["http_status"] == 200 and row["etag"] and row["size"] == len(row["content"])
    assert row["doc_id"] == "ar-article" and row["url"] == site.url("/site/ar-article.html")
    assert row["content_type"] == "text/html; charset=utf-8"


def test_500_then_success_is_retried(site):
    res, took = run(site, "/flaky/2/a")
    assert len(res.raw) == 1 and res.quarantine.is_empty()
    assert site.requests("/flaky/2/a") == 3
    assert res.state.filter(pl.col("url") == site.url("/flaky/2/a"))["attempts"].item() == 3
    assert took < 2


def test_500_beyond_retries_is_quarantined_with_attempts(site):
    res, _ = run(site, "/flaky/9/b")
    q = only_rule(res)
    assert (q["rule"], q["attempts"], q["stage"]) == ("http_status", 3, "fetch")
    assert "500" in q["reason"]


def test_429_waits_for_retry_after(site):
    res, took = run(site, "/limited/1/c")
    assert len(res.raw) == 1 and site.requests("/limited/1/c") == 2
    assert 0.95 <= took < 3


def test_retry_after_longer_than_allowed_is_not_waited_for(site):
    res, took = run(site, "/unavailable-long")
    q = only_rule(res)
    assert q["rule"] == "http_status" and q["attempts"] == 1 and "3600" in q["reason"]
    assert took < 1


def test_slow_drip_hits_total_deadline(site):
    settings = FetchSettings(**{**FAST.__dict__, "retries": 0})
    res, took = run(site, "/drip", settings)
    assert only_rule(res)["rule"] == "timeout"
    assert took < settings.total_timeout_s + settings.read_timeout_s + 0.5


def test_stalled_body_is_a_read_timeout_and_retried(site):
    settings = FetchSettings(**{**FAST.__dict__, "retries": 1})
    res, took = run(site, "/stall", settings)
    q = only_rule(res)
    assert q["rule"] == "timeout" and q["attempts"] == 2
    assert took < 2 * (settings.read_timeout_s + 0.5) + 0.5


def test_reset_connection_is_retried_then_quarantined(site):
    res, took = run(site, "/reset")
    q = only_rule(res)
    assert q["rule"] == "connection_error" and q["attempts"] == 3
    assert site.requests("/reset") == 3 and took < 2


def test_redirect_loop(site):
    q = only_rule(run(site, "/loop/a")[0])
    assert q["rule"] == "redirect_loop" and q["attempts"] == 2


def test_redirect_chain_followed_within_limit_and_cut_beyond(site):
    res, _ = run(site, "/hop/3")
    assert res.raw["url"].item() == site.url("/hop/0") and res.raw["uri"].item() == site.url("/hop/3")
    q = only_rule(run(site, "/hop/9")[0])
    assert q["rule"] == "redirect_loop" and q["attempts"] == FAST.max_redirects + 1


def test_redirect_to_metadata_address_is_refused(site):
    q = only_rule(run(site, "/to-metadata")[0])
    assert q["rule"] == "blocked_address" and "169.254.169.254" in q["reason"]


@pytest.mark.parametrize("path", ["/big", "/big-stream", "/gzip-bomb", "/br-bomb"])
def test_oversized_and_bombs_are_cut_off(site, path):
    res, took = run(site, path)
    q = only_rule(res)
    assert q["rule"] == "too_large" and q["attempts"] == 1
    assert took < 1.5


def test_wrong_declared_charset_keeps_bytes_and_header(site):
    res, _ = run(site, "/wrong-charset")
    row = res.raw.row(0, named=True)
    assert row["content"] == (server.SITE / "ar-cp1256.html").read_bytes()
    assert row["content_type"] == "text/html; charset=utf-8"   # the clean stage decides; fetch keeps both
    assert "رئيس الوزراء".encode("cp1256") in row["content"]


def test_robots_disallowed_is_quarantined_without_request(site):
    q = only_rule(run(site, "/private/secret.html")[0])
    assert q["rule"] == "robots_disallowed" and q["attempts"] == 0
    assert site.requests("/private/secret.html") == 0


@pytest.mark.parametrize("url,rule", [("file:///etc/passwd", "bad_scheme"),
                                      ("ftp://example.org/x", "bad_scheme"),
                                      ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
                                      ("http://[::1]:9/", "blocked_address"),
                                      ("http://10.1.2.3/", "blocked_address")])
def test_unsafe_urls_are_refused_without_request(url, rule):
    res = fetch_urls([url], settings=FAST, state=None, source="test")
    q = only_rule(res)
    assert q["rule"] == rule and q["attempts"] == 0 and q["record_id"] == url


def test_loopback_refused_unless_allowed(site):
    strict = FetchSettings(**{**FAST.__dict__, "allow_hosts": ()})
    q = only_rule(run(site, "/site/en-article.html", strict)[0])
    assert q["rule"] == "blocked_address"


def test_env_allows_loopback(site, monkeypatch):
    monkeypatch.setenv("LIQA_FETCH_ALLOW_HOSTS", "localhost, 127.0.0.1")
    strict = FetchSettings(**{**FAST.__dict__, "allow_hosts": ()})
    assert len(run(site, "/site/en-article.html", strict)[0].raw) == 1


def test_conditional_get_and_changed_content(site):
    first, _ = run(site, "/site/fa-article.html")
    assert len(first.raw) == 1
    second, _ = run(site, "/site/fa-article.html", state=first.state)
    assert second.raw.is_empty() and second.counts["not_modified"] == 1
    assert second.state["raw_id"].item() == first.raw["raw_id"].item()   # a 304 keeps what we have
    a, _ = run(site, "/changing/d")
    b, _ = run(site, "/changing/d", state=a.state)
    assert len(b.raw) == 1 and b.raw["raw_id"].item() != a.raw["raw_id"].item()
    assert len(b.state) == 1


def test_recently_fetched_article_is_not_requested_again(site):
    settings = FetchSettings(**{**FAST.__dict__, "revisit_s": 3600.0})
    first, _ = run(site, "/changing/e", settings)
    before = site.requests("/changing/e")
    second, _ = run(site, "/changing/e", settings, state=first.state)
    assert second.raw.is_empty() and second.counts["skipped"] == 1
    assert site.requests("/changing/e") == before


def test_batch_with_failures_keeps_successes(site):
    urls = [site.url("/site/en-article.html"), site.url("/flaky/9/f"), "file:///etc/passwd",
            site.url("/site/ar-article.html"), site.url("/nope")]
    res = fetch_urls(urls, settings=FAST, state=None, source="mixed", lang_hint="en")
    assert sorted(res.raw["doc_id"].to_list()) == ["ar-article", "en-article"]
    assert set(res.raw["lang_hint"]) == {"en"}
    assert sorted(res.quarantine["rule"].to_list()) == ["bad_scheme", "http_status", "http_status"]
    assert len(res.state) == 5
