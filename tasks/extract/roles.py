"""Roles stated by a title chain that names nobody next to it.

Why: news often gives a participant's post apart from the name. Persian reports name the
subject once and then switch to the title alone ("هاشمی رفسنجانی در دیدار ... گفت" … "رئيس
مجمع تشخيص مصلحت نظام ... عنوان كرد"); the counterpart is given by title right after the
trigger and named later ("در ديدار مدير كل يونسكو" … "كوئيچيرو ماتسورا نيز در اين ديدار");
"X را به عنوان صدراعظم ... انتخاب کرد"; English "The Swiss president expressed ...". Such
chains are collected by ``find_mentions(bare=...)``; this module hands their role to a
participant who has none, by position (counterpart slot, "as" cue) or by the country the chain
carries. A role is never taken over one the article already states next to the name.
"""
from __future__ import annotations

import re
from typing import Any

from .mentions import Mention

# between a trigger and a title-only counterpart: nothing but a "with" word ("دیدار با", "met with")
_SLOT_GAP = 24
# a report lead-in before a sentence's subject: "به گزارش خبرگزاری فارس،", "خبرگزاري فارس:"
_LEAD_IN = re.compile(r"^[^,،:؛.]{0,80}[,،:]\s*$")


def _set_role(m: Mention, b: Mention, mentions: list[Mention]) -> None:
    """Give ``b``'s role (and country when unknown) to every mention of ``m``'s person."""
    for x in mentions + [m]:
        if x.key == m.key and not x.role:
            x.role, x.role_ref = b.role, (b.role_start, b.role_end)
            x.country = x.country or b.country


def _people(sides: list[list[Mention]]) -> list[tuple[int, Mention]]:
    return [(i, m) for i, side in enumerate(sides) for m in side if m.tokens]


def bare_roles(doc: Any, meetings: list, mentions: list[Mention], bare: list[Mention],
               triggers: list[tuple[int, int]]) -> None:
    """Fill missing roles of meeting participants from title chains that name nobody."""
    if not bare or not meetings:
        return
    t, lex = doc.t, doc.lex
    used: set[int] = set()
    # 1. "X را به عنوان TITLE": the chain describes the closest name before the cue
    if lex.as_role:
        for cs, ce, _ in lex.as_role.find(t):
            b = next((b for b in bare if ce <= b.start <= ce + 2), None)
            ss, _ = doc.sent_of(cs)
            prev = [m for m in mentions if m.tokens and ss <= m.start and m.end <= cs and cs - m.end <= 12]
            if b is not None and prev and not prev[-1].role:
                _set_role(prev[-1], b, mentions)
                used.add(id(b))
    # 2. counterpart slot: "در دیدار مدیر کل یونسکو ... کوئیچیرو ماتسورا نیز در این دیدار":
    # the chain right after a trigger is the post of the counterpart its subject met
    for ts, te in triggers:
        slot = next((b for b in bare if te <= b.start <= te + _SLOT_GAP and id(b) not in used), None)
        if slot is None or _named_between(t, te, slot.start, lex):
            continue
        ss, _ = doc.sent_of(ts)
        subj = {m.key for m in mentions if m.tokens and ss <= m.start < ts}
        for _, _, sides in meetings:
            people = _people(sides)
            if not subj & {m.key for _, m in people}:
                continue
            cands = [m for _, m in people if not m.role and m.key not in subj
                     and (slot.country is None or m.country in (None, slot.country))]
            if cands:
                _set_role(cands[0], slot, mentions)
                used.add(id(slot))
                break
    # 3. a sentence that opens with the title alone speaks of a participant again
    for b in bare:
        if id(b) in used or b.start < doc.title_end:
            continue
        bs, _ = doc.sent_of(b.start)
        lead = t[bs:b.start]
        if lead.strip() and not _LEAD_IN.match(lead):
            continue
        if any(m.tokens and bs <= m.start < b.start for m in mentions):
            continue
        for _, _, sides in meetings:
            cands = [(i, m) for i, m in _people(sides) if not m.role]
            if b.country:
                pick = [m for _, m in cands if m.country == b.country] or \
                       [m for i, m in cands if m.country is None and i == 0]
            else:
                pick = [m for i, m in cands if i == 0]
            if pick:
                _set_role(pick[0], b, mentions)
                used.add(id(b))
                break


def _named_between(t: str, a: int, b: int, lex: Any) -> bool:
    """Whether anything but spaces and a "with" word separates the trigger from the chain."""
    gap = t[a:b].strip()
    if not gap:
        return False
    return not lex.with_markers.find(gap) or len(gap.split()) > 1


def late_counterparts(doc: Any, triggers: list[tuple[int, int]], raw: list, mentions: list[Mention],
                      bare: list[Mention]) -> list:
    """Meetings whose counterpart is given by title only and named in a later back-reference.

    "X كه در ديدار با وزير مسكن و شهرسازي ايران سخن مي‌گفت … در اين مراسم همچنين عبدالعلي زاده
    ... گفت": the trigger names its counterpart by post; the person named in a later sentence
    that refers back to the event ("در این مراسم", "در این دیدار") and who has no other post
    is that counterpart, and takes the post as role.
    """
    if not doc.lex.anaphoric:
        return []
    done = {ts for ts, _, _ in raw}
    anaph = [(s, e) for s, e, _ in doc.lex.anaphoric.find(doc.t)]
    out = []
    for ts, te in triggers:
        if ts in done:
            continue
        slot = next((b for b in bare if te <= b.start <= te + _SLOT_GAP and b.country), None)
        if slot is None or _named_between(doc.t, te, slot.start, doc.lex):
            continue
        ss, se = doc.sent_of(ts)
        subj = [m for m in mentions if m.tokens and ss <= m.start < ts]
        if not subj:
            continue
        keys = {m.key for m in subj}
        for a_s, a_e in anaph:
            if a_s < se:
                continue
            bs, be = doc.sent_of(a_s)
            named = [m for m in mentions if m.tokens and bs <= m.start < be and m.key not in keys and not m.role
                     and m.country in (None, slot.country)]
            if named:
                _set_role(named[0], slot, mentions)
                out.append((ts, te, [[subj[-1]], [named[0]]]))
                break
    return out
