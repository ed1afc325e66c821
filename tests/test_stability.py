"""Issue 4: meeting ids and counts are stable across re-runs and independent of arrival order."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import liqa

pytestmark = pytest.mark.slow


def _state(home: Path) -> dict:
    q = ("select meeting_id, list(report_id order by report_id) as reports from meeting_reports "
         "group by meeting_id order by meeting_id")
    rows = json.loads(liqa("sql", "--home", str(home), "--format", "json", q).stdout)
    return {r["meeting_id"]: r["reports"] for r in rows}


def test_ids_stable_across_reruns_and_order(tmp_path: Path, shared: Path, prefect_api) -> None:
    dev, seeds = str(shared / "eval" / "dev" / "texts"), str(shared / "seeds")
    a, b = tmp_path / "a", tmp_path / "b"
    for inputs in ([dev], [seeds]):
        assert liqa("run", *inputs, "--home", str(a)).returncode == 0
    first = _state(a)
    r = liqa("run", dev, seeds, "--home", str(a))
    assert r.returncode == 0 and "new 0" in r.stdout
    assert _state(a) == first
    for inputs in ([seeds], [dev]):
        assert liqa("run", *inputs, "--home", str(b)).returncode == 0
    assert _state(b) == first
    assert len(first) > 10
