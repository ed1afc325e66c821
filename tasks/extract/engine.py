"""The meeting extractor: one cleaned article in, its reported in-person meetings out.

Pipeline of one article (all matching on the folded text, spans mapped back with
``Normalized.to_original``):
1. lexicon + gazetteer matches label the tokens (titles, honorifics, nisbas, places, people…);
2. person mentions from title chains / gazetteer / attendance lists / surnames (mentions.py);
3. each trigger ("استقبل", "دیدار کرد", "met with") outside the headline and not blocked by a
   phone / planned / negation cue in its sentence gives sides: people before vs after the
   "with" marker (or the verb), Arabic verb-first sentences taking the first name as subject;
4. meetings that share people on two sides are merged; attendees join the nearest meeting;
5. date, place and topics come from the trigger's sentence, then its paragraph.
Knowledge is in lexicons/*.yaml and gazetteer/*.yaml; this module holds only the procedure.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from . import dates as dates_mod
from liqa.textnorm import name_key, normalize
from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import Lexicon, load_lexicon
from .corefs import attendance_lists, resolve_short
from .mentions import Mention, find_mentions
from .model import Meeting, Person, Side, Span
from .roles import bare_roles, late_counterparts
from .sides import sides_for as _sides_for, subject_before as _subject_before
from .tokens import tokenize

_NON_SPACE = re.compile(r"\S")
# a sentence ends at a run of [.!?\n] followed by a space or the end, or at any line break;
# written to open with the character class so that the regex engine skips to candidates
# (the same matches as r"[.!?\n]+(?=\s|$)|\n", ~3x faster)
_SENT_END = re.compile(r"[.!?\n](?:[.!?\n]*(?=\s|$)|(?<=\n))")
_WINDOW = 120
# a place right after "in"/"في"/"در"/"ب" is where something happened, not a topic ("war in Gaza")
_LOCATIVE = re.compile(r"(?:\b(?:in|at)|(?<!\w)(?:في|در|به)|العاصمه \w+|(?<!\w)ب)\s*\w?$")  # chars around a trigger in which a blocking cue cancels it


def _sentences(t: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENT_END.finditer(t):
        if m.end() > pos:
            out.append((pos, m.end()))
        pos = m.end()
    if pos < len(t):
        out.append((pos, len(t)))
    return out


class _Doc:
    """One article being analysed: folded text, offsets, sentences, paragraphs, matches."""

    def __init__(self, text: str, lang: str, published: dt.date | None) -> None:
        self.nz = normalize(text)
        self.t = self.nz.text
        self.text = text
        self.lang = lang
        self.published = published
        self.lex: Lexicon = load_lexicon(lang)
        self.gaz: Gazetteer = load_gazetteer()
        m = _NON_SPACE.search(self.t)
        first_nl = self.t.find("\n", m.start() if m else self.t.find("x"))
        self.title_end = first_nl if first_nl > 0 else 0
        self._sents: list[tuple[int, int]] | None = None

    @property
    def sents(self) -> list[tuple[int, int]]:
        """Sentence spans, computed on first use (most articles are rejected before)."""
        if self._sents is None:
            self._sents = _sentences(self.t)
            self.sent_starts = [s for s, _ in self._sents]
        return self._sents

    def span(self, s: int, e: int) -> Span:
        a, b = self.nz.to_original(s, e)
        return Span(a, b, self.text[a:b])

    def sent_of(self, pos: int) -> tuple[int, int]:
        sents = self.sents
        return sents[max(0, bisect.bisect_right(self.sent_starts, pos) - 1)]

    def para_of(self, pos: int) -> tuple[int, int]:
        s = self.t.rfind("\n", 0, pos) + 1
        e = self.t.find("\n", pos)
        return s, len(self.t) if e < 0 else e


# what makes an ambiguous place/country alias geographic: a place preposition, a glued ب/ل, or
# a head noun of state just before it ("رئيس مالي", "King of Jordan", "in Georgia")
_GEO_CUE = re.compile(r"(?:\b(?:in|at|to|from|of|visit(?:ed|ing)?)|(?<!\w)(?:في|الى|من|لدى|در|به|از|رئيس|ملك|امير|"
                      r"رييس|پادشاه|وزير|وزیر|سفير|سفیر))\s*$|(?<!\w)[بل]$")


def _purpose(t: str, s: int) -> bool:
    """Whether the match at ``s`` carries the glued purpose preposition ل ("لبحث", "ولبحث")."""
    w = s
    while w > 0 and t[w - 1].isalnum():
        w -= 1
    return t[w:s] in ("ل", "ول", "فل")


def _geo_cue(t: str, s: int) -> bool:
    return bool(_GEO_CUE.search(t[max(0, s - 14):s]))


def _hits(doc: _Doc) -> list:
    """Gazetteer hits, less clitic readings of given names ("باراك" is no "ب" + Arak) and
    ambiguous aliases without context."""
    t, lex = doc.t, doc.lex
    out = []
    for h in doc.gaz.contextual(t, doc.gaz.find(t), _geo_cue):
        if h.kind != "person" and h.start > 0 and t[h.start - 1].isalnum():
            if t[h.start - 1:h.end] in lex.given_names:
                continue
        out.append(h)
    return out


# where a clause ends: a planned / negated cue beyond it speaks of another event
# ("سفر ... صورت خواهد گرفت که مرکل ... با سارکوزی دیدار کرد", "X will visit Y, after he met Z")
_CLAUSE = re.compile(r"[,،؛;:]|(?<!\w)(?:که|كه|while|whereas|after|since|حيث|بينما|بعد أن)(?!\w)")


def _blocked(doc: _Doc, s: int, e: int) -> bool:
    """Whether a phone / planned / negation cue cancels the trigger at [s, e).

    Phone cues hold for the whole sentence ("تلقى اتصالا هاتفيا ...، بحث خلاله");
    planned, negated and letter cues only for the clause of the trigger ("التقى X، الذي سلمه رسالة").
    """
    ss, se = doc.sent_of(s)
    lo, hi = max(ss, s - _WINDOW), min(se, e + _WINDOW)
    for bs, be, kind in doc.lex.blockers.find(doc.t, lo, hi):
        if kind not in ("phone", "sports"):  # a sports sentence is sports throughout
            gap = doc.t[be:s] if be <= s else doc.t[e:bs] if bs >= e else ""
            if _CLAUSE.search(gap):
                continue
        return True
    return False


def _org_side(doc: _Doc, ts: int, mentions: list[Mention]) -> list[Mention] | None:
    """A named delegation of an organisation as the subject when no person heads it in the text."""
    ss, _ = doc.sent_of(ts)
    if not doc.lex.delegation.find(doc.t, ss, ts + 40):
        return None
    for h in doc.hits:
        if h.kind == "org" and ss <= h.start < ts + 40:
            o = doc.gaz.orgs[h.id]
            return [Mention(h.start, h.end, "org:" + h.id, country=o.get("country"), org_id=h.id, tokens=0)]
    return None


def extract_article(text: str, language: str, published: dt.date | None) -> list[Meeting]:
    """Every in-person meeting the article reports, with people, roles, date, place and topics."""
    if language not in ("ar", "fa", "en") or not text.strip():
        return []
    doc = _Doc(text, language, published)
    t, lex, gaz = doc.t, doc.lex, doc.gaz
    # most articles report no meeting: when no trigger word occurs after the headline, stop
    # before any regex scan, gazetteer lookup or tokenising (speed)
    if not lex.triggers.may_occur(t, doc.title_end):
        return []
    # "لبحث العلاقات", "للقاء": a trigger glued to the purpose ل says why someone travels, not
    # that a meeting took place
    trig = [(s, e) for s, e, _ in lex.triggers.find(t) if not (language == "ar" and _purpose(t, s))]
    if not any(s >= doc.title_end for s, _ in trig):
        return []
    # the triggers that can report a meeting: after the headline, not cancelled by a phone /
    # planned / negation cue. The cue test reads the text alone, so it runs before the costly
    # steps: an article whose every trigger is cancelled (~1 in 8 of those with a trigger)
    # yields no meeting and stops here (speed; the same result as running everything)
    live = [(s, e) for s, e in trig if s >= doc.title_end and not _blocked(doc, s, e)]
    if not live:
        return []
    live_starts = {s for s, _ in live}
    doc.hits = _hits(doc)
    toks = tokenize(t, text, lex, gaz, doc.hits, trig, doc.nz.to_original)
    bare: list[Mention] = []
    mentions = find_mentions(t, toks, lex, gaz, doc.title_end, bare)
    mentions = attendance_lists(t, toks, mentions, lex, gaz, lambda p: doc.sent_of(p)[1],
                                lambda p: doc.sent_of(p)[0])
    mentions = resolve_short(t, toks, mentions, lex)
    _share_roles(mentions)
    raw: list[tuple[int, int, list[list[Mention]]]] = []
    prev_subject: Mention | None = None
    anaph = [(s, e) for s, e, _ in lex.anaphoric.find(t)] if lex.anaphoric else []
    for ts, te in trig:
        if ts not in live_starts:
            continue
        if any(m.start <= ts < m.end for m in mentions):
            continue
        # "خلال الاستقبال", "در این دیدار": the meeting already reported, not a new one
        # ("كما جرى خلال الاستقبال بحث القضايا": the trigger right after the phrase belongs to it)
        if any(s <= ts < e or ts <= s < te or (e <= ts <= e + 3 and not t[e:ts].strip()) for s, e in anaph):
            if raw:
                continue
            subj = _subject_before(doc, toks, ts, mentions)
            if subj is not None:
                mentions = sorted(mentions + [subj], key=lambda m: m.start)
            back = True
        else:
            back = False
            if doc.lang == "fa":  # "عباس کشاورز در دیدار با ...": a bare subject opens the clause
                subj = _subject_before(doc, toks, ts, mentions)
                if subj is not None:
                    mentions = sorted(mentions + [subj], key=lambda m: m.start)
        for sides in _sides_for(doc, ts, te, mentions, prev_subject, back):
            if not sides[0]:
                org = _org_side(doc, ts, mentions)
                if org is None:
                    continue
                sides[0] = org
            raw.append((ts, te, sides))
            prev_subject = next((m for m in sides[0] if m.tokens), prev_subject)
        if not raw or raw[-1][0] != ts:
            ss, _ = doc.sent_of(ts)
            before = [m for m in mentions if ss <= m.start < ts and m.attend_cue < 0]
            prev_subject = before[0] if before else prev_subject
    raw = sorted(raw + late_counterparts(doc, live, raw, mentions, bare), key=lambda r: r[0])
    meetings = _merge(raw)
    _attach_attendees(doc, meetings, mentions)
    bare_roles(doc, meetings, mentions, bare, [(s, e) for s, e in trig if s >= doc.title_end])
    out: list[Meeting] = []
    for k, (ts, te, sides) in enumerate(meetings):
        out.append(_build(doc, ts, te, sides, k, meetings, out[-1] if out else None))
    return [m for m in out if _distinct_sides(m)]


def _same_person(a: Person, b: Person) -> bool:
    """One name is the other, or the other's start ("سلمان" / "سلمان مقاليد الحكم")."""
    if a.actor_id and a.actor_id == b.actor_id:
        return True
    x, y = name_key(a.name_native).split(), name_key(b.name_native).split()
    if not x or not y:
        return False
    k = min(len(x), len(y))
    return x[:k] == y[:k]


def _distinct_sides(m: Meeting) -> bool:
    """A meeting needs two different people facing each other: the same person (or a longer
    misreading of them) on two sides is one mention read twice, not a meeting."""
    for i, a in enumerate(m.sides):
        for b in m.sides[i + 1:]:
            if a.members and b.members and _same_person(a.members[0], b.members[0]):
                return False
    return True


def _share_roles(mentions: list[Mention]) -> None:
    """A person's stated role and country hold for every mention of them in the article.

    Why: the meeting sentence often names people short ("الجبير", "Rouhani") while the title
    was given with the full name earlier, or later ("X ... رئیس جمهوری اسلامی ایران").
    """
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.role and m.key not in first:
            first[m.key] = m
    country: dict[str, str] = {}
    for m in mentions:
        if m.country:
            country.setdefault(m.key, m.country)
    for m in mentions:
        src = first.get(m.key)
        if not m.role and src is not None:
            m.role, m.role_ref = src.role, (src.role_start, src.role_end)
        m.country = m.country or country.get(m.key)


def _keys(side: list[Mention]) -> set[str]:
    return {m.key for m in side}


def _merge(raw: list[tuple[int, int, list[list[Mention]]]]) -> list[tuple[int, int, list[list[Mention]]]]:
    """Reports of the same meeting within one article (same people on two sides) become one."""
    out: list[tuple[int, int, list[list[Mention]]]] = []
    for ts, te, sides in raw:
        for _, _, osides in out:
            hits = [(i, j) for i, s in enumerate(sides) for j, o in enumerate(osides) if _keys(s) & _keys(o)]
            if len({i for i, _ in hits}) >= 2 and len({j for _, j in hits}) >= 2:
                for i, j in hits:
                    known = _keys(osides[j])
                    osides[j].extend(m for m in sides[i] if m.key not in known)
                break
        else:
            out.append((ts, te, [list(s) for s in sides]))
    return out


def _attach_attendees(doc: _Doc, meetings: list, mentions: list[Mention]) -> None:
    for m in mentions:
        if m.attend_cue < 0 or not meetings:
            continue
        before = [mt for mt in meetings if mt[0] <= m.attend_cue]
        target = before[-1] if before else meetings[0]
        # "held meetings with A, B and C ... X also attended the meetings": every one of them
        for mt in [mt for mt in meetings if mt[0] == target[0]]:
            sides = mt[2]
            if any(m.key in _keys(s) for s in sides):
                continue
            side = next((s for s in sides if m.country and any(x.country == m.country for x in s)), sides[0])
            side.append(m)


def _place(doc: _Doc, ts: int) -> tuple[str | None, str | None, Span | None]:
    ss, se = doc.sent_of(ts)
    ps, pe = doc.para_of(ts)
    places = [h for h in doc.hits if h.kind == "place"]
    if doc.lang == "en":  # "TEHRAN - " agency datelines name the newsroom, not the meeting
        places = [h for h in places if not re.match(r"\s*[-–]", doc.t[h.end:h.end + 3])]
    for lo, hi in ((ss, se), (ps, pe)):
        inside = [h for h in places if lo <= h.start < hi]
        if inside:
            h = min(inside, key=lambda h: (not _LOCATIVE.search(doc.t[max(0, h.start - 12):h.start + 1]),
                                           abs(h.start - ts)))
            p = doc.gaz.places[h.id]
            if p.get("kind") == "venue":  # "في قصر السلام": a palace alone names no city (SCHEMA)
                city_hits = [x for x in inside if doc.gaz.places[x.id].get("kind") != "venue"]
                if not city_hits:
                    # the venue's city counts only when the article itself names that city
                    # ("مار ا لاگو" + "ناحیه پالم بیچ" elsewhere); never guessed from the venue alone
                    named = [x for x in places if x.id == p.get("city")]
                    if named:
                        c = doc.gaz.places[named[0].id]
                        return c.get("name"), c.get("country"), doc.span(h.start, h.end)
                    return None, p.get("country"), doc.span(h.start, h.end)
                h = min(city_hits, key=lambda x: abs(x.start - ts))
                p = doc.gaz.places[h.id]
            return p.get("name"), p.get("country"), doc.span(h.start, h.end)
    for s, e, _ in doc.lex.agencies.find(doc.t, 0, min(len(doc.t), 400)):
        ls = doc.t.rfind("\n", 0, s) + 1
        line = [h for h in places if ls <= h.start < s]
        if line:
            p = doc.gaz.places[line[0].id]
            return p.get("name"), p.get("country"), doc.span(line[0].start, line[0].end)
    return None, None, None


def _person(doc: _Doc, m: Mention, leader: bool) -> Person:
    pid = m.person_id
    native = doc.span(m.native_start, m.native_end) if m.native_start >= 0 else doc.span(m.start, m.end)
    name = doc.gaz.people[pid]["name"] if pid else native.text
    return Person(name_native=native.text, name=name, role=m.role or None, leader=leader, actor_id=pid,
                  span=doc.span(m.start, m.end),
                  role_span=doc.span(m.role_start, m.role_end) if m.role_start >= 0
                  else doc.span(*m.role_ref) if m.role_ref and m.role_ref[0] >= 0 else None)


def _build(doc: _Doc, ts: int, te: int, sides: list[list[Mention]], k: int, all_: list,
           prev: Meeting | None = None) -> Meeting:
    out_sides = []
    for side in sides:
        people = [m for m in side if m.tokens]
        org = next((m.org_id for m in side if m.org_id), None)
        country = next((m.country for m in side if m.country), None)
        leader_key = None
        for m in people:
            if doc.lex.leader_cues.find(doc.t, max(0, m.start - 12), m.start):
                leader_key = m.key
        leader_key = leader_key or (people[0].key if people else None)
        members = [_person(doc, m, m.key == leader_key) for m in people]
        org_name = doc.gaz.orgs[org]["name"] if org else None
        if org_name is None and country in doc.gaz.countries:  # descriptive side, as the gold does
            org_name = "Government of " + str(doc.gaz.countries[country]["name"])
        out_sides.append(Side(organization=org_name, org_id=org, country=country, members=members))
    ss, se = doc.sent_of(ts)
    ps, _ = doc.para_of(ts)
    hits = dates_mod.find_dates(doc.t, doc.lex, doc.published, ss, se)
    if not hits and ps < ss:
        hits = dates_mod.find_dates(doc.t, doc.lex, doc.published, ps, ss)
    d = dates_mod.pick(hits, ts)
    inherited = None
    if (d is None or d.date is None) and prev is not None and prev.date is not None and doc.lex.reporting \
            and doc.lex.reporting.find(doc.t, ss, ts):
        # "وأضاف المتحدث أن الرئيس التقى أيضا ...": the same statement goes on reporting the
        # meetings of the day it dated ("مساء الخميس") for the first one
        inherited = prev
    city, country, place_span = _place(doc, ts)
    nxt = all_[k + 1][0] if k + 1 < len(all_) else len(doc.t)
    scope_end = max(se, min(nxt, ss + 1500)) if nxt > ss else min(len(doc.t), ss + 1500)
    topics: list[str] = []
    topic_spans: list[Span] = []
    for s, e, label in doc.lex.topics.find(doc.t, ss, scope_end):
        if label not in topics:
            topics.append(label)
            topic_spans.append(doc.span(s, e))
    sc = {s.country for s in out_sides if s.country}
    mode = "unspecified"
    if country:
        mode = "visit" if country in sc else "third_party" if sc else "unspecified"
    elif len(sc) >= 2:
        mode = "visit"
    if any("ambassador" in (p.role or "") for s in out_sides for p in s.members):
        mode = "unspecified"
    conf = 0.5 + 0.15 * (d is not None and d.date is not None) + 0.15 * (city is not None) \
        + 0.1 * all(any(p.role for p in s.members) for s in out_sides)
    if inherited is not None:
        return Meeting(sides=out_sides, date=inherited.date, date_precision=inherited.date_precision,
                       city=city, country=country, mode=mode, topics=topics,
                       confidence=round(min(conf, 1.0) - 0.1, 2), trigger=doc.span(ts, te),
                       date_span=inherited.date_span, place_span=place_span, topic_spans=topic_spans)
    return Meeting(sides=out_sides, date=d.date if d and d.date else None,
                   date_precision=d.precision if d and d.date else "unknown",
                   city=city, country=country, mode=mode, topics=topics, confidence=round(min(conf, 1.0), 2),
                   trigger=doc.span(ts, te), date_span=doc.span(d.start, d.end) if d and d.date else None,
                   place_span=place_span, topic_spans=topic_spans)


def meeting_record(m: Meeting) -> dict[str, Any]:
    """One Meeting as a SCHEMA.md meeting dict (meeting_id left null)."""
    return {
        "meeting_id": None,
        "date": m.date.isoformat() if m.date else None,
        "date_precision": m.date_precision,
        "city": m.city, "country": m.country, "mode": m.mode,
        "parties": [{"organization": s.organization, "country": s.country,
                     "members": [{"name": p.name, "name_native": p.name_native, "role": p.role,
                                  "leader": p.leader} for p in s.members]} for s in m.sides],
        "topics": list(m.topics),
        "confidence": m.confidence,
    }


def extract_to_records(text: str, language: str, published: dt.date | None) -> list[dict[str, Any]]:
    """``extract_article`` as SCHEMA.md meeting dicts, for the scorer and tests."""
    return [meeting_record(m) for m in extract_article(text, language, published)]
