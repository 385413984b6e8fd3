"""Temporal expressions: find them in article text and resolve them to days.

Every expression becomes a :class:`~rashomon.models.TimeExpr`: a closed
interval of calendar days ``[first, last]`` plus a TimeML-style ``value``
("2023-12", "2024-04-10", "2024-W15", "P3D", "PRESENT_REF"), so that two
articles' "signed last December" (article of 2024-04-13) and "agreed in
January" (article of 2024-04-12) can be compared as 2023-12 vs 2024-01.

How it works:

* detection is a compiled regex grammar (:mod:`.dates_grammar`); spaCy's
  DATE/TIME entities may be passed as ``hints`` and add whatever the grammar
  missed, but nothing depends on them;
* explicit dates in any common format go to dateparser 1.5 (pinned), built
  once per date order and restricted to English;
* everything dateparser gets wrong or ignores (bare months, "last
  December", "late Thursday", "early 2011", "two weeks ago", weeks,
  quarters, seasons, decades, durations, sets) is resolved against the
  article's publication date (the *anchor*) by the rules in
  :mod:`.dates_rules`, on the calendar helpers of :mod:`.dates_calendar`.

Relative expressions that really refer to another time in the text ("the
day before", "a week earlier") are resolved against the anchor: the best
guess available without discourse tracking.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from rashomon.analyze.dates_calendar import UNIT_CODE, Resolution, apply_tense, duration_value
from rashomon.analyze.dates_grammar import find_candidates, guess_tense
from rashomon.analyze.dates_rules import REF_WORDS, normalise, resolve
from rashomon.models import TimeExpr

__all__ = ["STAGE_VERSION", "find_time_expressions", "guess_tense", "resolve_time_expression"]

# Bump when resolution behaviour changes, so stored results say what produced them.
STAGE_VERSION = "rashomon.dates.v1"

logger = logging.getLogger(__name__)

_HINT_LABELS = {"DATE", "TIME"}
# spaCy tags ages and counts ("65", "48") as DATE; real years come from the grammar.
_BARE_NUMBER = re.compile(r"'?\d{1,2}")


def resolve_time_expression(text: str, anchor: date | None, *, tense: str | None = None) -> TimeExpr | None:
    """Resolve one expression against the publication date ``anchor``.

    ``tense`` ("past"/"future"), from the governing verb, steers bare
    weekdays, months, seasons and quarters; without it, news prose is assumed
    to look back.  Returns None when ``text`` is not a temporal expression;
    relative expressions without an anchor come back with ``first``/``last``
    None.
    """
    s = normalise(text)
    if not s:
        return None
    bare = re.sub(r"\s+", " ", text.strip().lower())
    if bare in REF_WORDS:  # before prepositions go: "at the time" is not "the time"
        s = bare
    since = s.startswith("since ")
    if since:
        s = normalise(s[len("since ") :])
    is_for = s.startswith("for ")
    if is_for:
        s = s[len("for ") :]
    try:
        r = resolve(s, anchor, tense)
    except (ValueError, OverflowError) as exc:  # "9999 years ago": outside datetime's calendar
        logger.debug("cannot resolve %r: %s", text, exc)
        return None
    if r is None:
        return None
    if anchor is not None:
        r = apply_tense(r, anchor, tense, default="past")
    if is_for and r.kind == "DATE" and r.value and r.granularity in UNIT_CODE:
        r = Resolution(None, None, r.granularity, duration_value(1, r.granularity), "DURATION")
    if since and anchor is not None and r.first is not None and r.first <= anchor:
        r = replace(r, last=anchor)  # "since the start of the month": up to now
    return TimeExpr(
        sentence=-1,
        start=0,
        end=len(text),
        text=text,
        first=r.first,
        last=r.last,
        granularity=r.granularity,
        value=r.value,
        kind=r.kind,
        time_of_day=r.time_of_day,
    )


def find_time_expressions(
    text: str, anchor: date | None, hints: Sequence[tuple[int, int, str]] = ()
) -> list[TimeExpr]:
    """Find and resolve every temporal expression in ``text``.

    Detection is the regex grammar; ``hints`` (spaCy DATE/TIME entity spans,
    character offsets) only add expressions the grammar missed, so results
    without spaCy are the same apart from those.  Offsets are into ``text``;
    ``sentence`` is -1 for the caller to fill in.
    """
    if not text:
        return []
    found: list[TimeExpr] = []
    for cand in find_candidates(text):
        expr = _resolve_span(text, cand.start, cand.end, anchor)
        if expr is not None:
            found.append(expr)
    for start, end, label in hints:
        if label not in _HINT_LABELS or not 0 <= start < end <= len(text):
            continue
        if any(start < f.end and f.start < end for f in found) or _BARE_NUMBER.fullmatch(text[start:end].strip()):
            continue
        expr = _resolve_span(text, start, end, anchor)
        if expr is not None and expr.value is not None:
            found.append(expr)
    found.sort(key=lambda t: t.start)
    return found


def _resolve_span(text: str, start: int, end: int, anchor: date | None) -> TimeExpr | None:
    span = text[start:end]
    expr = resolve_time_expression(span, anchor, tense=guess_tense(text, start, end))
    if expr is None:
        logger.debug("no resolution for %r", span)
        return None
    return replace(expr, start=start, end=end, text=span)
