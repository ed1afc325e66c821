"""Issue 4: meeting ids and counts are stable across re-runs and independent of arrival order.

Runs the flow in-process (one Prefect API for the session) so five runs cost seconds, not minutes.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.ingest import ingest
from liqa.home import Home
from liqa.query import run_sql

pytestmark = pytest.mark.slow


def _state(home: Path) -> dict:
    q = ("select meeting_id, list(report_id order by report_id) as reports from meeting_reports "
         "group by meeting_id order by meeting_id")
    rows = json.loads(run_sql(Home(home), q, fmt="json"))
    return {r["meeting_id"]: r["reports"] for r in rows}


def test_ids_stable_across_reruns_and_order(tmp_path: Path, shared: Path, prefect_api) -> None:
    dev, seeds = str(shared / "eval" / "dev" / "texts"), str(shared / "seeds")
    a, b = tmp_path / "a", tmp_path / "b"
    for inputs in ([dev], [seeds]):
        ingest(inputs, home=str(a))
    first = _state(a)
    again = ingest([dev, seeds], home=str(a))
    assert again["articles_new"] == 0 and again["meetings_new"] == 0
    assert _state(a) == first
    for inputs in ([seeds], [dev]):
        ingest(inputs, home=str(b))
    assert _state(b) == first
    assert len(first) > 10
