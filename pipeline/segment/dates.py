"""Dates in memo headers: the first date of a value as ISO 8601, and lines that hold only a date."""

from __future__ import annotations

import re
from datetime import date

# Month names are English grammar rather than domain knowledge, so they stay in code.
_MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")),
    ("num", re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)")),
    ("dmy", re.compile(rf"(?<![\w])(\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+({_MONTH})[\s,-]+(\d{{4}})(?!\d)", re.I)),
    ("mdy", re.compile(rf"(?<![\w])({_MONTH})\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})(?!\d)", re.I)),
)
# Weekday names, clock times and time-zone abbreviations may surround a date on a date-only line.
_DATE_LINE_NOISE = re.compile(
    r"(?i:\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\b\.?)"
    r"|(?i:\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)|\b[A-Z]{2,5}\b|[\s,.;|/()\-–—]"
)
def parse_date(value: str) -> tuple[str | None, str | None]:
    """(ISO date or None, raw date text) for the first date in a value; day-first unless unambiguous."""
    found = _find_date(value)
    return (None, value.strip() or None) if found is None else (found[1], found[0].group(0))


def is_date_line(line: str) -> bool:
    """True for a line that is only a date, maybe with weekday and time ('Tuesday, 24 May 2023 10:00 CET')."""
    found = _find_date(line) if len(line) <= 80 else None
    if found is None:
        return False
    match = found[0]
    rest = line[: match.start()] + " " + line[match.end() :]
    return not _DATE_LINE_NOISE.sub("", rest)


def _find_date(value: str) -> tuple[re.Match[str], str | None] | None:
    """Earliest date-looking match in value with its ISO form (None when not a real date)."""
    found = [(m.start(), n, m, kind) for n, (kind, p) in enumerate(_DATE_PATTERNS) if (m := p.search(value))]
    if not found:
        return None
    _, _, match, kind = min(found, key=lambda f: f[:2])
    return match, _to_iso(match, kind)


def _to_iso(match: re.Match[str], kind: str) -> str | None:
    """ISO 8601 text of a date match, or None when the numbers make no calendar date."""
    if kind == "ymd":
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    elif kind == "num":
        first, second, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
        # European issuers write day first; only a second number above 12 proves month-first.
        day, month = (second, first) if second > 12 and first <= 12 else (first, second)
    elif kind == "dmy":
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3].casefold()], int(match.group(3))
    else:
        month, day, year = _MONTHS[match.group(1)[:3].casefold()], int(match.group(2)), int(match.group(3))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    """Four-digit year from a two- or four-digit one."""
    year = int(text)
    return year if len(text) != 2 else (2000 + year if year < 70 else 1900 + year)
