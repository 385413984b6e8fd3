"""When do two values conflict?  Only when no reading of both can be true.

Quantities are intervals already (hedges and bounds applied by the
quantities stage); dates are day intervals resolved against each article's
own publication date.  Everything here is a pure function of two values so
it can be tested value by value.
"""

from __future__ import annotations

import re

from rashomon.models import Quantity, TimeExpr

# An exact figure in one report and an exact figure in another conflict only
# when they differ by more than this relative margin: rounding in copy
# ("1.2 million" for 1,180,000) is common.  0.02 = the largest rounding error
# of a number written with two significant figures above 50.
ROUNDING_MARGIN = 0.02
# Minutes two clock times may differ and still be one report ("about 2:30" vs "2:40").
CLOCK_TOLERANCE_MIN = 30

_OPEN_BEFORE = re.compile(
    r"(?:since|until|till|after|before|by|from|through|between|as of|up to|within|over|during the past)\s*$",
    re.I,
)
# A clock time given in a named zone: "03:42 UTC", "22:00 Dushanbe time", "4:17 a.m. EST",
# "local time".  Case matters: "night" must not read as a zone abbreviation.
_ZONE = re.compile(r"\b(?:UTC|GMT|[A-Z]{1,4}T)\b|\b(?:[A-Z][a-z]+|[Ll]ocal) time\b")


def quantities_conflict(a: Quantity, b: Quantity) -> bool:
    """Intervals that cannot both hold, with a rounding margin for exact figures."""
    if a.is_update or b.is_update:
        return False
    if (a.unit or None) != (b.unit or None) or (a.currency or None) != (b.currency or None):
        return False
    lo_a, hi_a, lo_b, hi_b = a.low, a.high, b.low, b.high
    margin = ROUNDING_MARGIN * max(abs(hi_a), abs(hi_b), 1.0)
    if (a.approx in (None, "exact")) and (b.approx in (None, "exact")):
        return abs(a.low - b.low) > margin and abs(a.high - b.high) > margin
    return hi_a + margin < lo_b or hi_b + margin < lo_a


_OPEN_START = re.compile(r"^(?:since|until|till|after|before|by|from|through|between|as of|up to|within)\b", re.I)


_RANGE_END = re.compile(r"\bfrom\b[^.]{0,40}\bto\s*$", re.I)


def time_is_open(context_before: str, text: str = "") -> bool:
    """A time introduced by since/until/after/before... bounds an event, it does not date it."""
    return bool(_OPEN_BEFORE.search(context_before[-25:]) or _OPEN_START.search(text.strip())
                or _RANGE_END.search(context_before[-60:]))


def _minutes(hhmm: str | None) -> int | None:
    if not hhmm:
        return None
    m = re.match(r"^(\d{1,2}):(\d{2})", hhmm)
    if not m:
        return None
    return int(m.group(1)) * 60 + int(m.group(2))


def clocks_conflict(a: TimeExpr, b: TimeExpr) -> bool:
    """Two clock times of one event (its day unknown on at least one side) that cannot agree."""
    ma, mb = _minutes(a.time_of_day), _minutes(b.time_of_day)
    if ma is None or mb is None:
        return False
    za, zb = _ZONE.search(a.text), _ZONE.search(b.text)
    if (za or zb) and not (za and zb and za.group(0).lower() == zb.group(0).lower()):
        return False
    diff = abs(ma - mb)
    return min(diff, 24 * 60 - diff) > CLOCK_TOLERANCE_MIN


def times_conflict(a: TimeExpr, b: TimeExpr, a_context: str = "", b_context: str = "") -> bool:
    """Two resolved DATE/TIME expressions that cannot name the same moment."""
    if a.kind not in ("DATE", "TIME") or b.kind not in ("DATE", "TIME"):
        return False
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return False
    if time_is_open(a_context, a.text) or time_is_open(b_context, b.text):
        return False
    if a.last < b.first or b.last < a.first:
        # the days differ; a clock time near midnight in another zone could still be one moment
        zoned = _ZONE.search(a.text) or _ZONE.search(b.text)
        if zoned and abs((a.first - b.first).days) <= 1:
            return False
        return True
    ma, mb = _minutes(a.time_of_day), _minutes(b.time_of_day)
    if ma is None or mb is None:
        return False
    if a.first != a.last or b.first != b.last or a.first != b.first:
        # clock times on unknown or different-width days: compare only when the day is one and the same
        if not (a.first == b.first and a.last == b.last):
            return False
    za, zb = _ZONE.search(a.text), _ZONE.search(b.text)
    if (za or zb) and not (za and zb and za.group(0).lower() == zb.group(0).lower()):
        return False  # "22:00 Dushanbe time" vs "23:00 local time" may be the same moment
    return abs(ma - mb) > CLOCK_TOLERANCE_MIN


def quantity_value(q: Quantity) -> dict:
    v: dict = {"low": _num(q.low), "high": _num(q.high)}
    if q.unit:
        v["unit"] = q.unit
    if q.currency:
        v["currency"] = q.currency
    if q.head:
        v["head"] = q.head
    return v


def time_value(t: TimeExpr) -> dict:
    v: dict = {"first": t.first.isoformat() if t.first else None,
               "last": t.last.isoformat() if t.last else None}
    if t.value:
        v["value"] = t.value
    if t.time_of_day:
        v["time"] = t.time_of_day
    return v


def _num(x: float):
    if x in (float("inf"), float("-inf")):
        return None
    return int(x) if float(x).is_integer() else round(x, 4)
