"""Partitions of a square matrix of article-pair scores (logits), for the clusterer's repairs.

* :func:`average_link`: agglomerative clustering down to a score threshold;
* :func:`bisect`: spectral bisection by the normalised cut (Shi & Malik 2000) over the pair
  probabilities, for two groups each far tighter than the link between them;
* :func:`normalised_cut`: the criterion itself, for a given partition.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def average_link(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Agglomerative clustering of a square score matrix: merge the two groups with the
    highest mean pairwise score while it is at least ``threshold`` (ties: lowest indices)."""
    n = len(sim)
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    link = np.array(sim, dtype=float)
    np.fill_diagonal(link, -np.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    while len(groups) > 1:
        masked = np.where(alive[:, None] & alive[None, :], link, -np.inf)
        i, j = divmod(int(np.argmax(masked)), n)
        if masked[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        row = (link[i] * size[i] + link[j] * size[j]) / (size[i] + size[j])
        link[i, :], link[:, i] = row, row
        link[i, i] = -np.inf
        size[i] += size[j]
        alive[j] = False
        groups[i].extend(groups.pop(j))
    return [sorted(g) for g in groups.values()]


def _probabilities(sim: np.ndarray) -> np.ndarray:
    p = 1.0 / (1.0 + np.exp(-np.asarray(sim, dtype=float)))
    np.fill_diagonal(p, 0.0)
    return p


def normalised_cut(sim: np.ndarray, part: Sequence[int]) -> float:
    """Shi & Malik's normalised cut of ``part`` against the rest, over pair probabilities
    (the logistic of the scores in ``sim``): cut/vol(part) + cut/vol(rest). About 1 for a group
    whose pairs are all alike (n/(n-1)), lower for two groups; 2.0 when a side has no volume."""
    return _ncut(_probabilities(sim), part)


def _ncut(p: np.ndarray, part: Sequence[int]) -> float:
    inside = np.zeros(len(p), dtype=bool)
    inside[list(part)] = True
    cut = float(p[np.ix_(inside, ~inside)].sum())
    vol_a, vol_b = float(p[inside].sum()), float(p[~inside].sum())
    return cut / vol_a + cut / vol_b if vol_a > 0 and vol_b > 0 else 2.0


def bisect(sim: np.ndarray, min_part: int = 1) -> tuple[tuple[list[int], list[int]], float]:
    """Spectral bisection of a square score matrix: the articles ordered by the Fiedler vector of
    the normalised Laplacian of the pair probabilities, cut where the normalised cut is lowest
    with at least ``min_part`` on each side. Returns the two parts (the one holding index 0
    first) and their normalised cut (2.0 when no cut is allowed)."""
    n = len(sim)
    if n < 2 * min_part or n < 2:
        return (list(range(n)), []), 2.0
    p = _probabilities(sim)
    deg = np.maximum(p.sum(axis=1), 1e-12)
    inv = 1.0 / np.sqrt(deg)
    lap = np.eye(n) - inv[:, None] * p * inv[None, :]
    _, vecs = np.linalg.eigh(lap)
    fiedler = inv * vecs[:, 1]
    if fiedler[int(np.argmax(np.abs(fiedler)))] < 0:  # eigh may return either sign: fix one
        fiedler = -fiedler
    order = np.lexsort((np.arange(n), fiedler))
    best: tuple[float, int] = (2.0, 0)
    for k in range(max(1, min_part), n - max(1, min_part) + 1):
        cut = _ncut(p, order[:k].tolist())  # the probabilities computed once, not once per cut
        if cut < best[0] - 1e-12:
            best = (cut, k)
    if best[1] == 0:
        return (list(range(n)), []), 2.0
    a, b = sorted(order[:best[1]].tolist()), sorted(order[best[1]:].tolist())
    return ((a, b) if a[0] == 0 else (b, a)), best[0]
