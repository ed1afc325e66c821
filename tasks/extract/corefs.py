"""Mentions after the first pass: short re-mentions and attendance lists.

Why apart from mentions.py: these passes do not read title chains; they relate mentions to one
another (a surname to the full name given earlier, a shorter form to a longer one) or to an
attendance cue ("حضر اللقاء كل من ...", "X also attended"), which decides who sits on a side.
"""
from __future__ import annotations

import bisect
import re
from itertools import compress
from operator import attrgetter

from liqa.textnorm import name_key

from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .mentions import Mention, Tok

_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")


def resolve_short(t: str, toks: list[Tok], mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Surname-only mentions ("لاريجاني", "Zarif") of people already named in full; shorter
    forms of a longer name ("محمد بن سلمان" of "محمد بن سلمان بن عبد العزيز") take its identity."""
    _unify_prefixes(t, mentions)
    by_last: dict[str, Mention] = {}
    for m in mentions:
        if m.tokens >= 2:
            last = t[m.start:m.end].split()[-1]
            if len(last) >= 4:
                by_last.setdefault(last, m)
    covered = bytearray(len(t) + 1)
    for m in mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    # every token text that can name one of them: the surname, with a glued clitic, "لل" + "ال..."
    forms = set(by_last)
    if lex.lang in ("ar", "fa"):
        forms.update(c + w for w in by_last for c in "وبلف")
    if lex.lang == "ar":
        forms.update("ل" + w[1:] for w in by_last if w.startswith("ا"))
    extra: list[Mention] = []
    # only the tokens spelt as one of the forms (a C-level filter: most articles have hundreds
    # of tokens and a handful of candidates)
    for k in compress(toks, map(forms.__contains__, map(_TEXT, toks))):
        if covered[k.start] or k.label not in ("word", "stop"):
            continue
        word, off = k.text, 0
        full = by_last.get(word)
        if full is None and lex.lang in ("ar", "fa") and len(word) > 4 and word[0] in "وبلف":
            full, off = by_last.get(word[1:]), 1
        if full is None and lex.lang == "ar" and word.startswith("لل") and len(word) > 4:
            full, off = by_last.get("ا" + word[1:]), 1  # "للجبير" = "ل" + "الجبير"
        if full is not None:
            extra.append(Mention(k.start + off, k.end, full.key, full.native_start, full.native_end,
                                 role=None, country=full.country, org_id=full.org_id,
                                 person_id=full.person_id, tokens=1))
    return sorted(mentions + extra, key=lambda m: m.start)


def _unify_prefixes(t: str, mentions: list[Mention]) -> None:
    """A name of two or more words that opens a longer name in the article is that person."""
    full = sorted((m for m in mentions if m.tokens >= 3 and not m.person_id),
                  key=lambda m: -(m.end - m.start))
    for m in mentions:
        if m.tokens < 2 or m.person_id:
            continue
        words = t[m.start:m.end].split()
        for f in full:
            fw = t[f.native_start:f.native_end].split()
            if f is not m and len(fw) > len(words) and fw[:len(words)] == words:
                m.key, m.native_start, m.native_end = f.key, f.native_start, f.native_end
                m.country = m.country or f.country
                break


def attendance_lists(t: str, toks: list[Tok], mentions: list[Mention], lex: Lexicon,
                     gaz: Gazetteer, sentence_end, sentence_start=None) -> list[Mention]:
    """People listed after an attendance cue; bare names in the list become mentions.

    English and Persian also put the cue after the names ("X also attended the meetings",
    "X و Y نیز حضور داشتند"): titled mentions between the sentence start and such a cue attend.
    """
    extra: list[Mention] = []
    if sentence_start is not None:
        for s, e, _ in lex.attendance_before.find(t):
            lo = sentence_start(s)
            for m in mentions:
                if lo <= m.start and m.end <= s and m.attend_cue < 0:
                    m.attend_cue = s
    for s, e, _ in lex.attendance.find(t):
        stop = sentence_end(e)
        for m in mentions:
            if e <= m.start < stop and m.attend_cue < 0:
                m.attend_cue = s
        # bare names: chunks split by commas / "and"
        seg = t[e:stop]
        pos = e
        for chunk in re.split(r"[,:;]|\s(?=و\w{3,})|\sand\s|\sو\s", seg):
            cs = t.find(chunk, pos, stop) if chunk else -1
            if cs < 0:
                continue
            pos = cs + len(chunk)
            # the tokens inside the chunk: tokens are disjoint and in order, so a slice (speed)
            words = toks[bisect.bisect_left(toks, cs, key=_START):
                         bisect.bisect_right(toks, cs + len(chunk), key=_END)]
            if not words or any(m.start < cs + len(chunk) and m.end > cs for m in mentions):
                continue
            if lex.lang == "ar" and words[0].text.startswith("و") and len(words[0].text) > 3:
                rest = words[0].text[1:]
                words[0] = Tok(words[0].start + 1, words[0].end, rest,
                               "word" if rest in lex.given_names else words[0].label)
            if words[0].label in ("stop", "common") or (lex.lang == "ar" and words[0].text.startswith("ال")
                                            and words[0].label == "word"):
                continue  # "على رأسها ...", "الاستثمار ...": an item opens with a name, not a function word
            if len(words) > lex.max_name_chain:
                continue  # a clause, not an item of a list of names
            k = len(words)
            while k > 0 and (words[k - 1].label in ("word", "link", "person")
                             or (words[k - 1].label == "stop" and words[k - 1].text not in lex.name_stops
                                 and lex.lang != "en")):
                k -= 1
            words = words[k:]
            if 2 <= len(words) <= lex.max_name:
                m = Mention(words[0].start, words[-1].end, name_key(t[words[0].start:words[-1].end]),
                            words[0].start, words[-1].end, tokens=len(words), attend_cue=s)
                extra.append(m)
    return sorted(mentions + extra, key=lambda m: m.start)
