"""The extractor's fast paths give exactly what the plain computations give, on real articles.

Each speed device (numpy fold, trie regexes tried only at candidate word starts, the anchor
pre-check, tokens from the word index) is compared with the straightforward computation it
replaces: ``liqa.textnorm.normalize``, a longest-first alternation scanned with ``finditer``,
the set of the text's ``\\w+`` runs, and ``tokens.TOKEN.finditer``.
"""
from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

import pytest

from liqa import textnorm
from tasks.extract.gazetteer import load_gazetteer
from tasks.extract.lexicon import LANGS, PhraseMatcher, load_lexicon
from tasks.extract.tokens import TOKEN, tokenize

SHARED = Path("/work/shared")
SAUDI = SHARED / "corpora" / "saudinewsnet" / "articles.jsonl.gz"


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for d in (SHARED / "eval" / "dev" / "texts", SHARED / "seeds")
           for p in sorted(d.glob("*.txt"))]
    with gzip.open(SAUDI, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 80:
                break
            out.append(json.loads(line).get("content") or "")
    return out


pytestmark = pytest.mark.skipif(not SAUDI.exists(), reason="shared corpora not present")

EDGE = ["", "ً", "ﻻ إله", "Straße Æsir", "emoji 😀 بعد", "x\u200d\u200ey", "lone \ud800 surrogate",
        "ـــ تطويل", "\u202bبيروت\u202c", "İstanbul ǅ ﷺ"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_fast_normalize_equals_textnorm(texts: list[str]) -> None:
    for t in texts + EDGE:
        fast, plain = textnorm.normalize(t), textnorm.normalize_general(t)
        assert fast == plain, t[:80]
        assert fast.to_original(0, len(fast.text)) == plain.to_original(0, len(plain.text))


def _reference(m: PhraseMatcher, clitic: bool) -> re.Pattern[str]:
    """The flat longest-first alternation the trie regex replaced."""
    alts = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(m.values, key=len, reverse=True))
    prefix = r"(?<!\w)(?:[وبلف](?=\w))?" if clitic else r"(?<![\w'])"
    return re.compile(prefix + "(" + alts + r")(?!\w)")


def _ref_find(p: re.Pattern[str], m: PhraseMatcher, t: str, s: int, e: int) -> list[tuple]:
    return [(x.start(1), x.end(1), m.values[" ".join(x.group(1).split())]) for x in p.finditer(t, s, e)]


@pytest.mark.parametrize("lang", LANGS)
def test_phrase_matchers_equal_plain_alternation(lang: str, texts: list[str]) -> None:
    lex = load_lexicon(lang)
    matchers = {k: v for k, v in vars(lex).items() if isinstance(v, PhraseMatcher) and v.pattern is not None}
    refs = {k: _reference(v, lang == "ar") for k, v in matchers.items()}
    rng = random.Random(7)
    folded = [textnorm.normalize(t).text for t in texts]
    found = 0
    for t in folded:
        # windows that cut words at both ends, as the engine's sentence / 120-char windows do
        windows = [(0, len(t))] + [tuple(sorted(rng.sample(range(len(t) + 1), 2))) for _ in range(3)] \
            if len(t) > 2 else [(0, len(t))]
        for name, m in matchers.items():
            for s, e in windows:
                got = m.find(t, s, e)
                assert got == _ref_find(refs[name], m, t, s, e), (name, s, e)
                found += len(got)
            # the anchor pre-check: exactly "some anchor is a whole word run of the text"
            if m.anchors is not None:
                runs = {r.group() for r in re.finditer(r"\w+", t) if r.start() >= len(t) // 3}
                assert m.may_occur(t, len(t) // 3) == (not m.anchors.isdisjoint(runs)), name
            if not m.may_occur(t):
                assert not _ref_find(refs[name], m, t, 0, len(t)), name
    assert found > 100  # the texts exercise the matchers


def test_tokens_equal_token_regex(texts: list[str]) -> None:
    gaz = load_gazetteer()
    for t in texts[:120] + EDGE + ["al-Sisi's x--y 'a -b c- d-e-f 1-2"]:
        nz = textnorm.normalize(t)
        f = nz.text
        toks = tokenize(f, t, load_lexicon("ar"), gaz, [], [], nz.to_original)
        assert [(k.start, k.end, k.text) for k in toks] == [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(f)]


def test_sentence_ends_equal_plain_regex(texts: list[str]) -> None:
    from tasks.extract.engine import _SENT_END

    plain = re.compile(r"[.!?\n]+(?=\s|$)|\n")
    for t in texts + EDGE + ["a.\nb", "x..\ny", "end!", "q?!\n\n", "\n", "a\nb", ". .", "x.y. z"]:
        f = textnorm.normalize(t).text
        assert [m.span() for m in _SENT_END.finditer(f)] == [m.span() for m in plain.finditer(f)]
