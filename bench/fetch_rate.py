"""Does the per-host rate limit hold? 1,000 pages through the loopback site (not a test).

Fetches ``--pages`` numbered pages from tests/webfixtures/server.py on 127.0.0.1 with
``--concurrency`` threads and ``fetch.per_host_rate = --rate``, then reads the server's own
request log and reports the most requests that arrived in any 1-second window (sliding, over
every request time), which must not exceed the configured rate. Prints JSON then a table.

    .venv/bin/python bench/fetch_rate.py --pages 1000 --rate 50 --concurrency 8
"""
from __future__ import annotations

import argparse
import bisect
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.fetch.http import FetchSettings, fetch_urls  # noqa: E402


def _server():
    spec = importlib.util.spec_from_file_location("liqa_webfixtures_server", ROOT / "tests" / "webfixtures" / "server.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """Most events in any half-open window [t, t + window) starting at an event."""
    times = sorted(times)
    return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=50.0, help="configured requests/s per host")
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args(argv)
    settings = FetchSettings(per_host_rate=args.rate, concurrency=args.concurrency, allow_hosts=("127.0.0.1",),
                             connect_timeout_s=2, read_timeout_s=5, total_timeout_s=10, retries=0, revisit_s=0)
    with _server().LoopbackSite() as site:
        urls = [site.url(f"/n/{i}") for i in range(args.pages)]
        start = time.monotonic()
        res = fetch_urls(urls, settings=settings, state=None, source="bench")
        took = time.monotonic() - start
        arrivals = [t for t, p in site.state.log if p.startswith("/n/")]
        every = [t for t, _ in site.state.log]   # robots.txt counts against the host too
    report = {
        "pages": args.pages, "fetched": len(res.raw), "failed": len(res.quarantine),
        "concurrency": args.concurrency, "configured_rate_per_s": args.rate,
        "elapsed_s": round(took, 2), "mean_rate_per_s": round(len(arrivals) / took, 2) if took else None,
        "max_requests_in_any_1s_window": max_in_window(every),
        "within_limit": max_in_window(every) <= args.rate,
    }
    print(json.dumps(report))
    print(f"\n{'configured/s':>13} {'mean/s':>8} {'max in 1 s':>11} {'pages':>6} {'failed':>7} {'seconds':>8}")
    print(f"{args.rate:>13g} {report['mean_rate_per_s']:>8} {report['max_requests_in_any_1s_window']:>11} "
          f"{report['fetched']:>6} {report['failed']:>7} {report['elapsed_s']:>8}")
    return report


if __name__ == "__main__":
    main()
