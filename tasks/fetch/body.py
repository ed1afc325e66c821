"""Reading a response body without trusting its size (issue 5: size cap, gzip/brotli bombs).

httpx decodes ``Content-Encoding`` one network chunk at a time with no output limit, so 64 KiB
of brotli can become gigabytes in a single call. Here the raw bytes are decoded by our own
decoders that never produce more than the remaining budget (zlib's ``max_length``, brotli's
``output_buffer_limit``), so a bomb is cut off after ``max_bytes`` of output, not after memory
runs out.
"""
from __future__ import annotations

import email.utils
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timezone

import brotli

ACCEPT_ENCODING = "gzip, deflate, br"


class TooLarge(Exception):
    """The body (raw or decoded) passed the size cap."""


class BadEncoding(Exception):
    """A Content-Encoding we do not decode, or a corrupt compressed stream."""


def _zlib(wbits: int) -> Callable[[bytes, int], bytes]:
    state = {"d": zlib.decompressobj(wbits), "first": True}

    def feed(data: bytes, budget: int) -> bytes:
        d = state["d"]
        try:
            out = d.decompress(data, budget + 1)
        except zlib.error:
            if state["first"] and wbits == 15:  # "deflate" sent raw, without the zlib header
                state["d"] = d = zlib.decompressobj(-15)
                out = d.decompress(data, budget + 1)
            else:
                raise
        state["first"] = False
        if len(out) > budget:
            raise TooLarge()
        return out

    return feed


def _brotli() -> Callable[[bytes, int], bytes]:
    d = brotli.Decompressor()

    def feed(data: bytes, budget: int) -> bytes:
        out = d.process(data, output_buffer_limit=budget + 1)
        if len(out) > budget:
            raise TooLarge()
        return out

    return feed


def _identity(data: bytes, budget: int) -> bytes:
    if len(data) > budget:
        raise TooLarge()
    return data


class BoundedDecoder:
    """Decodes a body chunk by chunk; raises :class:`TooLarge` once output exceeds ``limit``."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.total = 0
        steps = []
        names = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
        for name in reversed(names):  # the last encoding applied is undone first
            if name in ("gzip", "x-gzip"):
                steps.append(_zlib(47))          # 32 + 15: gzip or zlib header, auto-detected
            elif name == "deflate":
                steps.append(_zlib(15))
            elif name == "br":
                steps.append(_brotli())
            elif name != "identity":
                raise BadEncoding(f"content-encoding {name!r} is not supported")
        self.steps = steps or [_identity]

    def feed(self, chunk: bytes) -> bytes:
        data = chunk
        try:
            for step in self.steps:
                data = step(data, self.limit - self.total)
        except (zlib.error, brotli.error) as exc:
            raise BadEncoding(f"corrupt compressed body: {exc}") from None
        self.total += len(data)
        return data


def retry_after_s(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), timezone.utc)
    return max(0.0, (when - now_dt).total_seconds())
