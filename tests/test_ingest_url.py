"""Reading http(s) URLs: a real loopback server, plus httpx.MockTransport for edge cases."""

from __future__ import annotations

import importlib.util
import socket
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from rashomon.errors import FetchError, FetchFailed, FetchHTTPError, FetchRefused, FetchTimeout
from rashomon.ingest import read_source, read_sources
from rashomon.ingest.url import fetch
from rashomon.settings import Config

pytestmark = pytest.mark.network


def _load_loopback() -> ModuleType:
    path = Path(__file__).parent / "fixtures" / "ingest" / "loopback.py"
    spec = importlib.util.spec_from_file_location("ingest_loopback", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loopback = _load_loopback()


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    with loopback.serve() as srv:
        yield srv


def test_ingest_url_reads_html_article(server) -> None:
    url = server.base_url + "/article"
    [article] = read_source(url)
    assert article.source == url
    assert article.url == url
    assert article.outlet == "Loopback Gazette"
    assert article.published_date is not None and article.published_date.isoformat() == "2025-03-04"
    assert article.title == "Flood waters recede in Riverton"
    assert "About 400 people spent the night" in article.text
    assert "\u201cThe worst is behind us,\u201d" in article.text  # entities decoded, curly quotes kept
    assert "Subscribe" not in article.text and "Privacy" not in article.text
    assert [p.role for p in article.paragraphs] == ["title", "body", "body", "body"]


def test_ingest_url_sends_configured_user_agent(server) -> None:
    read_source(server.base_url + "/article", Config(user_agent="rashomon-test/1.0"))
    assert server.seen_headers[-1]["User-Agent"] == "rashomon-test/1.0"


def test_ingest_url_follows_redirects(server) -> None:
    url = server.base_url + "/redirect"
    [article] = read_source(url)
    assert article.source == url
    assert article.url == server.base_url + "/article"


def test_ingest_url_too_many_redirects(server) -> None:
    with pytest.raises(FetchRefused, match="redirects"):
        read_source(server.base_url + "/loop", Config(fetch_max_redirects=3))


def test_ingest_url_plain_text_and_json(server) -> None:
    [plain] = read_source(server.base_url + "/plain")
    assert plain.title == "Flood waters recede in Riverton"
    [js] = read_source(server.base_url + "/json")
    assert js.outlet == "Loopback JSON" and js.published == "2025-03-04"


@pytest.mark.parametrize(("route", "status"), [("/404", 404), ("/500", 500)])
def test_ingest_url_http_errors(server, route: str, status: int) -> None:
    with pytest.raises(FetchHTTPError) as info:
        read_source(server.base_url + route)
    assert f"HTTP {status}" in str(info.value)
    assert str(info.value).startswith("[R202] http://127.0.0.1:")


def test_ingest_url_timeout(server) -> None:
    with pytest.raises(FetchTimeout) as info:
        read_source(server.base_url + "/slow", Config(fetch_timeout=0.2))
    assert info.value.code == "R201"


def test_ingest_url_refuses_binary_content_type(server) -> None:
    with pytest.raises(FetchRefused, match="image/png"):
        read_source(server.base_url + "/binary")


def test_ingest_url_refuses_huge_body(server) -> None:
    with pytest.raises(FetchRefused, match="limit"):
        read_source(server.base_url + "/huge", Config(fetch_max_bytes=50_000))
    with pytest.raises(FetchRefused, match="limit"):
        read_source(server.base_url + "/huge-declared")


def test_ingest_url_connection_refused() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchFailed):
        read_source(f"http://127.0.0.1:{port}/article", Config(fetch_timeout=2))


def test_ingest_url_failure_does_not_stop_other_sources(server) -> None:
    result = read_sources([server.base_url + "/404", server.base_url + "/article"])
    assert [a.id for a in result.articles] == ["a1"]
    assert result.articles[0].outlet == "Loopback Gazette"
    [(where, error)] = result.failures
    assert where == server.base_url + "/404" and isinstance(error, FetchError)


def test_ingest_url_mock_transport_fetch() -> None:
    page = "<html><body><article><p>" + "The council met on Tuesday to discuss the budget. " * 5 + "</p></article></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["user-agent"] == Config().user_agent
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text=page)

    fetched = fetch("https://www.example-news.com/story", Config(), transport=httpx.MockTransport(handler))
    assert fetched.content_type == "text/html"
    assert "council met" in fetched.text


def test_ingest_url_mock_transport_missing_content_type() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"data")

    with pytest.raises(FetchRefused, match="content type"):
        fetch("https://example.com/x", Config(), transport=httpx.MockTransport(handler))
