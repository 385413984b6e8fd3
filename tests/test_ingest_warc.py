"""WARC files: HTML responses read as pages, other records skipped, damaged files never raise.

Every WARC here is written by the test with warcio's own writer (gzipped,
one member per record, as Common Crawl's CC-NEWS files are).
"""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.errors import EmptySource, NoArticleBody, RashomonError
from rashomon.ingest import read_source, read_sources
from rashomon.ingest.warc import IngestFailure, WarcCounts, iter_warc, read_warc

CRAWL_DATE = "2024-04-13T06:45:00Z"


def _story(title: str, sentence: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{meta}</head>"
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>{title}</h1>"
            f"<p>{sentence}</p><p>Officials said about 400 people had been moved to shelters and that the "
            f"main road north of the city would stay closed until the water had gone down.</p>"
            f"</article><footer>Copyright 2024</footer></body></html>").encode()


NIAMEY = _story("Floods force thousands from their homes in Niamey",
                "Floods in Niamey forced thousands of people from their homes on Friday after the Niger river "
                "burst its banks, the civil protection agency said.", published="2024-04-12T18:00:00Z")
AGADEZ = _story("Heavy rain reaches Agadez", "Heavy rain reached Agadez on Saturday, a day after the floods "
                "in the capital, and the regional governor ordered schools to close.")
NO_ARTICLE = b"<!DOCTYPE html><html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>"

# (target URI, HTTP status line, content type, body)
RECORDS = [
    ("https://news.example.com/niamey-floods", "200 OK", "text/html; charset=utf-8", NIAMEY),
    ("https://news.example.com/report.pdf", "200 OK", "application/pdf", b"%PDF-1.4\n% not an article\n"),
    ("https://news.example.com/gone", "404 Not Found", "text/html", b"<html><body><p>Not found</p></body></html>"),
    ("https://news.example.com/agadez-rain", "200 OK", "text/html", AGADEZ),
    ("https://news.example.com/", "200 OK", "text/html", NO_ARTICLE),
]


def _warc_bytes(records: list[tuple[str, str, str, bytes]], *, gzip: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for uri, status, ctype, body in records:
        http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        # length= keeps warcio from spooling the payload to a temporary file it never closes
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                           http_headers=http, warc_headers_dict={"WARC-Date": CRAWL_DATE})
        writer.write_record(record)
    return out.getvalue()


def _offsets(data: bytes) -> list[int]:
    """Where each record starts (gzip sizes vary with the random record ids, so measure the real bytes)."""
    archive = ArchiveIterator(io.BytesIO(data))
    return [archive.get_record_offset() for _ in archive]


def _write(tmp_path: Path, data: bytes, name: str = "crawl.warc.gz") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def crawl(tmp_path: Path) -> str:
    return _write(tmp_path, _warc_bytes(RECORDS))


def test_ingest_warc_reads_html_responses_and_skips_the_rest(crawl: str) -> None:
    result = read_warc(crawl)
    assert (result.records, result.html, result.skipped) == (5, 3, 2)
    niamey, agadez = result.articles
    assert niamey.source == niamey.url == "https://news.example.com/niamey-floods"
    assert niamey.title == "Floods force thousands from their homes in Niamey"
    assert "burst its banks" in niamey.text and "Home" not in niamey.text
    assert niamey.published == "2024-04-12T18:00:00+00:00"  # the page's own date beats the crawl date
    assert agadez.published == "2024-04-13T06:45:00+00:00"  # no date in the page: WARC-Date
    assert agadez.meta("warc") == crawl and agadez.meta("warc_date") == CRAWL_DATE
    assert (agadez.meta("warc_record_id") or "").startswith("<urn:uuid:")
    [(where, error)] = result.failures
    assert where == "https://news.example.com/"
    assert isinstance(error, NoArticleBody) and "https://news.example.com/" in str(error)


def test_ingest_warc_reads_uncompressed_files_too(tmp_path: Path) -> None:
    result = read_warc(_write(tmp_path, _warc_bytes(RECORDS, gzip=False), "crawl.warc"))
    assert (len(result.articles), len(result.failures), result.records) == (2, 1, 5)


def test_ingest_warc_iterates_lazily_and_counts(crawl: str) -> None:
    counts = WarcCounts()
    items = iter_warc(crawl, counts=counts)
    first = next(items)
    assert not isinstance(first, IngestFailure) and first.url == "https://news.example.com/niamey-floods"
    assert counts.records == 1  # nothing past the first record has been read
    rest = list(items)
    assert isinstance(rest[-1], IngestFailure)
    assert (counts.records, counts.html, counts.skipped, counts.articles, counts.failed) == (5, 3, 2, 2, 1)


def test_ingest_warc_stopping_early_closes_the_file(crawl: str) -> None:
    items = iter_warc(crawl)
    next(items)
    items.close()  # a ResourceWarning here would fail the test (warnings are errors)


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_ingest_warc_truncated_keeps_what_came_before(tmp_path: Path, gzip: bool) -> None:
    whole = _warc_bytes(RECORDS, gzip=gzip)
    offsets = _offsets(whole)
    cut = (offsets[3] + offsets[4]) // 2  # in the middle of the Agadez record
    result = read_warc(_write(tmp_path, whole[:cut], "cut.warc.gz" if gzip else "cut.warc"))
    assert [a.url for a in result.articles] == ["https://news.example.com/niamey-floods"]
    [(where, error)] = result.failures
    assert where == str(tmp_path / ("cut.warc.gz" if gzip else "cut.warc"))
    assert f"truncated WARC record at offset {offsets[3]} (https://news.example.com/agadez-rain)" in str(error)


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_ingest_warc_every_cut_point_fails_cleanly(tmp_path: Path, gzip: bool) -> None:
    """Cut a two-record file at every byte: never an exception, and a failure unless the cut is harmless."""
    records = [RECORDS[1], RECORDS[3]]  # a skipped record, then a page
    whole = _warc_bytes(records, gzip=gzip)
    boundary = _offsets(whole)[1]
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    for cut in range(1, len(whole)):
        path.write_bytes(whole[:cut])
        result = read_warc(str(path))
        # Harmless: exactly between records, or (plain .warc) only the blank lines after a record are gone.
        harmless = cut == boundary or (not gzip and (boundary - 4 <= cut <= boundary or cut >= len(whole) - 4))
        assert result.failures or harmless, f"cut at {cut} of {len(whole)} went unnoticed"
        assert len(result.articles) <= 1


def test_ingest_warc_corrupt_gzip_member_is_a_failure(tmp_path: Path) -> None:
    data = bytearray(_warc_bytes(RECORDS))
    start = _offsets(bytes(data))[3]
    for i in range(start + 20, start + 60):  # scramble the Agadez record's compressed bytes
        data[i] ^= 0x5A
    result = read_warc(_write(tmp_path, bytes(data)))
    assert [a.url for a in result.articles] == ["https://news.example.com/niamey-floods"]
    assert result.failures and "WARC" in str(result.failures[-1][1])


def test_ingest_warc_empty_and_not_a_warc(tmp_path: Path) -> None:
    [(_, empty)] = read_warc(_write(tmp_path, b"", "empty.warc.gz")).failures
    assert isinstance(empty, EmptySource) and "empty file" in str(empty)
    [(_, junk)] = read_warc(_write(tmp_path, b"<html>not a crawl</html>\n", "junk.warc")).failures
    assert "corrupt WARC data at the start of the file" in str(junk)


def test_ingest_warc_page_over_the_size_limit_fails_alone(crawl: str) -> None:
    from rashomon.settings import Config

    result = read_warc(crawl, Config(max_body_bytes=len(AGADEZ) + 10))
    assert [a.url for a in result.articles] == ["https://news.example.com/agadez-rain"]
    assert any("byte limit" in str(e) and w.endswith("niamey-floods") for w, e in result.failures)


def _peak_bytes(path: str) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_warc(path) if not isinstance(item, IngestFailure))
        assert count > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ingest_warc_duplicate_flood_streams_in_bounded_memory(tmp_path: Path) -> None:
    page = RECORDS[0]
    small = _write(tmp_path, _warc_bytes([page] * 10), "small.warc.gz")
    flood = _write(tmp_path, _warc_bytes([page] * 200), "flood.warc.gz")
    result = read_warc(flood)
    assert len(result.articles) == 200 and result.failures == ()  # every copy: dedup is the store's job
    _peak_bytes(small)  # warm up imports and caches before measuring
    assert _peak_bytes(flood) < 2 * _peak_bytes(small)  # 20x the records, not 20x the memory


def test_ingest_warc_reader_dispatch(tmp_path: Path, crawl: str) -> None:
    result = read_sources([crawl])
    assert [a.id for a in result.articles] == ["a1", "a2"]
    assert [w for w, _ in result.failures] == ["https://news.example.com/"]
    with pytest.raises(RashomonError, match="no article text"):  # read_source is all or nothing
        read_source(crawl)
    folder = tmp_path / "crawls"
    folder.mkdir()
    (folder / "a.warc.gz").write_bytes(_warc_bytes(RECORDS[:1]))
    (folder / "b.warc").write_bytes(_warc_bytes(RECORDS[3:4], gzip=False))
    (folder / "notes.txt").write_text("Floods in Niamey forced thousands from their homes on Friday.\n")
    in_folder = read_sources([str(folder)])
    assert in_folder.failures == ()
    assert [a.url for a in in_folder.articles] == ["https://news.example.com/niamey-floods",
                                                   "https://news.example.com/agadez-rain", None]
