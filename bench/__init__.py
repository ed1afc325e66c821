"""Benchmarks (issue 7): ``python -m bench`` runs the pipeline over SaudiNewsNet; see docs/bench.md."""
from __future__ import annotations

import cProfile
import io
import pstats


def profile_top(fn, top: int = 25, key: str = "tottime") -> str:
    """Run ``fn()`` under cProfile and return the ``top`` rows sorted by ``key`` (the speed benches)."""
    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    return format_profile(prof, top, key)


def format_profile(prof: cProfile.Profile, top: int = 25, key: str = "tottime") -> str:
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
    return buf.getvalue()
