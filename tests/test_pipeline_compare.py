"""`compare_articles` on small hand-built pairs: quantity conflicts fire only when values cannot both hold."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.errors import TooFewArticles
from rashomon.ingest import read_source
from rashomon.models import Article, Comparison, Fact, Paragraph
from rashomon.pipeline import compare_articles


@pytest.fixture()
def write_article(tmp_path: Path):
    """Write a title + body text file, read it back as an Article with the given id."""

    def write(article_id: str, title: str, body: str) -> Article:
        path = tmp_path / f"{article_id}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        (article,) = read_source(str(path))
        return replace(article, id=article_id)

    return write


def _fact_with(comparison: Comparison, *needles: str) -> Fact | None:
    for fact in comparison.facts:
        texts = [c.text for c in fact.claims]
        if all(any(n in t for t in texts) for n in needles):
            return fact
    return None


def _quantity_conflicts(comparison: Comparison):
    return [c for f in comparison.facts for c in f.conflicts if c.kind == "quantity"]


def test_pipeline_compare_troop_counts_conflict(write_article) -> None:
    a = write_article("a1", "Troops in Niger", "About 700 soldiers are stationed in the country.")
    b = write_article("a2", "Troops in Niger", "Some 1,000 soldiers are stationed in the country.")
    comparison = compare_articles([a, b])
    fact = _fact_with(comparison, "700 soldiers", "1,000 soldiers")
    assert fact is not None, [[c.text for c in f.claims] for f in comparison.facts]
    assert fact.status == "contested"
    (conflict,) = [c for c in fact.conflicts if c.kind == "quantity"]
    values = {v.article: (v.text, dict(v.value)) for v in conflict.values}
    assert values["a1"][0].lower() == "about 700" and (values["a1"][1]["low"], values["a1"][1]["high"]) == (630, 770)
    assert values["a2"][0].lower() == "some 1,000" and (values["a2"][1]["low"], values["a2"][1]["high"]) == (900, 1100)


def test_pipeline_compare_troop_counts_conflict_on_paragraph_built_articles() -> None:
    def article(aid: str, body: str) -> Article:
        title = "Troops in Niger"
        text = f"{title}\n\n{body}"
        return Article(id=aid, source=f"{aid}.txt", text=text, published="2024-04-12",
                       paragraphs=(Paragraph(0, len(title), "title"), Paragraph(len(title) + 2, len(text))))

    comparison = compare_articles([article("a1", "About 700 soldiers are stationed in the country."),
                                   article("a2", "Some 1,000 soldiers are stationed in the country.")])
    assert [c.kind for c in _quantity_conflicts(comparison)] == ["quantity"]


def test_pipeline_compare_compatible_counts_do_not_conflict(write_article) -> None:
    a = write_article("a1", "Evacuation", "More than 200 people were evacuated from the flooded district.")
    b = write_article("a2", "Evacuation", "Police said 230 people were evacuated from the flooded district.")
    comparison = compare_articles([a, b])
    assert _quantity_conflicts(comparison) == []
    fact = _fact_with(comparison, "More than 200 people", "230 people")
    assert fact is not None, [[c.text for c in f.claims] for f in comparison.facts]
    assert fact.status == "corroborated"


def test_pipeline_compare_compatible_counts_sentence_initial(write_article) -> None:
    a = write_article("a1", "Evacuation", "More than 200 people were evacuated from the flooded district.")
    b = write_article("a2", "Evacuation", "230 people were evacuated from the flooded district.")
    comparison = compare_articles([a, b])
    assert _quantity_conflicts(comparison) == []


def test_pipeline_compare_sentence_initial_number_still_conflicts(write_article) -> None:
    a = write_article("a1", "Evacuation", "More than 200 people were evacuated from the flooded district.")
    b = write_article("a2", "Evacuation", "100 people were evacuated from the flooded district, police said.")
    comparison = compare_articles([a, b])
    assert [c.kind for c in _quantity_conflicts(comparison)] == ["quantity"]


def test_pipeline_compare_needs_two_articles(write_article) -> None:
    a = write_article("a1", "Evacuation", "More than 200 people were evacuated from the flooded district.")
    with pytest.raises(TooFewArticles):
        compare_articles([a])
