"""Issue 6's acceptance run: the seeds mixed with deliberately broken inputs.

Every good article is loaded, every bad one is quarantined under the rule that explains it, a
duplicate is skipped (not loaded twice), and `liqa report` says so in a few lines.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import liqa

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mixed_home(tmp_path_factory, shared: Path, prefect_api) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("mixed")
    inbox = root / "inbox"
    shutil.copytree(shared / "seeds", inbox)
    seed = (shared / "seeds" / "002_841333b7fafb0b94.txt").read_text(encoding="utf-8")
    # a truncated HTML page: the download stopped inside the head, no article text
    (inbox / "truncated.html").write_text('<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">'
                                          '<title>هنية يبحث مع وزير الخارجية</title><script>var a = "', encoding="utf-8")
    # an article dated years after it was fetched
    (inbox / "future.txt").write_text(seed.replace("20 يونيو 2024", "20 يونيو 2031", 1), encoding="utf-8")
    # UTF-8 read as Windows-1252 and saved again: unrepairable mojibake
    (inbox / "mojibake.txt").write_bytes(seed.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    # the same bytes as a seed under another name
    shutil.copy(shared / "seeds" / "001_4b38c1ab9a87f964.txt", inbox / "copy_of_001.txt")
    home = root / "home"
    r = liqa("run", str(inbox), "--home", str(home))
    assert r.returncode == 0, r.stderr
    return home, inbox


def _quarantine(home: Path) -> dict[str, str]:
    rows = json.loads(liqa("sql", "--home", str(home), "--format", "json",
                           "select payload, record_id, rule, reason from quarantine").stdout)
    out = {}
    for r in rows:
        where = f"{r['payload']} {r['record_id']}"
        for name in ("truncated", "future", "mojibake", "copy_of_001"):
            if name in where:
                out[name] = r["rule"] + " | " + r["reason"]
    return out


def test_every_good_article_is_loaded(mixed_home) -> None:
    home, _ = mixed_home
    docs = json.loads(liqa("sql", "--home", str(home), "--format", "json",
                           "select doc_id from articles order by doc_id").stdout)
    assert [d["doc_id"] for d in docs] == sorted(p.stem for p in Path(home).parent.glob("inbox/0*.txt"))


def test_every_bad_input_is_quarantined_with_the_rule_that_explains_it(mixed_home) -> None:
    home, _ = mixed_home
    q = _quarantine(home)
    assert "no_text" in q["truncated"] or "too_short" in q["truncated"], q
    assert "published" in q["future"], q
    assert q["mojibake"].startswith("mojibake"), q
    assert "copy_of_001" not in q  # a duplicate is not an error: it is the same article, skipped


def test_report_says_so_in_a_few_lines(mixed_home) -> None:
    home, _ = mixed_home
    r = liqa("report", "--home", str(home))
    assert r.returncode == 0, r.stderr
    assert "mojibake" in r.stdout and "published" in r.stdout
    assert len(r.stdout.splitlines()) < 60


def test_retry_quarantine_reruns_rejected_records(mixed_home) -> None:
    home, _ = mixed_home
    r = liqa("run", "--home", str(home), "--retry-quarantine", str(Path(home).parent / "inbox"))
    assert r.returncode == 0, r.stderr
    import re
    requeued = int(re.search(r"quarantined (\d+)", r.stdout).group(1))
    assert requeued >= 3, r.stdout  # truncated, future and mojibake went through clean again
    plain = liqa("run", "--home", str(home), str(Path(home).parent / "inbox"))
    assert "quarantined 0" in plain.stdout  # without the flag they are done and left alone
    q = _quarantine(home)  # still rejected for the same reasons: nothing was fixed
    assert q["mojibake"].startswith("mojibake")
