"""The pages people use: new comparison form → comparison page, in-process through httpx.ASGITransport."""

from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from rashomon.settings import Config
from rashomon.web import create_app

NIGER = Path(__file__).resolve().parents[1] / "examples" / "niger-2024-04"


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **kwargs)
    return asyncio.run(go())


class _Section(HTMLParser):
    """The text inside <section id=...> (report text only, markup dropped)."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.depth, self.parts = section, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "section"
        elif tag == "section" and ("id", self.section) in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "section":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def section_text(html: str, section: str) -> str:
    parser = _Section(section)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Config())


@pytest.fixture(scope="module")
def submitted(app: Any) -> httpx.Response:
    names = ["rossa-primavera.txt", "moscow-times-afp.md"]
    data = {"text": [(NIGER / n).read_text(encoding="utf-8") for n in names] + [""],
            "source": [*names, ""], "urls": ""}
    return call(app, "POST", "/c", data=data)


@pytest.fixture(scope="module")
def page(app: Any, submitted: httpx.Response) -> str:
    response = call(app, "GET", submitted.headers["location"])
    assert response.status_code == 200
    return response.text


def test_web_pages_new_comparison_form(app: Any) -> None:
    response = call(app, "GET", "/")
    assert response.status_code == 200
    html = response.text
    assert '<form method="post" action="/c" enctype="multipart/form-data"' in html
    # every control has a label
    for control in re.findall(r'<(?:textarea|input)[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{control}"' in html, f"no label for #{control}"
    assert 'name="urls"' in html and 'type="file"' in html and "multiple" in html
    assert '<button type="submit"' in html


def test_web_pages_form_redirects_to_comparison(submitted: httpx.Response) -> None:
    assert submitted.status_code == 303
    assert re.fullmatch(r"/c/[A-Za-z0-9_-]{16}", submitted.headers["location"])


def test_web_pages_comparison_shows_troop_numbers_in_conflicts(page: str) -> None:
    conflicts = section_text(page, "conflicts")
    assert "about 700" in conflicts and "some 1,000" in conflicts
    assert "At the moment, about 700 US servicemen are still stationed in Niger." in conflicts


def test_web_pages_comparison_has_articles_side_by_side_with_statuses(page: str) -> None:
    assert 'id="col-a1"' in page and 'id="col-a2"' in page
    assert "Rossa Primavera News Agency" in page and "The Moscow Times" in page
    # statuses are carried by text too, not colour alone
    assert re.search(r'class="s st-contested[^"]*".*?<span class="vh">contested: </span>', page, re.S)
    for section in ("facts", "outlets", "entities", "framing", "warnings", "sources"):
        assert f'<section id="{section}"' in page, section


def test_web_pages_fact_filters_are_real_buttons(page: str) -> None:
    filters = re.search(r'<div class="filters" id="fact-filters".*?</div>', page, re.S)
    assert filters, "no fact filters"
    buttons = re.findall(r'<button type="button" data-status="([a-z_]+)" aria-pressed="(true|false)"', filters.group(0))
    assert [b[0] for b in buttons] == ["all", "contested", "single_source", "corroborated"]
    assert buttons[0][1] == "true"
    assert "contested (" in filters.group(0)
    assert '<script src="/static/web.js"></script>' in page


def test_web_pages_comparison_links_downloads(app: Any, submitted: httpx.Response, page: str) -> None:
    location = submitted.headers["location"]
    for ext in ("json", "html", "md"):
        assert f'href="{location}.{ext}"' in page
        assert call(app, "GET", f"{location}.{ext}").status_code == 200


def test_web_pages_static_assets(app: Any) -> None:
    for name, media in (("report.css", "text/css"), ("web.css", "text/css"),
                        ("report.js", "text/javascript"), ("web.js", "text/javascript")):
        response = call(app, "GET", f"/static/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media), name
    assert call(app, "GET", "/static/..%2Fapp.py").status_code == 404
    assert call(app, "GET", "/static/nothing.css").status_code == 404


def test_web_pages_form_error_keeps_the_input(app: Any) -> None:
    response = call(app, "POST", "/c", data={"text": ["Only one article here.", ""], "source": ["mine.txt", ""]})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "R107" in response.text
    assert ">Only one article here.</textarea>" in response.text and 'value="mine.txt"' in response.text


def test_web_pages_unknown_comparison_is_a_404_page(app: Any) -> None:
    response = call(app, "GET", "/c/AAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html") and "Not found" in response.text


def test_web_pages_store_dir_keeps_json_files(tmp_path: Path) -> None:
    app = create_app(Config(), store_dir=tmp_path)
    files = [("files", (n, (NIGER / n).read_bytes(), "text/plain")) for n in ("rossa-primavera.txt", "moscow-times-afp.md")]
    response = call(app, "POST", "/c", files=files)
    assert response.status_code == 303
    rid = response.headers["location"].rsplit("/", 1)[1]
    assert (tmp_path / f"{rid}.json").is_file()
    # a new app over the same folder still serves it
    again = create_app(Config(), store_dir=tmp_path)
    assert call(again, "GET", f"/c/{rid}").status_code == 200
