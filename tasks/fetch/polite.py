"""Politeness: a per-host request rate that is never exceeded, and robots.txt (RFC 9309).

The rate gate is process-wide (module state), so two sources on the same host, or two calls in
one flow run, share one budget instead of each starting with a fresh burst. Each host has its
own lock held while waiting, and the next slot is measured from the moment a request was
actually released, so late wake-ups never squeeze two requests closer than ``1/rate``.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.robotparser import RobotFileParser


class RateGate:
    """Per-host spacing of at least ``1/rate`` seconds between released requests."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def wait(self, host: str, rate: float) -> float:
        """Block until ``host`` may be requested again; returns the monotonic release time."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            if rate > 0:
                last = self._last.get(host)
                if last is not None:
                    delay = last + 1.0 / rate - time.monotonic()
                    while delay > 0:
                        time.sleep(delay)
                        delay = last + 1.0 / rate - time.monotonic()
            now = time.monotonic()
            self._last[host] = now
            return now


GATE = RateGate()


class Robots:
    """robots.txt per scheme+host, cached for ``ttl_s``.

    RFC 9309 semantics: a 4xx robots.txt (none published) allows everything; a 5xx or a network
    failure means "unreachable", so everything on that host is disallowed until the cache
    expires; a body larger than 500 KiB is cut there (the RFC's minimum parse limit).
    """

    MAX_BYTES = 512_000

    def __init__(self, user_agent: str, ttl_s: float = 3600.0) -> None:
        self.user_agent = user_agent
        self.ttl_s = ttl_s
        self._cache: dict[str, tuple[float, RobotFileParser | bool]] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def allowed(self, origin: str, url: str, fetch: Callable[[str], tuple[int | None, bytes]]) -> bool:
        """May ``url`` (on ``origin`` = "scheme://host:port") be fetched? ``fetch`` gets robots.txt."""
        with self._lock:
            host_lock = self._host_locks.setdefault(origin, threading.Lock())
        with host_lock:  # one robots.txt request per host even with many threads
            hit = self._cache.get(origin)
            if hit is None or hit[0] < time.monotonic():
                rules = self._load(origin, fetch)
                self._cache[origin] = (time.monotonic() + self.ttl_s, rules)
            else:
                rules = hit[1]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.user_agent, url)

    def _load(self, origin: str, fetch: Callable[[str], tuple[int | None, bytes]]) -> RobotFileParser | bool:
        # ``fetch`` raises for a network failure (the page request then fails the same way and is
        # retried); it returns status None for an answer that cannot count (a refused redirect).
        status, body = fetch(origin + "/robots.txt")
        if status is None or status >= 500:
            return False
        if 400 <= status < 500:
            return True
        if status != 200:
            return True
        parser = RobotFileParser()
        parser.parse(body[: self.MAX_BYTES].decode("utf-8", "replace").splitlines())
        parser.modified()  # can_fetch() refuses everything until a read time is recorded
        return parser
