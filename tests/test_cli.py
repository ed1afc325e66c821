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
