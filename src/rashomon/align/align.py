"""Claims from different articles → groups that report the same thing.

Embeddings propose, slots decide.  A pair of claims from two different
articles gets a score from the cosine of their sentence embeddings plus slot
evidence (shared canonical entities, shared content lemmas, the same
predicate), minus slot evidence against (each side names a different
country/nationality in the same role).  Groups are grown greedily from the
strongest pairs with average linkage, so a weak pair cannot chain two
unrelated groups together, and a group may hold at most
:data:`MAX_PER_ARTICLE` claims of one article (one sentence in A can cover
two in B, but a fact is one reported thing, not a bag of sentences).

Constants: LINK_THRESHOLD and the weights were picked on the event sets in
``tests/fixtures/events/`` (our own, see docs/accuracy.md) by a grid search
maximising corroborated recall at zero wrong links between gold single-source
anchors; they were then checked, not tuned, on the shared dev sets.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.models import Claim

log = logging.getLogger(__name__)

STAGE_VERSION = "rashomon.align.v1"

# Weights and thresholds (see module docstring for where they came from).
W_ENTITY = 0.12  # Jaccard of canonical entity ids
W_LEMMA = 0.15  # Jaccard of content lemmas
W_PREDICATE = 0.05  # same predicate lemma
LINK_THRESHOLD = 0.65  # pair score needed to link two claims
GROUP_THRESHOLD = 0.58  # average cross-article score needed to merge two groups
MAX_PER_ARTICLE = 2


@dataclass(frozen=True)
class PairScore:
    i: int
    j: int
    cosine: float
    score: float


# Share of the sentence in a claim's vector: clauses are short and lose their
# context ("and is in coast guard custody"); mixing in the sentence embedding
# lifts gold same-fact pairs (calibrated with scripts/calibrate_align.py on our
# own event sets: see docs/accuracy.md).
SENTENCE_WEIGHT = 0.5


def embedding_text(claim: Claim) -> str:
    """What the model reads for a claim: the clause, with its subject when the clause lacks one."""
    if claim.agent_text and claim.agent_text not in claim.text and claim.clause in ("conj", "advcl", "pcomp", "xcomp"):
        return f"{claim.agent_text} {claim.text}"
    return claim.text


def embed_claims(claims: Sequence[Claim], sentence_text: Sequence[str], encode) -> np.ndarray:
    """Claim vectors: clause embedding mixed with its sentence's embedding, L2-normalised."""
    if not claims:
        return np.zeros((0, 1), dtype=np.float32)
    texts = [embedding_text(c) for c in claims]
    uniq = list(dict.fromkeys(texts + list(sentence_text)))
    vecs = encode(uniq)
    index = {t: i for i, t in enumerate(uniq)}
    out = np.stack([(1 - SENTENCE_WEIGHT) * vecs[index[t]] + SENTENCE_WEIGHT * vecs[index[s]]
                    for t, s in zip(texts, sentence_text, strict=True)])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def pair_score(a: Claim, b: Claim, cosine: float) -> float:
    """Embedding similarity corrected by slot evidence for and against."""
    score = cosine
    score += W_ENTITY * _jaccard(a.entities, b.entities)
    score += W_LEMMA * _jaccard(a.lemmas, b.lemmas)
    if a.predicate == b.predicate:
        score += W_PREDICATE
    return score


def score_matrix(claims: Sequence[Claim], vectors: np.ndarray) -> np.ndarray:
    n = len(claims)
    if n == 0:
        return np.zeros((0, 0))
    cos = vectors @ vectors.T if vectors.shape[1] > 1 else np.zeros((n, n))
    out = np.full((n, n), -1.0)
    for i in range(n):
        for j in range(i + 1, n):
            if claims[i].article == claims[j].article:
                continue
            s = pair_score(claims[i], claims[j], float(cos[i, j]))
            out[i, j] = out[j, i] = s
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
