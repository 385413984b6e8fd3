"""Markdown articles: the Moscow Times/AFP seed, bylines, captions, markup removal."""

from __future__ import annotations

from pathlib import Path

from rashomon.ingest import read_source
from rashomon.ingest.outlets import outlet_from_url
from rashomon.models import Article

REPO = Path(__file__).resolve().parents[1]
MOSCOW_TIMES = REPO / "examples" / "niger-2024-04" / "moscow-times-afp.md"
CAPTION = "Soldiers who ousted President Mohamed Bazoum addresses supporters of Niger's ruling junta."


def _read(tmp_path: Path, text: str, name: str = "story.md") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [article] = read_source(str(path))
    return article


def _paragraphs(article: Article) -> list[tuple[str, str]]:
    return [(p.role, article.text[p.start:p.end]) for p in article.paragraphs]


def test_ingest_markdown_moscow_times_seed() -> None:
    [article] = read_source(str(MOSCOW_TIMES))
    assert article.outlet == "The Moscow Times"
    assert article.origin == "AFP"
    assert article.byline == "AFP"
    assert article.published == "2024-04-12"
    assert article.title == "Russia Sends Instructors, Air Defense System to Niger"
    assert article.url == ("https://www.themoscowtimes.com/2024/04/12/"
                           "russia-sends-instructors-air-defense-system-to-niger-a84819")
    assert ("caption", CAPTION) in _paragraphs(article)
    assert _paragraphs(article)[0][0] == "title"
    for furniture in ("Sam Mednick", "Related article", "Original url", "Source:", "themoscowtimes", "**", "](#)"):
        assert furniture not in article.text
    assert article.meta("photo_credit") == "Sam Mednick / AP / TASS"
    assert article.meta("related") == "Niger Regime Chief Talks 'Security Cooperation' With Putin"
    assert article.meta("original_url") == article.url
    # The paragraphs around the removed "Related article" line are both kept.
    assert "in late March." in article.text and "the report said." in article.text


def test_ingest_markdown_seed_as_txt_is_detected(tmp_path: Path) -> None:
    article = _read(tmp_path, MOSCOW_TIMES.read_text(encoding="utf-8"), name="002.txt")
    assert article.outlet == "The Moscow Times" and article.origin == "AFP"
    assert "**" not in article.text


def test_ingest_markdown_inline_markup_removed(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "## Officials **confirm** the toll\n\n"
        "The **regional governor** said [the figures](https://example.com/x) were _provisional_ and "
        "“subject to change”.\n\n"
        "### What happens next\n\nA hearing is set for `Monday`.\n"))
    assert article.title == "Officials confirm the toll"
    assert ("body", "The regional governor said the figures were provisional and “subject to change”.") \
        in _paragraphs(article)
    assert ("body", "What happens next") in _paragraphs(article)  # a sub-heading is body text
    assert "#" not in article.text and "`" not in article.text


def test_ingest_markdown_byline_section_and_datetime(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Border post attacked\n\nBy [Valley Today](#) | Regional news  \nMonday, 15 September 2025, 14:20\n\n"
        "Gunmen attacked a border post on Saturday, officials said.\n"))
    assert article.outlet == "Valley Today"
    assert article.published == "2025-09-15T14:20"
    assert article.published_date is not None and article.published_date.isoformat() == "2025-09-15"
    assert article.meta("section") == "Regional news"
    assert article.text == "Border post attacked\n\nGunmen attacked a border post on Saturday, officials said."


def test_ingest_markdown_byline_with_wire_credit(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Dam bursts\n\nBy [The Valley Post](#) with Reuters  \nDecember 7, 2025\n\n"
        "A dam burst on Saturday night.\n"))
    assert article.outlet == "The Valley Post"
    assert article.origin == "Reuters"


def test_ingest_markdown_captions(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Storm batters coast\n\n"
        "*Photo: Waves crash over the sea wall on Sunday. (Jane Roe/Coast Times)*\n\n"
        "The storm hit the coast on Sunday.\n\n"
        "![Rescuers search the rubble](img/rubble.jpg)\n\n"
        "Caption: A fallen tree blocks the main road.\n\n"
        "Residents cleared debris on Monday. John Smith / AFP\n\n"
        "Power was restored on Tuesday. (Photo: Utility Co.)\n\n"
        "The council said repairs would take weeks.\n"))
    paragraphs = _paragraphs(article)
    assert ("caption", "Waves crash over the sea wall on Sunday.") in paragraphs
    assert ("caption", "Rescuers search the rubble") in paragraphs
    assert ("caption", "A fallen tree blocks the main road.") in paragraphs
    assert ("caption", "Residents cleared debris on Monday.") in paragraphs
    assert ("caption", "Power was restored on Tuesday.") in paragraphs
    assert ("body", "The storm hit the coast on Sunday.") in paragraphs
    assert ("body", "The council said repairs would take weeks.") in paragraphs
    credits = [v for k, v in article.metadata if k == "photo_credit"]
    assert credits == ["Jane Roe/Coast Times", "John Smith / AFP", "Utility Co."]


def test_ingest_markdown_body_paragraphs_stay_body(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Vote delayed\n\n"
        "The vote was delayed again. **Nobody knows why.**\n\n"
        "Officials blamed the weather (heavy rain).\n\n"
        "Talks resumed, with each side blaming the other for the delay, as mediators from "
        "Geneva / Vienna looked on.\n"))
    assert [p.role for p in article.paragraphs] == ["title", "body", "body", "body"]
    assert "The vote was delayed again. Nobody knows why." in article.text


def test_ingest_markdown_related_and_share_lines(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Prices rise\n\nPrices rose 3% in May.\n\n**Read more:** [Why prices rise](#)\n\n"
        "Share this article\n\nEconomists expect a slowdown.\n\nRelated article: Rates on hold\n"))
    assert article.text == "Prices rise\n\nPrices rose 3% in May.\n\nEconomists expect a slowdown."
    assert [v for k, v in article.metadata if k == "related"] == ["Why prices rise", "Rates on hold"]


def test_ingest_markdown_outlet_from_original_url(tmp_path: Path) -> None:
    article = _read(tmp_path, (
        "# Storm\n\nA storm hit the coast.\n\nOriginal url: <https://www.example-news.com/2025/storm>\n"))
    assert article.outlet == "Example News"
    assert article.url == "https://www.example-news.com/2025/storm"


def test_ingest_markdown_outlet_table_and_fallback() -> None:
    assert outlet_from_url("https://www.themoscowtimes.com/2024/04/12/x") == "The Moscow Times"
    assert outlet_from_url("https://apnews.com/article/x") == "AP"
    assert outlet_from_url("https://news.example-news.co.uk/x") == "Example News"
    assert outlet_from_url("http://127.0.0.1:8000/x") is None
