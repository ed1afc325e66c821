"""CLI contract: user mistakes are one clear line and exit status 2, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import liqa


@pytest.mark.parametrize("args,needle", [
    (["run", "/no/such/folder"], "no such input"),
    (["export", "--home", "{tmp}/empty"], "no warehouse"),
    (["sql", "--home", "{tmp}/empty", "select 1"], "no warehouse"),
    (["report", "--home", "{tmp}/empty"], "no runs"),
    (["eval", "/no/gold.jsonl", "."], "no such gold file"),
])
def test_user_mistakes_are_one_line(args: list[str], needle: str, tmp_path: Path) -> None:
    r = liqa(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_help_lists_every_command() -> None:
    r = liqa("--help")
    for cmd in ("run", "export", "sql", "report", "eval", "reprocess"):
        assert cmd in r.stdout


def test_run_in_worker_processes(tmp_path: Path, prefect_api: str) -> None:
    """`--runner process` cleans and extracts in worker processes and finds the same meetings."""
    import json

    samples = Path(__file__).resolve().parents[1] / "samples"
    home = tmp_path / "home"
    r = liqa("run", str(samples), "--home", str(home), "--runner", "process", "--workers", "2",
             env={"LIQA_PIPELINE_MIN_PARTITION": "1"})  # tiny input: cut it anyway
    assert r.returncode == 0, r.stderr[-2000:]
    summary = json.loads(next((home / "runs").glob("*.json")).read_text(encoding="utf-8"))
    assert set(summary["worker_seconds"]) >= {"clean", "extract"}
    assert summary["meetings_new"] == 3 and summary["critical_failures"] == 0
