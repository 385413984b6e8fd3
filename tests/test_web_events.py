"""The events pages and API over a corpus store (`rashomon serve --db`), in-process through httpx.ASGITransport."""

from __future__ import annotations

import asyncio
import html as htmlmod
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from rashomon.corpus import ingest_corpus
from rashomon.report.schema import validate_report
from rashomon.settings import Config
from rashomon.store import open_store
from rashomon.web import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PAYLOAD = "<script>alert(1)</script>"
ATTR_PAYLOAD = '"><img src=x onerror=alert(2)>'


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **kwargs)
    return asyncio.run(go())


def _hostile_articles(folder: Path) -> Path:
    """A small second event: two reports of a harbour fire whose titles carry script payloads."""
    folder.mkdir()
    text = ("A fire broke out in the container harbour of Valparaiso on Monday night, the port authority said. "
            "Firefighters brought the blaze under control after six hours. No one was injured, the authority "
            "said, and about 40 containers were damaged.")
    for n, (outlet, extra) in enumerate((("Harbour Gazette", PAYLOAD), ("Port News", ATTR_PAYLOAD)), 1):
        article = {"title": f"Harbour fire in Valparaiso {extra}", "outlet": f"{outlet} {PAYLOAD}",
                   "published": "2023-02-06", "text": text + (" Crews stayed on site." if n == 2 else "")}
        (folder / f"fire-{n}.json").write_text(json.dumps(article), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("events")
    path = str(tmp / "corpus.db")
    with open_store(path) as store:
        summary = ingest_corpus([str(EXAMPLES), str(_hostile_articles(tmp / "hostile"))], store)
    assert summary.added == 4 and not summary.failed
    return path


@pytest.fixture(scope="module")
def app(db: str) -> Any:
    return create_app(Config(), db=db)


@pytest.fixture(scope="module")
def niger_event(db: str) -> str:
    with open_store(db, read_only=True) as store:
        rows = [e for e in store.events() if "Niger" in e.title]
    assert len(rows) == 1 and rows[0].article_count == 2
    return rows[0].id


def test_web_events_page_lists_the_event_with_both_outlets(app: Any, niger_event: str) -> None:
    response = call(app, "GET", "/events")
    assert response.status_code == 200
    page = response.text
    row = re.search(rf'<tr>\s*<td><a href="/events/{niger_event}">(.*?)</tr>', page, re.S)
    assert row, "the Niger event is not in the table"
    assert "The Moscow Times" in row.group(1) and "Rossa Primavera News Agency" in row.group(1)
    assert "<td>2</td>" in row.group(1)
    assert '<a href="/events">Events</a>' in page  # the nav link
    assert 'name="q"' in page and '<label for="q">' in page


def test_web_events_page_has_the_page_csp(app: Any) -> None:
    response = call(app, "GET", "/events")
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_web_events_search_finds_the_moscow_times_article(app: Any, niger_event: str) -> None:
    response = call(app, "GET", "/events", params={"q": "junta"})
    assert response.status_code == 200
    results = response.text.split('id="search-results"', 1)[1]
    assert "The Moscow Times" in results
    assert "Russia Sends Instructors, Air Defense System to Niger" in results
    assert f'<a href="/events/{niger_event}">' in results
    assert "<mark>" in results


def test_web_events_search_refuses_a_bad_query_with_a_message(app: Any) -> None:
    response = call(app, "GET", "/events", params={"q": '"unclosed'})
    assert response.status_code == 400
    assert "The search could not be run" in response.text and "<code>R706</code>" in response.text
    assert 'name="q"' in response.text  # the form stays, to fix the query


def test_web_events_event_opens_its_comparison(app: Any, niger_event: str) -> None:
    response = call(app, "GET", f"/events/{niger_event}")
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/c/[A-Za-z0-9_-]{16}", location)
    page = call(app, "GET", location)
    assert page.status_code == 200
    assert "700" in page.text and "1,000" in page.text
    # the second visit is served from the cache: the same comparison
    again = call(app, "GET", f"/events/{niger_event}")
    assert again.headers["location"] == location


def test_web_events_api_lists_events(app: Any, niger_event: str) -> None:
    response = call(app, "GET", "/api/events")
    assert response.status_code == 200
    events = response.json()
    assert isinstance(events, list) and len(events) >= 2
    niger = next(e for e in events if e["id"] == niger_event)
    assert set(niger) == {"id", "title", "first_seen", "last_seen", "outlets", "article_count"}
    assert niger["article_count"] == 2
    assert set(niger["outlets"]) == {"The Moscow Times", "Rossa Primavera News Agency"}


def test_web_events_api_report_validates(app: Any, niger_event: str) -> None:
    response = call(app, "GET", f"/api/events/{niger_event}/report")
    assert response.status_code == 200
    report = response.json()
    validate_report(report)
    assert len(report["articles"]) == 2
    assert response.headers["location"].startswith("/c/")


def test_web_events_unknown_event_is_404(app: Any) -> None:
    response = call(app, "GET", "/api/events/nope/report")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "R707"
    page = call(app, "GET", "/events/nope")
    assert page.status_code == 404 and "R707" in page.text


def test_web_events_event_of_one_article_is_422(db: str, app: Any) -> None:
    with open_store(db) as store:
        lonely = store.upsert_event("An event with no second article", event_id="e-lonely")
    response = call(app, "GET", f"/api/events/{lonely}/report")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "R107"


def test_web_events_titles_are_escaped(app: Any) -> None:
    page = call(app, "GET", "/events").text
    assert PAYLOAD not in page and "<img src=x" not in page
    assert htmlmod.escape(PAYLOAD, quote=False) in page
    assert "Harbour fire in Valparaiso" in page
    found = call(app, "GET", "/events", params={"q": "Valparaiso"}).text
    assert PAYLOAD not in found and "<img src=x" not in found
    assert "Harbour fire in Valparaiso" in found


def test_web_events_without_a_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RASHOMON_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./rashomon.db here
    bare = create_app(Config())
    page = call(bare, "GET", "/events")
    assert page.status_code == 200
    assert "rashomon ingest" in page.text and "rashomon serve --db" in page.text
    assert '<a href="/events">Events</a>' not in call(bare, "GET", "/").text
    api = call(bare, "GET", "/api/events")
    assert api.status_code == 404 and api.json()["error"]["code"] == "R707"


def test_web_events_store_from_environment(monkeypatch: pytest.MonkeyPatch, db: str, niger_event: str) -> None:
    monkeypatch.setenv("RASHOMON_DB", db)
    response = call(create_app(Config()), "GET", "/api/events")
    assert response.status_code == 200
    assert niger_event in {e["id"] for e in response.json()}


def test_web_events_cli_serve_passes_db(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from rashomon.cli import main

    seen: dict[str, Any] = {}

    def fake_serve(host: str, port: int, **kwargs: Any) -> None:
        seen.update(kwargs)

    monkeypatch.setattr("rashomon.web.serve", fake_serve)
    result = CliRunner().invoke(main, ["serve", "--db", "corpus.db"])
    assert result.exit_code == 0, result.output
    assert seen["db"] == "corpus.db"
