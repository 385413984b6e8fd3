"""Canonical URLs, content hashes and the search-query translation: pure functions."""

from __future__ import annotations

import pytest

from rashomon.store import StoreQueryError, canonical_url, content_hash
from rashomon.store.normalise import stage_versions_hash
from rashomon.store.search import to_fts5


@pytest.mark.parametrize("url, canonical", [
    ("https://News.Example.COM/world/story-1/", "https://news.example.com/world/story-1"),
    ("https://news.example.com/world/story-1#comments", "https://news.example.com/world/story-1"),
    ("https://news.example.com/a?utm_source=rss&utm_medium=feed&id=7&UTM_Campaign=x",
     "https://news.example.com/a?id=7"),
    ("HTTP://example.com:80/a/", "http://example.com/a"),
    ("https://example.com:443/", "https://example.com"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),  # order kept: sites route on it
    ("https://example.com/Case/Matters", "https://example.com/Case/Matters"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("examples/niger/afp.md", "examples/niger/afp.md"),  # not a URL: kept
    ("", None),
    (None, None),
])
def test_store_canonical_url(url: str | None, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


def test_store_content_hash_ignores_formatting_only() -> None:
    base = content_hash("Troops left Niamey.\n\nThe junta said so.")
    assert content_hash("Troops left Niamey.\nThe junta said so.  ") == base
    assert content_hash("Troops\u00a0left Niamey. The junta said so.") == base  # NBSP (NFKC)
    assert content_hash("Troops left Niamey. The junta denied it.") != base
    assert content_hash("troops left niamey. the junta said so.") != base  # case is content
    assert len(base) == 64


def test_store_stage_versions_hash_ignores_order() -> None:
    assert stage_versions_hash({"a": "v1", "b": "v2"}) == stage_versions_hash([("b", "v2"), ("a", "v1")])
    assert stage_versions_hash({"a": "v1"}) != stage_versions_hash({"a": "v2"})


@pytest.mark.parametrize("query, fts", [
    ("junta troops", '"junta" AND "troops"'),
    ("Niger's junta", "\"Niger's\" AND \"junta\""),
    ('"military junta" Niamey', '"military junta" AND "Niamey"'),
    ("coup OR putsch", '("coup") OR ("putsch")'),
    ("junta -football", '("junta") NOT "football"'),
    ("evacu*", '"evacu"*'),
    ("AND NOT NEAR", '"AND" AND "NOT" AND "NEAR"'),  # FTS5 keywords are plain words here
    ("col:umn", '"col:umn"'),
])
def test_store_query_translation_to_fts5(query: str, fts: str) -> None:
    assert to_fts5(query) == fts


@pytest.mark.parametrize("query, error", [
    ('"unclosed', "unclosed quote"),
    ("", "empty search query"),
    ("OR", "no word to look for"),
    ("-junta", "no word to look for"),
    ("!!! ???", "no word to look for"),
])
def test_store_query_translation_errors(query: str, error: str) -> None:
    with pytest.raises(StoreQueryError, match=error):
        to_fts5(query)
