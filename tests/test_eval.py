"""The vendored scorer stays identical in behaviour to the user's, and minimums are enforced."""
from __future__ import annotations

from pathlib import Path

from liqa import score as vendored
from liqa.evaluate import check_minimums, score_by_language


def _code(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("from __future__"):]


def test_vendored_scorer_matches_shared(shared: Path) -> None:
    assert _code(Path(vendored.__file__)) == _code(shared / "eval" / "score.py")


def test_gold_scores_perfectly_against_itself_per_language(shared: Path) -> None:
    gold = shared / "eval" / "dev" / "gold.jsonl"
    metrics, _ = score_by_language(gold, gold)
    assert set(metrics) == {"all", "ar", "fa", "en"}
    for scope in metrics.values():
        assert scope["meeting_f1"] == 1.0
    assert check_minimums(metrics, ["meeting_f1=0.9", "fa:person_f1=0.9"]) == []
    assert check_minimums(metrics, ["xx:meeting_f1=0.9"]) == ["xx:meeting_f1: no such metric"]
