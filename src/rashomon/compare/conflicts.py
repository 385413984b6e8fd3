"""Typed conflicts between the claims of one fact.

Precision first: a false alarm costs an analyst's trust more than a miss.
Each detector fires only when the two claims are about the same thing on
strong evidence (pair score) *and* the slot values cannot both be true.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from rashomon.analyze.gazetteer import gazetteer
from rashomon.compare.values import quantities_conflict, quantity_value, time_value, times_conflict
from rashomon.models import Analysis, Claim, Conflict, ConflictValue, Quantity, TimeExpr

log = logging.getLogger(__name__)

# Pair scores (align.pair_score) a pair of claims needs before a slot
# difference counts as a conflict, per kind.  Quantity and date values are
# typed and checked by the value layer, so a moderate alignment suffices;
# entity and polarity differences need the claims to say nearly the same thing.
MIN_SCORE = {"quantity": 0.62, "date": 0.62, "negation": 0.80, "person": 0.75, "place": 0.75,
             "attribution": 0.85}

HeadSimilarity = Callable[[str, str], float]
# Counted nouns are the same thing when their embeddings are this close
# ("troops" / "servicemen" 0.6; "instructors" / "troops" 0.35).
HEAD_SIMILARITY = 0.5


def _heads_compatible(a: Quantity, b: Quantity, head_sim: HeadSimilarity) -> bool:
    if a.unit or b.unit:
        return a.unit == b.unit and (a.currency or None) == (b.currency or None)
    if not a.head or not b.head:
        return False
    if a.head == b.head:
        return True
    return head_sim(a.head_text or a.head, b.head_text or b.head) >= HEAD_SIMILARITY


class ConflictFinder:
    def __init__(self, analysis: Analysis, head_sim: HeadSimilarity) -> None:
        self.analysis = analysis
        self.head_sim = head_sim
        self.text = {aa.article.id: aa.article.text for aa in analysis.articles}
        self.entities_in: dict[str, set[str]] = {}
        for aa in analysis.articles:
            self.entities_in[aa.article.id] = {m.entity for m in aa.mentions if m.entity}

    # -- per kind -------------------------------------------------------------
    def quantity(self, a: Claim, b: Claim) -> Conflict | None:
        for qa in a.quantities:
            for qb in b.quantities:
                if not _heads_compatible(qa, qb, self.head_sim):
                    continue
                if quantities_conflict(qa, qb):
                    return Conflict("quantity", (
                        ConflictValue(a.article, a.id, qa.text, tuple(quantity_value(qa).items())),
                        ConflictValue(b.article, b.id, qb.text, tuple(quantity_value(qb).items())),
                    ))
        return None

    def _event_time(self, c: Claim) -> TimeExpr | None:
        dated = [t for t in c.times if t.kind in ("DATE", "TIME") and t.first is not None]
        if len(dated) != 1:
            return None
        return dated[0]

    def date(self, a: Claim, b: Claim) -> Conflict | None:
        ta, tb = self._event_time(a), self._event_time(b)
        if ta is None or tb is None:
            return None
        ctx_a = self.text[a.article][max(0, ta.start - 30):ta.start]
        ctx_b = self.text[b.article][max(0, tb.start - 30):tb.start]
        if times_conflict(ta, tb, ctx_a, ctx_b):
            return Conflict("date", (
                ConflictValue(a.article, a.id, ta.text, tuple(time_value(ta).items())),
                ConflictValue(b.article, b.id, tb.text, tuple(time_value(tb).items())),
            ))
        return None

    def negation(self, a: Claim, b: Claim) -> Conflict | None:
        if a.negated == b.negated or a.hedged or b.hedged:
            return None
        if a.predicate != b.predicate:
            return None
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
        if sa and sb and sa != sb and sa.startswith("e") and sb.startswith("e"):
            if self._exclusive([sa], [sb], a.article, b.article):
                return Conflict("attribution", (
                    ConflictValue(a.article, a.id, self._name(sa), (("speaker", sa),)),
                    ConflictValue(b.article, b.id, self._name(sb), (("speaker", sb),)),
                ))
        ga, gb = a.agent, b.agent
        if (ga and gb and ga != gb and ga.startswith("e") and gb.startswith("e")
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

    def _name(self, entity_id: str) -> str:
        for e in self.analysis.entities:
            if e.id == entity_id:
                return e.name
        return entity_id

    def _is_country(self, entity_id: str) -> bool:
        for e in self.analysis.entities:
            if e.id == entity_id:
                return gazetteer().country(e.name) is not None
        return False


def find_conflicts(finder: ConflictFinder, claims: Sequence[Claim], scores: dict[tuple[str, str], float],
                   copies: dict[str, str]) -> list[Conflict]:
    """Conflicts among the claims of one fact (pairs from independent articles only)."""
    found: dict[str, Conflict] = {}
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.article == b.article or copies.get(a.article, a.article) == copies.get(b.article, b.article):
                continue
            s = scores.get((a.id, b.id), scores.get((b.id, a.id), 0.0))
            for kind in ("quantity", "date", "negation", "person", "place", "attribution"):
                if kind in found or s < MIN_SCORE[kind]:
                    continue
                conflict = getattr(finder, kind)(a, b)
                if conflict is not None:
                    found[kind] = conflict
    return list(found.values())
