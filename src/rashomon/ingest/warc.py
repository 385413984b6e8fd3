"""WARC files (a web crawl, e.g. Common Crawl's CC-NEWS): each HTML page becomes an Article.

The file is streamed record by record through warcio, gzipped (``.warc.gz``,
one gzip member per record) or not, so memory stays at one page whatever
the file's size; a page is read up to ``max_body_bytes``.  Only ``response``
records that answered ``200`` with an HTML content type are read; requests,
metadata, redirects, 404s, PDFs and images are skipped and counted.

A page is extracted exactly as an HTML file would be
(:func:`rashomon.ingest.html.parse_html`), with its URL from
``WARC-Target-URI``; when the page states no publication date, the crawl
date (``WARC-Date``) stands in for it.  A page that yields no article is
one failure naming its URI; the following records go on.

A crawl cut short (an interrupted download, a full disk) ends mid-record.
warcio does not notice: it hands out the short body as if complete.  So
each record's byte count is checked against its ``Content-Length`` and a
short one is reported as ``truncated WARC record at offset N``.  Nothing
after damage in the byte stream can be trusted to be a record boundary, so
reading stops there; everything read before it is kept.

The same page crawled many times (duplicate floods) is yielded every time:
duplicates are the store's business (content hash), and streaming keeps the
cost of a flood at one page of memory.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from rashomon.errors import (
    EmptySource,
    InputError,
    NoArticleBody,
    RashomonError,
    SourceNotFound,
    SourceTooLarge,
)
from rashomon.ingest.dates import parse_iso
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.draft import Draft
from rashomon.ingest.html import parse_html
from rashomon.ingest.kinds import WARC_EXTENSIONS, is_warc_path  # noqa: F401 - re-exported
from rashomon.models import Article
from rashomon.settings import Config

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
# What warcio (and zlib under it) raise on damaged bytes; each ends the read with one failure.
# warcio also trips over its own None checks on some cut-off headers (AttributeError,
# TypeError, IndexError, found by cutting a test file at every byte), so those count too.
_DAMAGE = (ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException, EOFError, zlib.error,
           ValueError, UnicodeDecodeError, OSError, AttributeError, TypeError, IndexError)

Failure = tuple[str, RashomonError]


@dataclass(frozen=True)
class IngestFailure:
    """One record (or the rest of the file) that gave no article, and why."""

    source: str
    error: RashomonError


@dataclass
class WarcCounts:
    """Running totals of one WARC read (filled in while :func:`iter_warc` is consumed)."""

    records: int = 0  # every WARC record seen, whatever its type
    html: int = 0  # 200 responses with an HTML content type (the ones read as pages)
    skipped: int = 0  # all other records
    articles: int = 0
    failed: int = 0


@dataclass(frozen=True)
class WarcResult:
    """What :func:`read_warc` read; ``failures`` pair a URI (or the file) with the reason."""

    articles: tuple[Article, ...]
    failures: tuple[Failure, ...] = ()
    records: int = 0
    html: int = 0
    skipped: int = 0




def read_warc(path: str, config: Config | None = None) -> WarcResult:
    """Every article of a WARC file, with the failures and record counts (holds all articles)."""
    counts = WarcCounts()
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in iter_warc(path, config, counts=counts):
        if isinstance(item, IngestFailure):
            failures.append((item.source, item.error))
        else:
            articles.append(item)
    return WarcResult(articles=tuple(articles), failures=tuple(failures), records=counts.records,
                      html=counts.html, skipped=counts.skipped)


def iter_warc(path: str, config: Config | None = None, *,
              counts: WarcCounts | None = None) -> Generator[Article | IngestFailure, None, None]:
    """Articles and failures of a WARC file, one record at a time, in file order.

    Raises SourceNotFound when the file cannot be opened; damage inside it is
    yielded as an :class:`IngestFailure`, never raised.
    """
    cfg = config or Config()
    tally = counts if counts is not None else WarcCounts()
    try:
        fh = open(path, "rb")  # closed in the finally below, also when the caller stops early
    except OSError as exc:
        raise SourceNotFound(f"cannot be read ({exc.strerror})", source=path) from exc
    if os.fstat(fh.fileno()).st_size == 0:
        fh.close()
        yield _fail(tally, path, "empty file", error=EmptySource)
        return
    archive = _Archive(fh)
    offset = block_end = 0  # where the current record starts (in the compressed file for .warc.gz)
    try:
        records = iter(archive)
        while True:
            try:
                record = next(records)
            except StopIteration:
                if archive.ended_inside_member:
                    yield _fail(tally, path, f"truncated WARC record after the record at offset {offset}: "
                                             "the file ends inside a gzip member")
                elif tally.records and not archive.gzipped and _junk_after(fh, block_end):
                    yield _fail(tally, path, f"truncated WARC record after the record at offset {offset}: "
                                             "the file ends inside a record's header")
                break
            except _DAMAGE as exc:
                where = f"after the record at offset {offset}" if tally.records else "at the start of the file"
                yield _fail(tally, path, f"corrupt WARC data {where} ({_why(exc)}); stopped reading the file")
                break
            offset = archive.offset  # set by warcio on reaching this record
            tally.records += 1
            try:
                item = _read_record(record, path, offset, cfg, tally)
            except _DAMAGE as exc:
                yield _fail(tally, path, f"corrupt WARC record at offset {offset} ({_why(exc)}); "
                                         "stopped reading the file")
                break
            # Where this record's block ends in the (decompressed) stream; for a plain
            # .warc that is a file offset, used above to spot a header cut off at the end.
            block_end = archive.fh.tell() - archive.reader.rem_length()
            if item is None:
                continue
            if isinstance(item, IngestFailure):
                tally.failed += 1
                yield item
                if isinstance(item.error, _Truncated):
                    break
                continue
            tally.articles += 1
            yield item
        if tally.records == 0 and tally.failed == 0:
            yield _fail(tally, path, "no complete WARC record in the file (truncated, or not a WARC file)",
                        error=EmptySource)
    finally:
        archive.close()
        fh.close()
        log.info("%s: %d records, %d HTML pages, %d skipped, %d articles, %d failed", path, tally.records,
                 tally.html, tally.skipped, tally.articles, tally.failed)


class _Archive(ArchiveIterator):
    """warcio's iterator, noting how the file ended.

    warcio takes a file that ends inside a record's header block for a clean
    end of file.  In a .warc.gz the last gzip member's decompressor knows
    better (it did not reach the member's end), and warcio drops it when it
    closes, so look just before.  In a plain .warc, anything but blank lines
    after the last whole record is such a cut-off header.
    """

    gzipped = False
    ended_inside_member = False

    def close(self) -> None:
        decompressor = getattr(self.reader, "decompressor", None) if self.reader is not None else None
        self.gzipped = decompressor is not None
        self.ended_inside_member = self.gzipped and getattr(decompressor, "eof", True) is False
        super().close()


def _junk_after(fh: BinaryIO, end: int) -> bool:
    """Whether anything but blank lines follows ``end``, the end of the last whole record's block."""
    fh.seek(end)
    return bool(fh.read(_CHUNK).strip())


class _Truncated(InputError):
    """A record shorter than its Content-Length (the file ends inside it)."""


def _fail(tally: WarcCounts, path: str, message: str, error: type[InputError] = InputError) -> IngestFailure:
    tally.failed += 1
    log.debug("%s: %s", path, message)  # the caller reports failures; no second line here
    return IngestFailure(path, error(message, source=path))


def _why(exc: BaseException) -> str:
    """The exception in one short printable line (warcio quotes the raw bytes it choked on)."""
    lines = str(exc).strip().splitlines()
    if not lines:
        return type(exc).__name__
    text = "".join(c if c.isprintable() and ord(c) < 0x7F else "?" for c in lines[0])
    return f"{type(exc).__name__}: {text[:80]}{'...' if len(text) > 80 else ''}"


def _drain(record: Any) -> int:
    """Read what is left of the record, a chunk at a time; the bytes it still lacks (0 when whole)."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return max(int(getattr(stream, "limit", 0) or 0), 0)


def _truncated(record: Any, path: str, offset: int, uri: str | None, missing: int) -> IngestFailure:
    what = f" ({uri})" if uri else ""
    message = (f"truncated WARC record at offset {offset}{what}: {missing:,} of its {record.length:,} bytes "
               "are missing; stopped reading the file")
    return IngestFailure(path, _Truncated(message, source=path))


def _read_record(record: Any, path: str, offset: int, config: Config,
                 tally: WarcCounts) -> Article | IngestFailure | None:
    """One record: an Article, a failure, or None for a record that is not an HTML page."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if record.format == "warc" and not declared.isdigit():
        # warcio reads a header block cut short by the end of the file as a record without a length.
        return IngestFailure(path, _Truncated(
            f"truncated WARC record at offset {offset}: its header has no complete Content-Length "
            "(the file ends inside it?); stopped reading the file", source=path))
    if not _is_html_page(record):
        tally.skipped += 1
        missing = _drain(record)
        return _truncated(record, path, offset, uri, missing) if missing else None
    tally.html += 1
    source = uri or f"{path}@{offset}"
    body = record.content_stream().read(config.max_body_bytes + 1)
    missing = _drain(record)
    if missing:
        return _truncated(record, path, offset, uri, missing)
    if len(body) > config.max_body_bytes:
        return IngestFailure(source, SourceTooLarge(
            f"page over the {config.max_body_bytes:,}-byte limit (setting max_body_bytes)", source=source))
    return _extract(body, record, source, uri, path)


def _is_html_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return media_type in _HTML_TYPES


def _charset(record: Any) -> str | None:
    for param in (record.http_headers.get_header("Content-Type") or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _extract(body: bytes, record: Any, source: str, uri: str | None, path: str) -> Article | IngestFailure:
    draft = Draft(source=source, blocks=[], url=uri)
    try:
        text = decode_bytes(body, source, charset=_charset(record))
        article = parse_html(text, source, url=uri, draft=draft)
    except RashomonError as exc:
        return IngestFailure(source, exc)
    except Exception as exc:  # one odd page among thousands must not end the crawl
        log.debug("%s: extraction crashed", source, exc_info=True)
        return IngestFailure(source, NoArticleBody(f"extraction failed ({_why(exc)})", source=source))
    warc_date = record.rec_headers.get_header("WARC-Date")
    extra = [("warc", path)]
    if warc_date:
        extra.append(("warc_date", warc_date))
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        extra.append(("warc_record_id", record_id))
    published = article.published
    # The crawl date beats the extractor's guess (htmldate falls back to a footer's copyright
    # year, "2024-01-01") but not a date the page states: news crawls such as CC-NEWS fetch
    # pages within hours of publication, yet an old page may be crawled long after.
    if warc_date and not any(how != "extractor" for how in draft.published):
        published = parse_iso(warc_date) or published
    return replace(article, published=published, metadata=(*article.metadata, *extra))
