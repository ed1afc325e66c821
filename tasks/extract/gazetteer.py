"""People, countries, places and organisations as reviewable YAML, compiled once into one matcher.

Why one Aho-Corasick automaton over folded aliases: the extractor asks the same question of
every article ("which known names occur where?") and a single pass over the folded text answers
it for all entity kinds at once, in C, independent of the gazetteer's size. Aliases are folded
with ``liqa.textnorm.fold`` so that Arabic/Persian letter variants and Latin case match the way
the scorer compares names.

Files (``tasks/extract/gazetteer/``): ``people.yaml`` (this module's owner), ``countries.yaml``,
``places.yaml``, ``organisations.yaml`` (written by the geo helper; missing files load as empty).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import ahocorasick

from liqa.textnorm import fold
from liqa.yamlio import load_yaml

GAZ_DIR = Path(__file__).parent / "gazetteer"
_START_KIND = itemgetter(0, 2)  # hits in text order, kinds of one span alphabetically


def _longest_first(c: tuple[int, int, str, str]) -> tuple[int, int]:
    return c[0] - c[1], c[0]


# one-letter Arabic/Persian clitics that may be glued to a name: و (and) ب (with/in) ل (to) ف (so)
CLITICS = "وبلف"


class Hit(NamedTuple):
    """One alias occurrence in the folded text (``start``/``end`` exclude a glued clitic).

    A named tuple, not a dataclass: an article with a trigger has ~20 hits, and a tuple is made
    by C code (``tuple.__new__`` over the candidate rows) at a fraction of a frozen dataclass's
    ``__init__``; hits are read-only once found."""

    start: int
    end: int
    kind: str      # person | country | nisba | place | org
    id: str


@dataclass
class Gazetteer:
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    ambiguous: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # folded aliases the geo files flag ``ambiguous`` (they also name something else:
    # عمان Oman/Amman, مالي "financial", Chad): usable only with context (see ``contextual``)
    needs_context: set[str] = field(default_factory=set)
    # folded "surname" (an alias less its first word) → the one person it belongs to; read only
    # after an honorific ("آیت الله خامنه ای"), where a bare surname surely names someone
    surnames: dict[str, str] = field(default_factory=dict)
    # the (kind, id) each ``needs_context`` alias names (one each): a hit naming another entry
    # cannot be such an alias, so ``contextual`` slices the text only for these (speed)
    context_entries: set[tuple[str, str]] | None = None
    _auto: Any = None

    def find(self, folded: str) -> list[Hit]:
        """Longest non-overlapping alias hits on word boundaries (a glued clitic is allowed)."""
        if self._auto is None:
            return []
        cands: list[tuple[int, int, str, str]] = []   # Hit fields; a Hit is made only when taken
        add = cands.append
        n = len(folded)
        for end_idx, (alias_len, entries) in self._auto.iter(folded):
            end = end_idx + 1
            if end < n:
                c = folded[end]
                if c.isalnum() or c == "_":
                    continue
            start = end - alias_len
            if start > 0 and folded[start - 1].isalnum():
                glued = folded[start - 1] in CLITICS and (start == 1 or not folded[start - 2].isalnum())
                if not glued:
                    continue
            for kind, eid in entries:
                add((start, end, kind, eid))
        if not cands:
            return []
        # longest first, then leftmost: (start - end, start) as the sort key
        cands.sort(key=_longest_first)
        rows: list[tuple[int, int, str, str]] = []
        spans: set[tuple[int, int]] = set()
        used = bytearray(n + 1)
        for cand in cands:
            start, end = cand[0], cand[1]
            # a span that overlaps a longer hit is dropped, unless it is that very span (an alias
            # naming two entities)
            if used.find(1, start, end) >= 0 and (start, end) not in spans:
                continue
            used[start:end] = b"\x01" * (end - start)
            spans.add((start, end))
            rows.append(cand)
        rows.sort(key=_START_KIND)
        return list(map(tuple.__new__, repeat(Hit), rows))

    def contextual(self, folded: str, hits: list[Hit], cue: Any) -> list[Hit]:
        """``hits`` without ambiguous aliases that lack support from context.

        Why: an alias such as "مالي" (Mali / "financial") or "Jordan" (a country / a given name)
        is taken only when a place preposition or title precedes it (``cue(folded, start)``
        true), or when the same alias occurs twice in the article.
        """
        if not self.needs_context:
            return hits
        entries = self.context_entries
        # (a Hit's kind and id are its fields 2 and 3)
        risky = hits if entries is None else [h for h in hits if (h[2], h[3]) in entries]
        if not risky:
            return hits
        counts: dict[str, int] = {}
        for h in risky:
            a = folded[h.start:h.end]
            if a in self.needs_context:
                counts[a] = counts.get(a, 0) + 1
        if not counts:
            return hits
        out = []
        for h in hits:
            if entries is None or (h[2], h[3]) in entries:
                a = folded[h.start:h.end]
                if a in self.needs_context and counts[a] < 2 and not cue(folded, h.start):
                    continue
            out.append(h)
        return out

    def entity(self, kind: str, eid: str) -> dict[str, Any]:
        table = {"person": self.people, "country": self.countries, "nisba": self.countries,
                 "place": self.places, "org": self.orgs}[kind]
        return table[eid]


def _read(name: str) -> list[dict[str, Any]]:
    path = GAZ_DIR / name
    if not path.exists():
        return []
    data = load_yaml(path.read_text(encoding="utf-8")) or []
    return [d for d in data if isinstance(d, dict) and d.get("id", d.get("code"))]


def _aliases(entry: dict[str, Any], key: str = "names") -> Iterator[str]:
    block = entry.get(key) or {}
    if isinstance(block, dict):
        for names in block.values():
            yield from names or []
    elif isinstance(block, list):
        yield from block


def build(people: list[dict], countries: list[dict], places: list[dict], orgs: list[dict]) -> Gazetteer:
    """Compile entity lists into a Gazetteer (separate from loading so tests can pass small lists)."""
    gaz = Gazetteer(
        people={p["id"]: p for p in people},
        countries={c["code"]: c for c in countries},
        places={p["id"]: p for p in places},
        orgs={o["id"]: o for o in orgs},
    )
    index: dict[str, set[tuple[str, str]]] = {}

    def add(alias: str, kind: str, eid: str) -> None:
        key = " ".join(fold(alias).split())
        if len(key) >= 2:
            index.setdefault(key, set()).add((kind, eid))

    for p in people:
        for a in _aliases(p):
            add(a, "person", p["id"])
    owners: dict[str, set[str]] = {}
    for p in people:
        for a in _aliases(p):
            words = fold(a).split()
            if len(words) >= 2:
                owners.setdefault(" ".join(words[1:]), set()).add(p["id"])
    gaz.surnames = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1 and len(k) >= 4}
    for c in countries:
        for a in _aliases(c):
            add(a, "country", c["code"])
        for a in _aliases(c, "adjectives"):
            add(a, "nisba", c["code"])
    flagged = {" ".join(fold(a).split()) for e in [*countries, *places, *orgs] for a in _aliases(e, "ambiguous")}
    for pl in places:
        for a in _aliases(pl):
            add(a, "place", pl["id"])
        for a in _aliases(pl, "descriptors"):
            add(a, "place", pl["id"])
    for o in orgs:
        for a in _aliases(o):
            add(a, "org", o["id"])
    # an alias shared by two entries (الكويت the country and its capital) stays geographic either
    # way; one that names a single entry and also a common word or given name needs context
    gaz.needs_context = {k for k in flagged if len(index.get(k, ())) == 1}
    gaz.context_entries = {e for k in gaz.needs_context for e in index[k]}
    auto = ahocorasick.Automaton()
    for key, entries in index.items():
        kinds = {k for k, _ in entries}
        if len({e for k, e in entries if k == "person"}) > 1:
            gaz.ambiguous[key] = entries
        auto.add_word(key, (len(key), sorted(entries) if len(kinds) > 1 else sorted(entries)[:1]))
    if len(index):
        auto.make_automaton()
        gaz._auto = auto
    return gaz


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the YAML files, compiled once per process."""
    return build(_read("people.yaml"), _read("countries.yaml"), _read("places.yaml"),
                 _read("organisations.yaml"))


def role_at(person: dict[str, Any], day: Any) -> str | None:
    """The person's gazetteer role on ``day`` (a date or None = the latest), for display only."""
    best = None
    for r in person.get("roles") or []:
        start, end = r.get("start"), r.get("end")
        if day is None or ((start is None or str(start) <= str(day)) and (end is None or str(day) <= str(end))):
            best = r.get("role")
    return best
