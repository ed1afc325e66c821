"""Per-language lexicons (YAML under ``lexicons/``) compiled once into phrase matchers.

Why regex alternations over the folded text: every lexicon category is a set of fixed phrases;
one alternation per category (longest phrase first) finds them all in one C-level scan, and
because phrases are folded with the same ``fold`` as the article, spelling variants of hamza,
yeh, kaf and case need no extra rows. Arabic allows one glued clitic (و ب ل ف) before a phrase.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liqa.textnorm import fold

LEX_DIR = Path(__file__).parent / "lexicons"
LANGS = ("ar", "fa", "en")


@dataclass
class PhraseMatcher:
    """Finds lexicon phrases in folded text; each match carries the phrase's value."""

    pattern: re.Pattern[str] | None
    values: dict[str, Any]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Any]]:
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(text, start, len(text) if end is None else end):
            out.append((m.start(1), m.end(1), self.values[" ".join(m.group(1).split())]))
        return out


def _matcher(phrases: dict[str, Any], clitic: bool) -> PhraseMatcher:
    values: dict[str, Any] = {}
    for phrase, value in phrases.items():
        key = " ".join(fold(str(phrase)).split())
        if key:
            values.setdefault(key, value)
    if not values:
        return PhraseMatcher(None, {})
    alts = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(values, key=len, reverse=True))
    prefix = r"(?<!\w)(?:[وبلف](?=\w))?" if clitic else r"(?<![\w'])"
    return PhraseMatcher(re.compile(prefix + "(" + alts + r")(?!\w)"), values)


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
    role_preps: dict[str, str] = field(default_factory=dict)    # "لدى" → "to": "ambassador to lebanon"
    role_targets: dict[str, str] = field(default_factory=dict)  # "المملكة" after "لدى" → "saudi arabia"
    role_of_country: set[str] = field(default_factory=set)      # roles that take their country: "ambassador of egypt"
    max_name: int = 4
    max_name_chain: int = 8


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
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


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
    return compile_lexicon(lang, _merge(_read("base"), _read(lang)))
