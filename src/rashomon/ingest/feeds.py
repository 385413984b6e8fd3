"""RSS and Atom feeds: each entry becomes an Article, from its page or from the feed itself.

feedparser reads the feed (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and is lenient:
a feed that breaks off half-way still gives the entries before the break,
and it flags the damage (``bozo``).  Those entries are kept and the damage is
reported as one ``malformed feed: ...`` failure, so a broken feed never hides
the good part of it.

For each entry the linked page is fetched through the URL reader (same size,
timeout, redirect and address limits) and extracted like any HTML page;
what the page does not say (title, date, outlet) is taken from the entry.
When the page cannot be fetched or extracted, or fetching is off, the
entry's own content or summary is the body (often a teaser, so the article
says so in its metadata: ``body_from=feed``).  An entry with neither is one
failure; the other entries go on.

feedparser is only ever given a stream of bytes, never a URL or a path, so
it does no I/O of its own: the feed document is fetched here, under the
same guards.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx
from lxml import html as lxml_html

from rashomon.errors import (
    EmptySource,
    FetchHTTPError,
    FetchRefused,
    InputError,
    NoArticleBody,
    RashomonError,
    SourceNotFound,
    SourceTooLarge,
)
from rashomon.ingest.dates import parse_iso
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import parse_html
from rashomon.ingest.kinds import (  # noqa: F401 - re-exported for callers of this module
    FEED_EXTENSIONS,
    FEED_PREFIX,
    FEED_TYPES,
    is_feed_source,
    is_url,
    refused_as_feed,
)
from rashomon.ingest.text import parse_text
from rashomon.ingest.url import check_public_address, fetch, http_error
from rashomon.models import Article, Paragraph
from rashomon.settings import Config

log = logging.getLogger(__name__)

# Media types a feed is served with.  text/xml and application/xml are generic
# XML, but a URL given to an article reader that answers with them is far more
# often a feed than an article, so the dispatcher sends them here too.
# A feed URL may also answer as plain text or an untyped download (static hosting).
_FETCHABLE_TYPES = (*FEED_TYPES, "text/plain", "application/octet-stream")
_ACCEPT_HEADER = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
# feedparser sets ``bozo`` for these too, but the document itself parsed fine.
_BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Same page linked by many entries (duplicate floods): fetch it once per feed.
# Dedup proper is the store's job; this only bounds repeated network work.
_PAGE_CACHE_SIZE = 128
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|pre|tr|section|article)\s*>|<br\s*/?>", re.I)

Failure = tuple[str, RashomonError]
PageFetcher = Callable[[str], Article]


@dataclass(frozen=True)
class FeedResult:
    """The entries of one feed read as articles, and the entries (or feed damage) that failed."""

    articles: tuple[Article, ...]
    failures: tuple[Failure, ...] = ()
    feed_title: str | None = None




def strip_prefix(source: str) -> str:
    """``feed:https://x/rss`` → ``https://x/rss``; ``feed://x/rss`` → ``http://x/rss``."""
    if not source.lower().startswith(FEED_PREFIX):
        return source
    rest = source[len(FEED_PREFIX):]
    return "http:" + rest if rest.startswith("//") else rest


def read_feed(source: str, config: Config | None = None, *, fetch_pages: bool = True,
              fetcher: PageFetcher | None = None) -> FeedResult:
    """Read a feed file or URL; raises only when the feed document itself cannot be had.

    ``fetcher`` turns an entry link into an Article (tests inject one); by
    default pages go through :func:`rashomon.ingest.url.fetch`.
    """
    cfg = config or Config()
    location = strip_prefix(source)
    data, content_type = _load(location, cfg)
    headers = {"content-type": content_type}
    if is_url(location):
        headers["content-location"] = location  # relative entry links resolve against it
    # A stream, never bytes or str: feedparser would try those as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    feed_title = _clean(parsed.feed.get("title"))
    failures: list[Failure] = []
    # An entry with nothing in it is the stub a parse error leaves behind.
    entries = [e for e in parsed.entries if any(e.get(k) for k in ("title", "link", "summary", "content", "id"))]
    damage = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if damage is not None and not isinstance(damage, _BENIGN_BOZO):
        kept = f"kept the {len(entries)} entries before it" if entries else "no entries could be read"
        failures.append((location, InputError(f"malformed feed: {_describe(damage)}; {kept}", source=location)))
    elif not entries:
        what = "the feed has no entries" if parsed.get("version") else "not an RSS or Atom feed (no entries found)"
        failures.append((location, EmptySource(what, source=location)))

    get_page = fetcher or (lambda url: fetch_page(url, cfg))
    cache: OrderedDict[str, Article | RashomonError] = OrderedDict()
    articles: list[Article] = []
    for i, entry in enumerate(entries, 1):
        name = _entry_link(entry) or f"{location}#entry-{i}"
        try:
            article = _entry_article(entry, i, location, feed_title, get_page if fetch_pages else None, cache)
        except RashomonError as exc:
            failures.append((name, exc))
            continue
        articles.append(article)
    log.info("%s: %d entries, %d articles, %d failures", location, len(entries), len(articles), len(failures))
    return FeedResult(articles=tuple(articles), failures=tuple(failures), feed_title=feed_title)


def _describe(damage: Any) -> str:
    """feedparser's parse error in words ("line 13, column 52: not well-formed (invalid token)")."""
    if all(hasattr(damage, name) for name in ("getLineNumber", "getColumnNumber", "getMessage")):
        return f"line {damage.getLineNumber()}, column {damage.getColumnNumber()}: {damage.getMessage()}"
    return str(damage) or type(damage).__name__


def fetch_page(url: str, config: Config) -> Article:
    """An entry's page through the URL reader, extracted as an article."""
    fetched = fetch(url, config)
    draft = Draft(source=url, blocks=[], url=fetched.url)
    try:
        if fetched.content_type in _HTML_TYPES:
            return parse_html(fetched.text, url, url=fetched.url, draft=draft)
        if fetched.content_type == "text/plain":
            return parse_text(fetched.text, url, draft=draft)
    except RashomonError:
        raise
    except Exception as exc:  # one odd page must not end the feed; its summary is still there
        log.debug("%s: extraction crashed", url, exc_info=True)
        raise NoArticleBody(f"extraction failed ({type(exc).__name__}: {exc})", source=url) from exc
    raise NoArticleBody(f"the linked page is {fetched.content_type}, not an article page", source=url)


def _entry_article(entry: Any, index: int, feed: str, feed_title: str | None,
                   get_page: PageFetcher | None, cache: OrderedDict[str, Article | RashomonError]) -> Article:
    link = _entry_link(entry)
    published = _entry_published(entry)
    title = _clean(entry.get("title"))
    page_error: RashomonError | None = None
    if get_page is not None and link:
        try:
            page = _cached_page(link, get_page, cache)
            return _fill_from_entry(page, feed, title, published, feed_title)
        except RashomonError as exc:
            page_error = exc
            log.info("%s: page not used (%s); falling back to the feed's text", link, exc)
    body = _entry_html(entry)
    source = link or f"{feed}#entry-{index}"
    if not body.strip():
        why = f"its page failed ({page_error}) and " if page_error else ""
        raise NoArticleBody(f"feed entry {index}: {why}the entry has no content or summary", source=source)
    draft = Draft(source=source, blocks=[], url=link)
    if title:
        draft.title, draft.title_fixed = title, True
    draft.offer(draft.outlets, "explicit", feed_title)
    draft.offer(draft.published, "explicit", published)
    author = _clean(entry.get("author"))
    if author:
        draft.byline = author
    draft.add_meta("feed", feed)
    draft.add_meta("body_from", "feed")
    if page_error is not None:
        draft.add_meta("page_error", str(page_error))
    return parse_text(_html_to_text(body), source, markdown=False, draft=draft)


def _cached_page(link: str, get_page: PageFetcher,
                 cache: OrderedDict[str, Article | RashomonError]) -> Article:
    if link in cache:
        cache.move_to_end(link)
        hit = cache[link]
    else:
        try:
            hit = get_page(link)
        except RashomonError as exc:
            hit = exc
        cache[link] = hit
        if len(cache) > _PAGE_CACHE_SIZE:
            cache.popitem(last=False)
    if isinstance(hit, RashomonError):
        raise hit
    return hit


def _fill_from_entry(page: Article, feed: str, title: str | None, published: str | None,
                     feed_title: str | None) -> Article:
    """What the page does not state, taken from the feed entry."""
    text, paragraphs = page.text, page.paragraphs
    if title and not page.title:
        # The title is the first paragraph of ``text``: shift the others to make room for it.
        shift = len(title) + 2
        text = f"{title}\n\n{text}"
        paragraphs = (Paragraph(0, len(title), "title"),
                      *(Paragraph(p.start + shift, p.end + shift, p.role) for p in paragraphs))
    return replace(
        page,
        text=text,
        paragraphs=paragraphs,
        title=page.title or title,
        published=page.published or published,
        outlet=page.outlet or feed_title,
        metadata=(*page.metadata, ("feed", feed)),
    )


def _entry_link(entry: Any) -> str | None:
    """The entry's web address; feedparser falls back to an Atom ``id`` (``urn:uuid:...``), which is not one."""
    link = entry.get("link")
    return link if isinstance(link, str) and is_url(link) else None


def _entry_published(entry: Any) -> str | None:
    """The entry's date as ISO (UTC, as feedparser normalises it), published before updated."""
    for key in ("published", "updated", "created"):
        stamp = entry.get(f"{key}_parsed")
        if stamp:
            try:
                year, month, day, hour, minute, second = stamp[:6]
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
            except (TypeError, ValueError):
                pass
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            iso = parse_iso(raw)
            if iso:
                return iso
    return None


def _entry_html(entry: Any) -> str:
    """The fullest text the entry carries: content before summary (already sanitised by feedparser)."""
    for part in entry.get("content") or []:
        value = part.get("value") if hasattr(part, "get") else None
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) else ""


def _html_to_text(fragment: str) -> str:
    """Paragraphs of an HTML fragment as blank-line separated plain text."""
    if "<" not in fragment:
        return fragment
    marked = _BLOCK_END.sub(lambda m: m.group(0) + ("\n" if m.group(0).lower().startswith("<br") else "\n\n"),
                            fragment)
    try:
        root = lxml_html.fragment_fromstring(marked, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment)
    text = root.text_content()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _load(location: str, config: Config) -> tuple[bytes, str]:
    """The feed document's bytes and media type, from a URL or a file, within the size limits."""
    if is_url(location):
        return _fetch_feed(location, config)
    if not os.path.isfile(location):
        raise SourceNotFound("no such feed file", source=location)
    try:
        with open(location, "rb") as fh:
            data = fh.read(config.max_body_bytes + 1)
    except OSError as exc:
        raise SourceNotFound(f"cannot be read ({exc.strerror})", source=location) from exc
    if len(data) > config.max_body_bytes:
        raise SourceTooLarge(f"over the {config.max_body_bytes:,}-byte limit (setting max_body_bytes)",
                             source=location)
    if not data.strip():
        raise EmptySource("empty feed file", source=location)
    return data, "application/xml"


def _fetch_feed(url: str, config: Config, transport: httpx.BaseTransport | None = None) -> tuple[bytes, str]:
    """GET a feed under the URL reader's limits (its fetch refuses XML types, so this is its twin)."""
    hooks = [] if config.allow_private_urls else [lambda request: check_public_address(request.url)]
    try:
        with httpx.Client(timeout=config.fetch_timeout, follow_redirects=True,
                          max_redirects=config.fetch_max_redirects, transport=transport,
                          headers={"User-Agent": config.user_agent, "Accept": _ACCEPT_HEADER},
                          event_hooks={"request": hooks}) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchHTTPError(f"HTTP {response.status_code} {response.reason_phrase}".strip(), source=url)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type and media_type not in _FETCHABLE_TYPES:
                raise FetchRefused(f"content type {media_type!r} is not a feed", source=url)
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > config.fetch_max_bytes:
                    raise FetchRefused(f"feed is over the {config.fetch_max_bytes:,}-byte limit", source=url)
    except httpx.HTTPError as exc:
        raise http_error(exc, url, config) from exc
    if not bytes(body).strip():
        raise EmptySource("empty feed document", source=url)
    return bytes(body), media_type or "application/xml"
