"""Polite, bounded HTTP fetching of news pages (issue 5).

``fetch_urls`` and ``fetch_source`` return a :class:`FetchResult`: new raw rows, quarantine
rows (failure is data: every URL that did not yield content says why, with the attempts made),
and the updated fetch state. Nothing here raises for a bad URL or a bad server; only a broken
source definition does (``SourcesError`` upstream).

Every request: safety check of the URL and of each redirect hop (``safety.py``), robots.txt
(``polite.Robots``), the per-host rate gate (``polite.GATE``), conditional headers from the
state, a streamed body capped after decompression (``body.py``) and a total deadline that also
stops a slow drip. Retries (exponential backoff with jitter) only for timeouts, dropped
connections, 5xx and 429; ``Retry-After`` is honoured up to ``max_retry_after_s``.
"""
from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import polars as pl

from liqa.schemas import QUARANTINE, RAW, conform, empty
from liqa.yamlio import load_yaml
from tasks.fetch import body as _body
from tasks.fetch.docid import doc_id_from_url
from tasks.fetch.feeds import unique_by_url
from tasks.fetch.polite import GATE, robots_for
from tasks.fetch.safety import Refused, allowed_hosts, check_url
from tasks.fetch.state import STATE, lookup, merge_state

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "liqa" / "settings.yaml"
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchSettings:
    """The ``fetch.*`` settings; defaults mirror liqa/settings.yaml."""

    user_agent: str = "liqa/0.1 (meeting-extraction research crawler; +https://example.org/liqa)"
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    total_timeout_s: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    max_retry_after_s: float = 60.0
    per_host_rate: float = 1.0
    respect_robots: bool = True
    allow_hosts: tuple[str, ...] = ()
    concurrency: int = 4            # threads; hosts are still limited by per_host_rate
    revisit_s: float = 86400.0      # an article fetched OK this recently is not requested again
    robots_ttl_s: float = 3600.0
    max_sitemaps: int = 50          # child sitemaps followed from one sitemap index

    @classmethod
    def from_dict(cls, value: Mapping) -> "FetchSettings":
        """The ``fetch`` section (or a whole settings dict) as FetchSettings."""
        return cls.of(value)

    @classmethod
    def of(cls, value: "FetchSettings | Mapping | object | None" = None) -> "FetchSettings":
        """Accept FetchSettings, a ``fetch`` dict, a whole settings dict/object, or None (file)."""
        if isinstance(value, FetchSettings):
            return value
        if value is None:
            data = {}
            if SETTINGS_FILE.exists():
                data = (load_yaml(SETTINGS_FILE.read_text(encoding="utf-8")) or {}).get("fetch") or {}
            return cls.of(data)
        if not isinstance(value, Mapping):
            inner = getattr(value, "fetch", None)
            if inner is None:
                raise TypeError(f"cannot read fetch settings from {type(value).__name__}")
            return cls.of(inner if isinstance(inner, Mapping) else vars(inner))
        if "fetch" in value and isinstance(value["fetch"], Mapping):
            value = value["fetch"]
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, raw in value.items():
            if key not in known:
                continue
            default = known[key].default
            if key == "allow_hosts":
                kwargs[key] = tuple(raw or ())
            elif isinstance(default, bool):
                kwargs[key] = bool(raw)
            else:
                kwargs[key] = type(default)(raw)
        return cls(**kwargs)


@dataclass
class FetchResult:
    raw: pl.DataFrame
    quarantine: pl.DataFrame
    state: pl.DataFrame
    counts: dict[str, int] = field(default_factory=dict)  # new, unchanged, not_modified, skipped, failed


@dataclass
class Item:
    url: str
    title: str | None = None
    published: str | None = None


@dataclass
class Outcome:
    """What one URL came to, after retries and redirects."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0
    rule: str | None = None            # set when the URL failed
    reason: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class _Failed(Exception):
    def __init__(self, rule: str, reason: str, retryable: bool = False, wait_s: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(reason)
        self.rule, self.reason, self.retryable, self.wait_s, self.status = rule, reason, retryable, wait_s, status


class Fetcher:
    """One HTTP client plus the politeness and safety machinery, shared by a run's requests."""

    def __init__(self, settings: FetchSettings, rate: float | None = None) -> None:
        self.s = settings
        self.rate = rate if rate is not None else settings.per_host_rate
        self.allow = allowed_hosts(settings.allow_hosts)
        self.robots = robots_for(settings.user_agent, settings.robots_ttl_s)
        timeout = httpx.Timeout(connect=settings.connect_timeout_s, read=settings.read_timeout_s,
                                write=settings.read_timeout_s, pool=settings.total_timeout_s)
        limits = httpx.Limits(max_connections=max(4, settings.concurrency * 2))
        self.client = httpx.Client(timeout=timeout, limits=limits, follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": settings.user_agent,
                                            "Accept-Encoding": _body.ACCEPT_ENCODING})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one URL, with retries -------------------------------------------------------------
    def get(self, url: str, previous: Mapping | None = None) -> Outcome:
        headers = {}
        if previous:
            if previous.get("etag"):
                headers["If-None-Match"] = previous["etag"]
            if previous.get("last_modified"):
                headers["If-Modified-Since"] = previous["last_modified"]
        out = Outcome(url=url)
        for attempt in range(1, self.s.retries + 2):
            out.fetched_at = datetime.now(timezone.utc)
            try:
                self._request(url, headers, out)
                out.rule = out.reason = None
                return out
            except Refused as exc:
                out.rule, out.reason = exc.rule, exc.reason
                return out
            except _Failed as exc:
                out.rule, out.reason, out.status = exc.rule, exc.reason, exc.status
                if not exc.retryable or attempt > self.s.retries:
                    return out
                delay = min(self.s.max_backoff_s, self.s.backoff_s * 2 ** (attempt - 1)) * (0.5 + random.random())
                if exc.wait_s is not None:
                    delay = max(delay, exc.wait_s)
                time.sleep(delay)
        return out

    # -- one attempt: follow redirects by hand so each hop is checked -------------------------
    def _request(self, url: str, headers: dict, out: Outcome) -> None:
        current, seen = url, {url}
        for _hop in range(self.s.max_redirects + 1):
            check_url(current, self.allow)
            if self.s.respect_robots and not self._robots_ok(current):
                raise Refused("robots_disallowed", f"robots.txt of {urlsplit(current).hostname} disallows {current}")
            GATE.wait(_host_key(current), self.rate)
            out.attempts += 1
            location = self._exchange(current, headers, out)
            if location is None:
                out.final_url = current
                return
            nxt = urljoin(current, location)
            if nxt in seen:
                raise _Failed("redirect_loop", f"redirect loop: {current} sends back to {nxt}", status=out.status)
            seen.add(nxt)
            current = nxt
        raise _Failed("redirect_loop", f"more than {self.s.max_redirects} redirects from {url}", status=out.status)

    def _exchange(self, url: str, headers: dict, out: Outcome) -> str | None:
        """Send one GET; fill ``out``; return a redirect target or None when done."""
        deadline = time.monotonic() + self.s.total_timeout_s
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                out.status = r.status_code
                if r.status_code in REDIRECTS and r.headers.get("location"):
                    return r.headers["location"]
                if r.status_code == 304:
                    out.etag = r.headers.get("etag")
                    out.last_modified = r.headers.get("last-modified")
                    return None
                if r.status_code == 429 or r.status_code >= 500:
                    wait = _body.retry_after_s(r.headers.get("retry-after")) if r.status_code in (429, 503) else None
                    if wait is not None and wait > self.s.max_retry_after_s:
                        raise _Failed("http_status", f"HTTP {r.status_code}; server asks to wait {wait:.0f} s, more than "
                                      f"max_retry_after_s={self.s.max_retry_after_s:g}", status=r.status_code)
                    raise _Failed("http_status", f"HTTP {r.status_code} from {url}", retryable=True, wait_s=wait,
                                  status=r.status_code)
                if r.status_code != 200:
                    raise _Failed("http_status", f"HTTP {r.status_code} from {url}", status=r.status_code)
                out.content = self._read(r, deadline)
                out.content_type = r.headers.get("content-type")
                out.etag = r.headers.get("etag")
                out.last_modified = r.headers.get("last-modified")
                return None
        except httpx.TimeoutException as exc:
            raise _Failed("timeout", f"{type(exc).__name__} after {self._elapsed(deadline):.1f} s on {url}",
                          retryable=True) from None
        except httpx.TransportError as exc:
            raise _Failed("connection_error", f"{type(exc).__name__}: {exc or 'connection failed'} on {url}",
                          retryable=True) from None

    def _elapsed(self, deadline: float) -> float:
        return self.s.total_timeout_s - (deadline - time.monotonic())

    def _read(self, r: httpx.Response, deadline: float) -> bytes:
        cap = self.s.max_bytes
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _Failed("too_large", f"declared Content-Length {declared} exceeds max_bytes={cap}")
        try:
            dec = _body.BoundedDecoder(r.headers.get("content-encoding"), cap)
        except _body.BadEncoding as exc:
            raise _Failed("bad_encoding", str(exc)) from None
        parts, raw_total = [], 0
        try:
            for chunk in r.iter_raw():
                raw_total += len(chunk)
                if raw_total > cap:
                    raise _body.TooLarge()
                parts.append(dec.feed(chunk))
                if time.monotonic() > deadline:
                    raise _Failed("timeout", f"body not complete within total_timeout_s={self.s.total_timeout_s:g}",
                                  retryable=True)
        except _body.TooLarge:
            raise _Failed("too_large", f"body exceeds max_bytes={cap} (after decompression)") from None
        except _body.BadEncoding as exc:
            raise _Failed("bad_encoding", str(exc)) from None
        return b"".join(parts)

    def _robots_ok(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"

        def fetch_robots(robots_url: str) -> tuple[int | None, bytes]:
            out = Outcome(url=robots_url)
            current = robots_url
            for _ in range(5):  # RFC 9309: follow at least five redirects
                try:
                    check_url(current, self.allow)
                except Refused:
                    return None, b""
                GATE.wait(_host_key(current), self.rate)
                try:
                    location = self._exchange(current, {}, out)
                except _Failed as exc:
                    if exc.status is None:  # no answer at all: unreachable
                        raise
                    return exc.status, b""
                if location is None:
                    return out.status, out.content or b""
                current = urljoin(current, location)
            return None, b""

        return self.robots.allowed(origin, url, fetch_robots)


def _host_key(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- batches -------------------------------------------------------------------------------
def fetch_items(items: list[Item], *, settings: FetchSettings, state: pl.DataFrame | None, source: str,
                lang_hint: str | None = None, fetcher: Fetcher | None = None, revisit: bool = True,
                rate: float | None = None) -> FetchResult:
    """Fetch ``items`` (URLs with optional feed hints); the engine behind ``fetch_urls``."""
    s = FetchSettings.of(settings)
    state = state if state is not None else empty(STATE)
    known = lookup(state)
    now = datetime.now(timezone.utc)
    todo, skipped = [], 0
    for it in unique_by_url(items):
        prev = known.get(it.url)
        if revisit and _recent(prev, now, s.revisit_s):
            skipped += 1
            continue
        todo.append((it, prev))
    own = fetcher is None
    fetcher = fetcher or Fetcher(s, rate)
    try:
        with ThreadPoolExecutor(max_workers=max(1, s.concurrency)) as pool:
            outcomes = list(pool.map(lambda pair: fetcher.get(pair[0].url, pair[1]), todo))
    finally:
        if own:
            fetcher.close()
    raw_rows, q_rows, st_rows = [], [], []
    counts = {"requested": len(todo), "new": 0, "unchanged": 0, "not_modified": 0, "skipped": skipped, "failed": 0}
    seen_raw: set[str] = set()
    for (it, prev), o in zip(todo, outcomes):
        raw_id = sha256(o.content) if o.content is not None else None
        st_rows.append({"url": it.url, "etag": o.etag, "last_modified": o.last_modified, "raw_id": raw_id,
                        "status": o.status, "fetched_at": o.fetched_at,
                        "attempts": o.attempts})
        if o.rule is not None:
            counts["failed"] += 1
            q_rows.append(quarantine_row(o.rule, it.url, o.reason or o.rule, o.final_url or it.url, o.attempts))
            continue
        if o.status == 304:
            counts["not_modified"] += 1
            continue
        if raw_id in seen_raw or (prev is not None and prev.get("raw_id") == raw_id):
            counts["unchanged"] += 1
            continue
        seen_raw.add(raw_id)
        counts["new"] += 1
        final = o.final_url or it.url
        raw_rows.append({"raw_id": raw_id, "doc_id": doc_id_from_url(final), "source": source, "uri": it.url,
                         "url": final, "fetched_at": o.fetched_at, "content": o.content,
                         "content_type": o.content_type or "application/octet-stream", "size": len(o.content),
                         "title_hint": it.title, "published_hint": it.published, "lang_hint": lang_hint,
                         "http_status": o.status, "etag": o.etag, "last_modified": o.last_modified,
                         "month": o.fetched_at.strftime("%Y-%m")})
    return FetchResult(raw=_frame(raw_rows, RAW), quarantine=_frame(q_rows, QUARANTINE),
                       state=merge_state(state, _frame(st_rows, STATE)), counts=counts)


def fetch_urls(urls: list[str], *, settings: FetchSettings | Mapping, state: pl.DataFrame | None, source: str,
               lang_hint: str | None = None) -> FetchResult:
    """Fetch article URLs politely; see the module docstring for what happens to each."""
    return fetch_items([Item(u) for u in urls], settings=FetchSettings.of(settings), state=state,
                       source=source, lang_hint=lang_hint)


def quarantine_row(rule: str, record: str, reason: str, payload: str, attempts: int) -> dict:
    return {"run_id": None, "stage": "fetch", "rule": rule, "record_id": record, "reason": reason,
            "payload": payload, "attempts": attempts, "created_at": datetime.now(timezone.utc)}


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    if not rows:
        return empty(schema)
    return conform(pl.DataFrame(rows, schema_overrides={k: v for k, v in schema.items()
                                                        if k in rows[0]}), schema)


def _recent(prev: Mapping | None, now: datetime, revisit_s: float) -> bool:
    if not prev or revisit_s <= 0 or not prev.get("raw_id") or prev.get("status") not in (200, 304):
        return False
    at = prev.get("fetched_at")
    return at is not None and now - at < timedelta(seconds=revisit_s)


def fetch_source(source, *, settings, state: pl.DataFrame | None) -> FetchResult:
    """Fetch one :class:`~tasks.fetch.sources.Source` (feeds and sitemaps are expanded first)."""
    from tasks.fetch.expand import fetch_source as _impl  # feeds/sitemaps/WARC live there

    return _impl(source, settings=settings, state=state)
