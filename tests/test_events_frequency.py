"""Lossy-counted document frequencies: exact while short, bounded by the window when long."""

from __future__ import annotations

import json
import random

import pytest

from rashomon.events.frequency import DocFrequency


def _feed(df: DocFrequency, articles: list[list[str]], start: int = 0, keep: frozenset[str] = frozenset()) -> int:
    n = start
    for keys in articles:
        n += 1
        df.add(keys, n)
        if df.due(n):
            df.prune(n, keep)
    return n


def test_frequency_is_exact_before_the_first_bucket_ends():
    df = DocFrequency(bucket=100)
    articles = [[f"w{i % 7}", f"once{i}"] for i in range(99)]
    _feed(df, articles)
    assert df.get("w0") == 15 and df.get("once5") == 1 and len(df) == 7 + 99


def test_frequency_drops_rare_old_keys_and_keeps_common_ones_exactly():
    rng = random.Random(1)
    df = DocFrequency(bucket=50)
    true: dict[str, int] = {}
    articles = []
    for i in range(2000):
        keys = {"the", f"topic{i // 20}", f"new{i}", *(f"c{rng.randrange(20)}" for _ in range(3))}
        articles.append(sorted(keys))
        for k in keys:
            true[k] = true.get(k, 0) + 1
    n = _feed(df, articles)
    eps_n = n / df.bucket
    assert df.get("the") == 2000  # in every bucket: never below the bound, exact
    for key, count in df.counts.items():
        assert true[key] - eps_n <= count <= true[key]  # lossy counting's guarantee
    for key, count in true.items():
        if count > eps_n:
            assert key in df  # every key above e*N is kept
    assert "new5" not in df and "topic0" not in df  # singletons and finished topics go
    closed = n // df.bucket
    assert all(c + df.delta.get(k, 0) > closed for k, c in df.counts.items())  # what is left earned its place
    assert len(df) < len(true) / 20  # of 2,121 distinct keys seen


def test_frequency_keeps_keys_it_is_told_are_in_use():
    df = DocFrequency(bucket=10)
    _feed(df, [["rare"]] + [["other"]] * 49, keep=frozenset({"rare"}))
    assert df.get("rare") == 1
    unkept = DocFrequency(bucket=10)
    _feed(unkept, [["rare"]] + [["other"]] * 49)
    assert "rare" not in unkept and unkept.get("other") == 49


def test_frequency_json_is_a_snapshot():
    df = DocFrequency(bucket=5)
    _feed(df, [["a", f"k{i}"] for i in range(4)])
    saved = df.to_json()
    _feed(df, [["a", f"k{i}"] for i in range(4, 12)], start=4)
    assert saved["counts"]["a"] == 4 and "k11" not in saved["counts"] and saved["delta"] == {}


def test_frequency_reads_its_json_and_the_old_plain_table():
    df = DocFrequency(bucket=5)
    _feed(df, [["a", f"k{i}"] for i in range(12)])
    again = DocFrequency.from_json(json.loads(json.dumps(df.to_json())))
    assert (again.counts, again.delta, again.bucket) == (df.counts, df.delta, 5)
    old = DocFrequency.from_json({"a": 3, "counts": 2}, bucket=7)
    assert old.counts == {"a": 3, "counts": 2} and old.delta == {} and old.bucket == 7
    with pytest.raises(ValueError):
        DocFrequency(bucket=0)
