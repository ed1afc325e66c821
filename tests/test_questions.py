"""The README's analyst questions run, through Python and through the installed DuckDB CLI."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, VENV_BIN, liqa
from liqa.home import Home
from liqa.query import run_sql

QUESTIONS = sorted((REPO / "docs" / "questions").glob("*.sql"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, shared: Path, prefect_api) -> Path:
    home = tmp_path_factory.mktemp("questions") / "home"
    r = liqa("run", str(shared / "seeds"), str(REPO / "samples"), "--home", str(home))
    assert r.returncode == 0, r.stderr
    return home


def test_there_are_five_questions_and_the_readme_shows_each() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(QUESTIONS) >= 5
    for q in QUESTIONS:
        assert q.read_text(encoding="utf-8").strip() in readme, f"{q.name} is not in the README"


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.stem)
def test_question_runs_in_python_and_cli_with_same_rows(path: Path, warehouse: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    rows = json.loads(run_sql(Home(warehouse), sql, fmt="json"))
    assert rows, f"{path.name} returned no rows on the seeds + samples"
    cli = subprocess.run([str(VENV_BIN / "duckdb"), "-readonly", "-json", str(warehouse / "warehouse.duckdb")],
                         input=sql, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert len(json.loads(cli.stdout)) == len(rows)


def test_hamas_iran_question_finds_the_doha_meeting_with_both_sources(warehouse: Path) -> None:
    sql = (REPO / "docs" / "questions" / "1_hamas_iran_by_month.sql").read_text(encoding="utf-8")
    rows = json.loads(run_sql(Home(warehouse), sql, fmt="json"))
    doha = [r for r in rows if str(r["date"]).startswith("2026-02-11")]
    assert doha and doha[0]["n_sources"] == 2 and doha[0]["city"] == "Doha"
