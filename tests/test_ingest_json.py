"""JSON objects, JSON lists and JSONL files of articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.errors import BadArticleObject
from rashomon.ingest import read_source, read_sources

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_ingest_json_single_object(tmp_path: Path) -> None:
    source = _write(tmp_path, "one.json", {
        "title": "Dam bursts in the south",
        "text": "A dam burst on Saturday night, officials said.\n\nAbout 30 people are missing.",
        "outlet": "Southern Wire",
        "published": "2025-12-07",
        "url": "https://southernwire.example/dam",
        "byline": "Ana Costa",
        "origin": "Reuters",
        "language": "pt-BR",
        "section": "World",
    })
    [article] = read_source(source)
    assert article.source == source
    assert article.title == "Dam bursts in the south"
    assert article.outlet == "Southern Wire"
    assert article.published == "2025-12-07"
    assert article.url == "https://southernwire.example/dam"
    assert article.byline == "Ana Costa"
    assert article.origin == "Reuters"
    assert article.language == "pt"
    assert article.meta("section") == "World"
    assert article.text == ("Dam bursts in the south\n\nA dam burst on Saturday night, officials said.\n\n"
                            "About 30 people are missing.")
    assert [p.role for p in article.paragraphs] == ["title", "body", "body"]


def test_ingest_json_fields_beat_body_furniture(tmp_path: Path) -> None:
    source = _write(tmp_path, "wire.json", {
        "headline": "Quake hits coast",
        "body": "LIMA, June 3, 2025 (AFP) - A strong quake hit the coast on Tuesday.\n\nSource: AFP",
        "source": {"name": "Andes Daily"},
        "date": "2025-06-04T08:00:00Z",
    })
    [article] = read_source(source)
    assert article.outlet == "Andes Daily"
    assert article.origin == "AFP"
    assert article.published == "2025-06-04T08:00:00+00:00"
    assert article.text == "Quake hits coast\n\nA strong quake hit the coast on Tuesday."


def test_ingest_json_list_and_wrapped_list(tmp_path: Path) -> None:
    items = [{"title": f"Story {n}", "content": f"Paragraph number {n} of the story."} for n in (1, 2)]
    source = _write(tmp_path, "list.json", items)
    articles = read_source(source)
    assert [a.id for a in articles] == ["a1", "a2"]
    assert [a.title for a in articles] == ["Story 1", "Story 2"]
    assert [a.meta("json_item") for a in articles] == ["1", "2"]
    wrapped = _write(tmp_path, "wrapped.json", {"articles": items})
    assert [a.title for a in read_source(wrapped)] == ["Story 1", "Story 2"]


def test_ingest_json_html_body(tmp_path: Path) -> None:
    source = _write(tmp_path, "html.json", {
        "title": "Fire contained",
        "outlet": "Hill News",
        "body": "<p>Firefighters contained the blaze on Monday after a week of work.</p>"
                "<p>No homes were lost, the fire service said.</p>",
    })
    [article] = read_source(source)
    assert article.outlet == "Hill News"
    assert [article.text[p.start:p.end] for p in article.paragraphs] == [
        "Fire contained",
        "Firefighters contained the blaze on Monday after a week of work.",
        "No homes were lost, the fire service said.",
    ]


def test_ingest_jsonl_bad_lines_are_reported_and_the_rest_read() -> None:
    source = str(FIXTURES / "articles.jsonl")
    result = read_sources([source])
    assert [(a.id, a.title, a.outlet) for a in result.articles] == [
        ("a1", "Bridge reopens", "River Post"),
        ("a2", "Shelters close", "Valley Radio"),
    ]
    assert result.articles[0].byline == "Sam Lee"
    assert result.articles[1].published == "2025-03-06T10:00:00+00:00"
    assert [a.meta("jsonl_line") for a in result.articles] == ["1", "3"]
    assert [(where, type(err)) for where, err in result.failures] == [
        (source, BadArticleObject), (source, BadArticleObject)]
    assert "line 2" in str(result.failures[0][1])
    assert "line 4" in str(result.failures[1][1])


def test_ingest_jsonl_read_source_is_all_or_nothing() -> None:
    with pytest.raises(BadArticleObject, match="line 2"):
        read_source(str(FIXTURES / "articles.jsonl"))


def test_ingest_json_object_without_text(tmp_path: Path) -> None:
    source = _write(tmp_path, "empty.json", {"title": "Only a title", "outlet": "X"})
    with pytest.raises(BadArticleObject) as info:
        read_source(source)
    assert str(info.value).startswith(f"[R106] {source}: ")
    assert "no article text" in str(info.value)


def test_ingest_json_invalid(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "text": ', encoding="utf-8")
    with pytest.raises(BadArticleObject, match="not valid JSON"):
        read_source(str(path))


def test_ingest_json_not_an_object(tmp_path: Path) -> None:
    source = _write(tmp_path, "number.json", 42)
    with pytest.raises(BadArticleObject, match="expected an object"):
        read_source(source)
