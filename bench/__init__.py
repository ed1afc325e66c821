"""Benchmarks (issue 7): ``python -m bench`` runs the pipeline over SaudiNewsNet; see docs/bench.md."""
