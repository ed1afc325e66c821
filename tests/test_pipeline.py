"""The whole pipeline as a user runs it: `liqa run` → warehouse → `liqa export` → the user's scorer."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import liqa
from liqa.evaluate import score_by_language

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_home(tmp_path_factory, shared: Path, prefect_api) -> Path:
    home = tmp_path_factory.mktemp("seeds") / "home"
    r = liqa("run", str(shared / "seeds"), "--home", str(home))
    assert r.returncode == 0, r.stderr
    assert "meetings found" in r.stdout
    return home


def _export(home: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pred.jsonl"
    r = liqa("export", "--home", str(home), "--format", "jsonl", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_seeds_score_as_the_issue_requires(seeds_home: Path, shared: Path, tmp_path: Path) -> None:
    pred = _export(seeds_home, tmp_path)
    metrics, details = score_by_language(shared / "eval" / "seeds.gold.jsonl", pred)
    m = metrics["all"]
    assert m["meeting_f1"] == 1.0, details
    assert m["person_f1"] >= 0.95, details
    assert m["city_accuracy"] == 1.0, details
    assert m["date_accuracy"] == 1.0, details
    assert m["published_accuracy"] == 1.0, details
    assert m["dedup_pair_f1"] == 1.0, details


def test_seeds_warehouse_holds_six_meetings_and_doha_has_two_sources(seeds_home: Path) -> None:
    r = liqa("sql", "--home", str(seeds_home), "--format", "json",
             "select meeting_id, cast(date as varchar) as date, city, n_sources from meetings order by date")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 6
    doha = [x for x in rows if x["date"] == "2026-02-11"]
    assert len(doha) == 1 and doha[0]["city"] == "Doha" and doha[0]["n_sources"] == 2


def test_rerun_is_idempotent(seeds_home: Path, shared: Path) -> None:
    q = "select (select count(*) from meetings), (select count(*) from meeting_reports), (select count(*) from articles)"
    before = liqa("sql", "--home", str(seeds_home), "--format", "csv", q).stdout
    ids_before = liqa("sql", "--home", str(seeds_home), "--format", "csv",
                      "select meeting_id from meetings order by 1").stdout
    r = liqa("run", str(shared / "seeds"), "--home", str(seeds_home))
    assert r.returncode == 0, r.stderr
    assert "new 0" in r.stdout
    assert liqa("sql", "--home", str(seeds_home), "--format", "csv", q).stdout == before
    assert liqa("sql", "--home", str(seeds_home), "--format", "csv",
                "select meeting_id from meetings order by 1").stdout == ids_before


def test_bad_inputs_are_quarantined_and_good_ones_extracted(tmp_path: Path, shared: Path, prefect_api) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    text = (shared / "seeds" / "002_841333b7fafb0b94.txt").read_text(encoding="utf-8")
    (folder / "cp1256.txt").write_bytes(text.encode("cp1256", errors="ignore"))
    home = tmp_path / "home"
    r = liqa("run", str(folder), "--home", str(home))
    assert r.returncode == 0, r.stderr
    q = json.loads(liqa("sql", "--home", str(home), "--format", "json",
                        "select record_id, payload, rule, reason from quarantine").stdout)
    where = " ".join(f"{x['record_id']} {x['payload']}" for x in q)
    assert "empty" in where and "binary" in where, q
    assert all(x["reason"] for x in q)
    people = json.loads(liqa("sql", "--home", str(home), "--format", "json",
                             "select name_native from meeting_participants").stdout)
    assert any("هنية" in p["name_native"] for p in people)


def test_dev_set_floor(tmp_path: Path, shared: Path, prefect_api) -> None:
    home = tmp_path / "home"
    r = liqa("run", str(shared / "eval" / "dev" / "texts"), "--home", str(home))
    assert r.returncode == 0, r.stderr
    metrics, _ = score_by_language(shared / "eval" / "dev" / "gold.jsonl", _export(home, tmp_path))
    # issue 2 asks for 0.70; the floors follow what extraction measures now (.ci/floors-dev.txt)
    assert metrics["all"]["meeting_f1"] >= 0.88
    assert metrics["all"]["person_f1"] >= 0.95
    assert metrics["all"]["dedup_pair_f1"] >= 0.95  # issue 4
