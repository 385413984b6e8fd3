"""Turning what the user named (files, folders, URLs, stdin) into Articles.

``read_source`` is all or nothing: any failure inside the source (a bad
file in a folder, a bad JSONL line, a feed entry or WARC record) raises.  ``read_sources`` is the
forgiving one the pipeline uses: each source, each file of a folder and
each bad JSONL line fails on its own and is reported, the rest is read.

News streams go to their own readers: ``.warc``/``.warc.gz`` files to
:mod:`rashomon.ingest.warc`; ``.xml``/``.rss``/``.atom`` files, ``feed:``
sources and URLs served as RSS/Atom to :mod:`rashomon.ingest.feeds`.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO

from rashomon.errors import (
    BadArticleObject,
    EmptySource,
    FetchRefused,
    RashomonError,
    SourceNotFound,
    SourceTooLarge,
)
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import looks_like_html, parse_html
from rashomon.ingest.jsonio import parse_json_source
from rashomon.ingest.kinds import WARC_EXTENSIONS, is_feed_source, is_url, is_warc_path, refused_as_feed
from rashomon.ingest.text import parse_text
from rashomon.models import Article
from rashomon.settings import Config

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt", ".text")
MARKDOWN_EXTENSIONS = (".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
JSON_EXTENSIONS = (".json",)
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
KNOWN_EXTENSIONS = TEXT_EXTENSIONS + MARKDOWN_EXTENSIONS + HTML_EXTENSIONS + JSON_EXTENSIONS + JSONL_EXTENSIONS
# Read from a folder too; ``.xml`` is not, since a folder's XML files are rarely feeds.
FOLDER_EXTENSIONS = KNOWN_EXTENSIONS + WARC_EXTENSIONS + (".rss", ".atom")
STDIN = "-"

Failure = tuple[str, RashomonError]


@dataclass(frozen=True)
class IngestResult:
    """What ``read_sources`` read, and what it could not read (with the reason)."""

    articles: tuple[Article, ...]
    failures: tuple[Failure, ...] = ()


def _number(articles: Sequence[Article]) -> list[Article]:
    return [replace(a, id=f"a{i}") for i, a in enumerate(articles, 1)]


def read_source(source: str, config: Config | None = None) -> list[Article]:
    """Read every article in one source; raise the first problem found in it."""
    articles, failures = _read(source, config or Config())
    if failures:
        raise failures[0][1]
    return _number(articles)


def read_sources(sources: Sequence[str], config: Config | None = None) -> IngestResult:
    """Read several sources; good ones are read even when others fail.

    Article ids are ``a1``, ``a2``, ... in input order.
    """
    cfg = config or Config()
    articles: list[Article] = []
    failures: list[Failure] = []
    for source in sources:
        try:
            got, failed = _read(source, cfg)
        except RashomonError as exc:
            got, failed = [], [(source, exc)]
        articles.extend(got)
        failures.extend(failed)
        for where, error in failed:
            log.warning("skipped %s", error if error.source else f"{where}: {error}")
    return IngestResult(articles=tuple(_number(articles)), failures=tuple(failures))


def _read(source: str, config: Config) -> tuple[list[Article], list[Failure]]:
    """Articles and per-part failures of one source; raises when the source as a whole fails."""
    if source == STDIN:
        data = _read_capped(sys.stdin.buffer, source, config)
        return _parse_bytes(data, source, ext="", config=config)
    if is_feed_source(source):
        return _read_feed(source, config)
    if is_url(source):
        try:
            from rashomon.ingest.url import fetch

            fetched = fetch(source, config)
        except FetchRefused as exc:
            if not refused_as_feed(exc):
                raise
            # Refused only for being RSS/Atom; the feed reader fetches it again on its own terms.
            return _read_feed(source, config)
        ext = {"text/html": ".html", "application/xhtml+xml": ".html", "application/json": ".json"}.get(
            fetched.content_type, "")
        return _parse_text(fetched.text, source, ext, url=fetched.url)
    if not os.path.exists(source):
        raise SourceNotFound("no such file or directory", source=source)
    if os.path.isdir(source):
        return _read_directory(source, config)
    return _read_file(source, config)


def _read_directory(path: str, config: Config) -> tuple[list[Article], list[Failure]]:
    """Files with a known extension directly inside ``path``, sorted by name (not recursive)."""
    names = sorted(n for n in os.listdir(path)
                   if not n.startswith(".") and n.lower().endswith(FOLDER_EXTENSIONS)
                   and os.path.isfile(os.path.join(path, n)))
    if not names:
        raise EmptySource(f"no article files in the folder (looked for {' '.join(FOLDER_EXTENSIONS)})",
                          source=path)
    articles: list[Article] = []
    failures: list[Failure] = []
    for name in names:
        file_path = os.path.join(path, name)
        try:
            got, failed = _read_file(file_path, config)
        except RashomonError as exc:
            got, failed = [], [(file_path, exc)]
        articles.extend(got)
        failures.extend(failed)
    return articles, failures


def _read_file(path: str, config: Config) -> tuple[list[Article], list[Failure]]:
    if is_warc_path(path):  # streamed record by record: the body size limit applies per page
        from rashomon.ingest.warc import read_warc

        result = read_warc(path, config)
        return list(result.articles), list(result.failures)
    if is_feed_source(path):
        return _read_feed(path, config)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise SourceNotFound(f"cannot be read ({exc.strerror})", source=path) from exc
    if size > config.max_body_bytes:
        raise SourceTooLarge(f"{size:,} bytes is over the {config.max_body_bytes:,}-byte limit "
                             "(setting max_body_bytes)", source=path)
    try:
        with open(path, "rb") as fh:
            data = _read_capped(fh, path, config)
    except OSError as exc:
        raise SourceNotFound(f"cannot be read ({exc.strerror})", source=path) from exc
    return _parse_bytes(data, path, ext=os.path.splitext(path)[1].lower(), config=config)


def _read_feed(source: str, config: Config) -> tuple[list[Article], list[Failure]]:
    from rashomon.ingest.feeds import read_feed

    result = read_feed(source, config)
    return list(result.articles), list(result.failures)


def _read_capped(stream: BinaryIO, source: str, config: Config) -> bytes:
    """Read at most the size limit (a file may grow, stdin has no size)."""
    data = stream.read(config.max_body_bytes + 1)
    if len(data) > config.max_body_bytes:
        raise SourceTooLarge(f"over the {config.max_body_bytes:,}-byte limit (setting max_body_bytes)",
                             source=source)
    return data


def _parse_bytes(data: bytes, source: str, ext: str, config: Config) -> tuple[list[Article], list[Failure]]:
    return _parse_text(decode_bytes(data, source), source, ext)


def _sniff(text: str) -> str:
    """An extension for content of unknown type (stdin, URLs served as text/plain)."""
    head = text.lstrip()[:1]
    if head in "{[":
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines):
            return ".jsonl"
        return ".json"
    if looks_like_html(text):
        return ".html"
    return ""


def _parse_text(text: str, source: str, ext: str, url: str | None = None) -> tuple[list[Article], list[Failure]]:
    if ext not in KNOWN_EXTENSIONS:
        ext = _sniff(text)
    if ext in JSON_EXTENSIONS + JSONL_EXTENSIONS:
        articles, errors = parse_json_source(text, source, jsonl=ext in JSONL_EXTENSIONS)
        if not articles and not errors:
            raise BadArticleObject("no article objects in it", source=source)
        if not articles and len(errors) == 1:
            raise errors[0]
        return articles, [(source, e) for e in errors]
    if ext in HTML_EXTENSIONS:
        draft = Draft(source=source, blocks=[], url=url)
        return [parse_html(text, source, url=url, draft=draft)], []
    draft = Draft(source=source, blocks=[], url=url)
    markdown = True if ext in MARKDOWN_EXTENSIONS else None
    return [parse_text(text, source, markdown=markdown, draft=draft)], []
