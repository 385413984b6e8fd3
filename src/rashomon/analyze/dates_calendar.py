"""Calendar arithmetic and the dateparser singleton behind :mod:`.dates`.

A :class:`Resolution` is what a rule in :mod:`.dates_rules` returns: the
interval, granularity and TimeML-style value before it becomes a
:class:`~rashomon.models.TimeExpr`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from rashomon.analyze.dates_grammar import NUMBER_WORDS, PARTS_OF_DAY


@dataclass(frozen=True)
class Resolution:
    first: date | None
    last: date | None
    granularity: str
    value: str | None
    kind: str = "DATE"
    time_of_day: str | None = None
    # Year not written: "past" = may move a year with the tense, news default
    # past ("in December"); "tense" = only when the tense says so ("the end
    # of the year" is as often ahead as behind).
    floating: str | None = None


# -- dateparser, built once ---------------------------------------------------------------------------


@lru_cache(maxsize=2)
def date_parser(order: str) -> Any:
    """One DateDataParser per date order; construction is the slow part."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": order,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
            # A leap year, so that a yearless "Feb. 29" parses; the real year
            # is chosen here from the anchor.
            "RELATIVE_BASE": datetime(2000, 1, 1),
        },
    )


# -- small calendar helpers ----------------------------------------------------------------------------


def month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def week_of(d: date, grain: str = "week") -> Resolution:
    monday = d - timedelta(days=d.weekday())
    iso = monday.isocalendar()
    return Resolution(monday, monday + timedelta(days=6), grain, f"{iso[0]}-W{iso[1]:02d}")


def day_of(d: date, tod: str | None = None) -> Resolution:
    if tod in PARTS_OF_DAY:
        return Resolution(d, d, "day", f"{d.isoformat()}T{PARTS_OF_DAY[tod]}", "TIME", tod)
    return Resolution(d, d, "day", d.isoformat(), "DATE", tod)


def year_of(y: int, floating: str | None = None) -> Resolution:
    return Resolution(date(y, 1, 1), date(y, 12, 31), "year", f"{y:04d}", floating=floating)


def month_of(y: int, m: int, floating: str | None = None) -> Resolution:
    first, last = month_range(y, m)
    return Resolution(first, last, "month", f"{y:04d}-{m:02d}", floating=floating)


def season_of(y: int, code: str, floating: str | None = None) -> Resolution:
    # Meteorological seasons, northern hemisphere; winter Y runs Dec Y-Feb Y+1.
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    first = date(y, start, 1)
    ly, lm = add_months(y, start, 2)
    return Resolution(first, month_range(ly, lm)[1], "season", f"{y:04d}-{code}", floating=floating)


def quarter_of(y: int, q: int, floating: str | None = None) -> Resolution:
    first = date(y, 3 * q - 2, 1)
    return Resolution(first, month_range(y, 3 * q)[1], "quarter", f"{y:04d}-Q{q}", floating=floating)


def decade_of(start_year: int) -> Resolution:
    return Resolution(date(start_year, 1, 1), date(start_year + 9, 12, 31), "decade", f"{start_year // 10:03d}")


def century_of(n: int) -> Resolution:
    # TimeML writes the 20th century as "19": years 1900-1999.
    lo = max(1, (n - 1) * 100)
    return Resolution(date(lo, 1, 1), date((n - 1) * 100 + 99, 12, 31), "century", f"{n - 1:02d}")


def shift_years(r: Resolution, n: int) -> Resolution:
    def move(d: date | None) -> date | None:
        if d is None:
            return None
        try:
            return d.replace(year=d.year + n)
        except ValueError:  # 29 February
            return d.replace(year=d.year + n, day=28)

    value = r.value
    if value and re.match(r"^\d{4}", value):
        value = f"{int(value[:4]) + n:04d}{value[4:]}"
    return replace(r, first=move(r.first), last=move(r.last), value=value)


def apply_tense(r: Resolution, anchor: date, tense: str | None, default: str | None) -> Resolution:
    """Move a yearless expression to the previous or next year by tense.

    "in December" in an April article is last December when told in the past
    tense (the news default) and this coming December in the future tense.
    """
    if not r.floating or r.first is None or r.last is None:
        return r
    direction = tense or (default if r.floating == "past" else None)
    if direction == "past" and r.first > anchor:
        return shift_years(r, -1)
    if direction == "future" and r.last < anchor:
        return shift_years(r, 1)
    return r


def parse_number(word: str) -> int | None:
    word = word.lower().replace("-", " ")
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return int(float(word))
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None  # vague: several, a few


UNIT_CODE = {
    "second": ("PT", "S", 1), "minute": ("PT", "M", 1), "hour": ("PT", "H", 1), "day": ("P", "D", 1),
    "night": ("P", "D", 1), "week": ("P", "W", 1), "weekend": ("P", "WE", 1), "fortnight": ("P", "W", 2),
    "month": ("P", "M", 1), "quarter": ("P", "Q", 1), "year": ("P", "Y", 1), "decade": ("P", "Y", 10),
    "century": ("P", "Y", 100), "season": ("P", "M", 3),
}  # fmt: skip
UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "weekend": 7, "fortnight": 14, "month": 30.44,
              "quarter": 91.3, "year": 365.25, "decade": 3652.5, "century": 36525}  # fmt: skip


def unit_name(word: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") else word


def duration_value(n: int | None, unit: str) -> str:
    prefix, code, mult = UNIT_CODE[unit]
    return f"{prefix}{'X' if n is None else n * mult}{code}"


def offset(anchor: date, n: int, unit: str) -> Resolution:
    """The calendar unit ``n`` units away from the anchor ("two weeks ago")."""
    if unit in ("day", "night"):
        return day_of(anchor + timedelta(days=n))
    if unit in ("week", "weekend", "fortnight"):
        return week_of(anchor + timedelta(days=7 * n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        return month_of(*add_months(anchor.year, anchor.month, n))
    if unit == "quarter":
        y, m = add_months(anchor.year, anchor.month, 3 * n)
        return quarter_of(y, (m - 1) // 3 + 1)
    if unit == "year":
        return year_of(anchor.year + n)
    if unit == "decade":
        return decade_of((anchor.year + 10 * n) // 10 * 10)
    if unit == "century":
        return century_of((anchor.year + 100 * n) // 100 + 1)
    return day_of(anchor)  # hours, minutes, seconds: still today
