"""A loopback news site with injected faults, for the fetch tests and bench/fetch_rate.py.

Serves the fixture files under ``site/`` (``{base}`` in them becomes the server's own URL) with
ETag/Last-Modified and 304s, plus fault routes that misbehave the way real servers do:

  /flaky/<n>/<key>      500 for the first n requests of <key>, then a page
  /limited/<s>/<key>    429 with Retry-After: <s> once, then a page
  /unavailable-long     503 with Retry-After: 3600, always
  /drip                 declares 100 KB, sends 1 byte every 0.2 s (never finishes in time)
  /stall                headers, then silence (read timeout)
  /reset                connection reset (RST) before any answer
  /loop/a, /loop/b      redirect to each other
  /hop/<n>              redirect chain n → n-1 … → a page at 0
  /to-metadata          302 to http://169.254.169.254/latest/meta-data/
  /big, /big-stream     3 MB, with and without Content-Length
  /gzip-bomb, /br-bomb  small compressed body that inflates to 64 MB / 256 MB
  /wrong-charset        Windows-1256 bytes declared as UTF-8
  /changing/<key>       new content on every request, no validators
  /n/<i>                a small numbered page (for the rate bench)
  /robots.txt           disallows /private/

Every request is logged as (monotonic time, path) so tests can count retries and measure rate.
"""
from __future__ import annotations

import gzip
import hashlib
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

SITE = Path(__file__).resolve().parent / "site"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
         ".atom": "application/atom+xml; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
LAST_MODIFIED = "Tue, 14 May 2024 08:30:00 GMT"
PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Page {0}</title></head>"
        "<body><article><h1>Page {0}</h1><p>Foreign ministers met in Muscat on Tuesday.</p></article>"
        "</body></html>")


def _bombs() -> tuple[bytes, bytes]:
    zeros = bytes(1 << 20)
    buf = gzip.compress(zeros * 64, compresslevel=9)          # 64 MiB of zeros → ~64 KB
    br = brotli.compress(zeros * 256, quality=5)               # 256 MiB of zeros → a few hundred bytes
    return buf, br


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.log: list[tuple[float, str]] = []
        self.gzip_bomb, self.br_bomb = _bombs()

    def hit(self, key: str) -> int:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]


class Handler(BaseHTTPRequestHandler):
    server_version = "liqa-test/1"
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:  # keep pytest output quiet
        pass

    @property
    def st(self) -> _State:
        return self.server.state  # type: ignore[attr-defined]

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]  # type: ignore[misc]
        return f"http://{host}:{port}"

    def send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
             headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - a routing table
        path = self.path.split("?", 1)[0]
        with self.st.lock:
            self.st.log.append((time.monotonic(), path))
        parts = [p for p in path.split("/") if p]
        try:
            self._route(path, parts)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, path: str, parts: list[str]) -> None:
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if parts[:1] == ["site"] and len(parts) == 2:
            return self._static(parts[1])
        if parts[:1] == ["flaky"] and len(parts) == 3:
            n = self.st.hit(path)
            if n <= int(parts[1]):
                return self.send(500, b"<h1>Internal Server Error</h1>")
            return self.send(200, PAGE.format(parts[2]).encode())
        if parts[:1] == ["limited"] and len(parts) == 3:
            if self.st.hit(path) == 1:
                return self.send(429, b"slow down", headers={"Retry-After": parts[1]})
            return self.send(200, PAGE.format(parts[2]).encode())
        if path == "/unavailable-long":
            return self.send(503, b"maintenance", headers={"Retry-After": "3600"})
        if path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
            return None
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.flush()
            time.sleep(5)
            return None
        if path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return None
        if parts[:1] == ["loop"]:
            other = "b" if path.endswith("/a") else "a"
            return self.send(302, b"", headers={"Location": f"/loop/{other}"})
        if parts[:1] == ["hop"] and len(parts) == 2:
            n = int(parts[1])
            if n == 0:
                return self.send(200, PAGE.format("hop").encode())
            return self.send(301, b"", headers={"Location": f"{self.base}/hop/{n - 1}"})
        if path == "/to-metadata":
            return self.send(302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/big":
            return self.send(200, b"a" * 3_000_000)
        if path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(300):
                self.wfile.write(b"b" * 10_000)
            return None
        if path == "/gzip-bomb":
            return self.send(200, self.st.gzip_bomb, headers={"Content-Encoding": "gzip"})
        if path == "/br-bomb":
            return self.send(200, self.st.br_bomb, headers={"Content-Encoding": "br"})
        if path == "/wrong-charset":
            return self.send(200, (SITE / "ar-cp1256.html").read_bytes(), "text/html; charset=utf-8")
        if parts[:1] == ["changing"]:
            n = self.st.hit(path)
            return self.send(200, PAGE.format(f"{parts[-1]} version {n}").encode())
        if parts[:1] == ["n"] and len(parts) == 2:
            return self.send(200, PAGE.format(parts[1]).encode())
        if parts[:1] == ["private"]:
            return self.send(200, b"<p>not for crawlers</p>")
        return self.send(404, b"<h1>Not Found</h1>")

    def _static(self, name: str) -> None:
        f = SITE / name
        if not f.is_file() or f.parent != SITE:
            return self.send(404, b"not found")
        body = f.read_bytes().replace(b"{base}", self.base.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        ctype = TYPES.get(f.suffix, "application/octet-stream")
        if name.startswith("sitemap"):
            ctype = "application/xml"
        return self.send(200, body, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})


class LoopbackSite:
    """Start/stop the threaded server on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = _State()  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def state(self) -> _State:
        return self.httpd.state  # type: ignore[attr-defined]

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> int:
        return sum(1 for _, p in self.state.log if p == path)

    def __enter__(self) -> "LoopbackSite":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # a loopback news site to try sources against (docs/fetch.md)
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8765)
    port = ap.parse_args().port
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    httpd.daemon_threads = True
    httpd.state = _State()  # type: ignore[attr-defined]
    print(f"serving the loopback site on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
