"""Grouping claims into facts: strongest pairs first, average linkage, at most two claims per article."""

import numpy as np

from rashomon.align.align import group_claims
from rashomon.align.embeddings import OnnxMiniLM
from rashomon.models import Claim


def claim(article, i):
    return Claim(id=f"{article}.c{i}", article=article, sentence=i, start=0, end=1, text="x", predicate="x",
                 clause="main")


def matrix(n, pairs):
    s = np.full((n, n), -1.0)
    for (i, j), v in pairs.items():
        s[i, j] = s[j, i] = v
    return s


def test_align_group_links_strong_pairs_and_leaves_weak_ones():
    claims = [claim("a1", 0), claim("a1", 1), claim("a2", 0), claim("a2", 1)]
    s = matrix(4, {(0, 2): 0.95, (1, 3): 0.5, (0, 3): 0.2, (1, 2): 0.1})
    groups = group_claims(claims, s)
    assert [0, 2] in groups and [1] in groups and [3] in groups


def test_align_group_one_to_many_but_no_chaining():
    # a1.c0 matches a2.c0 and a2.c1 (one sentence covers two); a3.c0 only weakly to one of them
    claims = [claim("a1", 0), claim("a2", 0), claim("a2", 1), claim("a3", 0)]
    s = matrix(4, {(0, 1): 0.97, (0, 2): 0.93, (1, 2): -1.0, (2, 3): 0.86, (0, 3): 0.1, (1, 3): 0.1})
    groups = group_claims(claims, s)
    assert [0, 1, 2] in groups  # one-to-many
    assert [3] in groups  # a weak average link does not chain a3 in


def test_align_group_caps_claims_per_article():
    claims = [claim("a1", 0)] + [claim("a2", i) for i in range(4)]
    s = matrix(5, {(0, k): 0.99 for k in range(1, 5)})
    groups = group_claims(claims, s)
    big = max(groups, key=len)
    assert sum(1 for k in big if claims[k].article == "a2") <= 2


def test_align_embeddings_minilm_similarity_orders_paraphrases():
    emb = OnnxMiniLM()
    v = emb.encode(["Russian military instructors have arrived in Niger.",
                    "The Russian instructors arrived in Niger.",
                    "Niger is one of the world's poorest countries."])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_align_embeddings_minilm_vector_does_not_depend_on_its_batch():
    """Batching (by length, BATCH a call) only moves time: each text's vector is the same bits
    alone, in any batch, and padded to any width."""
    emb = OnnxMiniLM()
    texts = ["Troops arrived.", "About 700 soldiers arrived in Niamey on Monday, officials said.",
             "Niger", "The junta expelled French forces last year after the coup.",
             *[f"Report number {i} says {i * 10} people were hurt." for i in range(20)]]
    together = emb.encode(texts)
    alone = np.stack([emb.encode([t])[0] for t in texts])
    reversed_ = emb.encode(texts[::-1])[::-1]
    assert together.shape == (len(texts), 384)
    assert np.array_equal(together, alone)
    assert np.array_equal(together, reversed_)
