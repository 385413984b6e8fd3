"""Counts and measures in an article, as intervals that can be compared.

``extract_quantities(doc)`` finds numbers with compiled regular expressions
over ``doc.text`` (digits, "28 000", "4,812 crore", number words via
``text2num``, "hundreds of", "a full point"), reads the hedge in front of
each ("about", "more than", "nearly", ...) and the scale, currency and unit
after it, turns the lot into an interval in canonical units
(:mod:`rashomon.analyze.units`), and uses the dependency parse only to find
the counted noun and whether the number is an update ("rose to 52").

Interval rules (``approx``; written value ``v``; see the constants below)::

    exact      [v, v]                   the comparison layer adds its own slack
    about      v ± ABOUT_TOLERANCE by significant figures (about 700 -> 630..770)
    more_than  [v, v * MORE_THAN_FACTOR]  ("just over": [v, v * 1.1])
    at_least   [v, inf)                 "at least 11 dead" is a floor that tolls outgrow
    less_than  [v * LESS_THAN_FACTOR, v]
    at_most    [0, v]                   "up to", "as many as", "no more than"
    nearly     [v * (1 - NEARLY), v]    "nearly 50" holds 48
    range      [a, b]                   "between 20 and 30", "20-30", "two or three"
    vague      fixed ranges             "hundreds of" -> [200, 999]

Temperatures are affine, so their hedges are absolute (degrees, in the unit as
written) and both endpoints are converted.  Ages ("a 67-year-old man",
"Manalo, 51,") are kept with unit ``"age"``; durations, dates, clock times,
ordinals, years and identifiers ("Aurelis-17", "Gate 7", "No. 47/2025") are
skipped.  ``value`` is the number as written, scale words included
(142 crore -> 1.42e9), in the unit as written; ``None`` for ranges and vague
amounts.  ``is_update`` marks both ends of a change ("rose to 52, up from 41").
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from rashomon.analyze import units as U
from rashomon.models import Quantity

log = logging.getLogger(__name__)

# Hand-tuned on the dev articles so that "about 200" holds 213, "about 30"
# holds 27 and "about 700" / "some 1,000" stay apart: the fewer significant
# figures a writer gives, the rounder (and looser) the number.
ABOUT_TOLERANCE = {1: 0.10, 2: 0.10, 3: 0.05}  # relative; 4+ significant figures: 0.02
ABOUT_TOLERANCE_FINE = 0.02
# "more than 250" firefighters is almost never more than twice that: a writer
# with 600 would say "more than 500".  Finite, so "more than 200" vs "1,000"
# can still conflict; the same reasoning gives "fewer than 100" -> [50, 100].
MORE_THAN_FACTOR = 2.0
LESS_THAN_FACTOR = 0.5
NEARLY = 0.10  # "nearly 8 per cent" holds 7.8, "nearly 200" holds 193
JUST_OVER = 0.10
TEMPERATURE_ABOUT = 2.0  # degrees as written
TEMPERATURE_OPEN = 15.0  # "above 32C" -> [32, 47]

CHANGE_VERBS = frozenset(
    "rise climb increase grow jump reach fall drop decline decrease revise raise lower cut reduce slash "
    "ease slip soar surge plunge double triple halve swell widen narrow shrink climb lift hike trim "
    "update expand contract tumble sink gain edge depreciate appreciate firm weaken strengthen slide rally".split()
)

_SP = r"[ \u00a0\u202f]"
_DIGITS = re.compile(
    r"(?<![\d.,/:])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,]|\.\d)|\d+)(?:\.\d+)?"
)
_HEDGE_RE = re.compile(
    r"\b(?:(?P<just_over>(?:just|slightly|a\s+little)\s+(?:over|above|more\s+than))"
    r"|(?P<nearly>nearly|almost|close\s+to|approaching|just\s+(?:under|below|short\s+of)|(?:just|slightly)\s+(?:less|fewer)\s+than)"
    r"|(?P<at_least>at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of)"
    r"|(?P<at_most>up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|as\s+(?:many|much)\s+as)"
    r"|(?P<more_than>more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding|(?:greater|higher|larger|bigger|longer)\s+than)"
    r"|(?P<less_than>(?:fewer|less|lower|smaller|shorter)\s+than|under|below)"
    r"|(?P<about>about|around|roughly|approximately|approx\.|some|an\s+estimated|estimated|circa|an\s+approximate|in\s+the\s+region\s+of)"
    r"|(?P<between>between|from))\s*$",
    re.I,
)
_POSTFIX_RE = re.compile(
    r"^(?:[ \u00a0-]?(?P<plus>\+|plus\b)|(?:\s+[a-z][\w-]*){0,2}?\s+or\s+(?:(?P<more>more|above|over)|(?P<so>so)|(?P<less>fewer|less|under|below))\b)",
    re.I,
)
_LABEL_LEFT = re.compile(r"(?:^|\n)[ \t]*[-•*]?[ \t]*(?P<label>[A-Za-z][\w ]{1,40}):[ \t]*$")
_RANGE_GAP = re.compile(r"^\s*(?:(?P<dash>[-–—])|(?P<word>to|and|or))\s*$", re.I)


@dataclass
class _Cand:
    start: int  # phrase start (hedge, currency)
    end: int  # phrase end (scale, unit)
    nstart: int  # number core
    nend: int
    number: float  # as written, before scale
    scale: float = 1.0
    low: float | None = None  # fixed written-unit bounds (vague amounts)
    high: float | None = None
    sig: int = 2
    unit: U.Unit | None = None
    unit_name: str | None = None  # canonical unit, or "age"
    currency: str | None = None
    approx: str = "exact"
    is_word: bool = False
    is_update: bool = False
    range_low: float | None = None
    between: int | None = None  # where "between" / "from" starts
    person: str | None = None

    @property
    def value(self) -> float:
        return self.number * self.scale


def extract_quantities(doc: Any) -> list[Quantity]:
    """All counts and measures of a spaCy ``Doc``, in text order (``sentence=-1``)."""
    text = doc.text
    cands = [c for c in _find(text) if not _skipped(doc, text, c)]
    for c in cands:
        _read_right(text, c)
        _mark_apposed_age(doc, text, c)
    cands = [c for c in cands if not _skipped_after_units(doc, text, c)]
    for c in cands:
        _read_hedge(text, c)
    for c in cands:
        c.is_update = _is_update(doc, text, c)
    cands = _merge(text, cands)
    out = _inherit_heads([_build(doc, text, c) for c in cands])
    _log_spacy_misses(doc, out)
    return out


# -- finding numbers ----------------------------------------------------------


def _find(text: str) -> list[_Cand]:
    found: list[_Cand] = []
    taken = [m.span() for m in U.NUMERIC_DATE_RE.finditer(text)]  # "13.04.2024", "2024-04-13"

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in U.POINT_RE.finditer(text):  # "by a full point" = one percentage point
        n = (m.group("n") or "").lower()
        value = 0.5 if n.startswith("half") else 0.25 if "quarter" in n else 1.0
        pp = U.WORD_UNITS["percentage points"]
        found.append(_Cand(m.start(), m.end(), m.start(), m.end(), value, unit=pp, unit_name=pp.canonical))
        taken.append((m.start(), m.end()))
    for m in U.VAGUE_RE.finditer(text):
        if m.group("few"):
            lo, hi = U.FEW[" ".join(m.group("few").lower().split())]
            k = U.SCALE_WORDS[m.group("scale").lower()]
            lo, hi = lo * k, hi * k
        else:
            lo, hi = U.VAGUE[" ".join(m.group("v").lower().split())]
        found.append(_Cand(m.start(), m.end(), m.start(), m.end(), lo, low=lo, high=hi, approx="vague"))
        taken.append((m.start(), m.end()))
    for m in U.WORDS_RE.finditer(text):
        if free(m.start(), m.end()):
            words = U.words_value(m.group(0))
            if words is not None:
                found.append(_Cand(m.start(), m.end(), m.start(), m.end(), words, is_word=True))
                taken.append((m.start(), m.end()))
    for m in _DIGITS.finditer(text):
        if free(m.start(), m.end()):
            raw = re.sub(r"[,\s]", "", m.group(0))
            digits = raw.replace(".", "").lstrip("0")
            sig = len(digits.rstrip("0")) if "." not in raw else len(digits)
            found.append(_Cand(m.start(), m.end(), m.start(), m.end(), float(raw), sig=max(sig, 1)))
    return sorted(found, key=lambda c: c.start)


# -- skipping what is not a quantity ------------------------------------------


def _token(doc: Any, start: int, end: int) -> Any:
    return (doc.char_span(start, end, alignment_mode="expand") or [None])[-1]


def _skipped(doc: Any, text: str, c: _Cand) -> bool:
    left, right = text[max(0, c.nstart - 40) : c.nstart], text[c.nend : c.nend + 40]
    if c.approx == "vague" or c.unit_name:
        return False
    if U.TIME_RIGHT.match(right) or re.search(r"\d[:.]$", left) or U.ORDINAL_RIGHT.match(right):
        return True
    if (U.DATE_RIGHT.match(right) or U.DATE_LEFT.search(left)) and c.number <= 31:
        return True
    if U.DURATION_RIGHT.match(right) or right.startswith("/") or left.endswith("/"):
        return True
    if re.match(r"^[A-Za-z]", right) and not re.match(r"[cftm]\b|(?:[mkb]n?|cr)\b", right, re.I):
        return True  # "97D", "3M": a model or route number
    if U.ID_LEFT.search(left[-30:]) and not U.CURRENCY_PREFIX_RE.search(left[-6:]):
        return True
    if re.search(r"(?:^|\n)[ \t]*$", left) and re.match(r"^[.)]\s", right):
        return True  # "1. The Committee ..." list numbering
    if re.match(r"^\s+of\s+the\s+(?:most\b|\w+est\b)", right):
        return True  # "one of the largest": not a count
    if re.match(r"^\s*\([A-Z]", right):
        return True  # "call 199 (Civil Defence)"
    tok = _token(doc, c.nstart, c.nend)
    if c.is_word and c.number == 1 and (tok is None or tok.dep_ not in ("nummod", "quantmod")):
        return True  # "one of the largest", "no one"
    if tok is None or c.is_word or tok.i <= tok.sent.start or "," in text[c.nstart : c.nend]:
        return False
    prev = tok.doc[tok.i - 1]
    return (  # "Aurelis 17", "CFKL 98.3": a number glued to a name
        prev.pos_ == "PROPN"
        and prev.idx + len(prev) >= c.nstart - 1
        and prev.ent_type_ not in ("GPE", "NORP")
        and not U.CURRENCY_PREFIX_RE.search(left[-6:])
    )


def _skipped_after_units(doc: Any, text: str, c: _Cand) -> bool:
    """Years: a bare 1800-2100 with no unit, scale or currency, not counting a plural noun."""
    bare = not (c.unit or c.currency or c.scale != 1 or c.is_word or c.approx == "vague")
    if not bare or not re.fullmatch(r"\d{4}", text[c.nstart : c.nend]) or not 1800 <= c.number <= 2100:
        return False
    tok = _token(doc, c.nstart, c.nend)
    return not (tok is not None and tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"))


# -- scale, currency, unit, hedge ---------------------------------------------


def _read_right(text: str, c: _Cand) -> None:
    if c.unit_name:
        return
    left = text[max(0, c.start - 8) : c.start]
    m = U.CURRENCY_PREFIX_RE.search(left)
    if m and not re.search(r"[A-Za-z]$", left[: m.start()]):
        c.currency = U.CURRENCY_PREFIXES[m.group(1).lower()]
        c.start -= len(left) - m.start()
    p = c.end
    if c.approx == "vague" and not re.match(rf"{_SP}+of\b", text[p:]):
        return
    m = U.MULTIPLIER_RE.match(text, p)
    if m and not (c.is_word and m.group(1).lower() in U.SCALE_WORDS):
        c.scale, p = U.MULTIPLIERS[m.group(1).lower()], m.end()
    elif c.currency and (m := U.CURRENCY_MULTIPLIER_RE.match(text, p)):
        c.scale, p = U.CURRENCY_MULTIPLIERS[m.group(1).lower()], m.end()
    if c.approx == "vague":
        c.end = p
        return
    if U.AGE_RIGHT.match(text, p) and not c.currency:
        c.unit_name, c.end = "age", p + U.AGE_RIGHT.match(text[p:]).end()  # type: ignore[union-attr]
        return
    if not c.currency:
        m = U.CURRENCY_WORD_RE.match(text, p)
        if m is None and c.scale > 1:
            m = re.compile(rf"{_SP}(pounds)\b", re.I).match(text, p)
        if m:
            word = m.group(1).lower()
            c.currency, p = U.CURRENCY_WORDS.get(word, "GBP"), m.end()
    if c.currency:
        c.unit_name, c.end = "money", p
        return
    m = U.GLUED_UNIT_RE.match(text, p) or U.UNIT_RE.match(text, p)
    if m is None and text[p : p + 1] == "-":
        m = U.UNIT_RE.match(text, p + 1)
    if m:
        key = m.group(1).lower()
        glued = len(m.group(0)) == 1 and key in U.GLUED_UNITS
        unit = U.GLUED_UNITS[key] if glued else U.WORD_UNITS.get(key, U.GLUED_UNITS.get(key))
        assert unit is not None
        c.unit, c.unit_name, p = unit, unit.canonical, m.end()
    c.end = p


def _read_hedge(text: str, c: _Cand) -> None:
    if c.approx == "vague" and c.low is not None:
        return
    line_start = text.rfind("\n", 0, c.start) + 1
    left = text[max(line_start, c.start - 40) : c.start]
    m = _HEDGE_RE.search(left)
    if m:
        kind = m.lastgroup or "exact"
        if kind == "between":
            c.between = c.start - (len(left) - m.start())
        else:
            c.approx = kind
            c.start -= len(left) - m.start()
    post = _POSTFIX_RE.match(text[c.end : c.end + 40])
    if post and c.approx == "exact":
        c.approx = "about" if post.group("so") else "at_most" if post.group("less") else "more_than"
        if post.group("plus"):
            c.end += post.end()


_UPDATE_PATH = frozenset("nummod quantmod compound pobj prep dobj npadvmod advmod attr amod".split())


def _is_update(doc: Any, text: str, c: _Cand) -> bool:
    if c.approx == "vague" and c.low is not None and c.unit_name is None:
        return False
    if re.search(r"\b(?:up|down)\s+(?:sharply\s+)?from\s+$", text[max(0, c.start - 25) : c.start], re.I):
        return True
    tok = _token(doc, c.nstart, c.end)
    preps: list[str] = []
    for _ in range(5):
        if tok is None or tok.head is tok:
            return False
        if tok.dep_ == "prep":
            preps.append(tok.lower_)
        if tok.dep_ == "advmod" and tok.lower_ in ("up", "down") and "from" in preps:
            return True
        head = tok.head
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_ not in CHANGE_VERBS:
                return False
            return (preps[-1] in ("to", "from", "by")) if preps else tok.dep_ in ("dobj", "npadvmod")
        if tok.dep_ not in _UPDATE_PATH:
            return False
        tok = head
    return False


# -- ranges and duplicates ------------------------------------------------------


def _merge(text: str, cands: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.end <= c.start:
            gap = text[prev.end : c.nstart if c.currency is None else c.start]
            if re.fullmatch(r"\s*\(", gap) and prev.value == c.value:
                prev.end = text.find(")", c.nend, c.nend + 3) + 1 or c.nend  # "nine (9)"
                continue
            m = _RANGE_GAP.match(gap)
            if m and _rangeable(prev, c, m):
                if prev.scale == 1 and c.scale > 1 and prev.number <= c.number:
                    prev.scale = c.scale
                c.range_low, c.start = prev.value, prev.start if prev.between is None else prev.between
                c.approx, c.nstart = "range", prev.nstart
                c.currency = c.currency or prev.currency
                c.is_update = False
                out[-1] = c
                continue
            if m and m.group("dash") and prev.value > c.value and not (prev.unit or c.unit):
                out.pop()  # "voted 5-2": a score, not two counts
                continue
        out.append(c)
    return out


def _rangeable(a: _Cand, b: _Cand, gap: re.Match[str]) -> bool:
    word = (gap.group("word") or "").lower()
    if a.approx == "vague" or b.approx == "vague" or a.is_update or b.is_update:
        return False
    if word == "and" and a.between is None:
        return False
    if a.unit_name and b.unit_name and a.unit_name != b.unit_name:
        return False  # "18% to 512 crore rupees"
    lo = a.number * (b.scale if a.scale == 1 else a.scale)
    return lo < b.value and (a.unit is None or b.unit is None or a.unit == b.unit)


# -- building the result -------------------------------------------------------


def _interval(c: _Cand) -> tuple[float, float]:
    v = c.value
    affine = c.unit is not None and c.unit.affine
    if c.range_low is not None:
        return c.range_low, v
    if c.low is not None and c.high is not None:
        return c.low, c.high
    if c.approx == "about":
        d = TEMPERATURE_ABOUT if affine else abs(v) * ABOUT_TOLERANCE.get(c.sig, ABOUT_TOLERANCE_FINE)
        return v - d, v + d
    if c.approx == "more_than":
        return v, v + TEMPERATURE_OPEN if affine else v * MORE_THAN_FACTOR
    if c.approx == "just_over":
        return v, v + TEMPERATURE_ABOUT if affine else v * (1 + JUST_OVER)
    if c.approx == "less_than":
        return (v - TEMPERATURE_OPEN if affine else v * LESS_THAN_FACTOR), v
    if c.approx == "at_most":
        return (-math.inf if affine else 0.0), v
    if c.approx == "at_least":
        return v, math.inf
    if c.approx == "nearly":
        return (v - TEMPERATURE_ABOUT if affine else v * (1 - NEARLY)), v
    return v, v


def _build(doc: Any, text: str, c: _Cand) -> Quantity:
    low, high = _interval(c)
    if c.unit is not None:
        low, high = (lo * c.unit.factor + c.unit.offset for lo in (low, high))
    head, head_text = _counted_noun(doc, text, c)
    approx = "more_than" if c.approx == "just_over" else c.approx
    vague = c.approx in ("vague", "range")
    return Quantity(
        sentence=-1, start=c.start, end=c.end, text=text[c.start : c.end],
        low=U.round_sig(low), high=U.round_sig(high), unit=c.unit_name, head=head, head_text=head_text,
        approx=approx, value=None if vague else U.round_sig(c.value), currency=c.currency, is_update=c.is_update,
    )  # fmt: skip


_CLIMB = ("nummod", "quantmod", "compound", "amod", "npadvmod", "nmod", "punct")
_NOUNS = ("NOUN", "PROPN")
_STATES = frozenset(
    "dead killed missing injured wounded hurt displaced evacuated homeless arrested detained rescued".split()
)


def _counted_noun(doc: Any, text: str, c: _Cand) -> tuple[str | None, str | None]:
    """The counted noun: "700 US servicemen", "altitude of 780 km", "the toll rose to 52"."""
    span = doc.char_span(c.nstart, c.end, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    m = _LABEL_LEFT.search(text[max(0, c.start - 60) : c.start])
    if m and c.approx != "vague":  # "Confirmed deaths: 18"
        label = m.group("label").strip()
        return re.sub(r"s$", "", label.split()[-1].lower()), label
    anchor, end_i = [t for t in span if not t.is_punct][-1], span.end
    nxt = doc[end_i] if end_i < len(doc) else None
    if nxt is not None and nxt.lower_ in _STATES and anchor.dep_ != "nummod":  # "11 dead, 28 missing"
        return nxt.lower_, nxt.text
    for t in reversed([t for t in span if not t.is_punct]):
        for _ in range(4):  # "700 US servicemen", "a 7 km exclusion zone", "32-metre-high dam"
            h = t.head
            if h is t or t.dep_ not in _CLIMB or h.i < t.i:
                break
            if h.pos_ in _NOUNS and h.i >= end_i and h.lower_ not in U.MULTIPLIERS:
                words = [w for w in doc[end_i : h.i + 1] if not (w.is_punct and w.i == end_i)]
                return h.lemma_.lower(), "".join(w.text_with_ws for w in words).strip(" -") or h.text
            t = h
    for child in anchor.children:  # "230 millimetres of rain", "hundreds of people"
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [g for g in child.children if g.dep_ == "pobj" and g.pos_ in _NOUNS]
            if objs:
                return objs[0].lemma_.lower(), _chunk(objs[0])
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ in _NOUNS:
        noun = anchor.head.head  # "an altitude of about 780 kilometres"
        return noun.lemma_.lower(), _chunk(noun)
    if c.person:
        return None, c.person
    verb = anchor
    for _ in range(5):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None, None
    relative = any(w.tag_ in ("WDT", "WP") for w in verb.children)
    if verb.dep_ == "relcl" and relative and verb.head.pos_ in _NOUNS:  # "the toll, which stood at 18"
        return verb.head.lemma_.lower(), _chunk(verb.head)
    physical = c.unit is not None and c.unit.dimension not in ("percent", "rate")
    physical = physical and (
        anchor.dep_ in ("dobj", "attr") or anchor.dep_ == "pobj" and anchor.head.head == verb
    )
    if verb.lemma_ in CHANGE_VERBS or physical:
        # "cut the rate by 100 bp", "inflation eased to 23.1%", "the reservoir held 12 hm³"
        for deps in (("dobj",), ("nsubj", "nsubjpass")):
            cands = [w for w in verb.children if w.dep_ in deps and w.pos_ in _NOUNS and w not in span]
            cands = [w for w in cands if not anchor.is_ancestor(w) and not w.is_ancestor(anchor)]
            if cands:
                w = min(cands, key=lambda w: abs(verb.i - w.i))
                return w.lemma_.lower(), _chunk(w)
    return None, None


def _inherit_heads(out: list[Quantity]) -> list[Quantity]:
    """ "rose to 52, up from 41": the old value counts what the new one counts."""
    for i, q in enumerate(out):
        if q.is_update and q.head is None and i and q.start - out[i - 1].end < 120:
            p = out[i - 1]
            if p.unit == q.unit and p.currency == q.currency:
                out[i] = replace(q, head=p.head, head_text=p.head_text)
    return out


def _chunk(noun: Any) -> str:
    words = [w for w in noun.subtree if w.i <= noun.i and w.dep_ not in ("det", "poss", "predet", "case")]
    words = [w for w in words if w.i >= min(x.i for x in words if x.dep_ != "punct")]
    return "".join(w.text_with_ws for w in words).strip(" ,") or noun.text


def _mark_apposed_age(doc: Any, text: str, c: _Cand) -> None:
    """ "Arnel Manalo, 51, said": a bare small integer set off by commas after a name."""
    if c.unit_name or c.approx != "exact" or not 1 <= c.number < 120 or c.number != int(c.number):
        return
    comma_before = re.search(r"\w,[ \u00a0]$", text[max(0, c.start - 3) : c.start])
    if not comma_before or not re.match(r"^\s*(?:[,.;)]|$)", text[c.end : c.end + 2]):
        return
    name = doc.char_span(c.start - 3, c.start - 2, alignment_mode="expand")
    if name is not None and len(name) and name[-1].ent_type_ == "PERSON":
        ent = next((e for e in doc.ents if e.start <= name[-1].i < e.end), None)
        c.unit_name, c.person = "age", ent.text if ent is not None else name[-1].text


def _log_spacy_misses(doc: Any, out: list[Quantity]) -> None:
    spans = [(q.start, q.end) for q in out]
    for ent in doc.ents:
        missed = not any(s < ent.end_char and ent.start_char < e for s, e in spans)
        if missed and ent.label_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
            log.debug("number entity not read as a quantity: %r", ent.text)
