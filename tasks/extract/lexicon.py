"""Per-language lexicons (YAML under ``lexicons/``) compiled once into phrase matchers.

Why regexes over the folded text: every lexicon category is a set of fixed phrases; because
phrases are folded with the same ``fold`` as the article, spelling variants of hamza, yeh, kaf
and case need no extra rows. Arabic allows one glued clitic (و ب ل ف) before a phrase.

Speed (issue 7, ~0.5 ms per article for all of extract): each category is one trie-shaped regex
(longest phrase first, as a flat alternation would match), tried only at the word starts whose
word can open one of its phrases (``WordIndex``), and ``may_occur`` rules an article out with one
Aho-Corasick pass before any regex runs. ``tests/test_extract_speed.py`` checks all three against
the plain alternation on real articles.
"""
from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field
from itertools import accumulate, compress
from pathlib import Path
from typing import Any

import ahocorasick

from liqa.textnorm import fold
from liqa.yamlio import load_yaml

LEX_DIR = Path(__file__).parent / "lexicons"
LANGS = ("ar", "fa", "en")


_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")


class WordIndex:
    """Where each ``\\w+`` run of one text starts and ends, and its words.

    Why: a phrase match starts where a run starts (``(?<!\\w)``), and that run is the phrase's
    first word (or a clitic + it); listing the runs once per article lets every full-text
    lexicon scan try the regex at a handful of positions instead of at each character.
    """

    __slots__ = ("starts", "ends", "words", "_hot", "_hot_for")

    def __init__(self, text: str) -> None:
        parts = _WORD_SPLIT.split(text)  # separator, word, separator, ..., separator
        cum = list(accumulate(map(len, parts), initial=0))
        self.starts = cum[1:-1:2]
        self.ends = cum[2::2]
        self.words = parts[1::2]
        self._hot: tuple[list[int], list[str]] = ([], [])
        self._hot_for: frozenset[str] | None = None

    def _hot_runs(self) -> tuple[list[int], list[str]]:
        """Starts and words of the runs that open a phrase of any lexicon (~15% of words),
        listed once per article by one C-level pass."""
        if self._hot_for is not _ALL_HEADS:
            keep = list(map(_ALL_HEADS.__contains__, self.words))
            self._hot = (list(compress(self.starts, keep)), list(compress(self.words, keep)))
            self._hot_for = _ALL_HEADS
        return self._hot

    def candidates(self, heads: frozenset[str], start: int, end: int) -> list[int]:
        """Run starts in [start, end) whose word is in ``heads``, plus a run cut by ``end``
        (the regex sees it shortened there, so its word is not known here)."""
        hot_starts, hot_words = self._hot_runs()
        lo = bisect.bisect_left(hot_starts, start)
        hi = bisect.bisect_left(hot_starts, end)
        out = [hot_starts[i] for i in range(lo, hi) if hot_words[i] in heads]
        starts = self.starts
        last = bisect.bisect_left(starts, end) - 1
        if last >= 0 and starts[last] >= start and self.ends[last] > end and (not out or out[-1] != starts[last]):
            out.append(starts[last])
        return out


# every head of every compiled matcher (a new frozenset whenever a lexicon is compiled, so an
# index built before knows to list its hot runs again)
_ALL_HEADS: frozenset[str] = frozenset()


_LOCAL = threading.local()  # per thread: the last text indexed and its index


def word_index(text: str) -> WordIndex:
    """The index of ``text``, kept for the last two texts asked about in this thread.

    Extraction handles one article at a time, and every scan of it asks about the same string
    object; two slots because a scan of a short snippet in between (a gap between a trigger and
    a name) would otherwise evict the article's index and make the next scan rebuild it."""
    cached = getattr(_LOCAL, "index", None)
    if cached is not None:
        if cached[0] is text:
            return cached[1]
        other = _LOCAL.other
        if other is not None and other[0] is text:
            _LOCAL.index, _LOCAL.other = other, cached
            return other[1]
    idx = WordIndex(text)
    _LOCAL.index, _LOCAL.other = (text, idx), cached
    return idx


@dataclass
class PhraseMatcher:
    """Finds lexicon phrases in folded text; each match carries the phrase's value.

    For every phrase, ``heads`` holds the word run a match starts with (its first word, and in
    Arabic that word with a glued clitic) and ``anchors`` one whole word of it (its longest; with
    the clitic forms when that is the first word). Both are None when some phrase does not start
    with a word character. Every match has its anchor as a whole ``\\w+`` run of the text (the
    phrase's words are delimited by spaces, its ends by the regex's word boundaries), so a text
    with no anchor run has no match (``may_occur``), and a match can only start at a head run
    (``find``).
    """

    pattern: re.Pattern[str] | None
    values: dict[str, Any]
    anchors: frozenset[str] | None = None
    heads: frozenset[str] | None = None   # the word a match opens with (first word, or clitic + it)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Any]]:
        """``pattern.finditer(text, start, end)`` as (start, end, value) of the phrase group.

        When every phrase starts with a word, the regex is tried only where a ``\\w+`` run that
        can open a match begins (``heads``; see ``WordIndex``), not at every character: the same
        leftmost non-overlapping matches, since no other position can start one.
        """
        if self.pattern is None:
            return []
        end = len(text) if end is None else end
        out = []
        if self.heads is None:
            for m in self.pattern.finditer(text, start, end):
                out.append((m.start(1), m.end(1), self.values[" ".join(m.group(1).split())]))
            return out
        match = self.pattern.match
        pos = start
        for p in word_index(text).candidates(self.heads, start, end):
            if p < pos:
                continue
            m = match(text, p, end)
            if m is not None:
                out.append((m.start(1), m.end(1), self.values[" ".join(m.group(1).split())]))
                pos = m.end()
        return out

    def may_occur(self, text: str, start: int = 0) -> bool:
        """False only when no phrase can match from ``start`` on: no anchor is a whole ``\\w+`` run
        of ``text`` starting there. One automaton pass (C speed) over the text, checking the word
        boundaries of the few occurrences, costs a fraction of listing the text's words."""
        if self.pattern is None:
            return False
        if self.anchors is None:
            return True
        anchors = self.anchors
        n = len(text)
        for q, a in self._bases.iter(text, start):
            q += 1
            p = q - len(a)
            if q == n or not _is_word(text[q]):
                if p == 0 or not _is_word(text[p - 1]):
                    return True
                if p > start and text[p - 1] + a in anchors and (p == 1 or not _is_word(text[p - 2])):
                    return True  # a clitic glued to the anchor: "وبحث"
        return False

    @functools.cached_property
    def _bases(self) -> Any:
        """The anchors less their clitic forms (finding "بحث" finds "وبحث" too), as one
        Aho-Corasick automaton: a single C pass reports every occurrence, inside words too."""
        assert self.anchors is not None
        auto = ahocorasick.Automaton()
        for a in self.anchors:
            if not (len(a) > 1 and a[0] in "وبلف" and a[1:] in self.anchors):
                auto.add_word(a, a)
        auto.make_automaton()
        return auto


def _is_word(c: str) -> bool:
    """Whether ``c`` is a regex ``\\w`` character (``str.isalnum`` or "_", as in CPython's re)."""
    return c.isalnum() or c == "_"


def _trie_regex(keys: list[str]) -> str:
    """One regex for a set of phrases, shaped as their character trie.

    Why: Python's regex engine tries the branches of a flat alternation one after another at
    every word start; a trie shares prefixes, so each position costs a few character tests.
    Matches equal those of the longest-first alternation it replaces: at one position the
    phrases that fit the text form a chain of prefixes, and the greedy optional tails try the
    longer one first, backing off to the shorter when ``(?!\\w)`` fails after it.
    """
    trie: dict[str, Any] = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


def _matcher(phrases: dict[str, Any], clitic: bool) -> PhraseMatcher:
    values: dict[str, Any] = {}
    for phrase, value in phrases.items():
        key = " ".join(fold(str(phrase)).split())
        if key:
            values.setdefault(key, value)
    if not values:
        return PhraseMatcher(None, {})
    prefix = r"(?<!\w)(?:[وبلف](?=\w))?" if clitic else r"(?<![\w'])"
    anchors: set[str] | None = set()
    heads: set[str] | None = set()
    for k in values:
        words = _WORD.findall(k)
        if not words or not _WORD.match(k) or anchors is None or heads is None:
            anchors = heads = None
            continue
        heads.add(words[0])
        if clitic:
            heads.update(c + words[0] for c in "وبلف")
        # the longest word is the rarest in practice; the first one may carry a glued clitic
        i = max(range(len(words)), key=lambda j: (len(words[j]), j))
        anchors.add(words[i])
        if i == 0 and clitic:
            anchors.update(c + words[0] for c in "وبلف")
    if heads:
        global _ALL_HEADS
        _ALL_HEADS = _ALL_HEADS | heads
    return PhraseMatcher(re.compile(prefix + "(" + _trie_regex(list(values)) + r")(?!\w)"), values,
                         None if anchors is None else frozenset(anchors),
                         None if heads is None else frozenset(heads))


@dataclass
class Lexicon:
    lang: str
    raw: dict[str, Any]
    triggers: PhraseMatcher
    with_markers: PhraseMatcher
    blockers: PhraseMatcher
    titles: PhraseMatcher
    honorifics: PhraseMatcher
    attendance: PhraseMatcher
    attendance_before: PhraseMatcher   # cues after the names they list ("X also attended", "X حضور داشتند")
    delegation: PhraseMatcher
    leader_cues: PhraseMatcher
    separately: PhraseMatcher
    relative_days: PhraseMatcher
    weekdays: PhraseMatcher
    months: PhraseMatcher
    hijri_months: PhraseMatcher
    jalali_months: PhraseMatcher
    topics: PhraseMatcher
    agencies: PhraseMatcher
    anaphoric: PhraseMatcher | None = None   # "خلال الاستقبال", "در این دیدار": the meeting already reported
    symmetric: PhraseMatcher | None = None
    as_role: PhraseMatcher | None = None     # "به عنوان", "بصفته", "as": the chain after it describes the name before
    reporting: PhraseMatcher | None = None   # "بأن", "that", "که": a speaker before it is no party   # "با هم", "each other": all people named meet one another
    name_stops: set[str] = field(default_factory=set)
    given_names: set[str] = field(default_factory=set)
    also_words: set[str] = field(default_factory=set)
    name_links: set[str] = field(default_factory=set)
    common_words: set[str] = field(default_factory=set)  # common_<lang>.yaml: end / never open a name
    role_preps: dict[str, str] = field(default_factory=dict)    # "لدى" → "to": "ambassador to lebanon"
    role_targets: dict[str, str] = field(default_factory=dict)  # "المملكة" after "لدى" → "saudi arabia"
    role_of_country: set[str] = field(default_factory=set)      # roles that take their country: "ambassador of egypt"
    max_name: int = 4
    max_name_chain: int = 8
    _word_labels: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def word_labels(self) -> dict[str, str]:
        """Label of a bare word by its text alone: "link" (name_links), "stop" (name_stops, and in
        Arabic a stop word with a glued clitic, 3+ letters); a word not listed is a "word".

        Built once so that tokenising labels all words with one C-level ``map`` over this dict.
        """
        if self._word_labels is None:
            labels = {w: "link" for w in self.name_links}
            for w in self.name_stops:
                labels.setdefault(w, "stop")
            if self.lang == "ar":
                for w in self.name_stops:
                    for c in "وبلف":
                        if len(c + w) >= 3:
                            labels.setdefault(c + w, "stop")
            for w in self.common_words:  # frequent non-name words (tools/build_common_words.py)
                if w not in self.given_names:
                    labels.setdefault(w, "common")
            self._word_labels = labels
        return self._word_labels


def _merge(base: dict[str, Any], lang: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in lang.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = {**out[k], **v}
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + v
        else:
            out[k] = v
    return out


def _read(name: str) -> dict[str, Any]:
    path = LEX_DIR / f"{name}.yaml"
    return load_yaml(path.read_text(encoding="utf-8")) or {}


def compile_lexicon(lang: str, raw: dict[str, Any]) -> Lexicon:
    """Compile one merged lexicon dict (tests may pass a hand-made one)."""
    clitic = lang == "ar"

    def flag(key: str) -> PhraseMatcher:
        return _matcher({p: True for p in raw.get(key) or []}, clitic)

    topics: dict[str, str] = {}
    labels = set(raw.get("topic_labels") or [])
    for label, words in (raw.get("topics") or {}).items():
        if labels and label not in labels:
            raise ValueError(f"{lang}.yaml: topic {label!r} is not a SCHEMA label")
        for w in words or []:
            topics.setdefault(w, label)
    blockers = {p: kind for kind, ps in (raw.get("blockers") or {}).items() for p in ps or []}
    months = dict(raw.get("months") or {})
    return Lexicon(
        lang=lang,
        raw=raw,
        triggers=flag("triggers"),
        with_markers=flag("with_markers"),
        blockers=_matcher(blockers, clitic),
        titles=_matcher(raw.get("titles") or {}, clitic),
        honorifics=flag("honorifics"),
        attendance=flag("attendance"),
        attendance_before=flag("attendance_before"),
        delegation=flag("delegation"),
        leader_cues=flag("leader_cues"),
        separately=flag("separately"),
        relative_days=_matcher(raw.get("relative_days") or {}, clitic),
        weekdays=_matcher(raw.get("weekdays") or {}, clitic),
        months=_matcher(months, clitic),
        hijri_months=_matcher(raw.get("hijri_months") or {}, clitic),
        jalali_months=_matcher(raw.get("jalali_months") or {}, clitic),
        topics=_matcher(topics, clitic),
        agencies=flag("dateline_agencies"),
        anaphoric=flag("anaphoric"),
        symmetric=flag("symmetric"),
        reporting=flag("reporting"),
        as_role=flag("as_role"),
        name_stops={fold(w) for w in raw.get("name_stops") or []},
        also_words={fold(w) for w in raw.get("also_words") or []},
        given_names={" ".join(fold(str(w)).split()) for w in raw.get("given_names") or []},
        name_links={fold(w) for w in raw.get("name_links") or []},
        common_words={fold(str(w)) for w in raw.get("common_words") or []},
        role_preps={" ".join(fold(k).split()): v for k, v in (raw.get("role_prepositions") or {}).items()},
        role_targets={" ".join(fold(k).split()): v for k, v in (raw.get("role_targets") or {}).items()},
        role_of_country=set(raw.get("roles_of_country") or []),
        max_name=int(raw.get("max_name_tokens", 4)),
        max_name_chain=int(raw.get("max_name_tokens_chain", 8)),
    )


@functools.lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of ``lang`` (base.yaml merged with <lang>.yaml), cached."""
    if lang not in LANGS:
        raise ValueError(f"no lexicon for language {lang!r}")
    raw = _merge(_read("base"), _read(lang))
    if (LEX_DIR / f"common_{lang}.yaml").exists():  # generated data, kept apart from the hand-made lexicon
        raw = _merge(raw, _read(f"common_{lang}"))
    return compile_lexicon(lang, raw)
