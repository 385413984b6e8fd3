"""Typed conflicts between the claims of one fact.

Precision first: a false alarm costs an analyst's trust more than a miss.
Each detector fires only when the two claims are about the same thing on
strong evidence (pair score) *and* the slot values cannot both be true.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rashomon.analyze.gazetteer import gazetteer
from rashomon.compare.values import (
    clocks_conflict,
    quantities_conflict,
    quantity_value,
    time_is_open,
    time_value,
    times_conflict,
)
from rashomon.models import Analysis, Claim, Conflict, ConflictValue, Quantity, TimeExpr

log = logging.getLogger(__name__)

# Pair probabilities (align.score_matrix) a pair of claims needs before a slot
# difference counts as a conflict, per kind.  Quantity and date values are
# typed and checked by the value layer, so a moderate alignment suffices;
# entity and polarity differences need the claims to say nearly the same thing.
MIN_SCORE = {"quantity": 0.85, "date": 0.85, "negation": 0.85, "person": 0.9, "place": 0.9,
             "attribution": 0.95}

HeadSimilarity = Callable[[str, str], float]
# Counted nouns are the same thing when their lemmas' MiniLM embeddings are at
# least this close (measured: "dose"/"dos" 0.48, "troop"/"serviceman" 0.45,
# "miner"/"worker" 0.49, "flight"/"passenger" 0.49, "team"/"rescuer" 0.33,
# "officer"/"people" 0.33): synonyms only, so a high bar ...
HEAD_SIMILARITY = 0.6
# ... lowered to this when each of two well-aligned claims counts exactly one
# thing (then one count must answer the other): "about 700 US servicemen are
# stationed in Niger" / "some 1,000 troops deployed in Niger".
SOLE_COUNT_SIMILARITY = 0.4
# Reports that disagree about one count stay within a small factor of each
# other (dev and own sets: 700/1,000, 142/155, 14/40 — at most 2.9x); figures
# further apart with the same noun are two different things ("62 ships were
# queued" vs "26,900 ships last year"), i.e. an alignment slip, not a conflict.
MAX_COUNT_RATIO = 4.0


def _heads_compatible(a: Quantity, b: Quantity, head_sim: HeadSimilarity, sole: bool = False) -> bool:
    if a.unit or b.unit:
        return a.unit == b.unit and (a.currency or None) == (b.currency or None)
    if not a.head or not b.head:
        return False
    if a.head == b.head:
        return True
    return head_sim(a.head, b.head) >= (SOLE_COUNT_SIMILARITY if sole else HEAD_SIMILARITY)


# Two direct quotes are "the same quote" when they share this share of content
# lemmas (a quote reworded by translation or trimming keeps well over half).
SAME_QUOTE_LEMMAS = 0.5


def _same_quote(a: Claim, b: Claim) -> bool:
    """Different people may state the same fact; only one of them said these exact words."""
    if not (a.attribution and b.attribution and a.attribution.kind == "direct" and b.attribution.kind == "direct"):
        return False
    la, lb = set(a.lemmas), set(b.lemmas)
    return bool(la and lb) and len(la & lb) / min(len(la), len(lb)) >= SAME_QUOTE_LEMMAS


# Verbs that carry their own negation: "14,312 children have not received the first dose" and
# "about 14,000 children have missed the first dose" say the same thing.
NEGATIVE_PREDICATES = frozenset("""miss fail refuse decline deny lack avoid prevent lose skip reject forgo
    omit neglect abstain withhold halt stop cancel""".split())


def _polarity(c: Claim) -> bool:
    """True when the clause affirms its predicate (after negative verbs are taken into account)."""
    return c.negated == (c.predicate in NEGATIVE_PREDICATES)


def _acronym_of(a: str, b: str) -> bool:
    """ "BGMEA" / "Bangladesh Garment Manufacturers and Exporters Association"."""
    def initials(x: str) -> str:
        return "".join(w[0] for w in x.split() if w[:1].isupper())
    short, long_ = sorted((a, b), key=len)
    return short.isupper() and len(short) >= 2 and initials(long_).startswith(short[:-1])


# Context that makes a figure a rate, a reference or a benchmark rather than
# the count/measure the claim reports: "27,000 ships a year", "the 95% needed",
# "the April average of about 41C".  Such values are not compared.
_RATE_AFTER = re.compile(r"^\W{0,2}(?:\w+\W+){0,3}?(?:a|per|each|every)\s+(?:year|month|week|day|hour|annum)\b|"
                         r"^\W{0,2}(?:\w+\W+){0,3}?(?:annually|yearly|monthly|weekly|daily)\b", re.I)
_REFERENCE = re.compile(r"\b(?:needed|required|target|goal|threshold|limit|average|normal|record|usual|"
                        r"benchmark|capacity|maximum|minimum)\b", re.I)


def _ratio(a: Quantity, b: Quantity) -> float:
    lo = max(min(a.low, b.low), 1e-9)
    hi = max(a.low, b.low)
    return hi / lo


def _is_rate_or_reference(text: str, q: Quantity) -> bool:
    after = text[q.end:q.end + 40]
    around = text[max(0, q.start - 25):q.end + 20]
    return bool(_RATE_AFTER.search(after) or _REFERENCE.search(around))


def _measured_at_different_times(a: Claim, b: Claim) -> bool:
    """Counts given for different days or hours are two readings of a changing figure."""
    ta = [t for t in a.times if t.first is not None and t.kind in ("DATE", "TIME")]
    tb = [t for t in b.times if t.first is not None and t.kind in ("DATE", "TIME")]
    if not ta or not tb:
        return False
    return not any(x.overlaps(y) and (x.time_of_day == y.time_of_day or not x.time_of_day or not y.time_of_day)
                   for x in ta for y in tb)


_OFFSET_END = re.compile(r"\b(?:before|after|earlier|later|ago)\s*$", re.I)
_CLOCK = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b", re.I)
_DAY_WORD = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                       r"oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
                       r"\b(?:yesterday|today|tonight)\b", re.I)


def _clock_only(t: TimeExpr) -> bool:
    return bool(t.time_of_day and _CLOCK.search(t.text) and not _DAY_WORD.search(t.text))


class ConflictFinder:
    def __init__(self, analysis: Analysis, head_sim: HeadSimilarity) -> None:
        self.analysis = analysis
        self.head_sim = head_sim
        self.text = {aa.article.id: aa.article.text for aa in analysis.articles}
        self.entity = {e.id: e for e in analysis.entities}
        self.entities_in: dict[str, set[str]] = {}
        for aa in analysis.articles:
            self.entities_in[aa.article.id] = {m.entity for m in aa.mentions if m.entity}

    # -- per kind -------------------------------------------------------------
    def quantity(self, a: Claim, b: Claim) -> Conflict | None:
        """A value in one claim that no comparable value of the other claim can agree with.

        When a claim carries several comparable values ("peaked at 49C, well above the April
        average of about 41C"), one reading pairs the other claim's value with any of them: it is
        a conflict only if every pairing fails.
        """
        if _measured_at_different_times(a, b):
            return None
        qs_a = [q for q in a.quantities if self._comparable_value(a, q)]
        qs_b = [q for q in b.quantities if self._comparable_value(b, q)]
        counts_a = [q for q in qs_a if not q.unit]
        counts_b = [q for q in qs_b if not q.unit]
        sole = len(counts_a) == 1 and len(counts_b) == 1
        for qb in qs_b:
            comparable = [qa for qa in qs_a if _heads_compatible(qa, qb, self.head_sim, sole)]
            if comparable and all(quantities_conflict(qa, qb) for qa in comparable):
                qa = min(comparable, key=lambda q: abs(q.low - qb.low))
                if not qa.unit and not qb.unit and _ratio(qa, qb) > MAX_COUNT_RATIO:
                    continue
                others = [x for x in qs_b if _heads_compatible(qa, x, self.head_sim, sole)]
                if any(not quantities_conflict(qa, x) for x in others):
                    continue
                return Conflict("quantity", (
                    ConflictValue(a.article, a.id, qa.text, tuple(quantity_value(qa).items())),
                    ConflictValue(b.article, b.id, qb.text, tuple(quantity_value(qb).items())),
                ))
        return None

    def carries(self, kind: str, a: Claim, b: Claim) -> bool:
        """Do both claims carry a value of this kind (so the pair can settle it)?"""
        if kind == "quantity":
            return any(self._comparable_value(a, q) for q in a.quantities) and any(
                self._comparable_value(b, q) for q in b.quantities)
        if kind == "date":
            return self._event_time(a) is not None and self._event_time(b) is not None
        return True

    def _comparable_value(self, c: Claim, q: Quantity) -> bool:
        if not q.unit and q.high <= 1:
            return False  # "one firefighter suffered burns" names an individual, not a total
        return not _is_rate_or_reference(self.text[c.article], q)

    def _event_time(self, c: Claim) -> TimeExpr | None:
        """The one time that dates the claim's event, or None when that is unclear.

        Times that bound ("since August") or offset ("three hours after") do not date the event; a
        clock time and a day given apart ("at 11:05 p.m. on November 2") are read as one moment.
        """
        text = self.text[c.article]
        dated = [t for t in c.times if t.kind in ("DATE", "TIME") and t.first is not None
                 and not time_is_open(text[max(0, t.start - 60):t.start], t.text)
                 and not _OFFSET_END.search(t.text)]
        clocks = [t for t in dated if t.time_of_day and _CLOCK.search(t.text) and not _DAY_WORD.search(t.text)]
        days = [t for t in dated if t not in clocks]
        if len(days) == 1 and len(clocks) == 1:
            day, clock = days[0], clocks[0]
            lo, hi = min(day.start, clock.start), max(day.end, clock.end)
            if hi - lo <= len(day.text) + len(clock.text) + 12:  # side by side, not in two places
                return replace(day, start=lo, end=hi, text=text[lo:hi], time_of_day=clock.time_of_day)
        if len(dated) != 1:
            return None
        return dated[0]

    def date(self, a: Claim, b: Claim) -> Conflict | None:
        if any(q.is_update for q in (*a.quantities, *b.quantities)):
            return None  # "rose to 1,203 on Wednesday": the date of a reading, not of the event
        ta, tb = self._event_time(a), self._event_time(b)
        if ta is None or tb is None:
            return None
        ctx_a = self.text[a.article][max(0, ta.start - 60):ta.start]
        ctx_b = self.text[b.article][max(0, tb.start - 60):tb.start]
        if ta.text.lower() == tb.text.lower() and not any(ch.isdigit() for ch in ta.text):
            return None  # the same words ("January") read twice: any difference is our resolution's
        if _clock_only(ta) or _clock_only(tb):
            # "at 2:30 a.m." names no day (we would only be guessing the publication date): compare clocks
            clash = clocks_conflict(ta, tb)
        else:
            clash = times_conflict(ta, tb, ctx_a, ctx_b)
        if clash:
            return Conflict("date", (
                ConflictValue(a.article, a.id, ta.text, tuple(time_value(ta).items())),
                ConflictValue(b.article, b.id, tb.text, tuple(time_value(tb).items())),
            ))
        return None

    def negation(self, a: Claim, b: Claim) -> Conflict | None:
        """One report says it happened, the other that it did not: same act or same thing acted on."""
        if _polarity(a) == _polarity(b) or a.hedged or b.hedged:
            return None
        if a.predicate != b.predicate and not (set(a.theme) & set(b.theme)):
            return None
        if (a.agent and b.agent and a.agent != b.agent and a.agent.startswith("e") and b.agent.startswith("e")):
            return None  # "X did not attend" vs "Y attended" is about two people
        return Conflict("negation", (
            ConflictValue(a.article, a.id, a.text, (("negated", a.negated),)),
            ConflictValue(b.article, b.id, b.text, (("negated", b.negated),)),
        ))

    def _exclusive(self, a_ids: Sequence[str], b_ids: Sequence[str], a_art: str, b_art: str) -> bool:
        """Each side names something the other article never mentions at all."""
        if not a_ids or not b_ids or set(a_ids) & set(b_ids):
            return False
        return (not set(a_ids) & self.entities_in[b_art]) and (not set(b_ids) & self.entities_in[a_art])

    def person(self, a: Claim, b: Claim) -> Conflict | None:
        spk = {x for x in (self._speaker(a), self._speaker(b)) if x}
        pa = [p for p in a.persons if p not in spk and p.startswith("e")]
        pb = [p for p in b.persons if p not in spk and p.startswith("e")]
        if len(pa) != 1 or len(pb) != 1 or a.predicate != b.predicate:
            return None
        if not self._exclusive(pa, pb, a.article, b.article):
            return None
        return Conflict("person", (
            ConflictValue(a.article, a.id, self._name(pa[0]), (("entity", pa[0]),)),
            ConflictValue(b.article, b.id, self._name(pb[0]), (("entity", pb[0]),)),
        ))

    def place(self, a: Claim, b: Claim) -> Conflict | None:
        pa = [p for p in a.places if p.startswith("e") and not self._is_country(p)]
        pb = [p for p in b.places if p.startswith("e") and not self._is_country(p)]
        if len(pa) != 1 or len(pb) != 1 or a.predicate != b.predicate:
            return None
        if not self._exclusive(pa, pb, a.article, b.article):
            return None
        return Conflict("place", (
            ConflictValue(a.article, a.id, self._name(pa[0]), (("entity", pa[0]),)),
            ConflictValue(b.article, b.id, self._name(pb[0]), (("entity", pb[0]),)),
        ))

    def attribution(self, a: Claim, b: Claim) -> Conflict | None:
        sa, sb = self._speaker(a), self._speaker(b)
        if (sa and sb and sa != sb and self._type(sa) == "PERSON" and self._type(sb) == "PERSON"
                and _same_quote(a, b)):
            if self._exclusive([sa], [sb], a.article, b.article):
                return Conflict("attribution", (
                    ConflictValue(a.article, a.id, self._name(sa), (("speaker", sa),)),
                    ConflictValue(b.article, b.id, self._name(sb), (("speaker", sb),)),
                ))
        ga, gb = a.agent, b.agent
        if (ga and gb and ga != gb and self._type(ga) in ("PERSON", "ORG") and self._type(gb) in ("PERSON", "ORG")
                and not _acronym_of(self._name(ga), self._name(gb))
                and a.predicate == b.predicate and self._exclusive([ga], [gb], a.article, b.article)):
            return Conflict("attribution", (
                ConflictValue(a.article, a.id, a.agent_text or self._name(ga), (("agent", ga),)),
                ConflictValue(b.article, b.id, b.agent_text or self._name(gb), (("agent", gb),)),
            ))
        return None

    # -- helpers --------------------------------------------------------------
    def _speaker(self, c: Claim) -> str | None:
        if c.attribution is None or not c.attribution.speaker:
            return None
        s, e = c.attribution.speaker_start, c.attribution.speaker_end
        for aa in self.analysis.articles:
            if aa.article.id != c.article:
                continue
            for m in aa.mentions:
                if s is not None and e is not None and s <= m.start and m.end <= e and m.entity:
                    return m.entity
        return None

    def _type(self, entity_id: str) -> str | None:
        e = self.entity.get(entity_id)
        return e.type if e else None

    def _name(self, entity_id: str) -> str:
        e = self.entity.get(entity_id)
        return e.name if e else entity_id

    def _is_country(self, entity_id: str) -> bool:
        e = self.entity.get(entity_id)
        return e is not None and gazetteer().country(e.name) is not None


def find_conflicts(finder: ConflictFinder, claims: Sequence[Claim], scores: dict[tuple[str, str], float],
                   copies: dict[str, str]) -> list[Conflict]:
    """Conflicts among the claims of one fact.

    For each pair of independent articles and each kind, only the best-aligned pair of claims
    that both carry a value of that kind is compared: a second claim of one article in the same
    fact is context, not a rival value ("trapped 18 miners" is answered by the other report's
    "18 miners", not by its "about 250 miners were underground").
    """
    by_articles: dict[tuple[str, str], list[tuple[float, Claim, Claim]]] = {}
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.article == b.article or copies.get(a.article, a.article) == copies.get(b.article, b.article):
                continue
            s = scores.get((a.id, b.id), scores.get((b.id, a.id), 0.0))
            key = (min(a.article, b.article), max(a.article, b.article))
            by_articles.setdefault(key, []).append((s, a, b))
    found: dict[str, Conflict] = {}
    for pairs in by_articles.values():
        pairs.sort(key=lambda p: -p[0])
        for kind in ("quantity", "date", "negation", "person", "place", "attribution"):
            if kind in found:
                continue
            for s, a, b in pairs:
                if s < MIN_SCORE[kind] or not finder.carries(kind, a, b):
                    continue
                conflict = getattr(finder, kind)(a, b)
                if conflict is not None:
                    found[kind] = conflict
                break  # the best comparable pair decides
    return list(found.values())
