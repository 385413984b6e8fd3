"""Document frequencies over an unbounded stream, in memory that follows the window, not the stream.

The clusterer's idf needs, for every word or name, the number of articles it appeared in. Kept
exactly, that table grows with the vocabulary of everything ever read: a news stream never stops
inventing names. :class:`DocFrequency` keeps it by lossy counting (Manku & Motwani, "Approximate
frequency counts over data streams", VLDB 2002): the stream is cut into buckets of ``bucket``
articles; a key first seen in bucket ``b`` records ``b - 1`` as the most it may have been
undercounted; at the end of bucket ``b`` every key whose count plus that bound is at most ``b`` is
dropped, unless an article still in the window uses it (``keep``).

Guarantees, with N articles read and e = 1/bucket (each key counts at most once per article):
- a kept count is never above the true one and at most e*N below it, and a key seen in more than
  e*N articles is always kept; a key counted since the first bucket and never dropped (the
  common words, whose idf matters most for what is shared) is exact;
- a key no article in the window uses, seen in c articles and first counted in bucket d, is gone
  by the end of bucket c + d - 1 once it stops appearing: a word that leaves the news leaves the
  table after as many buckets as it had articles (a name in 15 articles of one story, after
  150,000 articles with the default bucket). Outside the window's vocabulary the table holds only
  keys that kept appearing, on average, in an article per bucket; at worst (every article
  bringing new keys) about keys-per-article x bucket x ln(e*N) of them: far fewer than
  everything ever read, but not a fixed size.
A dropped key comes back as new (count from 1), so a rare word read long ago reads as rare again:
its idf moves by at most ln(1 + e*N) at the top of the scale, where every key is rare anyway.
Before the first bucket ends nothing is dropped, so streams shorter than ``bucket`` are exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

DF_BUCKET = 10_000  # articles per bucket: e = 1e-4, exact below 10k articles


class DocFrequency:
    """Article counts per key, with lossy-counting pruning (see the module docstring)."""

    def __init__(self, bucket: int = DF_BUCKET) -> None:
        if bucket < 1:
            raise ValueError(f"bucket must be at least 1, not {bucket}")
        self.bucket = bucket
        self.counts: dict[str, int] = {}
        self.delta: dict[str, int] = {}  # keys first seen after the first bucket: their undercount bound

    def __len__(self) -> int:
        return len(self.counts)

    def __contains__(self, key: object) -> bool:
        return key in self.counts

    def get(self, key: str, default: int = 0) -> int:
        return self.counts.get(key, default)

    def add(self, keys: Iterable[str], n_docs: int) -> None:
        """Count one article's keys; ``n_docs`` is the stream's size including this article."""
        current = (n_docs - 1) // self.bucket + 1
        counts = self.counts
        for key in keys:
            n = counts.get(key)
            if n is None:
                counts[key] = 1
                if current > 1:
                    self.delta[key] = current - 1
            else:
                counts[key] = n + 1

    def due(self, n_docs: int) -> bool:
        """True when ``n_docs`` closes a bucket (call :meth:`prune` then)."""
        return n_docs > 0 and n_docs % self.bucket == 0

    def prune(self, n_docs: int, keep: Set[str] = frozenset()) -> int:
        """Drop the keys lossy counting allows at the end of the bucket ``n_docs`` closes,
        except those in ``keep``; returns how many were dropped."""
        closed = n_docs // self.bucket
        delta = self.delta
        drop = [k for k, n in self.counts.items() if n + delta.get(k, 0) <= closed and k not in keep]
        for k in drop:
            del self.counts[k]
            delta.pop(k, None)
        return len(drop)

    def to_json(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "counts": dict(self.counts), "delta": dict(self.delta)}  # a snapshot

    @classmethod
    def from_json(cls, data: dict[str, Any], bucket: int = DF_BUCKET) -> DocFrequency:
        """Read :meth:`to_json`'s output, or a plain ``{key: count}`` table (older states: no
        undercount recorded, as if every key had been first seen in the first bucket)."""
        if "counts" in data and isinstance(data["counts"], dict):
            self = cls(int(data.get("bucket", bucket)))
            self.counts = {str(k): int(v) for k, v in data["counts"].items()}
            self.delta = {str(k): int(v) for k, v in data.get("delta", {}).items()}
            return self
        self = cls(bucket)
        self.counts = {str(k): int(v) for k, v in data.items()}
        return self
