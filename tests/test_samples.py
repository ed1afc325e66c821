"""The bundled samples (`make demo`) give the meetings they describe, and the phone call none."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO
from flows.ingest import ingest
from liqa.home import Home
from liqa.query import run_sql

pytestmark = pytest.mark.slow


def test_samples_meetings(tmp_path: Path, prefect_api) -> None:
    home = str(tmp_path / "home")
    summary = ingest([str(REPO / "samples")], home=home)
    assert summary["articles_new"] == 4
    rows = json.loads(run_sql(Home(Path(home)), """
        select cast(m.date as varchar) as date, m.city, list(distinct s.doc_id) as docs
        from meetings m join meeting_sources s using (meeting_id) group by all order by date""", fmt="json"))
    assert [(r["date"], r["city"]) for r in rows] == [
        ("2022-07-19", "Tehran"), ("2023-03-10", "Beijing"), ("2023-08-18", "Jeddah")]
    assert not any("ar_phone_2023" in r["docs"] for r in rows)  # a telephone call is not a meeting
