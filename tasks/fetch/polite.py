"""Politeness: a per-host request rate that is never exceeded, and robots.txt (RFC 9309).

The rate gate is process-wide (module state), so two sources on the same host, or two calls in
one flow run, share one budget instead of each starting with a fresh burst. Each host has its
own lock held while waiting, and the next slot is measured from the moment a request was
actually released, so late wake-ups never squeeze two requests closer than ``1/rate``.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from urllib.robotparser import RobotFileParser


MARGIN_S = 0.05
"""Slack added to each 1-s window: a request released on time may reach the server a few ms
later than the one before it (thread scheduling, connection setup), and without slack a
server counting arrivals sees rate + 1 in some window (measured: 11 in 1 s at rate 10)."""


class RateGate:
    """Per host: at least ``1/rate`` s between releases and at most ``floor(rate)`` (min 1)
    releases in any ``1 + MARGIN_S`` s, so arrivals never exceed ``rate`` in any 1-s window."""

    def __init__(self, margin_s: float = MARGIN_S) -> None:
        self.margin_s = margin_s
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._recent: dict[str, deque[float]] = {}

    def wait(self, host: str, rate: float) -> float:
        """Block until ``host`` may be requested again; returns the monotonic release time."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
            recent = self._recent.setdefault(host, deque())
        with lock:
            if rate > 0:
                burst = max(1, int(rate))
                while True:
                    now = time.monotonic()
                    ready = recent[-1] + 1.0 / rate if recent else now
                    if len(recent) >= burst:
                        ready = max(ready, recent[-burst] + 1.0 + self.margin_s)
                    if ready <= now:
                        break
                    time.sleep(ready - now)
            now = time.monotonic()
            recent.append(now)
            while len(recent) > max(1, int(rate)) + 1:
                recent.popleft()
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


_ROBOTS: dict[tuple[str, float], Robots] = {}
_ROBOTS_LOCK = threading.Lock()


def robots_for(user_agent: str, ttl_s: float) -> Robots:
    """The process-wide robots.txt cache for one user agent, so each run asks a host once per TTL."""
    with _ROBOTS_LOCK:
        return _ROBOTS.setdefault((user_agent, ttl_s), Robots(user_agent, ttl_s))
