"""flows/runners.py: partitions, the rows kept from a partition's extraction, and runner choice.

Why: the partitioned runner extracts a batch before the clean suite has judged it, then keeps
only the output of articles that passed; a wrong filter would load meetings of rejected
articles or lose meetings of accepted ones.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flows.runners import LocalRunner, PartitionRunner, choose_runner, merge_extracts, partitions, restrict_extract
from liqa.settings import load_settings


@pytest.fixture(scope="module")
def extracted(shared: Path):
    """The user's seed articles, cleaned and extracted (real text, several meetings)."""
    from tasks.clean import clean_batch
    from tasks.extract import extract_batch
    from tasks.fetch.local import iter_local

    settings = load_settings()
    raw = pl.concat([b.frames()[0] for b in iter_local([str(shared / "seeds")], settings, batch_size=100)])
    clean, _ = clean_batch(raw, settings)
    return clean, extract_batch(clean)


def test_restrict_keeps_exactly_the_accepted_articles_output(extracted) -> None:
    clean, ex = extracted
    by_article = ex.reports.group_by("article_id").len()
    assert len(by_article) >= 3
    keep = by_article.sort("len", descending=True)["article_id"][:2]  # one with two meetings
    out = restrict_extract(ex, keep)
    assert set(out.reports["article_id"]) == set(keep)
    assert len(out.reports) == len(ex.reports.filter(pl.col("article_id").is_in(keep.implode())))
    kept_reports = set(out.reports["report_id"])
    for name in ("sides", "participants"):
        whole, part = getattr(ex, name), getattr(out, name)
        assert set(part["report_id"]) <= kept_reports
        assert len(part) == len(whole.filter(pl.col("report_id").is_in(list(kept_reports)))) > 0
    assert len(restrict_extract(ex, clean["article_id"]).reports) == len(ex.reports)


def test_merged_partitions_equal_the_whole_batch(extracted) -> None:
    from tasks.extract import extract_batch

    clean, ex = extracted
    merged = merge_extracts([extract_batch(p) for p in partitions(clean, 3, 1)])
    for name in ("reports", "sides", "participants"):
        assert getattr(merged, name).equals(getattr(ex, name)), name


def test_outside_a_pooled_flow_the_run_stays_in_process() -> None:
    settings = load_settings()
    assert isinstance(choose_runner(settings, 10**6, "auto"), LocalRunner)
    assert isinstance(choose_runner(settings, 10**6, "process"), LocalRunner)  # no pool to submit to
    with pytest.raises(ValueError, match="unknown runner"):
        choose_runner(settings, 10, "threads")
    assert PartitionRunner(0).n_parts == 1
