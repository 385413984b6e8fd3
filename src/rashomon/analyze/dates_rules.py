"""The resolution rules: one normalised expression → a :class:`Resolution`.

Rules are tried in order (:data:`RULES`); the first that recognises the
whole expression wins.  Parts ("late", "the end of") are peeled off first
and applied to what the rest resolves to.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from rashomon.analyze.dates_calendar import (
    UNIT_DAYS,
    Resolution,
    century_of,
    date_parser,
    day_of,
    decade_of,
    duration_value,
    month_of,
    month_range,
    offset,
    parse_number,
    quarter_of,
    season_of,
    unit_name,
    year_of,
)
from rashomon.analyze.dates_grammar import MONTHS, ORDINALS, PARTS_OF_DAY, SEASONS, VAGUE_NUMBERS, WEEKDAYS

logger = logging.getLogger(__name__)

# -- the rules ---------------------------------------------------------------------------------------

_LEADING_PREP = re.compile(
    r"^(?:in|on|at|during|by|until|till|through|from|of|around|about|as\s+of|starting|within|over)\s+"
)
_PART = re.compile(
    r"^(?:the\s+)?(?:very\s+)?(early|mid|late|middle\s+of|start\s+of|beginning\s+of|end\s+of|turn\s+of"
    r"|first\s+half\s+of|second\s+half\s+of)[-\s]+(?:the\s+)?(.+)$"
)
_PART_NAME = {"early": "early", "start of": "early", "beginning of": "early", "turn of": "early",
              "mid": "mid", "middle of": "mid", "late": "late", "end of": "late",
              "first half of": "h1", "second half of": "h2"}  # fmt: skip
REF_WORDS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "right now": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "the past": "PAST_REF", "recently": "PAST_REF",
    "at the time": "PAST_REF", "previously": "PAST_REF", "the future": "FUTURE_REF",
}  # fmt: skip
_DAY_WORDS = {
    "today": (0, None), "tonight": (0, "night"), "yesterday": (-1, None), "tomorrow": (1, None),
    "overnight": (0, "night"), "the day before yesterday": (-2, None), "the day after tomorrow": (2, None),
    "the day before": (-1, None), "the previous day": (-1, None), "the day earlier": (-1, None),
    "the next day": (1, None), "the following day": (1, None), "the day after": (1, None),
    "last night": (-1, "night"), "the previous night": (-1, "night"), "the next morning": (1, "morning"),
    "the following morning": (1, "morning"), "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"), "this evening": (0, "evening"), "the previous morning": (-1, "morning"),
}  # fmt: skip
_NUM_RX = r"(\d+(?:\.\d+)?|[a-z]+(?:[- ][a-z]+)?)"
_UNIT_RX = r"(seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries)"
_SEASON_RX = "(spring|summer|autumn|fall|winter)"
_MONTH_RX = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RX = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(s)?"
_YEAR_REF_RX = r"(\d{4}|last year|this year|next year|the year)"
_CLOCK = re.compile(r"^(?:(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?|(\d{1,2})\s+o'clock|(noon|midnight))$")
_ZONE = re.compile(r"(?<=[\dm.nt])\s+(?:gmt|utc|bst|est|edt|cst|cdt|pst|pdt|cet|cest|msk|et|pt|local time|[a-z]+ time)\b")
_EXPLICIT = re.compile(r"\d|\b(?:" + "|".join(MONTHS) + r")\b")
_HAS_YEAR = re.compile(r"\b\d{4}\b|'\d{2}\b|\d{1,2}[./]\d{1,2}[./]\d{2}\b")


def _year_named(ref: str | None, anchor: date | None) -> tuple[int | None, str | None]:
    """The year named by "2013", "last year"...; (anchor year, "past") if none."""
    if ref is None or ref == "the year":
        return (anchor.year if anchor else None), "past"
    if ref.isdigit():
        return int(ref), None
    if anchor is None:
        return None, None
    return anchor.year + {"last year": -1, "this year": 0, "next year": 1}[ref], None


def _rule_ref(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    if s not in REF_WORDS:
        return None
    value = REF_WORDS[s]
    day = anchor if value == "PRESENT_REF" else None
    return Resolution(day, day, "ref", value)


def _rule_day_word(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    if s not in _DAY_WORDS:
        return None
    n, tod = _DAY_WORDS[s]
    if anchor is None:
        return Resolution(None, None, "day", None, "TIME" if tod in PARTS_OF_DAY else "DATE", tod)
    return day_of(anchor + timedelta(days=n), tod)


def _rule_weekday(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(rf"(?:(last|next|this|past|coming)\s+)?{_WEEKDAY_RX}(?:\s+(morning|afternoon|evening|night))?", s)
    if not m:
        return None
    rel, name, plural, tod = m.groups()
    wd = WEEKDAYS[name]
    if plural:
        return Resolution(None, None, "day", f"XXXX-WXX-{wd + 1}", "SET", tod)
    if anchor is None:
        return Resolution(None, None, "day", None, "TIME" if tod else "DATE", tod)
    back = (anchor.weekday() - wd) % 7
    ahead = (wd - anchor.weekday()) % 7
    if rel in ("last", "past"):
        d = anchor - timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        d = anchor + timedelta(days=ahead or 7)
    elif rel == "this":
        d = anchor - timedelta(days=anchor.weekday()) + timedelta(days=wd)
    elif tense == "future":
        d = anchor + timedelta(days=ahead)
    else:  # news default: the most recent such day, today included
        d = anchor - timedelta(days=back)
    return day_of(d, tod)


def _rule_relative_unit(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(
        rf"(?:the\s+)?(?:(last|next|this|past|coming|previous|current|same)\s+)?(?:fiscal\s+)?"
        rf"(week|weekend|month|quarter|year|decade|century|{_SEASON_RX[1:-1]})",
        s,
    )
    if not m:
        return None
    rel, unit = m.groups()
    bare = rel is None
    if bare and not s.startswith("the") and unit not in ("year", "month", "week"):
        return None
    if anchor is None:
        return Resolution(None, None, unit, None)
    n = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(rel or "", 0)
    if unit in SEASONS:
        return _relative_season(anchor, SEASONS[unit], n)
    if unit == "weekend":
        saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5 + 7 * n)
        iso = saturday.isocalendar()
        return Resolution(saturday, saturday + timedelta(days=1), "weekend", f"{iso[0]}-W{iso[1]:02d}-WE")
    r = offset(anchor, n, unit)
    return replace(r, floating="tense" if bare and unit == "year" else None)


def _relative_season(anchor: date, code: str, n: int) -> Resolution:
    options = [season_of(y, code) for y in range(anchor.year - 2, anchor.year + 2)]
    if n < 0:
        return [o for o in options if o.last is not None and o.last < anchor][-1]
    if n > 0:
        return [o for o in options if o.first is not None and o.first > anchor][0]
    for o in options:
        if o.first and o.last and o.first <= anchor <= o.last:
            return o
    return season_of(anchor.year, code)


def _rule_ago(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(rf"{_NUM_RX}[-\s]+{_UNIT_RX}\s+(ago|earlier|before|back|later|after|from now|hence)", s)
    if not m:
        return None
    count, unit_word, direction = m.groups()
    n = parse_number(count)
    if n is None and count not in VAGUE_NUMBERS:
        return None
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    unit = unit_name(unit_word)
    if n is None:
        return Resolution(None, None, unit, "PAST_REF" if sign < 0 else "FUTURE_REF")
    if anchor is None:
        return Resolution(None, None, unit, None)
    return offset(anchor, sign * n, unit)


def _rule_duration(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(
        rf"(?:the\s+)?(?:(past|last|next|first|coming|previous)\s+)?"
        rf"(?:(?:more than|over|about|nearly|almost|around|at least|less than|up to)\s+)?"
        rf"(?:{_NUM_RX}[-\s]+)?{_UNIT_RX}(?:\s+long)?",
        s,
    )
    if not m:
        return None
    rel, count, unit_word = m.groups()
    unit = unit_name(unit_word)
    if count is None:  # "the past week" reads as a period ending now
        if rel not in ("past", "last", "next", "coming", "previous") or not s.startswith("the"):
            return None
        n: int | None = 1
    else:
        n = parse_number(count)
        if n is None and count not in VAGUE_NUMBERS:
            return None
    value = duration_value(n, unit)
    first = last = None
    if anchor is not None and n is not None and rel in ("past", "last", "next", "coming", "previous"):
        span = timedelta(days=round(n * UNIT_DAYS.get(unit, 0)))
        first, last = (anchor, anchor + span) if rel in ("next", "coming") else (anchor - span, anchor)
    return Resolution(first, last, unit, value, "DURATION")


def _rule_set(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    simple = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "nightly": "P1D", "hourly": "PT1H"}  # fmt: skip
    if s in simple:
        return Resolution(None, None, "set", simple[s], "SET")
    m = re.fullmatch(r"(?:every|each)\s+(other\s+)?(?:(\S+)\s+)?(\S+)", s)
    if not m:
        return None
    other, count, what = m.groups()
    if what in PARTS_OF_DAY:
        return Resolution(None, None, "set", f"XXXX-XX-XXT{PARTS_OF_DAY[what]}", "SET", what)
    if what in WEEKDAYS:
        return Resolution(None, None, "set", f"XXXX-WXX-{WEEKDAYS[what] + 1}", "SET")
    if what in SEASONS or what == "season":
        return Resolution(None, None, "set", "P1Y" if what in SEASONS else "P3M", "SET")
    if not re.fullmatch(_UNIT_RX, what):
        return None
    n = (parse_number(count) if count else 1) or 1
    return Resolution(None, None, "set", duration_value(n * (2 if other else 1), unit_name(what)), "SET")


def _rule_month(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(rf"(?:(last|next|this|past)\s+)?{_MONTH_RX}(?:\s*,?\s+(?:of\s+)?{_YEAR_REF_RX})?", s)
    if not m:
        return None
    rel, name, year_ref = m.groups()
    month = MONTHS[name]
    year, floating = _year_named(year_ref, anchor)
    if year is None or anchor is None and floating:
        return Resolution(None, None, "month", f"XXXX-{month:02d}")
    if rel and anchor is not None and year_ref is None:
        if rel in ("last", "past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif rel == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
        floating = None
    return month_of(year, month, floating)


def _rule_season(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(rf"{_SEASON_RX}(?:\s*,?\s+(?:of\s+)?{_YEAR_REF_RX})?", s)
    if not m:
        return None
    name, year_ref = m.groups()
    year, floating = _year_named(year_ref, anchor)
    if year is None:
        return Resolution(None, None, "season", f"XXXX-{SEASONS[name]}")
    return season_of(year, SEASONS[name], floating)


def _rule_quarter(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(
        rf"(?:the\s+)?(first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?(quarter|half)"
        rf"(?:\s+of\s+{_YEAR_REF_RX})?",
        s,
    ) or re.fullmatch(r"(q)([1-4])(?:\s+(\d{4}))?", s)
    if not m:
        return None
    ordinal, what, year_ref = m.groups()
    if ordinal == "q":
        n, what = int(what), "quarter"
    else:
        n = ORDINALS.get(ordinal) or int(ordinal[0])
    year, floating = _year_named(year_ref, anchor)
    if year is None:
        return Resolution(None, None, what, None)
    if what == "half":
        if n > 2:
            return None
        first = date(year, 6 * n - 5, 1)
        return Resolution(first, month_range(year, 6 * n)[1], "half", f"{year:04d}-H{n}", floating=floating)
    return quarter_of(year, min(n, 4), floating)


def _rule_year(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(r"(?:the\s+year\s+|fiscal\s+(?:year\s+)?|fy\s*)?(\d{4})", s)
    if m and 1000 <= int(m.group(1)) <= 2200:
        return year_of(int(m.group(1)))
    m = re.fullmatch(r"'?(\d{2})", s)
    if m:  # "'58", the "58" of "1957-58": nearest century, not ten years past the anchor
        yy = int(m.group(1))
        pivot = (anchor.year if anchor else 2000) % 100 + 10
        return year_of((1900 if yy > pivot else 2000) + yy)
    m = re.fullmatch(r"(?:the\s+)?(\d{3})0s|(?:the\s+)?'?(\d)0s", s)
    if m:
        if m.group(1):
            return decade_of(int(m.group(1)) * 10)
        d = int(m.group(2)) * 10
        pivot = (anchor.year if anchor else 2000) % 100
        return decade_of((1900 if d > pivot else 2000) + d)
    m = re.fullmatch(r"(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)|([a-z]+(?:-[a-z]+)?))\s+century", s)
    if m:
        n = int(m.group(1)) if m.group(1) else ORDINALS.get(m.group(2) or "")
        if n and m.group(2) not in ("final", "last"):
            return century_of(n)
    return None


def _rule_clock(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    m = re.fullmatch(
        r"(.+?)\s*,?\s+(?:at\s+)?(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight|\d{1,2} o'clock)"
        r"|(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight|\d{1,2} o'clock)(?:\s*,?\s+(?:on\s+)?(.+))?",
        _ZONE.sub("", s) if re.search(r"\d|noon|midnight", s) else s,
    )
    if not m:
        return None
    day_text, clock_text = (m.group(1), m.group(2)) if m.group(2) else (m.group(4), m.group(3))
    hhmm = _clock(clock_text)
    if hhmm is None:
        return None
    day = resolve(day_text, anchor, tense) if day_text else None
    if day_text and (day is None or day.granularity != "day"):
        return None
    d = day.first if day else anchor
    value = f"{d.isoformat()}T{hhmm}" if d else f"XXXX-XX-XXT{hhmm}"
    return Resolution(d, d, "day", value, "TIME", hhmm)


def _clock(text: str) -> str | None:
    m = _CLOCK.fullmatch(text.strip())
    if not m:
        return None
    hour_s, minute_s, ampm, oclock, word = m.groups()
    if word:
        return "12:00" if word == "noon" else "00:00"
    if oclock:
        hour, minute = int(oclock), 0
    else:
        if not minute_s and not ampm:
            return None  # a bare number is not a time
        hour, minute = int(hour_s), int(minute_s or 0)
    if ampm and not 1 <= hour <= 12:
        return None  # "13 p.m." is not a time
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_MONTHS = {m: i + 1 for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec"))) for m in names}
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_FAST_FORMS = [re.compile(p, re.I) for p in (
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})",
    r"(?:[A-Za-z]+day,?\s+)?" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?",
    r"(?:[A-Za-z]+day,?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?:,?\s+(?P<y>\d{4}))?",
    _MON + r",?\s+(?P<y>\d{4})",
)]


def _fast_explicit(s: str) -> tuple[date, str] | None:
    """The common explicit formats without dateparser (whose first use costs ~0.8 s).

    Same result as dateparser for these forms; a year left out is filled with 2000 here and
    chosen by the caller, as for dateparser's output.  Anything else returns None.
    """
    text = s.strip()
    for rx in _FAST_FORMS:
        m = rx.fullmatch(text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else _MONTHS.get((g.get("mon") or "").lower())
        if not month:
            return None
        year = int(g["y"]) if g.get("y") else 2000
        try:
            if g.get("d"):
                return date(year, month, int(g["d"])), "day"
            return date(year, month, 1), "month"
        except ValueError:
            return None
    return None


def _rule_explicit(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    """Explicit dates in any format dateparser knows; the year chosen here if absent."""
    if not _EXPLICIT.search(s):
        return None
    fast = _fast_explicit(s)
    if fast is not None:
        parsed, period = fast
    else:
        order = "DMY" if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", s) else "MDY"
        try:
            data = date_parser(order).get_date_data(re.sub(r"^the\s+", "", s))
        except (ValueError, OverflowError) as exc:  # dateparser raises on odd input
            logger.debug("dateparser failed on %r: %s", s, exc)
            return None
        if data is None or data.date_obj is None:
            return None
        parsed = data.date_obj.date()
        period = data.period or "day"
    if _HAS_YEAR.search(s):
        if period == "year":
            return year_of(parsed.year)
        if period == "month":
            return month_of(parsed.year, parsed.month)
        return day_of(parsed)
    if period != "day":
        return None
    if anchor is None:
        return Resolution(None, None, "day", f"XXXX-{parsed.month:02d}-{parsed.day:02d}")
    # No year written: the occurrence nearest the anchor.  Tense is not used
    # for full dates: "will begin on April 7, the FAA said" has both cues.
    best: date | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = parsed.replace(year=y)
        except ValueError:
            continue
        if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
            best = cand
    return day_of(best) if best else None


_RULES: tuple[Callable[[str, date | None, str | None], Resolution | None], ...] = (
    _rule_ref,
    _rule_day_word,
    _rule_weekday,
    _rule_relative_unit,
    _rule_ago,
    _rule_set,
    _rule_month,
    _rule_season,
    _rule_quarter,
    _rule_year,
    _rule_duration,
    _rule_clock,
    _rule_explicit,
)

# -- parts: "late March", "early 2011", "the end of the year" --------------------------------------------


def _apply_part(r: Resolution, part: str) -> Resolution:
    if r.first is None or r.last is None or r.kind != "DATE":
        return replace(r, granularity=f"{r.granularity}-part")
    first, last = r.first, r.last
    if r.granularity == "day":
        return replace(r, time_of_day=part)
    if r.granularity == "month":
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day), "h1": (1, 15), "h2": (16, last.day)}
        lo, hi = bounds[part]
        return replace(r, first=first.replace(day=lo), last=first.replace(day=hi), granularity="month-part")
    if r.granularity == "year":
        if part in ("h1", "h2"):
            h = 1 if part == "h1" else 2
            lo_m = 6 * h - 5
            return Resolution(date(first.year, lo_m, 1), month_range(first.year, lo_m + 5)[1], "half",
                        f"{first.year:04d}-H{h}", floating=r.floating)  # fmt: skip
        lo_m, hi_m = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return replace(r, first=date(first.year, lo_m, 1), last=month_range(first.year, hi_m)[1],
                       granularity="year-part")  # fmt: skip
    if r.granularity == "decade":
        lo_y, hi_y = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4), "h2": (5, 9)}[part]
        return replace(r, first=date(first.year + lo_y, 1, 1), last=date(first.year + hi_y, 12, 31),
                       granularity="decade-part")  # fmt: skip
    # weeks, quarters, seasons, centuries: thirds (or halves) of the days
    days = (last - first).days + 1
    cuts = {"early": (0, days // 3), "mid": (days // 3, 2 * days // 3), "late": (2 * days // 3, days),
            "h1": (0, days // 2), "h2": (days // 2, days)}[part]  # fmt: skip
    return replace(r, first=first + timedelta(days=cuts[0]), last=first + timedelta(days=cuts[1] - 1),
                   granularity=f"{r.granularity}-part")  # fmt: skip


def normalise(text: str) -> str:
    s = text.strip().lower().replace("’", "'").replace("–", "-")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"'s?$", "", s)
    s = s.strip(" ,;:")
    while True:
        stripped = _LEADING_PREP.sub("", s)
        if stripped == s:
            return s
        s = stripped


def resolve(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    """Resolve a normalised expression, parts included, before tense shifting."""
    m = _PART.fullmatch(s)
    if m:
        base = _resolve_base(m.group(2), anchor, tense)
        return _apply_part(base, _PART_NAME[re.sub(r"\s+", " ", m.group(1))]) if base else None
    return _resolve_base(s, anchor, tense)


def _resolve_base(s: str, anchor: date | None, tense: str | None) -> Resolution | None:
    for rule in _RULES:
        r = rule(s, anchor, tense)
        if r is not None:
            return r
    return None
