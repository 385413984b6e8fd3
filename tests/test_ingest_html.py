"""HTML pages: meta tags, JSON-LD, boilerplate removal, one paragraph per <p>."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import NoArticleBody
from rashomon.ingest import read_source
from rashomon.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Quake shakes northern town | Example Herald</title>
<meta property="og:site_name" content="Example Herald">
<meta property="og:title" content="Quake shakes northern town">
<meta property="article:published_time" content="2025-05-02T07:15:00+01:00">
<link rel="canonical" href="https://www.exampleherald.example/news/quake">
</head>
<body>
<header><a href="/">Example Herald</a> &mdash; News you can use</header>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
<main>
<article>
<h1>Quake shakes northern town</h1>
<p class="byline">By Herald staff &middot; Friday, 2 May 2025</p>
<p>KIRKBY, May 2, 2025 (Example Wire) &mdash; A magnitude 4.1 earthquake shook the town of Kirkby early on Friday, damaging chimneys but injuring no one, the geological survey said.</p>
<p>Residents reported a loud bang at about 3 a.m. &middot; Several said their windows rattled for &ldquo;a good ten seconds&rdquo;.</p>
<p>The survey said aftershocks were possible over the coming days.</p>
<p>Media contact: press@exampleherald.example</p>
</article>
</main>
<aside>Most read: Ten things to do this weekend</aside>
<footer><p>&copy; 2025 Example Herald &middot; <a href="/privacy">Privacy</a></p></footer>
</body>
</html>
"""


def _read_html(tmp_path: Path, html: str, name: str = "page.html") -> Article:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    [article] = read_source(str(path))
    return article


def test_ingest_html_meta_tags_and_paragraphs(tmp_path: Path) -> None:
    article = _read_html(tmp_path, PAGE)
    assert article.outlet == "Example Herald"
    assert article.published == "2025-05-02T07:15:00+01:00"
    assert article.language == "en"
    assert article.title == "Quake shakes northern town"
    assert article.url == "https://www.exampleherald.example/news/quake"
    assert article.origin == "Example Wire"
    roles_and_text = [(p.role, article.text[p.start:p.end]) for p in article.paragraphs]
    assert roles_and_text == [
        ("title", "Quake shakes northern town"),
        ("body", "A magnitude 4.1 earthquake shook the town of Kirkby early on Friday, damaging chimneys "
                 "but injuring no one, the geological survey said."),
        ("body", "Residents reported a loud bang at about 3 a.m. · Several said their windows rattled "
                 "for “a good ten seconds”."),
        ("body", "The survey said aftershocks were possible over the coming days."),
    ]
    for boilerplate in ("Subscribe", "Most read", "Privacy", "News you can use", "Herald staff", "press@"):
        assert boilerplate not in article.text


def test_ingest_html_jsonld_news_article() -> None:
    [article] = read_source(str(FIXTURES / "jsonld-page.html"))
    assert article.outlet == "Gazette du Fleuve"
    assert article.published == "2025-03-04T09:30:00+01:00"
    assert article.byline == "Claire Dubois"
    assert article.title == "Les eaux se retirent à Riverton"
    assert article.language == "fr"
    assert article.url == "https://www.gazettedufleuve.example/2025/03/04/eaux"
    assert len([p for p in article.paragraphs if p.role == "body"]) == 2
    assert "Abonnez-vous" not in article.text and "Mentions" not in article.text


def test_ingest_html_title_from_title_tag(tmp_path: Path) -> None:
    html = ("<html><head><title>Council approves budget - Town Crier</title></head><body><article>"
            "<p>The town council approved next year's budget on Tuesday after a three-hour debate, "
            "with spending on roads rising by a tenth.</p>"
            "<p>The opposition voted against, saying the rise in parking fees would hurt shops.</p>"
            "</article></body></html>")
    article = _read_html(tmp_path, html, name="crier.htm")
    assert article.title == "Council approves budget"
    assert article.outlet == "Town Crier"
    assert article.language == "en"


def test_ingest_html_without_article_body(tmp_path: Path) -> None:
    html = ("<html><head><title>Home | Example</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/news'>News</a></nav><footer>&copy; Example</footer></body></html>")
    with pytest.raises(NoArticleBody) as info:
        _read_html(tmp_path, html)
    assert info.value.code == "R105"
    assert "\n" not in str(info.value)
