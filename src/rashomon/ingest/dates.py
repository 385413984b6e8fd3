"""Publication dates as news copy writes them, turned into ISO strings.

Only the shapes that appear in mastheads, bylines and datelines are handled
(``April 12, 2024``, ``Monday, 24 March 2025``, ``13.04.2024``, ISO stamps,
with an optional time right after the date).  Dates *inside* the story are
the analysis stage's business; here a wrong guess would set the reference
date of every relative expression in the article, so the patterns are kept
strict on purpose instead of calling a permissive parser such as dateparser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A time written right after the date: ", 14:20", " at 7:10 a.m.", " 18:00".
_TIME = (r"(?:[ \t]*(?:,|at|·|-|–)?[ \t]*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})"
         r"[ \t]*(?P<ampm>a\.?m\.?|p\.?m\.?|AM|PM)?(?![\d]))?")

_ISO_RX = re.compile(
    r"(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)"
    r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d\d:?\d\d)?)?"
)
_DMY_DOTS_RX = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?![\d])")
_DMY_RX = re.compile(_WEEKDAY + r"?" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)" + _TIME, re.I)
_MDY_RX = re.compile(_WEEKDAY + r"?" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)" + _TIME, re.I)
# Wire datelines often omit the year: "NIAMEY, April 12 (AFP) -".
_MD_RX = re.compile(_MONTH + r"\s+" + _DAY + r"(?![\d,]*\s*(?:19|20)\d\d)", re.I)
_DM_RX = re.compile(_DAY + r"\s+" + _MONTH + r"(?!\s*,?\s*(?:19|20)\d\d)", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a line: where it is and what it means."""

    start: int
    end: int
    iso: str  # YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time follows the date


def _build(year: int, month: int, day: int, hour: str | None, minute: str | None,
           ampm: str | None) -> str | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if hour is None or minute is None:
        return d.isoformat()
    h, m = int(hour), int(minute)
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= h <= 12:
            return d.isoformat()
        h = (h % 12) + (12 if pm else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return d.isoformat()
    return datetime(d.year, d.month, d.day, h, m).isoformat(timespec="minutes")


def find_date(text: str) -> DateMatch | None:
    """The first full date (with year) in ``text``, or None."""
    best: DateMatch | None = None
    for rx in (_ISO_RX, _DMY_DOTS_RX, _DMY_RX, _MDY_RX):
        for m in rx.finditer(text):
            g = m.groupdict()
            month_raw = g["month"]
            month = int(month_raw) if month_raw.isdigit() else MONTHS[month_raw.lower().rstrip(".")]
            if rx is _ISO_RX and g.get("hour"):
                iso = parse_iso(m.group(0))
            else:
                iso = _build(int(g["year"]), month, int(g["day"]), g.get("hour"), g.get("minute"),
                             g.get("ampm"))
            if iso is None:
                continue
            if best is None or m.start() < best.start:
                best = DateMatch(m.start(), m.end(), iso)
            break
    return best


def find_partial_date(text: str) -> tuple[int, int, int, int] | None:
    """A day and month without a year: (start, end, month, day), or None."""
    for rx in (_MD_RX, _DM_RX):
        m = rx.search(text)
        if m:
            month = MONTHS[m.group("month").lower().rstrip(".")]
            return m.start(), m.end(), month, int(m.group("day"))
    return None


def parse_iso(value: str) -> str | None:
    """Normalise an ISO-ish timestamp from metadata; keep the time when one is given."""
    value = value.strip()
    m = _ISO_RX.match(value)
    if not m:
        found = find_date(value)
        return found.iso if found else None
    try:
        d = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None
    if not m.group("hour"):
        return d.isoformat()
    stamp = m.group(0).replace(" ", "T")
    if stamp.endswith("Z"):
        stamp = stamp[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(stamp).isoformat()
    except ValueError:
        return d.isoformat()
