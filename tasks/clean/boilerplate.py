"""Boilerplate lines (share buttons, "read also", ads, newsroom end marks) dropped by data rules.

Why line rules and not a classifier: after trafilatura (HTML) or in plain-text dumps, the chrome
that survives is a handful of exact short lines per site family, and a wrong drop inside the
body costs a meeting. So rules are exact (whole line, short prefixes, full-match regexes), live
in ``boilerplate/{base,ar,fa,en}.yaml`` where a reviewer can read them, and each has a test row.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from liqa.yamlio import load_yaml

_DIR = Path(__file__).with_name("boilerplate")
_FILES = ("base", "ar", "fa", "en")
_PATTERN_MAX_LINE = 300
_SEPARATORS = " \t\u00a0-–—|"
_TRAIL = ":/|-–—…. \u00a0\t"


@dataclass(frozen=True)
class Rules:
    """All boilerplate rules, compiled once."""

    lines: frozenset[str]
    prefixes: tuple[str, ...]
    patterns: re.Pattern[str] | None
    strip: tuple[re.Pattern[str], ...]  # separate: an alternation defeats the engine's prefix scan
    end: re.Pattern[str] | None
    max_prefix_line: int
    repeat_min: int
    repeat_max_line: int
    max_key: int = 0  # longest key the exact and prefix rules can match: longer lines skip them
    strip_needs: tuple[str | None, ...] = ()  # per strip rule: text every match contains, or None


def _alternation(regexes: list[str]) -> re.Pattern[str] | None:
    if not regexes:
        return None
    return re.compile("|".join(f"(?:{r})" for r in regexes), re.IGNORECASE)


_IRREGULAR_SPACE = re.compile(r"[^\S ]|  ")  # \s is str.isspace, the set str.split() splits on


def _core(line: str) -> tuple[str, bool]:
    """(line trimmed of spaces and trailing punctuation, whether its spaces are already single).

    With no whitespace but single U+0020 (a printable string has no other kind), the
    split/join of ``key`` would return the line unchanged: the common case skips that copy.
    """
    core = line.strip().strip(_TRAIL)
    if core.isprintable():
        return core, "  " not in core
    return core, _IRREGULAR_SPACE.search(core) is None  # bidi marks, ZWNJ: not spaces


def required_literal(regex: str) -> str | None:
    """The longest run of plain characters that every match of ``regex`` contains, or None.

    Read from the parsed pattern's top-level sequence (each item there is mandatory). One
    ``in`` test of that text over the whole article rules out every line at once: a rule
    starting with a character class ("[کك]د\\s*خبر") makes the regex engine step through
    each character, a substring search ("خبر") does not.
    """
    try:
        from re import _parser  # the stdlib's own parser (3.11+): the pattern as the engine sees it

        parsed = _parser.parse(regex)
    except Exception:  # noqa: BLE001 - no shortcut for a pattern we cannot read; the rule still runs
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    best = run = ""
    for op, arg in parsed:
        run = run + chr(arg) if op is _parser.LITERAL else ""
        best = run if len(run) > len(best) else best
    return best or None


def key(line: str) -> str:
    """The comparison form of a line: trimmed, trailing punctuation removed, spaces collapsed."""
    core, single = _core(line)
    return (core if single else " ".join(core.split())).casefold()


def key_differs(line: str, other_key: str) -> bool:
    """``key(line) != other_key``, without building the key of a line that is plainly longer.

    Case folding never shortens a string (every character folds to one or more) and the key
    of a line is at least as long as the key of any of its prefixes, so when the first
    ``len(other_key) + 2`` characters already have single spaces only, the key is longer.
    Only that prefix is looked at: the lines compared with a title are whole paragraphs.
    """
    core = line.strip().strip(_TRAIL)
    limit = len(other_key) + 2
    if len(core) >= limit:
        head = core[:limit]
        if head.isprintable() and "  " not in head:  # its key alone has >= limit - 1 characters
            return True
    return " ".join(core.split()).casefold() != other_key


@functools.lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Merge the shared and per-language rule files (cached: read once per process)."""
    lines: set[str] = set()
    prefixes: list[str] = []
    patterns: list[str] = []
    strip: list[str] = []
    end: list[str] = []
    numbers: dict[str, int] = {}
    for name in _FILES:
        with open(_DIR / f"{name}.yaml", encoding="utf-8") as fh:
            data = load_yaml(fh) or {}
        lines.update(key(str(x)) for x in data.get("lines") or [])
        prefixes.extend(key(str(x)) for x in data.get("prefixes") or [])
        patterns.extend(data.get("patterns") or [])
        strip.extend(data.get("strip") or [])
        end.extend(data.get("end") or [])
        for k in ("max_prefix_line", "repeat_min", "repeat_max_line"):
            if k in data:
                numbers[k] = int(data[k])
    return Rules(
        lines=frozenset(lines), prefixes=tuple(p for p in prefixes if p),
        patterns=_alternation(patterns), strip=tuple(re.compile(r) for r in strip), end=_alternation(end),
        strip_needs=tuple(required_literal(r) for r in strip),
        max_prefix_line=numbers.get("max_prefix_line", 60), repeat_min=numbers.get("repeat_min", 3),
        repeat_max_line=numbers.get("repeat_max_line", 120),
        max_key=max([numbers.get("max_prefix_line", 60), *map(len, lines)]),
    )


def is_boilerplate(line: str, rules: Rules | None = None) -> bool:
    """True when one stripped line is chrome by the exact, prefix or pattern rules."""
    rules = rules or load_rules()
    if len(line) > _PATTERN_MAX_LINE:  # every rule describes a short chrome line
        return False
    core, single = _core(line)
    if not (single and len(core) > rules.max_key):  # else no exact or prefix rule can match
        k = (core if single else " ".join(core.split())).casefold()
        if not k or k in rules.lines:
            return True
        if len(k) <= rules.max_prefix_line and k.startswith(rules.prefixes):
            return True
    return bool(rules.patterns and rules.patterns.fullmatch(line.strip()))


def split_lines(text: str) -> list[str]:
    """Non-empty, trimmed lines of ``text`` (every kind of line break counts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return [s for s in (ln.strip() for ln in text.split("\n")) if s]


def clean_lines(lines: list[str], rules: Rules | None = None) -> list[str]:
    """Drop boilerplate from trimmed lines, in order: strip, end mark, repeats, line rules."""
    rules = rules or load_rules()
    joined = None
    for rx, needs in zip(rules.strip, rules.strip_needs or (None,) * len(rules.strip)):
        if needs is not None:
            joined = "\n".join(lines) if joined is None else joined
            if needs not in joined:
                continue  # no line can hold a match
        joined = None
        lines = [s for s in (rx.sub(" ", ln).strip(_SEPARATORS) if rx.search(ln) else ln for ln in lines) if s]
    if rules.end is not None:
        total = sum(map(len, lines))
        seen = 0
        for i, ln in enumerate(lines):
            if seen >= total / 2 and len(ln) <= _PATTERN_MAX_LINE and rules.end.fullmatch(ln):
                lines = lines[:i]
                break
            seen += len(ln)
    repeated: set[str] | tuple[()] = ()
    if len(lines) - len(set(lines)) >= rules.repeat_min - 1:  # else no line occurs repeat_min times
        counts = Counter(ln for ln in lines if len(ln) <= rules.repeat_max_line)
        repeated = {ln for ln, n in counts.items() if n >= rules.repeat_min}
    return [ln for ln in lines if ln not in repeated and not is_boilerplate(ln, rules)]
