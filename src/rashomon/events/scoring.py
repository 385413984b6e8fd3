"""How well one article fits one event: the event's running profile and the score.

An :class:`EventProfile` sums what its articles brought (term, title and name
weights, years, report dates, numbers, embedding) so that scoring an article
against an event costs the same however many articles the event holds.

The score is the logit of a logistic model over :data:`FEATURES`:

* ``text``, ``title``: cosine of idf-weighted terms of the whole text / the title
  against the event's centroid (the stream's own idf, so "earthquake" weighs little
  once the stream has had a few earthquakes, and "Ahvaz" a lot);
* ``names``: the same over names (people, places, organisations), and
  ``name_cover``: the share of the article's five most salient names the event knows.
  Two earthquakes in the same month share the vocabulary, not the place names;
* ``embedding``: cosine of MiniLM title+lead embeddings (only with an embedder);
* ``numbers``: figures shared ("40 palestinians", "7.6 magnitude");
* ``same_date`` / ``far_date``: report dates within 2 days of / over 45 days from
  the event's; ``year_match`` / ``year_clash``: the years mentioned meet / do not;
  ``era_clash``: the article's own year (report date, else the latest year it
  mentions) is two or more years from every one of the event's articles.
* ``qty_match`` / ``qty_clash``: the earthquake magnitudes and sums of money the leads give
  agree / disagree (:func:`rashomon.events.features.quantities_agree`): two quakes in one
  place, two heists in one street.

The coefficients were fitted by logistic regression (``scripts/eval_events.py --fit``)
on the tune half of ECB+ (odd topics), each article scored against the gold events
formed by the articles before it (refitted with the lead quantities, November 2026).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from rashomon.events.features import DocFeatures, quantities_agree

MAX_TERMS = 3000  # per event profile: the weakest terms are pruned past this (memory bound)
MAX_DATES = 64
TOP_NAMES = 5
SAME_DATE_DAYS = 2
FAR_DATE_DAYS = 45

FEATURES = ("text", "title", "names", "name_cover", "event_cover", "embedding", "numbers", "same_date", "far_date",
            "year_match", "year_clash", "era_clash", "qty_match", "qty_clash")


@dataclass(frozen=True)
class Weights:
    """Logistic-model coefficients; the score is ``bias + sum(coef * feature)``."""

    bias: float = -4.56
    text: float = 1.944
    title: float = 0.62
    names: float = 2.779
    name_cover: float = 1.53
    event_cover: float = 2.434
    embedding: float = 0.0  # lexical default; with MiniLM, refit (--fit --embed)
    numbers: float = 1.319
    same_date: float = 2.273
    far_date: float = -0.051
    year_match: float = 0.89
    year_clash: float = -0.163
    era_clash: float = -1.919
    qty_match: float = 0.53
    qty_clash: float = -0.609

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def score(self, x: tuple[float, ...]) -> float:
        return self.bias + sum(getattr(self, name) * v for name, v in zip(FEATURES, x, strict=True))


def _add_normalised(dst: dict[str, float], src: dict[str, float]) -> None:
    norm = math.sqrt(sum(w * w for w in src.values())) or 1.0
    for t, w in src.items():
        dst[t] = dst.get(t, 0.0) + w / norm
    if len(dst) > MAX_TERMS:
        kept = {t: dst[t] for t in sorted(dst, key=lambda t: (-dst[t], t))[:MAX_TERMS]}
        dst.clear()
        dst.update(kept)


def doc_era(feats: DocFeatures) -> int | None:
    if feats.report_date:
        return feats.report_date.year
    return max(feats.years) if feats.years else None


@dataclass
class EventProfile:
    id: str
    seq: int
    n: int = 0
    terms: dict[str, float] = field(default_factory=dict)  # sum of the articles' L2-normalised weights
    title_terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    years: Counter[int] = field(default_factory=Counter)
    eras: Counter[int] = field(default_factory=Counter)
    dates: list[date] = field(default_factory=list)
    numbers: Counter[str] = field(default_factory=Counter)
    emb_sum: np.ndarray | None = None
    quantities: Counter[str] = field(default_factory=Counter)  # the articles' lead quantities
    # per idf epoch: norms and top names, so scoring costs the article's size, not the event's
    _cache: dict[str, tuple[tuple[int, int], Any]] = field(default_factory=dict, repr=False, compare=False)

    def cached(self, what: str, epoch: int | None, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered while neither the idf epoch nor the profile changes."""
        if epoch is None:
            return compute()
        key = (epoch, self.n)
        hit = self._cache.get(what)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        self._cache[what] = (key, value)
        return value

    def absorb(self, feats: DocFeatures, emb: np.ndarray | None) -> None:
        self.n += 1
        _add_normalised(self.terms, feats.terms)
        _add_normalised(self.title_terms, feats.title_terms)
        _add_normalised(self.names, feats.names)
        self.years.update(feats.years)
        era = doc_era(feats)
        if era is not None:
            self.eras[era] += 1
        if feats.report_date and feats.report_date not in self.dates and len(self.dates) < MAX_DATES:
            self.dates.append(feats.report_date)
        self.numbers.update(feats.numbers)
        self.quantities.update(feats.quantities)
        if emb is not None:
            e = np.asarray(emb, dtype=np.float32)
            self.emb_sum = e.copy() if self.emb_sum is None else self.emb_sum + e

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "n": self.n, "terms": self.terms,
                "title_terms": self.title_terms, "names": self.names,
                "years": {str(y): c for y, c in self.years.items()},
                "eras": {str(y): c for y, c in self.eras.items()},
                "dates": [d.isoformat() for d in self.dates], "numbers": dict(self.numbers),
                "emb_sum": None if self.emb_sum is None else [round(float(x), 6) for x in self.emb_sum],
                "quantities": dict(self.quantities)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventProfile:
        emb = data.get("emb_sum")
        return cls(data["id"], data["seq"], data["n"], dict(data["terms"]), dict(data["title_terms"]),
                   dict(data["names"]), Counter({int(y): c for y, c in data["years"].items()}),
                   Counter({int(y): c for y, c in data["eras"].items()}),
                   [date.fromisoformat(d) for d in data["dates"]], Counter(data["numbers"]),
                   None if emb is None else np.asarray(emb, dtype=np.float32),
                   Counter(data.get("quantities", {})))


def idf_norm(weights: dict[str, float], idf: Callable[[str], float]) -> float:
    return math.sqrt(sum((w * idf(t)) ** 2 for t, w in weights.items()))


def weighted_cosine(doc: dict[str, float], event: dict[str, float], idf: Callable[[str], float],
                    event_norm: float | None = None) -> float:
    dot = 0.0
    for t, w in doc.items():
        e = event.get(t)
        if e:
            dot += w * e * idf(t) ** 2
    if dot == 0.0:
        return 0.0
    dn = idf_norm(doc, idf)
    en = idf_norm(event, idf) if event_norm is None else event_norm
    return dot / (dn * en) if dn and en else 0.0


def pair_features(feats: DocFeatures, emb: np.ndarray | None, ev: EventProfile,
                  term_idf: Callable[[str], float], name_idf: Callable[[str], float],
                  epoch: int | None = None) -> tuple[float, ...]:
    """The values of :data:`FEATURES` for one article against one event.

    ``epoch`` names the idf in use: while it and the event stay the same, the event's norms
    and top names are computed once (the idf must not change within an epoch).
    """
    text = weighted_cosine(feats.terms, ev.terms, term_idf,
                           ev.cached("terms", epoch, lambda: idf_norm(ev.terms, term_idf)))
    title = weighted_cosine(feats.title_terms, ev.title_terms, term_idf,
                            ev.cached("title", epoch, lambda: idf_norm(ev.title_terms, term_idf)))
    names = weighted_cosine(feats.names, ev.names, name_idf,
                            ev.cached("names", epoch, lambda: idf_norm(ev.names, name_idf)))
    top = sorted(feats.names, key=lambda t: (-feats.names[t] * name_idf(t), t))[:TOP_NAMES]
    total = sum(name_idf(t) for t in top)
    cover = sum(name_idf(t) for t in top if t in ev.names) / total if total else 0.0
    etop = ev.cached("top", epoch, lambda: sorted(ev.names, key=lambda t: (-ev.names[t] * name_idf(t), t))[:TOP_NAMES])
    etotal = sum(name_idf(t) for t in etop)
    ecover = sum(name_idf(t) for t in etop if t in feats.names) / etotal if etotal else 0.0
    embedding = 0.0
    if emb is not None and ev.emb_sum is not None:
        norm = float(np.linalg.norm(ev.emb_sum))
        embedding = float(np.dot(emb, ev.emb_sum) / norm) if norm else 0.0
    numbers = 0.0
    if feats.numbers and ev.numbers:
        numbers = min(1.0, sum(1 for n in feats.numbers if n in ev.numbers) / 2)
    same_date = far_date = 0.0
    if feats.report_date and ev.dates:
        gap = min(abs((feats.report_date - d).days) for d in ev.dates)
        same_date = float(gap <= SAME_DATE_DAYS) * text  # a shared date means little without shared words
        far_date = float(gap > FAR_DATE_DAYS)
    year_match = year_clash = 0.0
    if feats.years and ev.years:
        met = bool(feats.years & set(ev.years))
        year_match, year_clash = float(met), float(not met)
    era_clash = 0.0
    era = doc_era(feats)
    if era is not None and ev.eras:
        era_clash = float(min(abs(era - e) for e in ev.eras) >= 2)
    qty_match, qty_clash = quantities_agree(feats.quantities, ev.quantities)
    return (text, title, names, cover, ecover, embedding, numbers, same_date, far_date, year_match, year_clash,
            era_clash, qty_match, qty_clash)


def score_event(feats: DocFeatures, emb: np.ndarray | None, ev: EventProfile, w: Weights,
                term_idf: Callable[[str], float], name_idf: Callable[[str], float], epoch: int | None = None) -> float:
    return w.score(pair_features(feats, emb, ev, term_idf, name_idf, epoch))


# -- article against article (the repair step's model) -----------------------------------

PAIR_FEATURES = ("text", "names", "cover_min", "cover_max", "lead", "numbers", "same_date", "far_date",
                 "year_match", "year_clash", "era_clash", "person_clash", "person_same", "qty_match", "qty_clash",
                 "embedding")


@dataclass(frozen=True)
class PairWeights:
    """Logistic model of "these two articles report the same event" over :data:`PAIR_FEATURES`.

    Fitted by ``scripts/eval_events.py --fit-pairs`` on the ECB+ tune half (odd topics): every
    pair of its articles whose term cosine is at least 0.05, labelled by the gold events.
    """

    bias: float = -3.591
    text: float = 3.652
    names: float = 3.49
    cover_min: float = 1.44
    cover_max: float = 1.714
    lead: float = 1.894
    numbers: float = 1.561
    same_date: float = 1.176
    far_date: float = -0.546
    year_match: float = 1.662
    year_clash: float = 0.304
    era_clash: float = -1.684
    person_clash: float = -2.349
    person_same: float = 1.837
    qty_match: float = 0.903
    qty_clash: float = -0.767
    embedding: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def score(self, x: tuple[float, ...]) -> float:
        return self.bias + sum(getattr(self, name) * v for name, v in zip(PAIR_FEATURES, x, strict=True))


@dataclass(frozen=True)
class PairView:
    """One article prepared for pair scoring: idf-weighted unit vectors under one idf snapshot."""

    terms: dict[str, float]
    names: dict[str, float]
    top_names: dict[str, float]  # its TOP_NAMES most salient names with their idf
    lead_names: dict[str, float]  # the names of its title and lead with their idf
    feats: DocFeatures
    emb: np.ndarray | None


def unit(weights: dict[str, float], idf: Callable[[str], float]) -> dict[str, float]:
    """``weights`` times their idf, scaled to length 1 (empty when all are zero)."""
    v = {t: w * idf(t) for t, w in weights.items()}
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {t: x / norm for t, x in v.items()} if norm else {}


def pair_view(feats: DocFeatures, emb: np.ndarray | None, term_idf: Callable[[str], float],
              name_idf: Callable[[str], float]) -> PairView:
    top = sorted(feats.names, key=lambda t: (-feats.names[t] * name_idf(t), t))[:TOP_NAMES]
    return PairView(unit(feats.terms, term_idf), unit(feats.names, name_idf), {t: name_idf(t) for t in top},
                    {t: name_idf(t) for t in sorted(feats.lead_names)}, feats, emb)


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _cover(top: dict[str, float], names: dict[str, float]) -> float:
    total = sum(top.values())
    return sum(w for t, w in top.items() if t in names) / total if total else 0.0


def doc_pair_features(a: PairView, b: PairView) -> tuple[float, ...]:
    """The values of :data:`PAIR_FEATURES` for two articles."""
    text = dot(a.terms, b.terms)
    names = dot(a.names, b.names)
    ca, cb = _cover(a.top_names, b.names), _cover(b.top_names, a.names)
    # the people and places a report leads with: "Mark Felt" and "Fred LaRue" share Watergate, not the lead
    lead = min(_cover(a.lead_names, b.names), _cover(b.lead_names, a.names)) if a.lead_names and b.lead_names else 0.0
    fa, fb = a.feats, b.feats
    numbers = min(1.0, len(fa.numbers & fb.numbers) / 2) if fa.numbers and fb.numbers else 0.0
    same_date = far_date = 0.0
    if fa.report_date and fb.report_date:
        gap = abs((fa.report_date - fb.report_date).days)
        same_date = float(gap <= SAME_DATE_DAYS) * text
        far_date = float(gap > FAR_DATE_DAYS)
    year_match = year_clash = 0.0
    if fa.years and fb.years:
        met = bool(fa.years & fb.years)
        year_match, year_clash = float(met), float(not met)
    era_clash = 0.0
    ea, eb = doc_era(fa), doc_era(fb)
    if ea is not None and eb is not None:
        era_clash = float(abs(ea - eb) >= 2)
    # whom the leads are about: each names its main person at least twice, the other never names them
    ma, mb = fa.main_person, fb.main_person
    person_clash = float(ma is not None and mb is not None and ma not in fb.lead_people and mb not in fa.lead_people)
    person_same = float(ma is not None and ma == mb)
    # what the leads say was measured: one quake's magnitude, one heist's sum
    qty_match, qty_clash = quantities_agree(fa.quantities, fb.quantities)
    embedding = float(np.dot(a.emb, b.emb)) if a.emb is not None and b.emb is not None else 0.0
    return (text, names, min(ca, cb), max(ca, cb), lead, numbers, same_date, far_date, year_match, year_clash,
            era_clash, person_clash, person_same, qty_match, qty_clash, embedding)
