"""The warehouse opens in the analysts' DuckDB CLI (same version as the library), read-only."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liqa.home import Home
from tasks.load import load_batch
from test_warehouse import dev_batch, subset

CLI = Path(sys.executable).with_name("duckdb")


@pytest.mark.skipif(not CLI.exists() and not shutil.which("duckdb"), reason="duckdb CLI not installed")
def test_cli_reads_the_marts(tmp_path):
    batch = dev_batch()
    home = Home(tmp_path)
    load_batch(home, "r1", **subset(batch, batch[0]["doc_id"].to_list()))
    cli = str(CLI) if CLI.exists() else shutil.which("duckdb")
    out = subprocess.run([cli, "-readonly", "-csv", str(home.warehouse), "-c",
                          "select count(*) as n, sum(n_sources) as s from meetings; "
                          "select count(*) from v_meetings where n_sources > 1;"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[:2] == ["n,s", "47,57"]
    assert lines[-1] == "9"
    bad = subprocess.run([cli, "-readonly", str(home.warehouse), "-c", "delete from meetings"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 or "read-only" in (bad.stdout + bad.stderr).lower()
