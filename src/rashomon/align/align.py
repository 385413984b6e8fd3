"""Claims from different articles → groups that report the same thing.

Embeddings propose, slots decide.  Every pair of claims from two different
articles gets a probability of reporting the same thing from a logistic
model over :mod:`rashomon.align.features` (clause and sentence cosines from
the sentence-embedding model, plus slot evidence: shared entities and
lemmas, the same predicate, compatible quantities, shared numbers, times on
both sides).  Groups are grown greedily from the most probable pairs with
average linkage, so a weak pair cannot chain two unrelated groups together,
and a group may hold at most :data:`MAX_PER_ARTICLE` claims of one article
(one sentence in A can cover two in B, but a fact is one reported thing, not
a bag of sentences).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from rashomon.align.features import FEATURES, ClaimVectors, feature_matrix
from rashomon.models import Claim

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.align.v2"

# Logistic weights over rashomon.align.features.FEATURES, fitted by
# scripts/train_align.py on our own event sets (tests/fixtures/events: 194
# positive / 3442 negative labelled pairs).  Held-out check on the 12 shared
# dev sets: at p >= 0.85 pair precision 0.71, recall 0.48 (train 0.61 / 0.64).
PAIR_WEIGHTS = {
    "cos_clause": 4.1252,
    "cos_sentence": 3.6985,
    "entity_jaccard": -0.4205,
    "lemma_jaccard": 0.1675,
    "shared_lemmas": 2.5164,
    "same_predicate": 1.0839,
    "predicate_cos": -0.5459,
    "quantity_match": 1.6085,
    "shared_number": 2.2633,
    "both_timed": 0.6201,
}
PAIR_BIAS = -3.7358
_W = np.array([PAIR_WEIGHTS[f] for f in FEATURES])

# Thresholds on the pair probability, swept with the shared scorer on our own
# event sets (docs/accuracy.md): the link threshold trades corroborated recall
# against single-source recall; the group threshold stops chaining.
LINK_THRESHOLD = 0.85  # pair probability needed to link two claims
GROUP_THRESHOLD = 0.75  # average cross-article probability needed to merge two groups
MAX_PER_ARTICLE = 2


def score_matrix(claims: Sequence[Claim], vectors: ClaimVectors) -> np.ndarray:
    """Probability that two claims of different articles report the same thing; -1 within an article."""
    n = len(claims)
    out = np.full((n, n), -1.0)
    X, pairs = feature_matrix(claims, vectors)
    if not pairs:
        return out
    p = 1.0 / (1.0 + np.exp(-(X @ _W + PAIR_BIAS)))
    for (i, j), v in zip(pairs, p, strict=True):
        out[i, j] = out[j, i] = float(v)
    return out


def group_claims(claims: Sequence[Claim], scores: np.ndarray,
                 link_threshold: float | None = None,
                 group_threshold: float | None = None,
                 max_per_article: int = MAX_PER_ARTICLE) -> list[list[int]]:
    """Greedy average-linkage grouping of claim indexes; returns groups in text order."""
    link_threshold = LINK_THRESHOLD if link_threshold is None else link_threshold
    group_threshold = GROUP_THRESHOLD if group_threshold is None else group_threshold
    n = len(claims)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    pairs = [(scores[i, j], i, j) for i in range(n) for j in range(i + 1, n) if scores[i, j] >= link_threshold]
    pairs.sort(reverse=True)
    for _s, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        counts: dict[str, int] = {}
        for k in a + b:
            counts[claims[k].article] = counts.get(claims[k].article, 0) + 1
        if max(counts.values()) > max_per_article:
            continue
        cross = [scores[x, y] for x in a for y in b if claims[x].article != claims[y].article]
        if cross and float(np.mean(cross)) < group_threshold:
            continue
        # a second claim from one article must itself fit the whole group, not just its best
        # partner: every cross-article pair it forms clears the group threshold
        if max(counts.values()) > 1 and cross and min(cross) < group_threshold:
            continue
        merged = a + b
        members[gi] = merged
        for k in b:
            group_of[k] = gi
        del members[gj]
    groups = [sorted(m) for m in members.values()]
    groups.sort(key=lambda g: (claims[g[0]].article, claims[g[0]].start))
    return groups
