"""Try a sources file by hand: ``python -m tasks.fetch --sources sources.yaml [--home DIR]``.

Fetches every enabled source, prints one line per source (new / unchanged / failed) and the
quarantine rules, and with ``--home`` keeps the fetch state there so a second run shows what
conditional GET saves. It writes no lake files: that is the flow's load step.
"""
from __future__ import annotations

import argparse
import sys

from tasks.fetch.http import FetchSettings, fetch_source
from tasks.fetch.sources import SourcesError, load_sources
from tasks.fetch.state import load_state, save_state


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tasks.fetch", description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="sources.yaml")
    ap.add_argument("--home", default=None, help="keep fetch state in HOME/state/")
    args = ap.parse_args(argv)
    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"liqa: {exc}", file=sys.stderr)
        return 2
    settings = FetchSettings.of(None)
    state = load_state(args.home) if args.home else None
    print(f"{'source':<24} {'new':>5} {'same':>5} {'304':>5} {'skip':>5} {'fail':>5}")
    for src in sources:
        res = fetch_source(src, settings=settings, state=state)
        state = res.state
        c = res.counts
        print(f"{src.name:<24} {c.get('new', 0):>5} {c.get('unchanged', 0):>5} "
              f"{c.get('not_modified', 0) + c.get('documents_not_modified', 0):>5} "
              f"{c.get('skipped', 0):>5} {c.get('failed', 0):>5}")
        for q in res.quarantine.iter_rows(named=True):
            print(f"  ! {q['rule']}: {q['reason']}")
    if args.home and state is not None:
        print(f"state: {save_state(args.home, state)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
