"""Web safety: escaping (XSS), URL fetching (SSRF), size limits, the API token, headers.

No test sends traffic off this machine: the SSRF tests replace httpx's
transport with a recorder that refuses to connect, and the one test that
does fetch uses the loopback server of the URL-reading tests.
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from rashomon.settings import Config, load_config
from rashomon.web import create_app
from rashomon.web.views import ReportStore

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **kwargs)
    return asyncio.run(go())


def _loopback() -> ModuleType:
    path = Path(__file__).parent / "fixtures" / "ingest" / "loopback.py"
    spec = importlib.util.spec_from_file_location("web_loopback", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[Any]:
    with _loopback().serve() as srv:
        yield srv


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """httpx may not connect anywhere: every request that reaches a transport is recorded and refused."""
    sent: list[str] = []

    def refuse(self: Any, request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        raise httpx.ConnectError("test: network disabled", request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    return sent


# --- XSS ----------------------------------------------------------------------------------------

def _hostile_articles() -> list[dict[str, str]]:
    return [
        {"source": f"{SCRIPT}.txt",
         "text": f"Troops arrive {SCRIPT}\n\nAbout 700 soldiers arrived in Niamey on Monday, the ministry said. "
                 f"{IMG}\n\nThe ministry said the soldiers will train the army {SCRIPT}."},
        {"source": f"{IMG}.md",
         "text": f"# Soldiers land {IMG}\n\nSome 1,000 soldiers arrived in Niamey on Monday, officials said. "
                 f"{SCRIPT}\n\nOfficials said the soldiers will train the army."},
    ]


def _assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # our pages carry no inline script at all: only <script src=...>
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.fixture(scope="module")
def hostile() -> tuple[Any, httpx.Response]:
    app = create_app(Config())
    return app, call(app, "POST", "/api/compare", json={"articles": _hostile_articles()})


def test_web_security_payloads_reach_the_report_unchanged(hostile: tuple[Any, httpx.Response]) -> None:
    _, response = hostile
    assert response.status_code == 201, response.text
    report = response.json()
    # the payloads really are in titles, sources and sentences: escaping is what keeps them inert
    assert report["articles"][0]["source"] == f"{SCRIPT}.txt"
    assert SCRIPT in (report["articles"][0]["title"] or "")
    assert any(IMG in s["text"] for s in report["articles"][0]["sentences"])


def test_web_security_comparison_page_escapes_everything(hostile: tuple[Any, httpx.Response]) -> None:
    app, response = hostile
    page = call(app, "GET", response.headers["location"])
    assert page.status_code == 200
    _assert_escaped(page.text)


def test_web_security_html_download_escapes_everything(hostile: tuple[Any, httpx.Response]) -> None:
    app, response = hostile
    html = call(app, "GET", response.headers["location"] + ".html").text
    assert SCRIPT not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_web_security_form_echo_is_escaped() -> None:
    app = create_app(Config())
    # one article only: the form comes back with the error and the text the user typed
    response = call(app, "POST", "/c", data={"text": [f"{SCRIPT} {IMG}", ""], "source": [IMG, ""], "urls": ""})
    assert response.status_code == 422
    assert SCRIPT not in response.text and "<img" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_web_security_error_messages_are_escaped(no_network: list[str]) -> None:
    app = create_app(Config())
    response = call(app, "POST", "/c", data={"urls": f"http://{SCRIPT}.example/\nhttp://x{IMG}/"})
    assert response.status_code in (400, 422, 502)
    assert SCRIPT not in response.text and "<img" not in response.text
    assert no_network == []


def test_web_security_pages_send_csp_and_friends() -> None:
    app = create_app(Config())
    response = call(app, "GET", "/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)


# --- SSRF ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/article",
    "http://localhost:{port}/article",
    "http://[::1]:{port}/article",
    "http://0.0.0.0:{port}/article",
    "http://10.0.0.1/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]:{port}/article",
    "http://100.64.0.1/",
])
def test_web_security_private_urls_are_refused(url: str, loopback_server: Any, no_network: list[str]) -> None:
    app = create_app(Config())  # allow_private_urls defaults to False in the app
    url = url.format(port=loopback_server.server_address[1])
    response = call(app, "POST", "/api/compare", json={"urls": [url, "http://93.184.216.34/"]})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "R203" and "not a public address" in error["message"]
    assert no_network == [] and loopback_server.seen_headers == []  # no request was sent


def test_web_security_names_resolving_to_private_addresses_are_refused(
        monkeypatch: pytest.MonkeyPatch, no_network: list[str]) -> None:
    def fake_getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "intranet.example"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80))]

    monkeypatch.setattr("rashomon.ingest.url.socket.getaddrinfo", fake_getaddrinfo)
    app = create_app(Config())
    response = call(app, "POST", "/api/compare", json={"urls": ["http://intranet.example/a", "http://intranet.example/b"]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "R203"
    assert "10.1.2.3" in response.json()["error"]["message"]
    assert no_network == []


def test_web_security_redirects_to_private_addresses_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []

    def public_redirects_inward(self: Any, request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", public_redirects_inward)
    app = create_app(Config())
    response = call(app, "POST", "/api/compare", json={"urls": ["http://93.184.216.34/story", "http://93.184.216.34/b"]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "R203"
    assert "http://93.184.216.34/story" in sent
    assert not any("169.254" in u for u in sent)  # the inward hop was never sent


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "gopher://127.0.0.1/"])
def test_web_security_non_http_urls_are_refused(url: str, no_network: list[str]) -> None:
    app = create_app(Config())
    response = call(app, "POST", "/api/compare", json={"urls": [url, "https://example.com/"]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "R203"
    assert no_network == []


@pytest.mark.network
def test_web_security_allow_private_urls_fetches_loopback(loopback_server: Any) -> None:
    app = create_app(Config(), allow_private_urls=True)
    base = loopback_server.base_url
    response = call(app, "POST", "/api/compare", json={"urls": [base + "/article", base + "/plain"]})
    assert response.status_code == 201, response.text
    assert [a["source"] for a in response.json()["articles"]] == [base + "/article", base + "/plain"]
    assert loopback_server.seen_headers


def test_web_security_cli_default_still_allows_private_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASHOMON_ALLOW_PRIVATE_URLS", raising=False)
    assert load_config().allow_private_urls is True
    monkeypatch.setenv("RASHOMON_ALLOW_PRIVATE_URLS", "false")
    assert load_config().allow_private_urls is False
    monkeypatch.setenv("RASHOMON_ALLOW_PRIVATE_URLS", "yes")
    assert load_config().allow_private_urls is True


# --- size limits --------------------------------------------------------------------------------

def test_web_security_declared_body_over_limit_is_413() -> None:
    app = create_app(Config(max_upload_bytes=2_000))
    response = call(app, "POST", "/api/compare", json={"articles": [{"text": "x" * 5_000}, {"text": "y"}]})
    assert response.status_code == 413 and response.json()["error"]["code"] == "R603"
    files = [("files", ("a.txt", b"a" * 5_000, "text/plain")), ("files", ("b.txt", b"b", "text/plain"))]
    response = call(app, "POST", "/api/compare", files=files)
    assert response.status_code == 413
    page = call(app, "POST", "/c", files=files)
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")


def test_web_security_streamed_body_over_limit_is_413() -> None:
    app = create_app(Config(max_upload_bytes=2_000))

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked
        yield b'{"articles": [{"text": "'
        for _ in range(10):
            yield b"x" * 1_000
        yield b'"}]}'

    response = call(app, "POST", "/api/compare", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "R603"


def test_web_security_article_over_max_body_bytes_is_413() -> None:
    app = create_app(Config(max_body_bytes=1_000))
    too_big = [{"text": "word " * 400, "source": "big.txt"}, {"text": "small story.", "source": "small.txt"}]
    response = call(app, "POST", "/api/compare", json={"articles": too_big})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "R104" and error["source"] == "big.txt"
    files = [("files", ("big.md", b"word " * 400, "text/plain")), ("files", ("b.txt", b"b", "text/plain"))]
    assert call(app, "POST", "/api/compare", files=files).status_code == 413


def test_web_security_too_many_uploads_is_refused() -> None:
    app = create_app(Config(max_articles=2))
    files = [("files", (f"{i}.txt", b"story", "text/plain")) for i in range(4)]
    response = call(app, "POST", "/api/compare", files=files)
    assert response.status_code == 422 and response.json()["error"]["code"] in ("R601", "R605")


def test_web_security_store_is_bounded(tmp_path: Path) -> None:
    for directory in (None, tmp_path):
        store = ReportStore(2, directory)
        ids = [store.put({"schema": "rashomon/report@1", "n": i}).id for i in range(3)]
        with pytest.raises(Exception, match="R604"):
            store.get(ids[0])
        assert store.get(ids[2]).report["n"] == 2
        with pytest.raises(Exception, match="R604"):
            store.get("../../etc/passwd")
    assert len(list(tmp_path.glob("*.json"))) == 2


# --- token --------------------------------------------------------------------------------------

def test_web_security_api_token_required() -> None:
    app = create_app(Config(), token="s3cret")
    response = call(app, "POST", "/api/compare", json={"articles": []})
    assert response.status_code == 401 and response.json()["error"]["code"] == "R602"
    assert response.headers["www-authenticate"] == "Bearer"
    wrong = call(app, "GET", "/api/reports/AAAAAAAAAAAAAAAA", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    for headers in ({"Authorization": "Bearer s3cret"}, {"X-Rashomon-Token": "s3cret"}):
        ok = call(app, "GET", "/api/reports/AAAAAAAAAAAAAAAA", headers=headers)
        assert ok.status_code == 404  # past the token check
    # the page cookie is not an API credential (no cross-site requests riding on it)
    assert call(app, "GET", "/api/reports/AAAAAAAAAAAAAAAA",
                headers={"Cookie": "rashomon_token=s3cret"}).status_code == 401
    assert call(app, "GET", "/api/health").status_code == 200
    assert call(app, "GET", "/openapi.json").status_code == 200


def test_web_security_page_token_sets_cookie() -> None:
    app = create_app(Config(), token="s3cret")

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first = await client.get("/")
            wrong = await client.get("/?token=nope")
            login = await client.get("/?token=s3cret")
            after = await client.get("/")
            return [first, wrong, login, after]

    first, wrong, login, after = asyncio.run(scenario())
    assert first.status_code == 401 and "token" in first.text.lower()
    assert wrong.status_code == 401
    assert login.status_code == 303 and login.headers["location"] == "/"
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert after.status_code == 200 and "<form" in after.text


def test_web_security_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_TOKEN", "from-env")
    app = create_app()
    assert call(app, "GET", "/api/reports/AAAAAAAAAAAAAAAA").status_code == 401
    assert call(app, "GET", "/api/reports/AAAAAAAAAAAAAAAA", headers={"X-Rashomon-Token": "from-env"}).status_code == 404
