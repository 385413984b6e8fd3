"""Pair features for "do these two claims report the same thing?".

Embeddings propose (clause and sentence cosines), slots decide (shared
entities, lemmas, predicate, compatible quantities, shared numbers, times on
both sides).  :func:`pair_features` is the single definition used both at
run time and by ``scripts/train_align.py``, which fits the logistic weights
in :mod:`rashomon.align.align` on our own event sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.models import Claim

FEATURES = ("cos_clause", "cos_sentence", "entity_jaccard", "lemma_jaccard", "shared_lemmas",
            "same_predicate", "predicate_cos", "quantity_match", "shared_number", "both_timed")


@dataclass(frozen=True)
class ClaimVectors:
    clause: np.ndarray  # (n, d) L2-normalised
    sentence: np.ndarray  # (n, d) L2-normalised
    predicate: np.ndarray  # (n, d) L2-normalised


def embedding_text(claim: Claim) -> str:
    """What the model reads for a claim: the clause, with its subject when the clause lacks one."""
    if claim.agent_text and claim.agent_text not in claim.text and claim.clause in ("conj", "advcl", "pcomp"):
        return f"{claim.agent_text} {claim.text}"
    return claim.text


def claim_vectors(claims: Sequence[Claim], sentence_text: Sequence[str],
                  encode: Callable[[list[str]], np.ndarray]) -> ClaimVectors:
    texts = [embedding_text(c) for c in claims]
    preds = [c.predicate for c in claims]
    uniq = list(dict.fromkeys([*texts, *sentence_text, *preds]))
    vecs = encode(uniq) if uniq else np.zeros((0, 1), dtype=np.float32)
    index = {t: i for i, t in enumerate(uniq)}

    def take(items: Sequence[str]) -> np.ndarray:
        if not items:
            return np.zeros((0, vecs.shape[1] if vecs.ndim == 2 else 1), dtype=np.float32)
        return np.stack([vecs[index[t]] for t in items])

    return ClaimVectors(take(texts), take(list(sentence_text)), take(preds))


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _numbers(c: Claim) -> set[float]:
    return {q.value for q in c.quantities if q.value is not None}


def _quantity_match(a: Claim, b: Claim) -> float:
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.unit and qa.unit == qb.unit:
                return 1.0
            if qa.head and qa.head == qb.head:
                return 1.0
    return 0.0


def pair_features(a: Claim, b: Claim, cos_clause: float, cos_sentence: float, predicate_cos: float) -> list[float]:
    shared = len(set(a.lemmas) & set(b.lemmas))
    return [
        cos_clause,
        cos_sentence,
        _jaccard(a.entities, b.entities),
        _jaccard(a.lemmas, b.lemmas),
        min(shared, 5) / 5.0,
        1.0 if a.predicate == b.predicate else 0.0,
        predicate_cos,
        _quantity_match(a, b),
        1.0 if _numbers(a) & _numbers(b) else 0.0,
        1.0 if (a.times and b.times) else 0.0,
    ]


def feature_matrix(claims: Sequence[Claim], vectors: ClaimVectors) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Features of every cross-article pair (i < j)."""
    n = len(claims)
    if n == 0:
        return np.zeros((0, len(FEATURES))), []
    cc = vectors.clause @ vectors.clause.T
    cs = vectors.sentence @ vectors.sentence.T
    cp = vectors.predicate @ vectors.predicate.T
    rows, pairs = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if claims[i].article == claims[j].article:
                continue
            rows.append(pair_features(claims[i], claims[j], float(cc[i, j]), float(cs[i, j]), float(cp[i, j])))
            pairs.append((i, j))
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES)), pairs
