"""Person mentions: title chains + name runs, gazetteer names, attendance lists, short mentions.

Why title-anchored: most people in news are in no dictionary, but they are introduced the same
way in every language: a chain of titles, nisba adjectives, organisations and honorifics next to
a run of name words ("وزير الخارجية المصري سامح شكري", "لیندال ساکس سفیر استرالیا",
"Venezuelan President Nicolas Maduro"). A name run is taken after the chain, or before it when
nothing follows (Persian and Saudi apposition). Later surname-only mentions ("لاريجاني",
"Zarif") are resolved to the earlier full mention.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter

from liqa.textnorm import name_key

from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .tokens import TOKEN, Tok, tokenize  # noqa: F401  (re-exported: tokens were defined here)

_PREP_GLUED = re.compile(r"(?:بال|لل|وال|فال|كال|ب\w{3,})")
_NAME_LABELS = ("word", "link", "person")  # tokens a name run may hold
# the labels a mention can open at; find_mentions steps over runs of any other ("stop",
# "common", "place", …: ~80% of an article's tokens) in one jump
_OPENERS = frozenset(("title", "hon", "nisba", "country", "org", "person", "word"))
_LABEL = attrgetter("label")
# gaps allowed inside a chain / between a chain and its name
_CHAIN_GAP = re.compile(r'^[ \t()"\-]*$')   # never across a line break: a headline is no title
_APPOS_GAP = re.compile(r'^[ \t()",\-]*$')
# English apposition after a name: "Nicholas Hopton, the British ambassador", "X, a former minister"
_APPOS_GAP_EN = re.compile(r'^[ \t()",\-]*(?:(?:the|a|an)\s+)?(?:former\s+)?$')


@dataclass
class Mention:
    start: int                      # folded-text span of the name
    end: int
    key: str                        # identity: gazetteer id or name key of the full name
    native_start: int = -1          # span of the full name this mention refers to
    native_end: int = -1
    role: str | None = None
    role_start: int = -1
    role_end: int = -1
    country: str | None = None
    org_id: str | None = None
    person_id: str | None = None
    attend_cue: int = -1            # position of an attendance cue that listed this person
    role_ref: tuple[int, int] | None = None  # where the role was stated, when not next to this mention
    tokens: int = 1


@dataclass
class Analysis:
    toks: list[Tok]
    mentions: list[Mention] = field(default_factory=list)


def _gap(t: str, a: int, b: int) -> str:
    return t[a:b]


def find_mentions(t: str, toks: list[Tok], lex: Lexicon, gaz: Gazetteer, body_start: int = 0,
                  bare: list[Mention] | None = None) -> list[Mention]:
    """Person mentions from title chains, honorifics and gazetteer names (first pass).

    Titled runs before ``body_start`` (the headline) are skipped: headlines compress
    ("يبحث مع وزير الخارجية جهود ...") and their runs are rarely names. Title chains that name
    nobody ("رئیس مجمع تشخیص مصلحت نظام ... گفت", "The Swiss president said") are appended to
    ``bare`` (``tokens=0``, no key) so the engine can give their role to a participant.
    """
    out: list[Mention] = []
    i, n = 0, len(toks)
    while i < n and toks[i].end <= body_start and toks[i].label != "person":
        i += 1
    last: Mention | None = None
    ar = lex.lang == "ar"
    appos_gap = _APPOS_GAP_EN if lex.lang == "en" else _APPOS_GAP
    pending_run: tuple[int, int] | None = None   # a bare run of words right before position i
    opens = list(compress(range(n), map(_OPENERS.__contains__, map(_LABEL, toks))))
    while i < n:
        k = toks[i]
        if k.label in ("title", "hon", "nisba", "country", "org"):
            roles: list[tuple[str, int, int]] = []
            country = org = None
            honor = False
            j = i
            while j < n and toks[j].label in ("title", "hon", "nisba", "country", "org", "place", "stop"):
                if j > i and not _CHAIN_GAP.match(_gap(t, toks[j - 1].end, toks[j].start)):
                    break
                tk = toks[j]
                if tk.label == "stop":  # "سفير ... لدى لبنان", "Ambassador to Iraq": where the post is
                    k2 = _role_target(t, toks, j, lex, gaz) if roles else None
                    if k2 is None:
                        break
                    role, rs, _ = roles[-1]
                    roles[-1] = (f"{role} {lex.role_preps[tk.text]} {k2[1]}", rs, toks[k2[0] - 1].end)
                    j = k2[0]
                    continue
                if tk.label in ("country", "org") and roles and roles[-1][0] in lex.role_of_country \
                        and country is None and roles[-1][2] == toks[j - 1].end:
                    ent = gaz.countries.get(tk.value) if tk.label == "country" else gaz.orgs.get(tk.value)
                    if ent:  # "سفیر استرالیا": the ambassador of that country
                        role, rs, _ = roles[-1]
                        roles[-1] = (f"{role} of {ent['name'].lower()}", rs, tk.end)
                if tk.label == "title" and (not roles or roles[-1][1] != tk.value[1]):
                    roles.append(tk.value)
                elif tk.label == "hon":
                    honor = True
                elif tk.label in ("nisba", "country") and country is None:
                    country = tk.value
                elif tk.label == "org" and org is None:
                    org = tk.value
                    country = country or gaz.orgs[tk.value].get("country")
                j += 1
            if not roles and not honor:
                pending_run = None
                i = j
                continue
            # name after the chain
            run_end = _run(t, toks, j, lex, appos=bool(org) or lex.lang in ("ar", "en"), foreign=country is not None)
            target: Mention | None = None
            if pending_run is not None and not (pending_run[1] == i and _APPOS_GAP.match(
                    _gap(t, toks[i - 1].end, toks[i].start))):
                pending_run = None
            before_adj = pending_run is not None or (
                last is not None and last.role is None and last.end <= toks[i].start
                and bool(appos_gap.match(_gap(t, last.end, toks[i].start))))
            if run_end > j and before_adj and _appositive(toks[j], lex):
                run_end = j  # "X رئيس جمهورية مصر وتقديره": the chain describes X
            if run_end > j and _conjunction_start(toks[j], lex):
                run_end = j
            if run_end > j and lex.lang == "fa" and not _namelike(t, toks, j, run_end, lex) \
                    and toks[j - 1].label != "hon":  # "آیت الله خامنه ای": an honorific opens a name
                run_end = j  # "وزیر امور خارجه ونزوئلا ابراز امیدواری کرد": a verb phrase
            first = None
            if run_end > j and lex.lang == "ar":
                if pending_run is not None and pending_run[1] == i and pending_run[1] - pending_run[0] >= 2 \
                        and _given(toks[pending_run[0]].text, lex):
                    first = _make(t, toks, pending_run[0], pending_run[1], gaz)
                    out.append(first)
                elif last is not None and last.person_id and last.role is None and last.end <= toks[i].start \
                        and _APPOS_GAP.match(_gap(t, last.end, toks[i].start)):
                    first = last
            if first is not None:
                # "استقبل سامح شكري وزير الخارجية المصري فيسنا بوسيتش": a named person right before
                # the chain is described by it; the run after the chain is the next person
                if roles:
                    first.role = _join([r[0] for r in roles])
                    first.role_start, first.role_end = roles[0][1], roles[-1][2]
                first.country, first.org_id = first.country or country, first.org_id or org
                roles, country, org = [], None, None
            if run_end > j:
                target = _make(t, toks, j, run_end, gaz)
                if target.person_id is None and toks[j - 1].label == "hon":
                    pid = gaz.surnames.get(" ".join(t[target.start:target.end].split()))
                    if pid:  # "آیت الله خامنه ای": an honorific + the surname of a known person
                        target.person_id = target.key = pid
                        target.country = gaz.people[pid].get("country")
                out.append(target)
                next_i = run_end
            else:
                next_i = j
                ref: Mention | None = None
                if pending_run and pending_run[1] == i and _bare_name(toks, pending_run, lex):
                    target = _make(t, toks, pending_run[0], pending_run[1], gaz)
                    out.append(target)
                elif last is not None and last.end <= toks[i].start and appos_gap.match(_gap(t, last.end, toks[i].start)) and (last.role is None):
                    target = last
                elif roles and country:  # "وزير الخارجية الإيراني" alone: the minister named earlier
                    main = roles[0][0]
                    ref = next((m for m in reversed(out) if m.country == country and m.role and main in m.role), None)
                if ref is not None:
                    out.append(Mention(toks[i].start, toks[j - 1].end, ref.key, ref.native_start, ref.native_end,
                                       country=ref.country, org_id=ref.org_id, person_id=ref.person_id,
                                       tokens=ref.tokens))
                    roles = []
            if target is not None and roles:
                if target.role is None:
                    target.role = _join([r[0] for r in roles])
                    target.role_start, target.role_end = roles[0][1], roles[-1][2]
                target.country = target.country or country
                target.org_id = target.org_id or org
            elif target is not None:
                target.country = target.country or country
            if target is not None:
                last = target
            elif roles and bare is not None:
                bare.append(Mention(toks[i].start, toks[j - 1].end, "", role=_join([r[0] for r in roles]),
                                    role_start=roles[0][1], role_end=roles[-1][2], country=country,
                                    org_id=org, tokens=0))
            pending_run = None
            i = next_i
            continue
        if k.label == "person":
            j = i
            while j < n and toks[j].group == k.group:
                j += 1
            m = _make(t, toks, i, j, gaz)
            out.append(m)
            last = m
            pending_run = None
            i = j
            continue
        if k.label == "word":
            if ar and k.text.startswith("ال"):  # _run's first rule, without the call (speed)
                pending_run = None
                i += 1
                continue
            if (i + 1 == n or toks[i + 1].label not in _NAME_LABELS) and lex.max_name > 0:
                j = i + 1  # a lone word: what _run returns here, without the call (speed)
            else:
                j = _run(t, toks, i, lex, appos=False, free=True)
            pending_run = (i, j) if j > i else None
            if j - i >= 2 and _given(k.text, lex) and not _titled_next(t, toks, j):
                m = _make(t, toks, i, j, gaz)
                if k.text not in lex.given_names:  # "ونزار عوض الله": the clitic is no part of the name
                    m.start = m.native_start = m.start + 1
                    m.key = m.person_id or name_key(t[m.start:m.end])
                out.append(m)
                last = m
                pending_run = None
            i = max(j, i + 1)
            continue
        # a token no mention opens at: so are all up to the next opener (each would only
        # clear pending_run and step on)
        pending_run = None
        p = bisect.bisect_right(opens, i)
        i = opens[p] if p < len(opens) else n
    return out


def _role_target(t: str, toks: list[Tok], j: int, lex: Lexicon, gaz: Gazetteer) -> tuple[int, str] | None:
    """(index after, English name) of the post named after a role preposition at token j.

    "لدى لبنان" → "lebanon", "لدى جامعة الدول العربية" → "the arab league", "to Iraq" → "iraq";
    the country of the post is not the person's country, so it is kept out of ``country``.
    """
    if toks[j].text not in lex.role_preps or j + 1 >= len(toks):
        return None
    if toks[j + 1].text == "the" and j + 2 < len(toks):  # "President of the Islamic Supreme Council"
        j += 1
    nx = toks[j + 1]
    if nx.label in ("country", "org") or (nx.label == "place" and lex.lang != "fa"):
        k = j + 1
        while k < len(toks) and toks[k].group == nx.group:
            k += 1
        table = {"country": gaz.countries, "place": gaz.places, "org": gaz.orgs}[nx.label]
        return k, str(table[nx.value]["name"]).lower()
    if nx.text in lex.role_targets:
        return j + 2, lex.role_targets[nx.text]
    return None


def _bare_name(toks: list[Tok], run: tuple[int, int], lex: Lexicon) -> bool:
    """Whether a run of untitled words before a title chain can be the name it describes.

    Arabic: not a word glued to "و" ("وتمنياتهم لأمير قطر", "ولولي العهد"), and either two
    words or a given name / known person; one plain word is too often a noun.
    """
    if lex.lang != "ar":
        return True
    first = toks[run[0]]
    if _conjunction_start(first, lex) and not _given(first.text, lex):
        return False
    return run[1] - run[0] >= 2 or _given(first.text, lex) or any(k.label == "person" for k in toks[run[0]:run[1]])


def _given(word: str, lex: Lexicon) -> bool:
    """A common given name (with an Arabic "و"/"ل"/"ب" clitic allowed)."""
    if word in lex.given_names:
        return True
    return lex.lang == "ar" and len(word) > 3 and word[0] in "وبلف" and word[1:] in lex.given_names


def _titled_next(t: str, toks: list[Tok], j: int) -> bool:
    """Whether a title chain follows the run at once (then the chain branch takes the run)."""
    return j < len(toks) and toks[j].label in ("title", "hon") and bool(_APPOS_GAP.match(_gap(t, toks[j - 1].end, toks[j].start)))


def _namelike(t: str, toks: list[Tok], i: int, j: int, lex: Lexicon) -> bool:
    """Persian words after a title are a name only when they start with a given name, hold a
    known person, or are quoted ("نيكلا ساركوزي" in quotes): Persian titles follow names."""
    if _given(toks[i].text, lex) or any(k.label == "person" for k in toks[i:j]):
        return True
    return t[toks[i].start - 1:toks[i].start] == '"' or t[toks[i].start - 2:toks[i].start].strip() == '"'


def _appositive(tok: Tok, lex: Lexicon) -> bool:
    """Whether the words after a chain that follows a name continue the sentence, not a new name.

    Persian puts the title after the name ("لیندال ساکس سفیر استرالیا"), so a chain right after
    a name belongs to it; in Arabic only when the next word is a conjunction-glued non-name
    ("... رئيس جمهورية مصر العربية وتقديره").
    """
    if lex.lang == "fa":
        return True
    if lex.lang == "ar":
        return tok.text.startswith("و") and not _given(tok.text, lex) and tok.text not in lex.given_names
    return False


def _conjunction_start(tok: Tok, lex: Lexicon) -> bool:
    """An Arabic word glued to "و" (and) cannot open the name that follows a title
    ("... وزير الخارجية ورافق"), unless it is itself a given name ("وليد")."""
    return lex.lang == "ar" and tok.text.startswith("و") and len(tok.text) > 3 and tok.text not in lex.given_names


def _run(t: str, toks: list[Tok], i: int, lex: Lexicon, appos: bool, free: bool = False,
         foreign: bool = False) -> int:
    """End index of the run of name words starting at token i (i itself when none).

    ``free``: the run starts a phrase of its own (not right after a title chain), so any gap
    before it is fine.
    """
    n = len(toks)
    if free:
        pass
    elif i < n and appos and i > 0 and _APPOS_GAP.match(t[toks[i - 1].end:toks[i].start]):
        pass
    elif i < n and i > 0 and not _CHAIN_GAP.match(t[toks[i - 1].end:toks[i].start]):
        return i
    ar = lex.lang == "ar"
    given = lex.given_names
    j = i
    chain = False
    prev_end = -1
    while j < n:
        tk = toks[j]
        label = tk.label
        if label != "word" and label != "link" and label != "person":
            break
        if j > i:
            if prev_end > tk.start or t[prev_end:tk.start].strip():
                break  # overlapping tokens, or anything but spaces between two words
            if ar and tk.text[:1] == "و" and tk.text[1:] in given:
                break  # "خالد مشعل ونزار عوض الله": "و" + a given name starts the next person
            if j - i >= 2 and ar and not chain and _PREP_GLUED.match(tk.text) and tk.text not in given:
                break  # "فلاديمير بوتين بافتتاح القناة": a preposition-glued word ends the name
        if label == "link" or tk.text in lex.name_links:
            chain = True  # a gazetteer person hit labels its own "بن"/"آل" "person", not "link"
        if j - i >= (lex.max_name_chain if chain else lex.max_name):
            break
        prev_end = tk.end
        j += 1
    while j > i and (toks[j - 1].label == "link" or toks[j - 1].text in lex.name_links):
        j -= 1
    if ar and j > i and toks[i].label == "word" and toks[i].text.startswith("ال") \
            and not (foreign and j - i >= 2 and not toks[i + 1].text.startswith("ال")):
        # Arabic given names do not take the article ("المستمر", "الجانب" are not names); a
        # foreign one may after "title + country" ("رئيس وزراء اليونان اليكسس تسيبراس")
        return i
    return j


def _make(t: str, toks: list[Tok], i: int, j: int, gaz: Gazetteer) -> Mention:
    s, e = toks[i].start, toks[j - 1].end
    pid = next((k.value for k in toks[i:j] if k.label == "person"), None)
    country = gaz.people[pid].get("country") if pid else None
    key = pid or name_key(t[s:e])
    return Mention(s, e, key, s, e, country=country, person_id=pid, tokens=j - i)


def _join(roles: list[str]) -> str:
    roles = [r for k, r in enumerate(roles) if r not in roles[:k]]
    if len(roles) <= 1:
        return roles[0] if roles else ""
    return ", ".join(roles[:-1]) + " and " + roles[-1]
