"""The HTTP API, in-process through httpx.ASGITransport (no server, no sockets).

Each call runs in its own ``asyncio.run`` so no pytest async plugin is needed.
The comparison of the two bundled examples is made once per module.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from rashomon.report.schema import validate_report
from rashomon.settings import Config
from rashomon.web import create_app

NIGER = Path(__file__).resolve().parents[1] / "examples" / "niger-2024-04"


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **kwargs)
    return asyncio.run(go())


def example_articles() -> list[dict[str, str]]:
    return [{"text": (NIGER / name).read_text(encoding="utf-8"), "source": name}
            for name in ("rossa-primavera.txt", "moscow-times-afp.md")]


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Config())


@pytest.fixture(scope="module")
def compared(app: Any) -> httpx.Response:
    return call(app, "POST", "/api/compare", json={"articles": example_articles()})


def _error(response: httpx.Response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert "Traceback" not in response.text
    return body["error"]


def test_web_api_compare_examples_answers_valid_report(compared: httpx.Response) -> None:
    assert compared.status_code == 201
    report = compared.json()
    validate_report(report)
    assert report["schema"] == "rashomon/report@1"
    assert [a["source"] for a in report["articles"]] == ["rossa-primavera.txt", "moscow-times-afp.md"]
    assert "rashomon-web-" not in compared.text  # our temporary paths never leak into the report


def test_web_api_compare_examples_finds_troop_numbers_contested(compared: httpx.Response) -> None:
    report = compared.json()
    troops = [f for f in report["facts"] if f["status"] == "contested"
              and any(v["text"] == "about 700" for c in f["conflicts"] for v in c["values"])]
    assert troops, "no contested fact with 'about 700'"
    values = {v["text"] for c in troops[0]["conflicts"] for v in c["values"]}
    assert values == {"about 700", "some 1,000"}


def test_web_api_location_names_the_stored_comparison(app: Any, compared: httpx.Response) -> None:
    location = compared.headers["location"]
    assert re.fullmatch(r"/c/[A-Za-z0-9_-]{16}", location)
    page = call(app, "GET", location)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    rid = location.rsplit("/", 1)[1]
    assert compared.headers["x-rashomon-id"] == rid
    stored = call(app, "GET", f"/api/reports/{rid}")
    assert stored.status_code == 200 and stored.json() == compared.json()
    assert call(app, "GET", f"{location}.json").json() == compared.json()


def test_web_api_downloads_html_and_markdown(app: Any, compared: httpx.Response) -> None:
    location = compared.headers["location"]
    html = call(app, "GET", f"{location}.html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "attachment" in html.headers["content-disposition"]
    assert "<style>" in html.text and "Content-Security-Policy" in html.text  # self-contained report
    md = call(app, "GET", f"{location}.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "about 700" in md.text


def test_web_api_compare_accepts_multipart_files(app: Any) -> None:
    files = [("files", (name, (NIGER / name).read_bytes(), "text/plain"))
             for name in ("rossa-primavera.txt", "moscow-times-afp.md")]
    response = call(app, "POST", "/api/compare", files=files)
    assert response.status_code == 201, response.text
    report = response.json()
    validate_report(report)
    assert [a["source"] for a in report["articles"]] == ["rossa-primavera.txt", "moscow-times-afp.md"]


def test_web_api_article_metadata_is_used(app: Any) -> None:
    articles = [
        {"text": "Floods closed the main bridge in Riverton on Monday, the council said. About 400 people "
                 "spent the night in shelters.", "source": "one", "outlet": "Riverton Post",
         "title": "Bridge closed", "published": "2025-03-04"},
        {"text": "Some 600 people spent the night in shelters in Riverton after the floods, officials said.",
         "source": "two", "outlet": "Valley Herald", "published": "2025-03-04"},
    ]
    response = call(app, "POST", "/api/compare", json={"articles": articles})
    assert response.status_code == 201, response.text
    got = response.json()["articles"]
    assert [a["outlet"] for a in got] == ["Riverton Post", "Valley Herald"]
    assert [a["source"] for a in got] == ["one", "two"]
    assert got[0]["published"] == "2025-03-04"


def test_web_api_one_article_is_refused(app: Any) -> None:
    response = call(app, "POST", "/api/compare", json={"articles": example_articles()[:1]})
    assert response.status_code == 422
    assert _error(response)["code"] == "R107"


def test_web_api_malformed_json_is_a_coded_error(app: Any) -> None:
    response = call(app, "POST", "/api/compare", content=b'{"articles": [', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert _error(response)["code"] == "R601"
    response = call(app, "POST", "/api/compare", json={"articles": [{"txt": "x"}]})
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "R601" and "articles.0.text" in error["message"]


def test_web_api_other_content_types_are_refused(app: Any) -> None:
    response = call(app, "POST", "/api/compare", content=b"hello", headers={"content-type": "text/plain"})
    assert response.status_code == 422 and _error(response)["code"] == "R601"


def test_web_api_too_many_articles(app: Any) -> None:
    small = create_app(Config(max_articles=2))
    articles = [{"text": f"Story {i}. The council said {i} bridges closed.", "source": f"s{i}.txt"} for i in range(3)]
    response = call(small, "POST", "/api/compare", json={"articles": articles})
    assert response.status_code == 422 and _error(response)["code"] == "R605"


def test_web_api_unknown_report_is_404(app: Any) -> None:
    for rid in ("AAAAAAAAAAAAAAAA", "..%2F..%2Fetc%2Fpasswd", "x"):
        response = call(app, "GET", f"/api/reports/{rid}")
        assert response.status_code == 404
        assert _error(response)["code"] in ("R604", "R600")
    assert call(app, "GET", "/api/nothing-here").status_code == 404


def test_web_api_health(app: Any) -> None:
    response = call(app, "GET", "/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["schema"] == "rashomon/report@1"


def test_web_api_openapi_documents_compare(app: Any) -> None:
    schema = call(app, "GET", "/openapi.json").json()
    assert {"/api/compare", "/api/reports/{cid}", "/api/health"} <= set(schema["paths"])
    body = schema["paths"]["/api/compare"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert "$ref" not in str(body["application/json"])  # inlined, so it resolves
    assert "articles" in body["application/json"]["schema"]["properties"]
    assert not any(p.startswith("/c") for p in schema["paths"])  # pages are not API
    docs = call(app, "GET", "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_web_api_internal_error_hides_details(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = create_app(Config())

    def explode(*_: Any) -> None:
        raise RuntimeError("secret internal detail /etc/shadow")

    monkeypatch.setattr(broken.state.comparer, "compare", explode)
    response = call(broken, "POST", "/api/compare", json={"articles": example_articles()})
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "R999"
    assert "secret" not in response.text and "RuntimeError" not in response.text


def test_web_api_cli_serve_is_a_thin_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from rashomon.cli import main

    seen: dict[str, Any] = {}

    def fake_serve(host: str, port: int, **kwargs: Any) -> None:
        seen.update(host=host, port=port, **kwargs)

    monkeypatch.setattr("rashomon.web.serve", fake_serve)
    result = CliRunner().invoke(main, ["serve", "--port", "8123", "--allow-private-urls"],
                                env={"RASHOMON_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 8123, "allow_private_urls": True, "token": "from-env",
                    "store_dir": None}
