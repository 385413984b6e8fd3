"""Plain-text articles: the Rossa Primavera seed, wire datelines, press releases, trailers."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ingest import read_source
from rashomon.models import Article

REPO = Path(__file__).resolve().parents[1]
ROSSA = REPO / "examples" / "niger-2024-04" / "rossa-primavera.txt"


def _read(tmp_path: Path, text: str, name: str = "story.txt") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [article] = read_source(str(path))
    return article


def _paragraphs(article: Article) -> list[tuple[str, str]]:
    return [(p.role, article.text[p.start:p.end]) for p in article.paragraphs]


def _assert_offsets(article: Article) -> None:
    chunks = [article.text[p.start:p.end] for p in article.paragraphs]
    assert "\n\n".join(chunks) == article.text
    assert all(c and c == c.strip() for c in chunks)


def test_ingest_text_rossa_primavera_seed() -> None:
    [article] = read_source(str(ROSSA))
    assert article.id == "a1"
    assert article.source == str(ROSSA)
    assert article.outlet == "Rossa Primavera News Agency"
    assert article.published == "2024-04-13"
    assert article.title == "Russian military arrive in Niger"
    assert article.meta("dateline_place") == "Niamey"
    assert article.origin is None
    assert _paragraphs(article)[0] == ("title", "Russian military arrive in Niger")
    assert "Source:" not in article.text and "13.04.2024" not in article.text
    assert article.text.endswith("about 700 US servicemen are still stationed in Niger.")
    assert "Russian Defense Ministry’s African Corps" in article.text  # curly apostrophe kept
    _assert_offsets(article)


def test_ingest_text_wire_dateline_removed(tmp_path: Path) -> None:
    article = _read(tmp_path, "Talks stall in Geneva\n\n"
                    "GENEVA, 3 March 2025 (Reuters) - Talks on the treaty stalled on Monday, diplomats said.\n\n"
                    "A second round is due in April.\n")
    assert article.origin == "Reuters"
    assert article.outlet == "Reuters"  # nothing else names a publisher
    assert article.published == "2025-03-03"
    assert article.meta("dateline_place") == "GENEVA"
    assert _paragraphs(article)[1] == ("body", "Talks on the treaty stalled on Monday, diplomats said.")
    _assert_offsets(article)


def test_ingest_text_wire_dateline_without_year(tmp_path: Path) -> None:
    article = _read(tmp_path, "Junta names new cabinet\n\nApril 12, 2024\n\n"
                    "NIAMEY, April 12 (AFP) — Niger's junta named a new cabinet on Friday.\n\nMore follows.\n")
    assert article.origin == "AFP"
    assert article.published == "2024-04-12"  # from the date line; the dateline has no year
    assert article.meta("dateline_date") == "April 12"
    assert "NIAMEY" not in article.text and "(AFP)" not in article.text
    assert "Niger's junta named a new cabinet on Friday." in article.text


def test_ingest_text_place_only_dateline_kept(tmp_path: Path) -> None:
    article = _read(tmp_path, "Ferry sinks\n\nMANILA — A ferry sank on Sunday, the coast guard said.\n")
    assert article.meta("dateline_place") == "MANILA"
    assert "MANILA — A ferry sank on Sunday" in article.text


def test_ingest_text_press_release_furniture(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "FOR IMMEDIATE RELEASE\n\n"
        "Harbour Authority opens new ferry terminal\n\n"
        "PORTSMOUTH, 5 May 2025 -- The Harbour Authority opened its new ferry terminal on Monday.\n\n"
        "The terminal cost 40 million pounds and can handle 12 sailings a day.\n\n"
        "-ENDS-\n\n"
        "Media contact: Jo Bloggs, press office, 01234 567890\n\n"
        "About the Harbour Authority\n\nThe Authority runs the port.\n"))
    assert article.title == "Harbour Authority opens new ferry terminal"
    assert article.published == "2025-05-05"
    assert article.meta("media_contact") == "Jo Bloggs, press office, 01234 567890"
    assert "ENDS" not in article.text and "Media contact" not in article.text
    assert "IMMEDIATE RELEASE" not in article.text and "About the Harbour" not in article.text
    assert article.text.endswith("can handle 12 sailings a day.")


def test_ingest_text_release_hash_end_mark_and_issued_line(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "CITY OF EXAMPLETON\nMEDIA RELEASE\n\n"
        "Water restrictions lifted\n\n"
        "Exampleton, 14 February 2025\n\n"
        "The city council lifted all water restrictions on Friday.\n\n"
        "###\n\nFor more information, call the council.\n"))
    assert article.outlet == "City of Exampleton"
    assert article.published == "2025-02-14"
    # An issued statement's "Place, date" line is part of the statement and stays.
    assert _paragraphs(article)[1] == ("body", "Exampleton, 14 February 2025")
    assert "###" not in article.text and "more information" not in article.text


def test_ingest_text_source_trailer_and_signoff(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "Budget passes\n\nTuesday, 10 June 2025\n\nParliament passed the budget on Tuesday.\n\n"
        "(Reporting by Jane Roe; Editing by John Doe)\n\nSource: Example Daily newsroom, London\n"))
    assert article.outlet == "Example Daily"
    assert article.published == "2025-06-10"
    assert article.meta("credits") == "Reporting by Jane Roe; Editing by John Doe"
    assert _paragraphs(article) == [("title", "Budget passes"), ("body", "Parliament passed the budget on Tuesday.")]


def test_ingest_text_source_trailer_naming_a_wire_is_origin(tmp_path: Path) -> None:
    article = _read(tmp_path, "Quake hits coast\n\nA strong quake hit the coast on Monday.\n\nSource: AFP\n")
    assert article.origin == "AFP"
    assert "AFP" not in article.text


def test_ingest_text_body_starting_with_by_is_not_a_byline(tmp_path: Path) -> None:
    article = _read(tmp_path, "Toll rises\n\nBy Monday, 13 people were confirmed dead.\n\nRescuers kept searching.\n")
    assert article.byline is None
    assert "By Monday, 13 people were confirmed dead." in article.text


def test_ingest_text_wrapped_lines_and_lists(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "Heat advice\n\nThe ministry urged people to stay\nindoors during the afternoon.\n\n"
        "Residents should:\n- drink water;\n- avoid the sun.\n"))
    assert "The ministry urged people to stay indoors during the afternoon." in article.text
    assert "Residents should:\n- drink water;\n- avoid the sun." in article.text
    _assert_offsets(article)


def test_ingest_text_without_title_or_furniture(tmp_path: Path) -> None:
    body = ("The river burst its banks early on Sunday, flooding dozens of homes in the lower town. "
            "Officials said no one was hurt.")
    article = _read(tmp_path, body + "\n")
    assert article.title is None
    assert article.text == body
    assert [p.role for p in article.paragraphs] == ["body"]


def test_ingest_text_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(b"Storm hits\n\nA storm hit the coast on Friday.\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = read_source("-")
    assert article.source == "-"
    assert article.title == "Storm hits"


def test_ingest_text_pasted_menu_is_not_the_title(tmp_path: Path) -> None:
    article = _read(tmp_path, "Home | News | Sport | Weather\n\nMarkets slide\n\n"
                    "Stocks fell sharply on Monday as investors worried about rates, traders said.\n")
    assert article.title == "Markets slide"
    assert "Home" not in article.text
