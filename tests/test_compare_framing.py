"""`find_framing`: different words for the same actor or event, on hand-built article pairs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.compare.framing import Occurrence, _choose, find_framing, load_lexicon
from rashomon.ingest import read_source
from rashomon.models import Article, Framing
from rashomon.pipeline import compare_articles, parse_articles

NIGER_A = (
    "Russian instructors arrive in Niger",
    "Russian military instructors arrived in Niger on Friday with an air defence system. "
    "The instructors will help the army of Niger in the fight against terrorism. "
    "The military authorities of Niger have broken the agreement on military cooperation with the United States.",
)
NIGER_B = (
    "Russia sends instructors to Niger",
    "Russian military instructors have arrived in Niger with an air defence system, state television said. "
    "Niger's ruling junta agreed in January to step up military cooperation with Russia. "
    "Niger had been a partner of the West in battling jihadists in the Sahel. "
    "Niger's ruling junta has ended its military agreement with the United States.",
)
PLAIN_B = (
    "Russia sends instructors to Niger",
    "About 100 Russian instructors have landed in Niger, state television said on Thursday. "
    "They will help the army of Niger in the fight against terrorism. "
    "The military authorities of Niger ended the agreement on military cooperation with the United States.",
)


def _article(root: Path, article_id: str, title: str, body: str) -> Article:
    path = root / f"{article_id}.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (article,) = read_source(str(path))
    return replace(article, id=article_id)


def _framing_of(root: Path, *texts: tuple[str, str]) -> tuple[list[Framing], dict[str, str]]:
    articles = [_article(root, f"a{n + 1}", *t) for n, t in enumerate(texts)]
    comparison = compare_articles(articles)
    parsed, _ = parse_articles(articles)
    docs = {p.analysis.article.id: p.doc for p in parsed}
    return find_framing(comparison, docs), {a.id: a.text for a in articles}  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def niger_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Framing], dict[str, str]]:
    return _framing_of(tmp_path_factory.mktemp("niger"), NIGER_A, NIGER_B)


@pytest.fixture(scope="module")
def same_words(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Framing], dict[str, str]]:
    return _framing_of(tmp_path_factory.mktemp("plain"), NIGER_A, PLAIN_B)


def _entry(framing: list[Framing], **want: str) -> Framing | None:
    for f in framing:
        texts = {t.article: t.text for t in f.terms}
        if all(w in texts.get(a, "") for a, w in want.items()):
            return f
    return None


def test_compare_framing_finds_rulers_named_differently(niger_pair: tuple[list[Framing], dict[str, str]]) -> None:
    framing, _ = niger_pair
    entry = _entry(framing, a1="military authorities", a2="ruling junta")
    assert entry is not None, framing
    assert "Niger" in entry.label
    assert "junta" in entry.note


def test_compare_framing_finds_adversary_named_differently(
        niger_pair: tuple[list[Framing], dict[str, str]]) -> None:
    framing, _ = niger_pair
    assert _entry(framing, a1="terrorism", a2="jihadist") is not None, framing


def test_compare_framing_terms_quote_their_article(niger_pair: tuple[list[Framing], dict[str, str]]) -> None:
    framing, texts = niger_pair
    assert framing
    for f in framing:
        assert len({t.article for t in f.terms}) == len(f.terms)  # one term per article
        for t in f.terms:
            assert t.start is not None and t.end is not None
            assert texts[t.article][t.start:t.end] == t.text
            assert len(t.text) <= 80


def test_compare_framing_identical_wording_gives_no_entry(
        same_words: tuple[list[Framing], dict[str, str]]) -> None:
    framing, _ = same_words
    assert framing == []


def _occ(article: str, term: str, connotation: int = 0, role: str = "body") -> Occurrence:
    return Occurrence(article, "rulers", term, connotation, 0, len(term), 0, role, "e1", 0.0, 0)


def test_compare_framing_choice_prefers_the_articles_own_loaded_word() -> None:
    chosen = _choose({
        "a1": [_occ("a1", "authority"), _occ("a1", "authority"), _occ("a1", "government")],
        "a2": [_occ("a2", "government"), _occ("a2", "government"), _occ("a2", "junta", -2, "caption")],
    })
    assert chosen == {"a1": "authority", "a2": "junta"}


def test_compare_framing_choice_prefers_body_over_headline() -> None:
    assert _choose({
        "a1": [_occ("a1", "crush"), _occ("a1", "crush")],
        "a2": [_occ("a2", "death trap", -2, "title"), _occ("a2", "stampede", -2)],
    }) == {"a1": "crush", "a2": "stampede"}


def test_compare_framing_lexicon_has_scored_families() -> None:
    lex = load_lexicon()
    assert {f for entries in lex.words.values() for f, _ in entries} <= set(lex.families)
    assert dict(lex.words["junta"])["rulers"] < dict(lex.words["government"])["rulers"]
    assert all(-2 <= c <= 2 for entries in lex.words.values() for _, c in entries)
