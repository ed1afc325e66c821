"""Who sits on which side of a meeting: the sentence shapes that report one, read from mentions.

Why separate from engine.py: this is the part that encodes how news sentences are built
("X met with Y", "بحث X مع Y", "X در دیدار با Y", "During his meeting with Y, X said",
"X و Y با هم دیدار کردند"); the engine only walks triggers and assembles records.
"""
from __future__ import annotations

import re
from typing import Any

from liqa.textnorm import name_key

from .mentions import Mention

# what may separate two people of one list: commas, "and", "و", "و"
_LIST_GAP = re.compile(r"^[\s,;:\-()\"]*(?:(?:and|و)\s*)?$")


def _extent(m: Mention) -> tuple[int, int]:
    """Characters a mention covers with its title chain ("وزير الخارجية المصري سامح شكري")."""
    if m.role_start < 0:
        return m.start, m.end
    return min(m.start, m.role_start), max(m.end, m.role_end)


def _groups(doc: Any, ms: list[Mention]) -> list[list[Mention]]:
    """Mentions in text order cut into lists: people joined only by commas / "and" stay together.

    Why: a side is usually one list ("with A, B and C"); a clause between two mentions
    ("in Tehran on Monday, Leader ...") separates the parties of the meeting.
    """
    out: list[list[Mention]] = []
    prev_end = -1
    for m in sorted(ms, key=lambda m: _extent(m)[0]):
        s, e = _extent(m)
        if out and (s <= prev_end or _LIST_GAP.match(doc.t[prev_end:s])):
            out[-1].append(m)
        else:
            out.append([m])
        prev_end = max(prev_end, e)
    return out


def sides_for(doc: Any, ts: int, te: int, mentions: list[Mention],
               prev_subject: Mention | None, back: bool = False) -> list[list[list[Mention]]]:
    """Sides of the meeting(s) a trigger at [ts, te) reports; several meetings for "each of".

    The counterpart is the list after the "with" marker (or after the verb); the subject is a
    list between verb and marker (Arabic "بحث X مع Y"), else before the trigger, else the list
    after the counterpart ("During his meeting with X, Y said"), else the previous subject.
    """
    ss, se = doc.sent_of(ts)
    inside = [m for m in mentions if ss <= m.start < se and m.attend_cue < 0
              and not (_extent(m)[0] <= ts < _extent(m)[1])]
    if doc.lex.symmetric and doc.lex.symmetric.find(doc.t, max(ss, ts - 25), min(se, te + 25)):
        people = _dedup([m for m in inside if m.end <= te + 25])
        return [_each_country(people)] if len(people) >= 2 else []
    markers = [(s, e) for s, e, _ in doc.lex.with_markers.find(doc.t, ss, se)]
    # Persian puts the counterpart right after "با" ("در دیدار با X"); a later "با" is another clause
    reach = 3 if doc.lang == "fa" else 80
    after = [(s, e) for s, e in markers if ts <= s <= te + reach]
    if after and not any(m.start >= min(after)[1] for m in inside):
        after = []  # "در این دیدار با اظهار خرسندی": a "with" that names nobody marks no counterpart
    before = [(s, e) for s, e in markers if ss <= s < ts and doc.lang == "fa"]
    # "صرح المتحدث X بأن اللقاءات شملت اجتماعا مع Y", "X said that ...": X reports, he is no party
    comp = [e for _, e, _ in doc.lex.reporting.find(doc.t, ss, ts)] if doc.lex.reporting else []
    lo = max(comp) if comp else ss
    pre = _groups(doc, [m for m in inside if _extent(m)[1] <= ts and m.start >= lo])
    a: list[Mention] = []
    b: list[Mention] = []
    split = None
    if after:
        split = min(after)[1]
        mid = _groups(doc, [m for m in inside if te <= m.start and _extent(m)[1] <= split])
        post = _groups(doc, [m for m in inside if m.start >= split])
        if post:
            b = post[0]
            a = mid[-1] if mid else pre[-1] if pre else post[1] if len(post) > 1 else []
    elif before:
        split = max(before)[1]
        pre = _groups(doc, [m for m in inside if _extent(m)[1] <= max(before)[0]])
        post = _groups(doc, [m for m in inside if m.start >= split and m.start < ts])
        # "با X در نشست": X follows "با" at once; "با رسمیت بخشیدن به پیروزی «جو بایدن»" is no counterpart
        if post:
            gs = _extent(post[0][0])[0]
            if not re.fullmatch(r'[\s«»"()\-]*', _strip_honorifics(doc, split, gs)) \
                    and not doc.lex.leader_cues.find(doc.t, split, gs):
                post = []  # ("با هیئتی ... به ریاست X" is a delegation led by X: kept)
        if post:
            b = post[0]
            a = pre[-1] if pre else []
    else:
        post = _groups(doc, [m for m in inside if m.start >= te])
        if pre and post:
            a, b = pre[-1], post[0]
        elif post:
            a, b = post[0], post[1] if len(post) > 1 else []
        elif len(pre) >= 2:
            a, b = pre[-2], pre[-1]
        elif pre and len(pre[0]) >= 2 and len({m.country for m in pre[0]}) >= 2:
            return [_each_country(_dedup(pre[0]))]
        elif back and pre and prev_subject is not None:
            a, b = [prev_subject], pre[-1]  # "X نیز در این دیدار": X met the earlier subject
    if not a and b and prev_subject is None and _pronoun_subject(doc, ss, ts):
        # "He held talks with ...": the pronoun stands for the person last named before
        keys = {m.key for m in b}
        a = next(([m] for m in reversed(mentions) if m.end <= ss and m.tokens and m.key not in keys), [])
    if not a and prev_subject is not None and b:
        a = [prev_subject]
    elif not a and len(b) >= 2 and split is not None and doc.lang == "en":
        a, b = b[-1:], b[:-1]  # "During his meeting with X, Y said": Y closes the list, not joins it
    a = _dedup(a)
    b = [m for m in _dedup(b) if m.key not in {x.key for x in a}]
    if not b:
        return []
    # "مع كل من X و Y", "met separately with": one meeting per counterpart
    lo = max(ss, ts - 30)
    if doc.lex.separately.find(doc.t, lo, min(se, (split or te) + 25)) and len(b) > 1:
        return [[a, [m]] for m in b]
    return [[a] + _by_country(b)]


def _strip_honorifics(doc: Any, a: int, b: int) -> str:
    """The text between a and b without its honorifics: "با آیت الله X" puts X right after "با"
    (honorifics open a name but are no part of the mention's span)."""
    gap = doc.t[a:b]
    for s, e, _ in doc.lex.honorifics.find(doc.t, a, b):
        gap = gap[:s - a] + " " * (e - s) + gap[e - a:]
    return gap


def _pronoun_subject(doc: Any, ss: int, ts: int) -> bool:
    """Whether the clause before the trigger is only a personal pronoun ("He", "وی", "او")."""
    words = doc.t[ss:ts].split()
    return len(words) == 1 and words[0] in set(doc.lex.raw.get("pronouns") or [])


def subject_before(doc: Any, toks: list, ts: int, mentions: list[Mention]) -> Mention | None:
    """The bare name that opens the sentence of a back-referring trigger.

    Persian reports give the guest's reply as "X نیز در این دیدار ... گفت" with X often in no
    gazetteer and without a title; the words from the sentence start up to "نیز" are X.
    """
    ss, _ = doc.sent_of(ts)
    ss = max(ss, doc.t.rfind(":", ss, ts) + 1, doc.t.rfind(",", ss, ts) + 1)
    words = [k for k in toks if ss <= k.start and k.end <= ts]
    while words and (words[-1].text in doc.lex.also_words):
        words.pop()
    if not words or len(words) > 3 or any(k.label != "word" for k in words):
        return None
    if any(m.start < words[-1].end and m.end > words[0].start for m in mentions):
        return None
    s, e = words[0].start, words[-1].end
    return Mention(s, e, name_key(doc.t[s:e]), s, e, tokens=len(words))


def _each_country(people: list[Mention]) -> list[list[Mention]]:
    """One side per country; people of unknown country each form their own side."""
    sides: dict[str, list[Mention]] = {}
    out: list[list[Mention]] = []
    for m in people:
        if m.country:
            if m.country not in sides:
                sides[m.country] = []
                out.append(sides[m.country])
            sides[m.country].append(m)
        else:
            out.append([m])
    return out


def _dedup(ms: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in ms:
        if m.key not in seen or (seen[m.key].role is None and m.role):
            seen[m.key] = m
    return list(seen.values())


def _by_country(ms: list[Mention]) -> list[list[Mention]]:
    countries = {m.country for m in ms if m.country}
    if len(countries) <= 1:
        return [ms]
    groups: dict[str | None, list[Mention]] = {}
    for m in ms:
        groups.setdefault(m.country, []).append(m)
    if None in groups:  # people of unknown country stay with the first group
        rest = groups.pop(None)
        next(iter(groups.values())).extend(rest)
    return list(groups.values())
