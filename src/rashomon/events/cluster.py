"""Incremental event clustering over a stream of articles.

:class:`EventClusterer` assigns each article, as it arrives, to the best *active* event
or opens a new one; nothing already assigned is re-clustered. Per article it

1. extracts features (:mod:`rashomon.events.features`): regular expressions, and whom the
   lead is about from spaCy's NER over the title and lead (:mod:`rashomon.events.people`);
2. checks for a near-duplicate (word 5-gram containment >= 0.5 against the active
   articles, through an inverted index of sampled shingles, unless their leads' magnitudes
   or sums of money clash): a republication joins the event of the article it copies and
   says so in ``duplicate_of``;
3. gets candidate events from an inverted index of salient terms and names (never
   all events), keeps the ``max_candidates`` best, and scores each one
   (:func:`rashomon.events.scoring.score_event`): text similarity with the stream's
   idf, shared names weighted above common words, optional MiniLM similarity of the
   title and lead, dates, years and numbers that agree or disagree, and the magnitudes and sums of
   money the leads give (:func:`rashomon.events.features.lead_quantities`);
4. joins the best event when its score clears ``threshold``, else opens an event.

Time: the clock is the latest publication (or report) date seen; an article without
one is stamped with the clock. Events with no article in the last ``window_days`` (None: no window)
are frozen: dropped from the active set and the indexes, and kept only as
:class:`EventSummary` until :meth:`EventClusterer.drain_frozen`. Cost per article is
bounded by the active window, not by the corpus. :meth:`state` / :meth:`from_state`
round-trip everything through JSON-compatible data.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np

from rashomon.events.features import DocFeatures, EventDoc, extract_features, quantities_agree, title_and_lead
from rashomon.events.frequency import DF_BUCKET, DocFrequency
from rashomon.events.partition import average_link, bisect
from rashomon.events.people import PeopleTagger
from rashomon.events.scoring import (
    FEATURES,
    PAIR_FEATURES,
    EventProfile,
    PairView,
    PairWeights,
    Weights,
    doc_pair_features,
    dot,
    pair_features,
    pair_view,
    score_event,
    unit,
)

log = logging.getLogger(__name__)

STATE_VERSION = 4  # 3: people features (lead_people, the "people" flag, two pair weights); 4: lead quantities
INDEX_TERMS = 12  # salient terms per article in the candidate index
INDEX_NAMES = 12
DUPLICATE_CONTAINMENT = 0.5
# the score is a logit; -3.0 is the best B-cubed F1 on the ECB+ tune half with the repair on (odd
# topics, swept at repair cut -1.25: F1 0.9555 at -3.0, 0.9543 at -3.25, 0.9521 at -2.75, 0.9452 at
# -2.0; docs/accuracy.md):
# the stream joins generously and the repair splits what does not belong
DEFAULT_THRESHOLD = -3.0
MIN_SHINGLES = 4  # sampled 5-grams (~16 in all): shorter texts are never called duplicates
# Repair (see EventClusterer.repair): thresholds on the article-pair logit of PairWeights, chosen
# on the ECB+ tune half by scripts/eval_events.py --sweep-repair (see docs/accuracy.md).
REPAIR_EVERY = 50  # articles between two repairs of the events they touched
# idf is read from a snapshot refreshed when the stream has doubled or grown by IDF_REFRESH
# articles, or by IDF_REFRESH_SHARE of itself, since the last one, so that event norms, the
# repairs' article views and their pair scores can be cached between refreshes
IDF_REFRESH = 50
IDF_REFRESH_SHARE = 0.05
PAIR_MEMO_MAX = 200_000  # pair scores kept per idf snapshot (cleared when full)
# One cut for both directions, or a split part could merge straight back: articles of two groups
# that score below it on average are two events, at or above it one. The middle of the tune half's
# plateau (F1 0.9573 from -2.25 to -1.5; docs/accuracy.md).
REPAIR_THRESHOLD = -1.75
MAX_REPAIR_DOCS = 40  # an event's newest articles a split looks at (cost: pairs grow with the square)
MERGE_CANDIDATES = 3  # events a merge compares article by article: the closest by centroid terms
MERGE_SAMPLE = 12  # newest articles of each side a merge compares
# Two look-alike events whose articles all score above REPAIR_THRESHOLD against each other (the
# two deaths of Watergate figures, two DUI arrests of one team's players) still form two groups
# each far tighter than the link between them. A split also tries a spectral bisection (normalised
# cut, Shi & Malik 2000) of the pair probabilities and takes it when the cut is below BISECT_NCUT
# with at least BISECT_MIN_PART articles on each side; a merge the next repair would split again
# is refused. Chosen on the ECB+ tune half (docs/accuracy.md).
BISECT_NCUT = 0.84
BISECT_MIN_DOCS = 6
BISECT_MIN_PART = 3


@dataclass(frozen=True)
class Assignment:
    key: str
    event_id: str
    similarity: float  # score against the chosen event (0.0 for a new event)
    is_new: bool
    duplicate_of: str | None = None


@dataclass(frozen=True)
class EventSummary:
    id: str
    title: str
    first: date | None
    last: date | None
    outlets: tuple[str, ...]
    keys: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.keys)


@dataclass(frozen=True)
class Regroup:
    """Articles a repair moved from one event to another (``kind``: "split" or "merge").

    After a merge ``source`` no longer exists; after a split ``target`` is a new event.
    """

    kind: str
    source: str
    target: str
    keys: tuple[str, ...]


@dataclass
class _ActiveDoc:
    event_id: str
    shingles: frozenset[int]
    total: int
    seq: int = 0  # arrival order
    feats: DocFeatures | None = None  # None only for articles restored from a version-1 state
    emb: np.ndarray | None = None
    title: str = ""
    outlet: str | None = None
    when: date | None = None


@dataclass
class _Event:
    profile: EventProfile
    title: str
    first: date | None
    last: date | None
    outlets: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    indexed: set[str] = field(default_factory=set)

    def summary(self) -> EventSummary:
        return EventSummary(self.profile.id, self.title, self.first, self.last,
                            tuple(dict.fromkeys(self.outlets)), tuple(self.keys))


class EventClusterer:
    """Groups a stream of :class:`EventDoc` into events, one article at a time."""

    def __init__(self, window_days: int | None = 7, threshold: float = DEFAULT_THRESHOLD, *, embedder: Any = None,
                 weights: Weights | None = None, max_candidates: int = 24,
                 max_active_events: int = 20_000, pair_weights: PairWeights | None = None,
                 repair_every: int = REPAIR_EVERY, repair_threshold: float = REPAIR_THRESHOLD,
                 bisect_ncut: float = BISECT_NCUT, df_bucket: int = DF_BUCKET, people: Any = True) -> None:
        self.window_days = window_days
        self.threshold = threshold
        self.weights = weights or Weights()
        self._pair_weights = pair_weights or PairWeights()
        self.repair_every = repair_every  # 0: never repair on its own (call repair())
        self.repair_threshold = repair_threshold
        self.bisect_ncut = bisect_ncut
        self._since_repair = 0
        self._idf_epoch = 0
        self._idf_n = 0  # the stream's size when the idf snapshot was taken
        self._idf_memo: tuple[dict[str, float], dict[str, float]] = ({}, {})
        self._views: dict[str, PairView | None] = {}  # the repairs' article views, per idf snapshot
        self._pair_memo: dict[tuple[str, str], float] = {}  # their pair scores, per idf snapshot
        # counts added since the snapshot (terms, names): the snapshot's df is df minus these
        self._df_since: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        self._dirty: set[str] = set()
        self._recent: set[str] = set()  # dirty at the previous repair
        self._regroups: list[Regroup] = []
        self.embedder = embedder
        # who each article's lead is about (spaCy NER on the lead): True, the default tagger; None/False: none
        self.people: Callable[[Sequence[EventDoc]], list[list[str]]] | None = (
            PeopleTagger() if people is True else (people or None))
        self.max_candidates = max_candidates
        self.max_active_events = max_active_events  # only bites on undated streams
        self.clock: date | None = None
        self.n_docs = 0
        self.next_id = 1
        # document frequencies, lossy-counted: they follow the window, not the whole stream (events/frequency.py)
        self.term_df = DocFrequency(df_bucket)
        self.name_df = DocFrequency(df_bucket)
        self._events: dict[str, _Event] = {}
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._docs: dict[str, _ActiveDoc] = {}
        self._shingle_index: dict[int, set[str]] = defaultdict(set)
        self._frozen: list[EventSummary] = []
        self.comparisons_last_add = 0  # candidate events scored for the last article (cost probes)
        self.postings_visited_last_add = 0

    # -- public API -------------------------------------------------------------------

    def add(self, doc: EventDoc, embedding: np.ndarray | None = None, *,
            event_id: str | None = None, people: Sequence[str] | None = None) -> Assignment:
        """Assign one article; ``embedding`` (normalised) saves encoding it one at a time.

        ``event_id`` forces the article into that active event (replaying assignments
        a person corrected, or building training data); the score is still reported.
        ``people`` (the tagger's mentions for ``doc``) saves tagging it one at a time.
        """
        feats, embedding, when = self._observe(doc, embedding, people)
        dup = self._find_duplicate(feats)
        scored = self._score_candidates(feats, embedding)
        if event_id is not None and event_id in self._events:
            sim = next((s for e, s in scored if e == event_id), float("-inf"))
            assignment = Assignment(doc.key, event_id, sim, False, dup)
        elif dup is not None:
            event_id = self._docs[dup].event_id
            sim = next((s for e, s in scored if e == event_id), float("inf"))
            assignment = Assignment(doc.key, event_id, sim, False, dup)
        elif scored and scored[0][1] >= self.threshold:
            assignment = Assignment(doc.key, scored[0][0], scored[0][1], False)
        else:
            best = scored[0][1] if scored else float("-inf")
            assignment = Assignment(doc.key, self._open_event(doc, when), best, True)
        self._join(self._events[assignment.event_id], doc, feats, embedding, when)
        self._since_repair += 1
        if self.repair_every and self._since_repair >= self.repair_every:
            self.repair()
        return assignment

    def candidate_features(self, doc: EventDoc, embedding: np.ndarray | None = None,
                           also: Iterable[str] = ()) -> list[tuple[str, tuple[float, ...]]]:
        """The feature vectors (:data:`rashomon.events.scoring.FEATURES`) of the events an
        article would be compared with (plus the active ones in ``also``), without adding it."""
        feats = extract_features(doc)  # the article-event features use no people: no tagging
        if embedding is None and self.embedder is not None:
            embedding = self.embedder.encode([title_and_lead(doc)])[0]
        ids = list(dict.fromkeys([*self._candidates(feats), *(e for e in also if e in self._events)]))
        return [(ev_id, pair_features(feats, embedding, self._events[ev_id].profile, self._term_idf,
                                      self._name_idf)) for ev_id in ids]

    def add_many(self, docs: Sequence[EventDoc]) -> list[Assignment]:
        """:meth:`add` in order, with the embeddings and people (if any) found in one batch each."""
        embeddings: Sequence[np.ndarray | None] = [None] * len(docs)
        if self.embedder is not None and docs:
            embeddings = list(self.embedder.encode([title_and_lead(d) for d in docs]))
        people: Sequence[Sequence[str] | None] = self.people(docs) if self.people is not None else [None] * len(docs)
        return [self.add(d, e, people=p) for d, e, p in zip(docs, embeddings, people, strict=True)]

    def events(self) -> list[EventSummary]:
        """The active events (those with an article inside the window)."""
        return [e.summary() for e in self._events.values()]

    def drain_frozen(self) -> list[EventSummary]:
        """Events that left the window since the last call (for the caller to persist)."""
        out, self._frozen = self._frozen, []
        return out

    @property
    def pair_weights(self) -> PairWeights:
        """The article-pair model of the repairs (setting it forgets the pair scores kept)."""
        return self._pair_weights

    @pair_weights.setter
    def pair_weights(self, value: PairWeights) -> None:
        self._pair_weights = value
        self._pair_memo = {}

    def drain_regroups(self) -> list[Regroup]:
        """Moves made by repairs since the last call, in order (for the caller to persist)."""
        out, self._regroups = self._regroups, []
        return out

    def assignments(self) -> dict[str, str]:
        """The current event of every active article."""
        return {k: d.event_id for k, d in self._docs.items()}

    def repair(self, *, everything: bool = False) -> list[Regroup]:
        """Split and merge the active events touched since the last repair.

        The stream assigns each article once, against event centroids, so an early
        mistake sticks: two look-alike events ("fire at the Waitrose in Banstead",
        "fire at the Waitrose in Wellington") that met once share one centroid that
        draws both, and one event's articles may open two. A repair looks again at
        the events that changed, article against article
        (:class:`rashomon.events.scoring.PairWeights`):

        * **split**: average-link clustering of the event's articles at
          ``repair_threshold``; when two or more parts of at least two articles come
          out, the largest keeps the event id and the others become new events (a
          lone article goes with the part it fits best). When none come out, a
          spectral bisection (:func:`bisect`) cuts the event in two if the normalised
          cut is below ``bisect_ncut``: two look-alike stories whose articles all score
          above the threshold against each other but far higher within each story;
        * **merge**: of the events its candidate index proposes, the ``MERGE_CANDIDATES``
          closest by centroid terms are compared article by article (the newest
          ``MERGE_SAMPLE`` of each side); when the average pair score is at or above
          ``repair_threshold``, and the next repair would not split the merged event
          again (:meth:`_would_split`), the smaller event joins the larger.

        A split looks at an event's newest ``MAX_REPAIR_DOCS`` articles only. Only active
        events inside the window are touched and each check is bounded, so the cost does
        not grow with the corpus. Returns the moves, also kept for :meth:`drain_regroups`.
        """
        self._since_repair = 0
        # repairs read the idf of the whole stream so far: exactly while refreshes come every
        # IDF_REFRESH articles, within IDF_REFRESH_SHARE once they come by share (see _observe)
        if self.n_docs != self._idf_n and self._idf_n * IDF_REFRESH_SHARE < IDF_REFRESH:
            self._refresh_idf()
        # an event is looked at in the two repairs after it changed: the second sees it
        # against the articles that arrived since, under a more settled idf
        dirty = sorted(self._events if everything else
                       (e for e in self._dirty | self._recent if e in self._events))
        self._recent = set(self._dirty)
        self._dirty.clear()
        if not dirty:
            return []
        views = self._views  # kept while the idf snapshot lasts, as are the pair scores
        done: list[Regroup] = []
        touched: list[str] = []
        for ev_id in dirty:
            touched.extend(self._split(ev_id, views, done))
        queue = sorted(set(touched))
        rounds = 0
        while queue and rounds < 4 * len(dirty) + 8:
            rounds += 1
            ev_id = queue.pop(0)
            if ev_id not in self._events:
                continue
            survivor = self._merge(ev_id, views, done)
            if survivor is not None and survivor not in queue:
                queue.append(survivor)
        self._regroups.extend(done)
        return done

    # -- internals --------------------------------------------------------------------

    def _advance(self, stamp: date | None) -> None:
        if stamp is not None and (self.clock is None or stamp > self.clock):
            self.clock = stamp
            if self.window_days is not None:  # no window: only max_active_events freezes events
                horizon = stamp - timedelta(days=self.window_days)
                for ev in [e for e in self._events.values() if e.last is not None and e.last < horizon]:
                    self._freeze(ev)
        if len(self._events) > self.max_active_events:
            oldest = sorted(self._events.values(), key=lambda e: e.profile.seq)
            for ev in oldest[:len(self._events) - self.max_active_events]:
                self._freeze(ev)

    def _freeze(self, ev: _Event) -> None:
        del self._events[ev.profile.id]
        for key in ev.indexed:
            posting = self._postings.get(key)
            if posting is not None:
                posting.discard(ev.profile.id)
                if not posting:
                    del self._postings[key]
        for k in ev.keys:
            self._views.pop(k, None)
            active = self._docs.pop(k, None)
            if active is None:
                continue
            for h in active.shingles:
                keys = self._shingle_index.get(h)
                if keys is not None:
                    keys.discard(k)
                    if not keys:
                        del self._shingle_index[h]
        self._frozen.append(ev.summary())

    def _features(self, doc: EventDoc, people: Sequence[str] | None = None) -> DocFeatures:
        if people is None and self.people is not None:
            people = self.people([doc])[0]
        return extract_features(doc, people or ())

    def _observe(self, doc: EventDoc, embedding: np.ndarray | None, people: Sequence[str] | None = None
                 ) -> tuple[DocFeatures, np.ndarray | None, date | None]:
        feats = self._features(doc, people)
        if embedding is None and self.embedder is not None:
            embedding = self.embedder.encode([title_and_lead(doc)])[0]
        stamp = doc.published or feats.report_date
        self._advance(stamp)
        self.n_docs += 1
        self.term_df.add(feats.terms.keys(), self.n_docs)
        self.name_df.add(feats.names.keys(), self.n_docs)
        self._df_since[0].update(feats.terms.keys())
        self._df_since[1].update(feats.names.keys())
        if self.term_df.due(self.n_docs):
            self._prune_df(feats)
            self._refresh_idf()  # the snapshot's counts change: the caches built on them go
        elif self._idf_due():
            self._refresh_idf()
        return feats, embedding, stamp or self.clock

    def _idf_due(self) -> bool:
        grown = self.n_docs - self._idf_n
        return self.n_docs >= 2 * self._idf_n or grown >= max(IDF_REFRESH, IDF_REFRESH_SHARE * self._idf_n)

    def _refresh_idf(self) -> None:
        self._idf_epoch += 1
        self._idf_n = self.n_docs
        self._idf_memo = ({}, {})
        self._views = {}
        self._pair_memo = {}
        self._df_since = (Counter(), Counter())

    def _prune_df(self, arriving: DocFeatures) -> None:
        """Lossy counting's end of bucket; the keys of articles still in the window stay."""
        terms, names = set(arriving.terms), set(arriving.names)
        for d in self._docs.values():
            if d.feats is not None:
                terms.update(d.feats.terms)
                names.update(d.feats.names)
        self.term_df.prune(self.n_docs, terms)
        self.name_df.prune(self.n_docs, names)

    def _idf(self, df: DocFrequency, key: str) -> float:
        """The key's idf in the current epoch: computed on first use, then kept until the next refresh."""
        which = 0 if df is self.term_df else 1
        memo = self._idf_memo[which]
        value = memo.get(key)
        if value is None:
            seen = df.get(key, 0) - self._df_since[which].get(key, 0)
            value = memo[key] = math.log((self._idf_n + 1) / (seen + 1)) + 1.0
        return value

    def _term_idf(self, key: str) -> float:
        return self._idf(self.term_df, key)

    def _name_idf(self, key: str) -> float:
        return self._idf(self.name_df, key)

    def _salient(self, weights: dict[str, float], df: DocFrequency, k: int) -> list[str]:
        ranked = sorted(weights, key=lambda t: (-weights[t] * self._idf(df, t), t))
        return ranked[:k]

    def _find_duplicate(self, feats: DocFeatures) -> str | None:
        if feats.shingle_total < MIN_SHINGLES:
            return None
        overlap: Counter[str] = Counter()
        for h in feats.shingles:
            overlap.update(self._shingle_index.get(h, ()))
        best, best_c = None, 0.0
        for key, n in overlap.items():
            other = self._docs[key]
            smaller = min(feats.shingle_total, other.total)
            if smaller < MIN_SHINGLES:
                continue
            c = n / smaller
            if c < DUPLICATE_CONTAINMENT:
                continue
            if other.feats is not None and quantities_agree(feats.quantities, other.feats.quantities)[1]:
                continue  # one template, another magnitude or sum (a quake bot's reports): not a copy
            if c > best_c or (c == best_c and best is not None and key < best):
                best, best_c = key, c
        return best

    def _candidates(self, feats: DocFeatures) -> list[str]:
        votes: dict[str, float] = defaultdict(float)
        visited = 0
        for key in self._salient(feats.terms, self.term_df, INDEX_TERMS):
            posting = self._postings.get("t:" + key, ())
            visited += len(posting)
            for ev in posting:
                votes[ev] += self._idf(self.term_df, key)
        for key in self._salient(feats.names, self.name_df, INDEX_NAMES):
            posting = self._postings.get("n:" + key, ())
            visited += len(posting)
            for ev in posting:
                votes[ev] += 2 * self._idf(self.name_df, key)
        self.postings_visited_last_add = visited
        ranked = sorted(votes, key=lambda e: (-votes[e], e))
        return ranked[:self.max_candidates]

    def _score_candidates(self, feats: DocFeatures, emb: np.ndarray | None) -> list[tuple[str, float]]:
        cands = self._candidates(feats)
        self.comparisons_last_add = len(cands)
        scored = [(ev_id, score_event(feats, emb, self._events[ev_id].profile, self.weights,
                                      self._term_idf, self._name_idf, self._idf_epoch)) for ev_id in cands]
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored

    def _open_event(self, doc: EventDoc, when: date | None) -> str:
        return self._new_event_id(doc.title or doc.text[:80], when)

    def _new_event_id(self, title: str, when: date | None) -> str:
        ev_id = f"ev{self.next_id:06d}"
        self._events[ev_id] = _Event(EventProfile(ev_id, self.next_id), title, when, when)
        self.next_id += 1
        return ev_id

    # -- repair -----------------------------------------------------------------------

    def _view(self, key: str, views: dict[str, PairView | None]) -> PairView | None:
        if key not in views:
            d = self._docs[key]
            views[key] = None if d.feats is None else pair_view(d.feats, d.emb, self._term_idf, self._name_idf)
        return views[key]

    def _pair_matrix(self, rows: list[str], cols: list[str], views: dict[str, PairView | None]) -> np.ndarray:
        out = np.empty((len(rows), len(cols)))
        for i, a in enumerate(rows):
            for j, b in enumerate(cols):
                if a == b:
                    out[i, j] = 0.0
                    continue
                pair = (a, b) if a < b else (b, a)  # scored in key order: the same bits either way
                score = self._pair_memo.get(pair)
                if score is None:
                    v0, v1 = self._view(pair[0], views), self._view(pair[1], views)
                    assert v0 is not None and v1 is not None
                    score = self.pair_weights.score(doc_pair_features(v0, v1))
                    if len(self._pair_memo) >= PAIR_MEMO_MAX:
                        self._pair_memo.clear()
                    self._pair_memo[pair] = score
                out[i, j] = score
        return out

    def _repairable(self, keys: list[str]) -> bool:
        return all(self._docs[k].feats is not None for k in keys)

    def _split(self, ev_id: str, views: dict[str, PairView | None], done: list[Regroup]) -> list[str]:
        ev = self._events[ev_id]
        keys = ev.keys[-MAX_REPAIR_DOCS:]  # in a large event, older articles stay where they are
        if len(keys) < 3 or not self._repairable(ev.keys):  # a rebuild needs every article's features
            return [ev_id]
        found = self._parts(keys, views)
        if found is None:
            return [ev_id]
        sim, parts, big = found
        for p in parts:
            if len(p) < 2:
                best = max(big, key=lambda q: (float(sim[p[0], q].mean()), -min(q)))
                best.extend(p)
        big = [sorted(p) for p in big]
        big.sort(key=lambda p: (-len(p), p[0]))
        out = [ev_id]
        older = ev.keys[:-MAX_REPAIR_DOCS] if len(ev.keys) > MAX_REPAIR_DOCS else []
        self._rebuild(ev_id, [*older, *(keys[i] for i in big[0])])
        for part in big[1:]:
            moved = [keys[i] for i in part]
            first = self._docs[moved[0]]
            new_id = self._new_event_id(first.title, first.when)
            self._rebuild(new_id, moved)
            done.append(Regroup("split", ev_id, new_id, tuple(moved)))
            out.append(new_id)
        return out

    def _parts(self, keys: list[str], views: dict[str, PairView | None]
               ) -> tuple[np.ndarray, list[list[int]], list[list[int]]] | None:
        """How a split would cut ``keys`` (score matrix, all parts, parts of two or more), or None:
        average-link at ``repair_threshold``, else a spectral bisection below ``bisect_ncut``."""
        sim = self._pair_matrix(keys, keys, views)
        parts = average_link(sim, self.repair_threshold)
        big = [p for p in parts if len(p) >= 2]
        if len(big) < 2 and len(keys) >= BISECT_MIN_DOCS:
            (one, other), cut = bisect(sim, BISECT_MIN_PART)
            if other and cut < self.bisect_ncut:
                parts = big = [one, other]
        return (sim, parts, big) if len(big) >= 2 else None

    def _would_split(self, a: _Event, b: _Event, views: dict[str, PairView | None]) -> bool:
        """Would the event made of ``a`` and ``b`` be split again by the next repair (the same test
        as :meth:`_split`, on the newest ``MAX_REPAIR_DOCS`` of their articles)?"""
        keys = sorted([*a.keys, *b.keys], key=lambda k: self._docs[k].seq)[-MAX_REPAIR_DOCS:]
        return len(keys) >= 3 and self._parts(keys, views) is not None

    def _unit_terms(self, ev_id: str) -> dict[str, float]:
        profile = self._events[ev_id].profile
        return profile.cached("unit_terms", self._idf_epoch, partial(unit, profile.terms, self._term_idf))

    def _merge(self, ev_id: str, views: dict[str, PairView | None], done: list[Regroup]) -> str | None:
        ev = self._events[ev_id]
        mine = ev.keys[-MERGE_SAMPLE:]
        if not self._repairable(ev.keys):
            return None
        votes: dict[str, float] = defaultdict(float)
        for key in ev.indexed:
            idf = self._idf(self.name_df, key[2:]) * 2 if key.startswith("n:") else self._idf(self.term_df, key[2:])
            for other in self._postings.get(key, ()):
                if other != ev_id:
                    votes[other] += idf
        best, best_score = None, self.repair_threshold
        ranked = sorted(votes, key=lambda e: (-votes[e], e))[:self.max_candidates]
        # centroid cosine over idf-weighted terms, unit vectors kept per idf epoch
        mine_unit = self._unit_terms(ev_id)
        closeness = {e: dot(mine_unit, self._unit_terms(e)) for e in ranked}
        close = sorted(ranked, key=lambda e: (-closeness[e], e))[:MERGE_CANDIDATES]
        for other in close:
            theirs = self._events[other].keys[-MERGE_SAMPLE:]
            if not self._repairable(self._events[other].keys):
                continue
            score = float(self._pair_matrix(mine, theirs, views).mean())
            if score >= best_score and (best is None or score > best_score or other < best) \
                    and not self._would_split(ev, self._events[other], views):
                best, best_score = other, score
        if best is None:
            return None
        a, b = self._events[ev_id], self._events[best]
        keep, gone = (a, b) if (len(a.keys), -a.profile.seq) >= (len(b.keys), -b.profile.seq) else (b, a)
        moved = list(gone.keys)
        self._drop_index(gone)
        del self._events[gone.profile.id]
        self._rebuild(keep.profile.id, sorted([*keep.keys, *moved], key=lambda k: self._docs[k].seq))
        done.append(Regroup("merge", gone.profile.id, keep.profile.id, tuple(moved)))
        return keep.profile.id

    def _drop_index(self, ev: _Event) -> None:
        for key in ev.indexed:
            posting = self._postings.get(key)
            if posting is not None:
                posting.discard(ev.profile.id)
                if not posting:
                    del self._postings[key]
        ev.indexed.clear()

    def _rebuild(self, ev_id: str, keys: list[str]) -> None:
        """Recompute an event's profile, dates, outlets and index entries from its articles."""
        ev = self._events[ev_id]
        self._drop_index(ev)
        ev.profile = EventProfile(ev_id, ev.profile.seq)
        ev.keys, ev.outlets, ev.first, ev.last = [], [], None, None
        for k in keys:
            d = self._docs[k]
            assert d.feats is not None
            d.event_id = ev_id
            ev.profile.absorb(d.feats, d.emb)
            ev.keys.append(k)
            if d.outlet:
                ev.outlets.append(d.outlet)
            if d.when is not None:
                ev.first = d.when if ev.first is None else min(ev.first, d.when)
                ev.last = d.when if ev.last is None else max(ev.last, d.when)
            self._index(ev, d.feats)
        if keys:
            ev.title = self._docs[keys[0]].title or ev.title

    def _index(self, ev: _Event, feats: DocFeatures) -> None:
        keys = ["t:" + t for t in self._salient(feats.terms, self.term_df, INDEX_TERMS)]
        keys += ["n:" + t for t in self._salient(feats.names, self.name_df, INDEX_NAMES)]
        for key in keys:
            self._postings[key].add(ev.profile.id)
            ev.indexed.add(key)

    def _join(self, ev: _Event, doc: EventDoc, feats: DocFeatures, emb: np.ndarray | None,
              when: date | None) -> None:
        ev.profile.absorb(feats, emb)
        ev.keys.append(doc.key)
        if doc.outlet:
            ev.outlets.append(doc.outlet)
        if when is not None:
            ev.first = when if ev.first is None else min(ev.first, when)
            ev.last = when if ev.last is None else max(ev.last, when)
        self._index(ev, feats)
        self._docs[doc.key] = _ActiveDoc(ev.profile.id, feats.shingles, feats.shingle_total, self.n_docs, feats,
                                         emb, doc.title or doc.text[:80], doc.outlet, when)
        self._dirty.add(ev.profile.id)
        for h in feats.shingles:
            self._shingle_index[h].add(doc.key)

    # -- persistence ------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything needed to carry on later, as JSON-compatible data."""
        return {
            "version": STATE_VERSION,
            "config": {"window_days": self.window_days, "threshold": self.threshold,
                       "max_candidates": self.max_candidates, "max_active_events": self.max_active_events,
                       "weights": self.weights.as_dict(), "pair_weights": self.pair_weights.as_dict(),
                       "repair_every": self.repair_every, "repair_threshold": self.repair_threshold,
                       "bisect_ncut": self.bisect_ncut, "df_bucket": self.term_df.bucket,
                       "people": self.people is not None},
            "clock": self.clock.isoformat() if self.clock else None,
            "n_docs": self.n_docs,
            "idf": {"epoch": self._idf_epoch, "n": self._idf_n, "terms_since": dict(self._df_since[0]),
                    "names_since": dict(self._df_since[1])},
            "next_id": self.next_id,
            "term_df": self.term_df.to_json(),
            "name_df": self.name_df.to_json(),
            "events": [{
                "profile": ev.profile.to_json(), "title": ev.title,
                "first": ev.first.isoformat() if ev.first else None,
                "last": ev.last.isoformat() if ev.last else None,
                "outlets": ev.outlets, "keys": ev.keys, "indexed": sorted(ev.indexed),
            } for ev in self._events.values()],
            "docs": {k: {"event": d.event_id, "shingles": sorted(d.shingles), "total": d.total, "seq": d.seq,
                         "feats": None if d.feats is None else _feats_json(d.feats),
                         "emb": None if d.emb is None else [round(float(x), 6) for x in d.emb],
                         "title": d.title, "outlet": d.outlet,
                         "when": d.when.isoformat() if d.when else None} for k, d in self._docs.items()},
            "repair": {"since": self._since_repair, "dirty": sorted(self._dirty), "recent": sorted(self._recent)},
            "frozen": [_summary_json(s) for s in self._frozen],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], *, embedder: Any = None, people: Any = True) -> EventClusterer:
        """A clusterer carrying on from :meth:`state`; ``people`` is the tagger to use (True: the default
        one) if the state was made with one."""
        version = state.get("version")
        if version not in (1, 2, 3, STATE_VERSION):
            raise ValueError(f"event clusterer state version {version!r} is not {STATE_VERSION}")
        cfg = state["config"]
        self = cls(cfg["window_days"], cfg["threshold"], embedder=embedder,
                   # a model saved before a feature existed gave it no weight (both models)
                   weights=Weights(**{**dict.fromkeys(FEATURES, 0.0), **cfg["weights"]}),
                   max_candidates=cfg["max_candidates"],
                   max_active_events=cfg["max_active_events"],
                   pair_weights=PairWeights(**{**dict.fromkeys(PAIR_FEATURES, 0.0), **cfg["pair_weights"]})
                   if "pair_weights" in cfg else None,
                   repair_every=cfg.get("repair_every", REPAIR_EVERY),
                   repair_threshold=cfg.get("repair_threshold", REPAIR_THRESHOLD),
                   bisect_ncut=cfg.get("bisect_ncut", BISECT_NCUT), df_bucket=cfg.get("df_bucket", DF_BUCKET),
                   people=people if cfg.get("people", False) else None)
        self.clock = _date(state["clock"])
        self.n_docs = state["n_docs"]
        idf = state.get("idf", {"epoch": 0, "n": self.n_docs})
        self._idf_epoch, self._idf_n = idf["epoch"], idf["n"]  # the memo refills from the restored counts
        self._df_since = (Counter(idf.get("terms_since", {})), Counter(idf.get("names_since", {})))
        self.next_id = state["next_id"]
        self.term_df = DocFrequency.from_json(state["term_df"], self.term_df.bucket)
        self.name_df = DocFrequency.from_json(state["name_df"], self.name_df.bucket)
        for e in state["events"]:
            ev = _Event(EventProfile.from_json(e["profile"]), e["title"], _date(e["first"]), _date(e["last"]),
                        list(e["outlets"]), list(e["keys"]), set(e["indexed"]))
            self._events[ev.profile.id] = ev
            for key in ev.indexed:
                self._postings[key].add(ev.profile.id)
        for k, doc in state["docs"].items():
            if isinstance(doc, list):  # version 1: no features kept, so these articles are never repaired
                ev_id, shingles, total = doc
                self._docs[k] = _ActiveDoc(ev_id, frozenset(shingles), total)
            else:
                shingles, total = doc["shingles"], doc["total"]
                sh = frozenset(shingles)
                self._docs[k] = _ActiveDoc(
                    doc["event"], sh, total, doc["seq"],
                    None if doc["feats"] is None else _feats_from_json(doc["feats"], sh, total),
                    None if doc["emb"] is None else np.asarray(doc["emb"], dtype=np.float32),
                    doc["title"], doc["outlet"], _date(doc["when"]))
            for h in shingles:
                self._shingle_index[h].add(k)
        repair = state.get("repair", {})
        self._since_repair = repair.get("since", 0)
        self._dirty = set(repair.get("dirty", ()))
        self._recent = set(repair.get("recent", ()))
        self._frozen = [EventSummary(s["id"], s["title"], _date(s["first"]), _date(s["last"]),
                                     tuple(s["outlets"]), tuple(s["keys"])) for s in state["frozen"]]
        return self


def _feats_json(f: DocFeatures) -> dict[str, Any]:
    return {"terms": f.terms, "title_terms": f.title_terms, "names": f.names,
            "report_date": f.report_date.isoformat() if f.report_date else None,
            "years": sorted(f.years), "numbers": sorted(f.numbers), "lead_names": sorted(f.lead_names),
            "lead_people": list(f.lead_people.items()),  # pairs: their order breaks ties, and JSONB reorders keys
            "quantities": sorted(f.quantities)}


def _feats_from_json(data: dict[str, Any], shingles: frozenset[int], total: int) -> DocFeatures:
    return DocFeatures(dict(data["terms"]), dict(data["title_terms"]), dict(data["names"]),
                       _date(data["report_date"]), frozenset(data["years"]), frozenset(data["numbers"]),
                       shingles, total, frozenset(data.get("lead_names", ())),
                       dict(data.get("lead_people", ())), frozenset(data.get("quantities", ())))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _summary_json(s: EventSummary) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None, "outlets": list(s.outlets), "keys": list(s.keys)}


def cluster_batch(docs: Iterable[EventDoc], clusterer: EventClusterer | None = None) -> list[str]:
    """The event id of each article, feeding :meth:`EventClusterer.add` in the given order."""
    clusterer = clusterer or EventClusterer()
    docs = list(docs)
    clusterer.add_many(docs)
    clusterer.repair()
    final = {k: s.id for s in clusterer.drain_frozen() for k in s.keys}
    final.update(clusterer.assignments())
    return [final[d.key] for d in docs]
