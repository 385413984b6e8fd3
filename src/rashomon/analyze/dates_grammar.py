"""Word tables and the compiled regex grammar that finds temporal expressions.

:mod:`rashomon.analyze.dates` resolves what this module finds.  Detection is
pure regex so that the slow part (dateparser) only ever sees short candidate
spans, never every token of an article.

Names (months, weekdays) must be capitalised: lower-case "may", "march" and
"sun" are verbs or nouns far more often than dates in news text.  Relative
words ("last year", "Yesterday") match in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
}  # fmt: skip
# Vague counts: the duration's unit is known but not its length ("PXY").
VAGUE_NUMBERS = ("several", "a few", "few", "some", "many", "dozens of", "hundreds of")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "final": 4, "last": 4,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?-i:(?:{_MONTH_FULL})\b|{_MONTH_ABBR}(?=[\s,]))"
WEEKDAY = r"(?-i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
_NUM_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_VAGUE = "|".join(re.escape(w) for w in VAGUE_NUMBERS)
NUM = rf"(?:\d+(?:\.\d+)?|(?:{_NUM_WORD})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|{_VAGUE})"
UNIT = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century|centuries)s?"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
AMPM = r"(?:[ap]\.?\s?m\b\.?)"
ZONE = (
    r"(?:\s+(?:(?-i:GMT|UTC|BST|EST|EDT|CST|CDT|PST|PDT|CET|CEST|MSK|ET|PT)\b|local\s+time"
    r"|(?-i:[A-Z][a-z]+)\s+time\b))"
)
CLOCK = (
    rf"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*{AMPM})?|(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s*{AMPM}"
    r"|(?:1[0-2]|0?[1-9])\s+o'clock|\bnoon\b|\bmidnight\b)"
)
REL = r"(?:last|next|this|past|coming|previous|current|same)"
ORD = r"(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"

# A number followed by a plural noun is a count ("2000 troops"), not a year.
# Singular nouns in -is/-us/-ss ("a 2009 analysis") and function words are kept.
_COUNTED = (
    r"\s+(?:people|men|women|children|(?!(?:was|has|as|this|its|his|always|whereas)\b)[a-z]*[a-hj-rtv-z]s)\b"
)

# Candidate patterns, each tagged with what it finds.  Overlaps are settled
# longest-first in :func:`find_candidates`, so order here does not matter.
_PATTERNS: list[tuple[str, str]] = [
    ("date", r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?\b"),
    ("date", r"(?<![\d.,/])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b(?![./]\d)"),
    (
        "date",
        rf"(?:{WEEKDAY},?\s+)?(?:(?:the\s+)?{DAYNUM}\s+(?:of\s+)?{MONTH}|{MONTH}\s+{DAYNUM}\b)"
        r"(?:,?\s+\d{4}\b)?",
    ),
    ("month", rf"{MONTH},?\s+(?:of\s+)?(?:1[6-9]|20)\d\d\b"),
    # Bare months; "May" needs a cue in front because it is also the modal verb.
    ("month", rf"(?<!-)(?-i:(?:{_MONTH_FULL.replace('May|', '')})\b)"),
    ("month", r"(?:(?:in|since|by|until|till|through|during|from|of|last|next|this|early|mid|late)\s+)(?-i:May)\b"),
    ("month", rf"\b(?:last|next|this|past)\s+{MONTH}"),
    ("weekday", rf"\b(?:(?:last|next|this|past|coming|early|late)\s+)?{WEEKDAY}s?"
                r"(?:\s+(?:morning|afternoon|evening|night))?"),
    ("day", r"\b(?:today|tonight|yesterday|tomorrow|overnight"
            r"|the\s+day\s+(?:before|after)(?:\s+(?:yesterday|tomorrow))?"
            r"|the\s+(?:previous|next|following)\s+(?:day|night|morning)"
            r"|(?:last|this)\s+(?:night|morning|afternoon|evening))\b"),
    ("rel", rf"\b(?:the\s+)?{REL}\s+(?:fiscal\s+)?(?:week|weekend|month|quarter|year|decade|century|{SEASON})\b"),
    ("rel", r"\b(?:the\s+)?(?:start|beginning|end|middle|turn)\s+of\s+(?:the\s+)?(?:year|month|week|decade|century)\b"),
    ("ago", rf"\b{NUM}[-\s]+{UNIT}\s+(?:ago|earlier|later|before|after|from\s+now|hence|back)\b"),
    ("duration", rf"\b(?:(?:the\s+)?(?:past|last|next|first|coming|previous)\s+)?{NUM}[-\s]+{UNIT}\b(?!-old)(?:\s+long\b)?"),
    ("set", rf"\b(?:every|each)\s+(?:other\s+)?(?:{NUM}\s+)?(?:{UNIT}|{WEEKDAY}|morning|afternoon|evening|night|season|{SEASON})\b"),
    ("set", r"\b(?:daily|weekly|monthly|annually|yearly|nightly|hourly)\b"),
    ("year", rf"(?<![\d$£€.,#/])(?:(?:fiscal\s+(?:year\s+)?|the\s+year\s+))?(?:1[6-9]|20)\d\d\b(?![.,]\d|/\d|\s*%|\s+per\s*cent|\s+percent|{_COUNTED})"),
    ("year", r"(?<=\d{4}[-–])\d\d\b"),  # the "58" of "1957-58"
    ("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:(?:1[6-9]|20)\d0|'\d0)s\b"),
    ("century", r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?first|second"
                r"|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
                r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\s+century\b"),
    ("quarter", rf"\b(?:the\s+)?{ORD}\s+(?:fiscal\s+)?quarter(?:\s+of\s+(?:the\s+year|(?:1[6-9]|20)\d\d|(?:last|this|next)\s+year))?"),
    ("quarter", r"(?-i:\bQ[1-4])(?:\s+(?:1[6-9]|20)\d\d)?\b"),
    ("quarter", r"\b(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:the\s+year|(?:1[6-9]|20)\d\d|(?:last|this|next)\s+year)"),
    ("season", rf"\b(?:(?:last|this|next|early|late|mid)\s+)+{SEASON}\b|\b{SEASON}\s+(?:of\s+)?(?:1[6-9]|20)\d\d\b"),
    ("time", rf"(?<![\d:.,])(?:{CLOCK}){ZONE}?"),
    ("ref", r"\b(?:now|currently|nowadays|at\s+present|the\s+past|the\s+future|recently"
            r"|these\s+days|at\s+the\s+time|at\s+the\s+moment|right\s+now)\b(?!-)"),
]  # fmt: skip
COMPILED = [(tag, re.compile(p, re.IGNORECASE)) for tag, p in _PATTERNS]

# Words in front of a found span that belong to it: "late" Thursday, "the end
# of" March, "since" the start of the month.
_LEFT_EXTENSION = re.compile(
    r"(?:\bsince\s+)?(?:\b(?:the\s+)?(?:very\s+)?(?:early|mid|late|middle\s+of|start\s+of|beginning\s+of"
    r"|end\s+of|first\s+half\s+of|second\s+half\s+of)[-\s]+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"^['’]s\b")
# A clock time next to a day is one expression: "2 p.m. on Saturday", "Friday at 3 pm".
_TIME_DAY_GAP = re.compile(r"^(?:\s*,\s*|\s+on\s+|\s+at\s+|\s+)$", re.IGNORECASE)
_DAYLIKE = {"date", "weekday", "day"}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    tag: str


def find_candidates(text: str) -> list[Candidate]:
    """Spans that look like temporal expressions, longest first on overlap."""
    found = [
        Candidate(m.start(), m.end(), tag) for tag, rx in COMPILED for m in rx.finditer(text) if m.end() > m.start()
    ]
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[Candidate] = []
    for cand in found:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    chosen = [_extend(text, c) for c in chosen]
    return _join_time_and_day(text, chosen)


def _extend(text: str, cand: Candidate) -> Candidate:
    start, end = cand.start, cand.end
    left = _LEFT_EXTENSION.search(text, max(0, start - 40), start)
    if left and left.end() == start and left.start() < start:
        start = left.start()
        while start < cand.start and text[start].isspace():
            start += 1
    if _POSSESSIVE.match(text[end : end + 3]):
        end += 2
    return Candidate(start, end, cand.tag)


def _join_time_and_day(text: str, cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for cand in cands:
        if out:
            prev = out[-1]
            pair = {prev.tag, cand.tag}
            if (
                "time" in pair
                and pair & _DAYLIKE
                and prev.tag != cand.tag
                and _TIME_DAY_GAP.match(text[prev.end : cand.start])
            ):
                out[-1] = Candidate(prev.start, cand.end, "time")
                continue
        out.append(cand)
    return out


# Tense cues for months and weekdays without a year ("in May", "on Thursday").
_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|'ll|going\s+to|due\s+to|expected\s+to|scheduled|set\s+to|plans?\s+to|planned"
    r"|intends?\s+to|upcoming|ahead\s+of|next|to\s+be|would)\b",
    re.IGNORECASE,
)
_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|ago|last|said|told|began|took|went|came|made|won|lost|left|fell|rose|met|sold"
    r"|bought|held|saw|gave|got|became|brought|ran|paid|sent|spent|found|struck|killed|burst|hit|shut|spread"
    r"|broke|sank|shook|fled|fought|drove|flew|froze|led|rang|shot|stood|swept|threw|tore|caught|sought|wrote"
    r"|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)
# "until", "till" and "through" point ahead only when they introduce the expression itself:
# "sending a wall of water through riverside towns" says nothing about "on Saturday".
_UNTIL_BEFORE = re.compile(r"\b(?:until|till|through)\s+(?:on\s+|the\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am|'s|'re|get|gets|has|have)\s+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;!?\n]\s|[.;!?\n]$")
# How far (in characters) a cue may be from the expression; one clause of
# news prose.  Picked by reading the TempEval-3 sentences with bare months.
TENSE_WINDOW = 80


def guess_tense(text: str, start: int, end: int) -> str | None:
    """"past", "future" or None from the nearest tense cue in the clause.

    A stand-in for the governing verb's tense when no parse is at hand.
    """
    lo = max(0, start - TENSE_WINDOW)
    left = text[lo:start]
    stops = list(_CLAUSE_END.finditer(left))
    if stops:
        lo += stops[-1].end()
        left = text[lo:start]
    right = text[end : end + TENSE_WINDOW]
    stop = _CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    if _UNTIL_BEFORE.search(left):
        return "future"  # "until Friday", "through March": the bound lies ahead
    best: tuple[int, str] | None = None
    for rx, label in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        for side, chunk in (("left", left), ("right", right)):
            for m in rx.finditer(chunk):
                if label == "past" and _PASSIVE.search(chunk, 0, m.start()):
                    continue  # "is due to be published": a participle, not a past tense
                dist = len(chunk) - m.end() if side == "left" else m.start()
                if best is None or dist < best[0]:
                    best = (dist, label)
    return best[1] if best else None
