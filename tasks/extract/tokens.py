"""Tokens of the folded article, labelled by lexicon and gazetteer matches.

Why a module of its own: tokenising is the one step that touches every word of an article with
a meeting trigger, so it is written for speed (lists built by C-level ``map``/``compress``, one
dict lookup per word) and kept apart from the mention rules that read its labels.
"""
from __future__ import annotations

import bisect
import operator
import re
from itertools import compress, repeat
from typing import NamedTuple

from .gazetteer import Gazetteer, Hit
from .lexicon import Lexicon, word_index

_DIGITS = re.compile(r"\d+")  # a digit run lies inside one token (digits are word characters)
# "al-Maliki", "el-Sisi", "bin-Salman": a lower-case particle glued to a capitalised name
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|at|az|bin|ibn|abu)[-'’]\w", re.I)
TOKEN = re.compile(r"\w+(?:['\-]\w+)*")
# where TOKEN joins two word runs into one token; the character class comes first so that the
# regex engine skips to candidates instead of testing a lookbehind at every position
_JOIN = re.compile(r"['\-](?<=\w['\-])(?=\w)")


class Tok(NamedTuple):
    """One token. A named tuple, not a dataclass: an article has hundreds of tokens and a tuple is
    built by C code (``tuple.__new__`` over zipped columns) at a fraction of the cost of calling
    a Python ``__init__`` per token. Tokens are read-only once made; labels are settled before."""

    start: int
    end: int
    text: str
    label: str = "word"             # word | stop | link | title | hon | nisba | country | org | person | place | trigger
    value: object = None
    group: int = -1                 # index of the lexicon/gazetteer match covering this token


def tokenize(t: str, original: str, lex: Lexicon, gaz: Gazetteer, hits: list[Hit],
             trig_spans: list[tuple[int, int]], to_orig) -> list[Tok]:
    """Tokens of the folded text labelled by lexicon and gazetteer matches.

    Tokens are the text's ``\\w+`` runs (from the article's word index, already built by the
    lexicon scans), joined where one "'" or "-" links two runs ("al-Sisi"): the ``TOKEN`` regex.
    Bare words get their label from the text alone through one dict (``Lexicon.word_labels``);
    only the few that need the original spelling are looked at one by one.
    """
    idx = word_index(t)
    starts, ends, texts = idx.starts, idx.ends, idx.words
    joins = [bisect.bisect_left(ends, m.start()) for m in _JOIN.finditer(t)]
    if joins:
        starts, ends, texts = _join_runs(t, starts, ends, joins)
    n = len(starts)
    labels = list(map(lex.word_labels().get, texts, repeat("word")))
    values: list[object] = [None] * n
    groups = [-1] * n
    # a word with a digit is no name ("2015", "G20"). Only a word that is not all letters can
    # hold one: ``str.isalpha`` over the words (C speed) picks those few, a regex confirms;
    # scanning the whole article for ``\d`` costs more than the rest of the labelling
    search = _DIGITS.search
    for i in compress(range(n), map(operator.not_, map(str.isalpha, texts))):
        if search(texts[i]) is not None and labels[i] != "link":
            labels[i] = "stop"

    # labels, values and groups are settled on these columns; the Tok tuples are made at the end
    def mark(s: int, e: int, label: str, value: object, gid: int) -> None:
        i = bisect.bisect_left(starts, s)
        if i > 0 and ends[i - 1] > s:  # clitic-glued match starts inside a token
            i -= 1
        while i < n and starts[i] < e:
            labels[i], values[i], groups[i] = label, value, gid
            i += 1

    gid = 0
    for s, e in trig_spans:
        gid += 1
        mark(s, e, "trigger", None, gid)
    for s, e, role in lex.titles.find(t):
        gid += 1
        mark(s, e, "title", (role, s, e), gid)
    for s, e, _ in lex.honorifics.find(t):
        gid += 1
        mark(s, e, "hon", None, gid)
    for h in hits:
        gid += 1
        mark(h.start, h.end, h.kind, h.id, gid)
    if lex.lang == "ar":
        given = lex.given_names
        for i in compress(range(n), map(given.__contains__, texts)):
            if labels[i] == "word" and texts[i].endswith("ي") and original[to_orig(starts[i], ends[i])[1] - 1] == "ى":
                labels[i] = "stop"  # "على" (on) folds to the name "علي"; names are spelt with yeh
    elif lex.lang == "en":
        for i in range(n):
            if labels[i] == "word":
                a, b = to_orig(starts[i], ends[i])
                if not original[a:a + 1].isupper() and not _PARTICLE_NAME.match(original[a:b]):
                    labels[i] = "stop"
    return list(map(tuple.__new__, repeat(Tok), zip(starts, ends, texts, labels, values, groups)))


def _join_runs(t: str, starts: list[int], ends: list[int], joins: list[int]) -> tuple[list[int], list[int], list[str]]:
    """Merge the word runs linked by one "'" or "-" (``joins``: run i links to run i + 1)."""
    linked = set(joins)
    s2: list[int] = []
    e2: list[int] = []
    for i, (s, e) in enumerate(zip(starts, ends)):
        if i - 1 in linked:
            e2[-1] = e
        else:
            s2.append(s)
            e2.append(e)
    return s2, e2, [t[s:e] for s, e in zip(s2, e2)]
