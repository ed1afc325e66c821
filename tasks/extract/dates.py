"""Meeting dates from the words near a meeting: relative days, weekdays, Gregorian/Hijri/Jalali dates.

Why own rules rather than dateparser.search_dates: news states meeting days in a few fixed
shapes ("أمس", "مساء الخميس", "روز چهارشنبه گذشته", "۱۳۹۸/۱۱/۲۸", "25 شوال 1436 هـ"), all
resolvable against the publication day with lexicon words and two calendar libraries; a
generic search costs ~17 ms per article and guesses at every number.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime
from hijridate import Hijri

from .lexicon import Lexicon


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    date: dt.date | None
    precision: str      # day | month | year
    kind: str           # relative | weekday | explicit


_NUM_DATE = re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_DMY_NUM = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _jalali(y: int, m: int, d: int) -> dt.date | None:
    try:
        return jdatetime.date(y, m, d).togregorian()
    except (ValueError, OverflowError):
        return None


def _hijri(y: int, m: int, d: int) -> dt.date | None:
    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _explicit(text: str, lex: Lexicon, start: int, end: int) -> list[DateHit]:
    out: list[DateHit] = []
    for m in _NUM_DATE.finditer(text, start, end):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        day = _jalali(y, mo, d) if 1200 <= y <= 1500 else _safe(y, mo, d) if y > 1800 else None
        if day:
            out.append(DateHit(m.start(), m.end(), day, "day", "explicit"))
    for m in _DMY_NUM.finditer(text, start, end):
        day = _safe(int(m[3]), int(m[2]), int(m[1]))
        if day:
            out.append(DateHit(m.start(), m.end(), day, "day", "explicit"))
    for matcher, conv in ((lex.months, None), (lex.hijri_months, _hijri), (lex.jalali_months, _jalali)):
        for s, e, month in matcher.find(text, start, end):
            before = re.search(r"(\d{1,2})\s*$", text[max(start, s - 4):s])
            after = re.match(r"\s*(\d{1,2})?,?\s*(\d{4})", text[e:e + 12])
            if not after:
                continue
            year = int(after[2])
            d = int(before[1]) if before else (int(after[1]) if after[1] else None)
            if conv is None:
                if year < 1800:
                    continue
                day = _safe(year, month, d) if d else _safe(year, month, 1)
            else:
                if year > 1800 or d is None:
                    continue
                day = conv(year, month, d)
            if day:
                s0 = s - len(before[0]) if before else s
                out.append(DateHit(s0, e + after.end(), day, "day" if d else "month", "explicit"))
    return out


def find_dates(text: str, lex: Lexicon, published: dt.date | None, start: int = 0,
               end: int | None = None) -> list[DateHit]:
    """Every date expression in ``text[start:end]`` (folded), resolved when it can be."""
    end = len(text) if end is None else end
    hits = _explicit(text, lex, start, end)
    rel = lex.relative_days.find(text, start, end)
    for s, e, off in rel:
        day = published + dt.timedelta(days=int(off)) if published else None
        hits.append(DateHit(s, e, day, "day", "relative"))
    for s, e, wd in lex.weekdays.find(text, start, end):
        if any(rs <= s <= re_ + 3 for rs, re_, _ in rel):
            continue  # "أمس الأربعاء": the relative word already fixes the day
        day = None
        if published:
            day = published - dt.timedelta(days=(published.weekday() - int(wd)) % 7)
        hits.append(DateHit(s, e, day, "day", "weekday"))
    hits.sort(key=lambda h: h.start)
    return hits


def pick(hits: list[DateHit], anchor: int) -> DateHit | None:
    """The date expression nearest to the meeting's trigger (relative words win ties)."""
    if not hits:
        return None
    return min(hits, key=lambda h: (min(abs(h.start - anchor), abs(h.end - anchor)), h.kind != "relative"))
