"""Issue 5 as a user meets it: `liqa run URL` and `liqa run sources.yaml` against a real loopback site."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import liqa
from tasks.fetch.run import url_kind


ENV = {"LIQA_FETCH_ALLOW_HOSTS": "127.0.0.1", "LIQA_FETCH_PER_HOST_RATE": "50", "LIQA_FETCH_RETRIES": "1",
       "LIQA_FETCH_BACKOFF_S": "0.05", "LIQA_FETCH_READ_TIMEOUT_S": "1", "LIQA_FETCH_TOTAL_TIMEOUT_S": "2"}



def test_url_kind() -> None:
    assert url_kind("https://news.example/rss.xml") == "feed"
    assert url_kind("https://news.example/sitemap-news.xml") == "feed"
    assert url_kind("https://news.example/politics/2024/05/14/meeting") == "page"


@pytest.mark.slow
def test_feed_url_is_fetched_once_then_nothing_new(site, tmp_path: Path, prefect_api) -> None:
    home = tmp_path / "home"
    feed = site.url("/site/rss.xml")
    r = liqa("run", feed, "--home", str(home), env=ENV)
    assert r.returncode == 0, r.stderr
    arts = json.loads(liqa("sql", "--home", str(home), "--format", "json",
                           "select doc_id, language, published from articles").stdout)
    assert len(arts) >= 1 and all(a["language"] in ("ar", "fa", "en") for a in arts)
    meetings = json.loads(liqa("sql", "--home", str(home), "--format", "json", "select * from meetings").stdout)
    assert meetings, "the feed's articles report meetings"
    hits_before = sum(site.requests(p) for p in {p for _, p in site.state.log if p.startswith("/site/")})
    r2 = liqa("run", feed, "--home", str(home), env=ENV)
    assert r2.returncode == 0, r2.stderr
    assert "new 0" in r2.stdout
    # the second run asked for the feed again (conditional GET), but no article twice
    article_paths = {p for _, p in site.state.log if p.startswith("/site/") and p.endswith(".html")}
    assert all(site.requests(p) == 1 for p in article_paths), site.state.log
    assert sum(site.requests(p) for p in {p for _, p in site.state.log if p.startswith("/site/")}) <= hits_before + 1


@pytest.mark.slow
def test_sources_file_quarantines_hostile_entries_and_loads_the_rest(site, tmp_path: Path, prefect_api) -> None:
    text = (Path(__file__).parent / "webfixtures" / "sources-loopback.yaml").read_text(encoding="utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text(text.replace("http://127.0.0.1:8765", site.base), encoding="utf-8")
    home = tmp_path / "home"
    r = liqa("run", str(sources), "--home", str(home), env=ENV)
    assert r.returncode == 0, r.stderr
    rules = {row["rule"] for row in json.loads(liqa("sql", "--home", str(home), "--format", "json",
                                                     "select rule from quarantine where stage = 'fetch'").stdout)}
    assert {"bad_scheme", "blocked_address", "robots_disallowed"} <= rules
    n = json.loads(liqa("sql", "--home", str(home), "--format", "json", "select count(*) as n from articles").stdout)
    assert n[0]["n"] >= 3
