"""One view, two renderings: a comparison is built once and shown as JSON or HTML.

:class:`Comparer` turns what a request carries (pasted text, uploaded files,
URLs) into a stored ``rashomon/report@1`` dict; the API answers that dict as
JSON and the comparison page renders the very same dict through the report
templates (``report_body.html``), so the page, the downloadable HTML report
and the JSON never disagree.

Pasted text and uploads go through the library's own readers: each is
written to a private temporary folder under a neutral name (keeping only a
known extension, so the reader picks the right format) and read with
:func:`rashomon.pipeline.ingest`; the name the user gave is put back as the
article's ``source``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from rashomon.corpus import event_comparison, list_events, search_articles
from rashomon.errors import FetchRefused, RashomonError, SourceTooLarge, TooFewArticles
from rashomon.ingest.reader import KNOWN_EXTENSIONS
from rashomon.ingest.url import check_public_address, is_url
from rashomon.models import Article
from rashomon.pipeline import compare_articles, ingest
from rashomon.report.html import render_html, template_environment
from rashomon.report.jsonreport import comparison_to_dict
from rashomon.report.markdown import render_markdown
from rashomon.report.view import STATUSES, ReportView, build_view
from rashomon.settings import Config
from rashomon.store import EventRow, Store, open_store
from rashomon.version import __version__
from rashomon.web.security import ReportNotFound, TooManyArticles

log = logging.getLogger(__name__)

#: Ids are secrets.token_urlsafe(12): 16 characters of [A-Za-z0-9_-], unguessable.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Document:
    """One article's bytes as given (pasted or uploaded), and the name to show for it."""

    name: str
    data: bytes
    ext: str = ""  # the format to read it as (".json" for an article object), else from the name


@dataclass(frozen=True)
class ComparisonInput:
    documents: tuple[Document, ...] = ()
    urls: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.documents) + len(self.urls)


@dataclass(frozen=True)
class StoredComparison:
    """The one view: the report dict and the id its page lives under."""

    id: str
    report: Mapping[str, Any]
    created: str
    seconds: float = 0.0
    urls: tuple[str, ...] = field(default=())

    @property
    def page(self) -> str:
        return f"/c/{self.id}"


class ReportStore:
    """The last ``limit`` comparisons, in memory or as JSON files in ``directory``."""

    def __init__(self, limit: int, directory: str | os.PathLike[str] | None = None) -> None:
        self.limit = max(1, limit)
        self.directory = Path(directory) if directory is not None else None
        self._memory: OrderedDict[str, StoredComparison] = OrderedDict()
        self._lock = threading.Lock()
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)

    def put(self, report: Mapping[str, Any], seconds: float = 0.0) -> StoredComparison:
        stored = StoredComparison(id=secrets.token_urlsafe(12), report=report,
                                  created=datetime.now(UTC).isoformat(timespec="seconds"), seconds=seconds)
        with self._lock:
            if self.directory is None:
                self._memory[stored.id] = stored
                while len(self._memory) > self.limit:
                    self._memory.popitem(last=False)
            else:
                path = self.directory / f"{stored.id}.json"
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps({"id": stored.id, "created": stored.created, "report": report},
                                          ensure_ascii=False), encoding="utf-8")
                tmp.replace(path)
                self._prune()
        return stored

    def _prune(self) -> None:
        assert self.directory is not None
        files = sorted(self.directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self.limit:]:
            old.unlink(missing_ok=True)

    def get(self, rid: str) -> StoredComparison:
        """The stored comparison ``rid``; raises ReportNotFound."""
        if ID_PATTERN.match(rid):
            if self.directory is None:
                with self._lock:
                    if rid in self._memory:
                        return self._memory[rid]
            else:
                path = self.directory / f"{rid}.json"
                if path.is_file():
                    data = json.loads(path.read_text(encoding="utf-8"))
                    return StoredComparison(id=rid, report=data["report"], created=data.get("created", ""))
        raise ReportNotFound("no stored comparison with this id (old ones are dropped)", source=rid)


def _temp_name(i: int, doc: Document) -> str:
    """A neutral file name that keeps only a known extension (the reader's format hint)."""
    ext = doc.ext or os.path.splitext(doc.name)[1].lower()
    return f"{i:02d}{ext if ext in KNOWN_EXTENSIONS else ''}"


def _renamed(error: RashomonError, names: Mapping[str, str]) -> RashomonError:
    """The same error, naming the source as the user gave it instead of our temporary path."""
    if error.source is not None and error.source in names:
        renamed = type(error)(error.message, source=names[error.source])
        renamed.__cause__ = error
        return renamed
    return error


class Comparer:
    """Runs comparisons for the app: reads inputs, compares, stores; one comparison at a time.

    The pipeline's models are loaded once per process and shared; comparisons
    are CPU-bound, so they run one after the other (reading and URL fetches
    run outside the lock).  Scale out with more server processes.
    """

    def __init__(self, config: Config, store: ReportStore) -> None:
        self.config = config
        self.store = store
        self.lock = threading.Lock()  # one comparison at a time (pasted, fetched or an event's)

    def read(self, request: ComparisonInput) -> list[Article]:
        config = self.config
        if request.count > config.max_articles:
            raise TooManyArticles(f"{request.count} articles given; at most {config.max_articles} per comparison "
                                  "(setting max_articles)")
        for doc in request.documents:
            if len(doc.data) > config.max_body_bytes:
                raise SourceTooLarge(f"{len(doc.data):,} bytes is over the {config.max_body_bytes:,}-byte limit "
                                     "(setting max_body_bytes)", source=doc.name)
        if not config.allow_private_urls:
            # Before anything is fetched, so one refused URL does not cost the others' fetches.
            for url in request.urls:
                try:
                    check_public_address(httpx.URL(url))
                except httpx.InvalidURL as exc:
                    raise FetchRefused(f"not a fetchable URL ({exc})", source=url) from exc
        with tempfile.TemporaryDirectory(prefix="rashomon-web-") as tmp:
            names: dict[str, str] = {}
            for i, doc in enumerate(request.documents, 1):
                path = os.path.join(tmp, _temp_name(i, doc))
                with open(path, "wb") as fh:
                    fh.write(doc.data)
                names[path] = doc.name
            result = ingest([*names, *request.urls], config)
        if result.failures:
            raise _renamed(result.failures[0][1], names)
        articles = [replace(a, source=names.get(a.source, a.source)) for a in result.articles]
        if len(articles) > config.max_articles:
            raise TooManyArticles(f"the inputs hold {len(articles)} articles; at most {config.max_articles} "
                                  "per comparison (setting max_articles)")
        if len(articles) < 2:
            raise TooFewArticles(f"a comparison needs two or more articles, got {len(articles)}")
        return articles

    def compare(self, request: ComparisonInput) -> StoredComparison:
        """Read, compare and store; raises RashomonError subclasses for bad input."""
        articles = self.read(request)
        started = time.perf_counter()
        with self.lock:
            report = comparison_to_dict(compare_articles(articles, self.config))
        seconds = time.perf_counter() - started
        stored = self.store.put(report, seconds)
        log.info("compared %d articles in %.2f s -> %s", len(articles), seconds, stored.id)
        return stored


def documents_from_texts(texts: Sequence[str], names: Sequence[str | None]) -> list[Document]:
    """Pasted texts (blank ones skipped) with their optional names ("pasted text N" otherwise)."""
    docs: list[Document] = []
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        name = (names[i] if i < len(names) else None) or ""
        docs.append(Document(name=name.strip() or f"pasted text {len(docs) + 1}", data=text.encode("utf-8")))
    return docs


def split_urls(text: str) -> list[str]:
    """URLs one per line (blank lines and surrounding space ignored)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def bad_urls(urls: Sequence[str]) -> list[str]:
    return [u for u in urls if not is_url(u)]


# --- HTML rendering ---------------------------------------------------------------------------

@cache
def page_environment() -> Environment:
    """The web templates, with the report templates behind them (same globals, autoescape on)."""
    report_env = template_environment()
    assert report_env.loader is not None
    env = Environment(
        loader=ChoiceLoader([PackageLoader("rashomon.web", "templates"), report_env.loader]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update({k: v for k, v in report_env.globals.items() if k not in env.globals})
    env.globals.update(version=__version__)
    return env


def render_page(template: str, **context: Any) -> str:
    return page_environment().get_template(template).render(**context)


def comparison_view(stored: StoredComparison) -> ReportView:
    return build_view(stored.report)


def render_comparison_page(stored: StoredComparison, **context: Any) -> str:
    return render_page("comparison.html", view=comparison_view(stored), stored=stored, statuses=STATUSES,
                       **context)


def render_report_html(stored: StoredComparison) -> str:
    return render_html(stored.report)


def render_report_markdown(stored: StoredComparison) -> str:
    return render_markdown(stored.report)


_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@cache
def static_assets() -> dict[str, tuple[bytes, str]]:
    """Our stylesheets and scripts by name: the report's own two and the web UI's."""
    assets: dict[str, tuple[bytes, str]] = {}
    env = template_environment()
    assert env.loader is not None
    for name in ("report.css", "report.js"):
        source, _, _ = env.loader.get_source(env, name)
        assets[name] = (source.encode("utf-8"), _MEDIA_TYPES[os.path.splitext(name)[1]])
    for entry in resources.files("rashomon.web").joinpath("static").iterdir():
        ext = os.path.splitext(entry.name)[1]
        if ext in _MEDIA_TYPES:
            assets[entry.name] = (entry.read_bytes(), _MEDIA_TYPES[ext])
    return assets


# --- events (a kept corpus: `rashomon ingest`, then `rashomon serve --db`) ---------------------

def resolve_db(db: str | None) -> str | None:
    """The store URL the events pages read: ``db``, else ``$RASHOMON_DB``, else ``./rashomon.db``
    if that file exists, else None (no events pages). An empty string turns them off."""
    if db is not None:
        return db.strip() or None
    env = os.environ.get("RASHOMON_DB", "").strip()
    if env:
        return env
    return "rashomon.db" if os.path.isfile("rashomon.db") else None


@dataclass(frozen=True)
class SearchResult:
    """One article found by the events search, with the event it belongs to (if any)."""

    key: str
    title: str
    outlet: str
    published: str
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) segments, escaped by the template
    event_id: str | None


_MATCH = re.compile(r"\[([^\[\]]*)\]")


def snippet_segments(snippet: str) -> tuple[tuple[str, bool], ...]:
    """The store's snippet ("... [term] ...") as plain and matched segments (markup never built here)."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _MATCH.finditer(snippet):
        if m.start() > pos:
            parts.append((snippet[pos:m.start()], False))
        parts.append((m.group(1), True))
        pos = m.end()
    if pos < len(snippet):
        parts.append((snippet[pos:], False))
    return tuple(parts)


def event_to_dict(row: EventRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "first_seen": row.first_seen, "last_seen": row.last_seen,
            "outlets": list(row.outlets), "article_count": row.article_count}


class Events:
    """The events of a store, read per request (each call opens the store read-only and closes it)."""

    def __init__(self, url: str, comparer: Comparer) -> None:
        self.url = url
        self.comparer = comparer
        self._reports: dict[tuple[str, int, str | None], str] = {}  # event (and its state) -> comparison id
        self._lock = threading.Lock()

    def _open(self) -> Store:
        return open_store(self.url, read_only=True)

    def rows(self) -> list[EventRow]:
        with self._open() as store:
            return list_events(store)

    def search(self, query: str, limit: int = 50) -> list[SearchResult]:
        with self._open() as store:
            hits = search_articles(store, query, limit)
            return [SearchResult(key=h.key, title=h.title or "", outlet=h.outlet or "", published=h.published or "",
                                 snippet=snippet_segments(h.snippet), event_id=store.event_of(h.key))
                    for h in hits]

    def comparison(self, event_id: str) -> StoredComparison:
        """The event's comparison, computed once per event (again only when its articles change)."""
        with self._open() as store:
            row = store.get_event(event_id)  # StoreNotFound (R707) for an unknown id
            cache_key = (row.id, row.article_count, row.last_seen)
            with self._lock:
                cid = self._reports.get(cache_key)
            if cid is not None:
                try:
                    return self.comparer.store.get(cid)
                except ReportNotFound:  # dropped from the comparison store: compute it again
                    pass
            started = time.perf_counter()
            with self.comparer.lock:
                comparison = event_comparison(store, row.id, self.comparer.config)  # TooFewArticles (R107)
            report = comparison_to_dict(comparison)
        stored = self.comparer.store.put(report, time.perf_counter() - started)
        with self._lock:
            self._reports[cache_key] = stored.id
        log.info("compared event %s (%d articles) -> %s", row.id, row.article_count, stored.id)
        return stored
