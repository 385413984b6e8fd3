"""RSS/Atom feeds: entries followed to their pages, summaries as the fallback, damaged feeds.

Page fetches go through an injected fetcher (hand-built HTML, no network);
the URL dispatch test serves a feed and its pages from a loopback server.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rashomon.errors import EmptySource, FetchHTTPError, InputError, RashomonError, SourceNotFound
from rashomon.ingest import read_source, read_sources
from rashomon.ingest.draft import Draft
from rashomon.ingest.feeds import read_feed
from rashomon.ingest.html import parse_html
from rashomon.models import Article

FEEDS = Path(__file__).parent / "fixtures" / "ingest" / "feeds"


def _page_html(title: str, paragraphs: list[str], *, site: str | None = None, published: str | None = None) -> str:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{meta}</head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>")


PAGES = {
    "https://herald.example.com/2025/03/riverton-floods": _page_html(
        "Flood waters recede in Riverton",
        ["Flood waters began to recede in Riverton on Monday after three days of heavy rain forced "
         "hundreds of residents from their homes, the town council said.",
         "About 400 people spent the night in emergency shelters."],
        site="Harbour Herald", published="2025-03-04T08:00:00Z"),
    "https://courier.example.org/riverton-cost": _page_html(
        "Riverton counts the cost of the floods",
        ["Damage in Riverton is put at several million euros, the regional government said on Tuesday, "
         "after flood waters receded from the town centre.",
         "Insurers have received more than 300 claims so far."]),
}
BROKEN = {"https://herald.example.com/2025/03/bridge-closed", "https://courier.example.org/bridge-inspection"}


class PageFetcher:
    """Stands in for the URL reader: hand-built pages, a 503 for the broken links; counts calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, url: str) -> Article:
        self.calls.append(url)
        if url in PAGES:
            return parse_html(PAGES[url], url, url=url, draft=Draft(source=url, blocks=[], url=url))
        if url in BROKEN:
            raise FetchHTTPError("HTTP 503 Service Unavailable", source=url)
        raise AssertionError(f"unexpected fetch of {url}")


@pytest.fixture
def fetcher() -> PageFetcher:
    return PageFetcher()


def test_ingest_feeds_rss_follows_entries_and_falls_back_to_summaries(fetcher: PageFetcher) -> None:
    result = read_feed(str(FEEDS / "world.rss"), fetcher=fetcher)
    assert result.failures == ()
    assert result.feed_title == "Harbour Herald"
    page, fallback, no_link = result.articles
    # 1: the page itself, fetched and extracted
    assert page.url == "https://herald.example.com/2025/03/riverton-floods"
    assert page.title == "Flood waters recede in Riverton"
    assert "About 400 people spent the night" in page.text
    assert page.outlet == "Harbour Herald"
    assert page.meta("body_from") is None and page.meta("feed") == str(FEEDS / "world.rss")
    # 2: its page answered 503, so the description is the body
    assert fallback.url == "https://herald.example.com/2025/03/bridge-closed"
    assert fallback.title == "Bridge over the Riverton canal stays shut"
    assert fallback.published == "2025-03-04T11:30:00+00:00"  # +0100 normalised to UTC
    assert fallback.byline == "Ana Silva"
    assert fallback.outlet == "Harbour Herald"
    assert fallback.meta("body_from") == "feed" and "HTTP 503" in (fallback.meta("page_error") or "")
    body = [fallback.text[p.start:p.end] for p in fallback.paragraphs if p.role == "body"]
    assert body[0].startswith("The main bridge over the Riverton canal remained closed")
    assert body[1] == "\u201cWe will not take risks,\u201d the town engineer said."  # entities decoded, tags gone
    assert "<p>" not in fallback.text
    # 3: no link at all, so nothing to fetch
    assert no_link.url is None and no_link.source == f"{FEEDS / 'world.rss'}#entry-3"
    assert no_link.title == "Shelters close as residents return home"
    assert no_link.published == "2025-03-05T07:15:00+00:00"
    assert "about 400 residents returned" in no_link.text
    assert fetcher.calls == ["https://herald.example.com/2025/03/riverton-floods",
                             "https://herald.example.com/2025/03/bridge-closed"]


def test_ingest_feeds_atom_reads_content_summary_and_dates(fetcher: PageFetcher) -> None:
    result = read_feed(str(FEEDS / "world.atom"), fetcher=fetcher)
    assert result.failures == ()
    assert result.feed_title == "Valley Courier"
    page, fallback, no_link = result.articles
    assert page.url == "https://courier.example.org/riverton-cost"
    assert "more than 300 claims" in page.text
    assert page.published == "2025-03-04T08:00:00+00:00"  # the page states none: the entry's, in UTC
    assert page.outlet  # from the page's domain
    assert fallback.byline == "Marta Costa" and fallback.outlet == "Valley Courier"
    assert "A decision on reopening it is expected on Friday." in fallback.text  # <content>, not <summary>
    assert fallback.published == "2025-03-04T15:45:00+00:00"  # no <published>: <updated>
    # an Atom entry without a link: feedparser offers its urn:uuid id, which is not fetched or kept as a URL
    assert no_link.url is None and no_link.title == "Council meets on flood defences"
    assert len(fetcher.calls) == 2


def test_ingest_feeds_without_fetching_uses_the_feed_text(fetcher: PageFetcher) -> None:
    result = read_feed(str(FEEDS / "world.rss"), fetch_pages=False, fetcher=fetcher)
    assert fetcher.calls == []
    assert [a.meta("body_from") for a in result.articles] == ["feed", "feed", "feed"]
    assert result.articles[0].text.endswith("Flood waters began to recede in Riverton on Monday.")


def test_ingest_feeds_malformed_keeps_the_entries_before_the_break(fetcher: PageFetcher) -> None:
    result = read_feed(str(FEEDS / "broken.rss"), fetcher=fetcher)
    titles = [a.title for a in result.articles]
    assert titles == ["Flood waters recede in Riverton", "Bridge over the Riverton canal stays shut"]
    [(where, error)] = result.failures
    assert isinstance(error, InputError)
    assert where == str(FEEDS / "broken.rss")
    assert "malformed feed: line 13, column 52: not well-formed (invalid token)" in str(error)
    assert str(error).endswith("kept the 2 entries before it")


def test_ingest_feeds_broken_beyond_repair_is_one_failure(fetcher: PageFetcher) -> None:
    result = read_feed(str(FEEDS / "not-a-feed.xml"), fetcher=fetcher)
    assert result.articles == ()
    [(_, error)] = result.failures
    assert "malformed feed: " in str(error) and "no entries could be read" in str(error)


def test_ingest_feeds_empty_feed_is_a_clear_failure(fetcher: PageFetcher, tmp_path: Path) -> None:
    result = read_feed(str(FEEDS / "empty.rss"), fetcher=fetcher)
    assert result.articles == () and result.feed_title == "Harbour Herald"
    [(_, error)] = result.failures
    assert isinstance(error, EmptySource) and "the feed has no entries" in str(error)
    empty_file = tmp_path / "nothing.rss"
    empty_file.write_bytes(b"  \n")
    with pytest.raises(EmptySource, match="empty feed file"):
        read_feed(str(empty_file))
    with pytest.raises(SourceNotFound):
        read_feed(str(tmp_path / "missing.rss"))


def test_ingest_feeds_entry_without_any_text_fails_alone(tmp_path: Path, fetcher: PageFetcher) -> None:
    feed = tmp_path / "thin.rss"
    feed.write_text("""<rss version="2.0"><channel><title>Thin</title>
        <item><title>Headline only</title><link>https://herald.example.com/2025/03/bridge-closed</link></item>
        <item><title>Shelters close</title><description>The last shelters closed on Wednesday morning.</description></item>
        </channel></rss>""", encoding="utf-8")
    result = read_feed(str(feed), fetcher=fetcher)
    assert [a.title for a in result.articles] == ["Shelters close"]
    [(where, error)] = result.failures
    assert where == "https://herald.example.com/2025/03/bridge-closed"
    assert "HTTP 503" in str(error) and "no content or summary" in str(error)


def test_ingest_feeds_duplicate_flood_yields_all_but_fetches_once(tmp_path: Path, fetcher: PageFetcher) -> None:
    item = ("<item><title>Flood waters recede in Riverton</title>"
            "<link>https://herald.example.com/2025/03/riverton-floods</link>"
            "<description>Flood waters began to recede.</description></item>")
    feed = tmp_path / "flood.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>Echo</title>{item * 300}</channel></rss>", encoding="utf-8")
    result = read_feed(str(feed), fetcher=fetcher)
    assert len(result.articles) == 300 and result.failures == ()  # dedup is the store's job
    assert len({a.text for a in result.articles}) == 1
    assert fetcher.calls == ["https://herald.example.com/2025/03/riverton-floods"]


@pytest.fixture
def no_page_fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dispatcher uses the default fetcher: make every page fetch fail without touching the network."""
    calls: list[str] = []

    def refuse(url: str, config: object) -> Article:
        calls.append(url)
        raise FetchHTTPError("HTTP 404 Not Found", source=url)

    monkeypatch.setattr("rashomon.ingest.feeds.fetch_page", refuse)
    return calls


@pytest.mark.parametrize("name", ["world.rss", "world.atom", "world.xml"])
def test_ingest_feeds_reader_dispatches_feed_files(name: str, tmp_path: Path, no_page_fetches: list[str]) -> None:
    source = tmp_path / name
    shutil.copy(FEEDS / ("world.rss" if name == "world.xml" else name), source)
    result = read_sources([str(source)])
    assert result.failures == ()
    assert [a.id for a in result.articles] == ["a1", "a2", "a3"]
    assert all(a.meta("body_from") == "feed" for a in result.articles)
    assert len(no_page_fetches) == 2


def test_ingest_feeds_reader_dispatches_feed_prefix(no_page_fetches: list[str]) -> None:
    result = read_sources([f"feed:{FEEDS / 'world.rss'}"])
    assert len(result.articles) == 3 and result.failures == ()


def test_ingest_feeds_reader_reports_feed_damage(no_page_fetches: list[str]) -> None:
    result = read_sources([str(FEEDS / "broken.rss"), str(FEEDS / "empty.rss")])
    assert len(result.articles) == 2
    messages = [str(error) for _, error in result.failures]
    assert any("malformed feed" in m for m in messages) and any("no entries" in m for m in messages)
    with pytest.raises(RashomonError, match="malformed feed"):  # all or nothing
        read_source(str(FEEDS / "broken.rss"))


# --- a feed URL, told apart from an article URL by its content type (loopback server) ---

STORY = _page_html("Flood waters recede in Riverton",
                   ["Flood waters began to recede in Riverton on Monday after three days of heavy rain, "
                    "the town council said.", "About 400 people spent the night in emergency shelters."],
                   site="Loopback Gazette")


def _feed_xml(base: str) -> str:
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Loopback Gazette</title>"
            f"<item><title>Flood waters recede</title><link>{base}/story</link>"
            f"<description>Waters recede.</description></item>"
            f"<item><title>Gone</title><link>/missing</link>"  # relative: resolved against the feed URL
            f"<description>The bridge stays shut while engineers inspect it.</description></item>"
            f"</channel></rss>")


@pytest.fixture
def feed_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://{self.headers['Host']}"
            routes: dict[str, tuple[int, str, str]] = {
                "/feed": (200, "application/rss+xml; charset=utf-8", _feed_xml(base)),
                "/story": (200, "text/html; charset=utf-8", STORY),
            }
            status, ctype, body = routes.get(self.path, (404, "text/plain", "not found"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.network
@pytest.mark.parametrize("as_source", [lambda url: url, lambda url: f"feed:{url}"])
def test_ingest_feeds_url_served_as_rss_goes_to_the_feed_reader(
        feed_server: str, as_source: Callable[[str], str]) -> None:
    result = read_sources([as_source(feed_server + "/feed")])
    assert result.failures == ()
    story, gone = result.articles
    assert story.url == feed_server + "/story" and story.outlet == "Loopback Gazette"
    assert "About 400 people" in story.text and story.meta("body_from") is None
    assert gone.url == feed_server + "/missing" and gone.meta("body_from") == "feed"
    assert "HTTP 404" in (gone.meta("page_error") or "")
    # an article URL is still read as before
    [article] = read_source(feed_server + "/story")
    assert article.title == "Flood waters recede in Riverton"
