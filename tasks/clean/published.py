"""Publication date of an article, its precision and its character span in the cleaned text.

Why own regexes and not ``dateparser.search_dates``: that costs ~17 ms per article and reads
the Persian ``۱۴۰۳/۰۱/۱۱`` as the Gregorian year 1403. News headers print dates in a few fixed
shapes (ISO, "20 يونيو 2024", "June 20, 2024", Jalali ``YYYY/MM/DD``, SPA's Hijri "25 شوال 1436
هـ الموافق 10 أغسطس 2015 م"), so month-name tables (``dates/*.yaml``) plus five patterns cover
them in microseconds. Only the header is searched: a date deep in the body is the date of an
event, not of the article.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import hijridate
import jdatetime

from liqa.yamlio import load_yaml

_DIR = Path(__file__).with_name("dates")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")  # 1:1, spans survive
_YEAR = re.compile(r"\d{4}")
_YEARS = {"gregorian": (1900, 2100), "jalali": (1280, 1500), "hijri": (1343, 1500)}
_HEADER_LINES = 5       # title + the next lines a news page prints before the body
_HEADER_LINE_CHARS = 150  # a longer line is body text: only its first characters are header
_LINE_LEAD = 60         # … such as seed 001's " date 2026-02-11 اجتمع …"
_DATE_MAX = 40          # longest printed date ("25 ذو القعدة 1436 هـ"), for the lead margin
_DUAL_GAP = 40          # a Gregorian date this close after a Hijri/Jalali one is its equivalent


@dataclass(frozen=True)
class Published:
    """A publication date (None when unknown) with precision and span in the text."""

    date: dt.date | None
    precision: str = "unknown"  # day | month | year | unknown
    start: int | None = None
    end: int | None = None
    calendar: str | None = None


UNKNOWN = Published(None)


@functools.lru_cache(maxsize=1)
def month_table() -> dict[str, tuple[str, int]]:
    """Spelling (case-folded) → (calendar, month number), from ``dates/{ar,fa,en}.yaml``."""
    table: dict[str, tuple[str, int]] = {}
    for path in sorted(_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            data = load_yaml(fh) or {}
        for calendar, months in data.items():
            for number, names in months.items():
                for name in names:
                    table.setdefault(" ".join(str(name).split()).casefold(), (calendar, int(number)))
    return table


# A month is one or two words looked up in the table afterwards: a 150-name alternation inside
# the regex made every header line cost milliseconds; a letter run costs microseconds.
_WORDS = r"(?P<month>[^\W\d_]++(?:\s+[^\W\d_]++)?)"  # possessive: no backtracking
_PATTERNS = {
    "ymd": re.compile(r"(?<!\d)(?P<y>\d{4})\s*(?P<sep>[/\-.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
                      r"(?P<hijri>\s*(?:هـ|ه\.?ق))?"),
    "dmy": re.compile(r"(?<!\d)(?P<d>\d{1,2})(?P<sep>[/\-.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # "20 يونيو 2024", "7 ديسمبر 2024آخر تحديث" (year glued to a word), "25 شوال 1436 هـ"
    "d_month_y": re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*(?:من\s+)?" + _WORDS + r"\.?\s*[,،]?\s*(?P<y>\d{4})(?!\d)"),
    "month_d_y": re.compile(r"(?<![^\W\d_])" + _WORDS + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)"),
    "month_y": re.compile(r"(?<![^\W\d_])" + _WORDS + r"\.?\s*[,،]?\s*(?P<y>\d{4})(?!\d)"),
}


def _month(m: re.Match[str], lead_words: bool) -> tuple[str, int, int] | None:
    """(calendar, month, start) for the month words of ``m``; with ``lead_words`` a word before
    the month may be part of the match ("في يونيو 2024") and is skipped."""
    words = m["month"].split()
    table = month_table()
    whole = " ".join(words).casefold()
    if whole in table:
        return (*table[whole], m.start())
    if len(words) == 2:
        if lead_words and words[1].casefold() in table:
            return (*table[words[1].casefold()], m.start("month") + m["month"].rindex(words[1]))
        if not lead_words and words[0].casefold() in table:  # "20 يونيو الجاري 2024" is not a date
            return None
    return None


def _to_gregorian(calendar: str, y: int, m: int, d: int) -> dt.date | None:
    lo, hi = _YEARS[calendar]
    if not (lo <= y <= hi and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        if calendar == "gregorian":
            return dt.date(y, m, d)
        if calendar == "jalali":
            return jdatetime.date(y, m, d).togregorian()
        g = hijridate.Hijri(y, m, d).to_gregorian()
        return dt.date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def _numeric_calendar(year: int, hijri_mark: bool) -> str:
    """Route a numeric date by its year: ~1300-1420 Jalali (Persian sites), later ones Hijri."""
    if year >= 1800:
        return "gregorian"
    if hijri_mark or year > 1420:
        return "hijri"
    return "jalali"


def find_dates(text: str, offset: int = 0) -> list[Published]:
    """Every date in ``text`` (spans shifted by ``offset``), in order of position."""
    # no digit folding needed: str regex \d matches Arabic-Indic and Persian digits and int()
    # reads them, so spans are positions in ``text`` itself
    folded = text
    if _YEAR.search(folded) is None:  # every pattern needs a 4-digit year: skip most lines fast
        return []
    found: list[Published] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(folded):
            s, e = m.span()
            y = int(m["y"])
            if kind in ("ymd", "dmy"):
                cal = _numeric_calendar(y, bool(m.groupdict().get("hijri")))
                date = _to_gregorian(cal, y, int(m["m"]), int(m["d"]))
                precision = "day"
            else:
                month = _month(m, lead_words=kind != "d_month_y")
                if month is None:
                    continue
                cal, number, s = month
                day = int(m["d"]) if kind != "month_y" else 1
                date = _to_gregorian(cal, y, number, day)
                precision = "month" if kind == "month_y" else "day"
            if date is not None and all(e <= a or s >= b for a, b in taken):
                found.append(Published(date, precision, offset + s, offset + e, cal))
                taken.append((s, e))
    return sorted(found, key=lambda p: p.start or 0)


def _header_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the header zone in each of the first lines of ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:  # line by line with find: splitting the whole article cost more than the search
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        if stop > pos and (not text[pos].isspace() or not text[pos:stop].isspace()):  # no copy of a
            # paragraph just to see it is not blank
            size = stop - pos
            spans.append((pos, pos + (size if size <= _HEADER_LINE_CHARS else _LINE_LEAD)))
            if len(spans) >= _HEADER_LINES:
                break
        if nl < 0:
            break
        pos = nl + 1
    return spans


def header_dates(text: str) -> list[Published]:
    """Dates printed in the header of ``text`` (title, date line, dateline)."""
    out: list[Published] = []
    for s, e in _header_spans(text):
        # search a little past the lead cut so a date straddling it is still whole
        line_end = text.find("\n", s)
        line_end = min(len(text) if line_end < 0 else line_end, e + _DATE_MAX)
        if _YEAR.search(text, s, line_end) is None:  # find_dates' own first test, without the
            continue  # copy and the call: nine header lines in ten have no 4-digit year
        out.extend(p for p in find_dates(text[s:line_end], s) if (p.start or 0) < e)
    return out


def _choose(cands: list[Published]) -> Published:
    """First day-precision date; a Gregorian equivalent right after a Hijri/Jalali one wins."""
    days = [c for c in cands if c.precision == "day"] or cands
    if not days:
        return UNKNOWN
    first = days[0]
    if first.calendar != "gregorian":
        for c in days[1:]:
            if c.calendar == "gregorian" and (c.start or 0) - (first.end or 0) <= _DUAL_GAP:
                return c
    return first


_ISO_HINT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@functools.lru_cache(maxsize=4096)
def _iso_day(iso: str) -> Published | None:
    """The day of an ISO date prefix. Cached: hints are timestamps, and a feed's share one day."""
    m = _ISO_HINT.match(iso)
    date = _to_gregorian("gregorian", int(m[1]), int(m[2]), int(m[3])) if m else None
    return Published(date, "day", calendar="gregorian") if date is not None else None


def parse_hint(hint: str | None) -> Published | None:
    """A date from a structured field (jsonl ``date``, feed, HTML meta), or None if unparseable."""
    if not hint or not hint.strip():
        return None
    s = hint.strip().translate(_DIGITS)
    m = _ISO_HINT.match(s)
    if m:
        found = _iso_day(m[0])
        if found is not None:
            return found
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None and 1900 <= parsed.year <= 2100:
            return Published(parsed.date(), "day", calendar="gregorian")
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    found = find_dates(s)
    if found:
        c = _choose(found)
        return Published(c.date, c.precision, calendar=c.calendar)
    return None


def find_published(text: str, hint: str | None = None) -> Published:
    """The article's publication date: a parseable hint wins, else the header's date, else unknown.

    With a hint, the span points at the same date in the header when the header prints it.
    """
    cands = header_dates(text)
    from_hint = parse_hint(hint)
    if from_hint is not None:
        same = next((c for c in cands if c.date == from_hint.date), None)
        if same is not None:
            return Published(from_hint.date, from_hint.precision, same.start, same.end, same.calendar)
        return from_hint
    return _choose(cands)
