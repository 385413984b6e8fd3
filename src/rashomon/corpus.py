"""A kept corpus: ingest sources into the store and group them into events as they arrive.

    ingest_corpus(sources, store)  -> IngestSummary  (added / duplicates / new versions / failures)
    list_events(store)             -> EventRow list
    event_comparison(store, id)    -> Comparison of the event's articles

The event clusterer's state lives in the store (``state`` table, name
:data:`CLUSTERER_STATE`), so each ingest run continues where the last one
stopped: new articles join existing events or open new ones without
re-clustering the corpus.  Each article is stored and assigned in one
transaction, so a run killed midway leaves a consistent database and a
re-run finishes the job without duplicates.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rashomon.errors import RashomonError, TooFewArticles
from rashomon.events import EventClusterer, EventDoc
from rashomon.ingest import read_source
from rashomon.ingest.warc import iter_warc
from rashomon.models import Article, Comparison
from rashomon.settings import Config, load_config
from rashomon.store import Store
from rashomon.store.records import AddResult, EventRow

log = logging.getLogger(__name__)

CLUSTERER_STATE = "event_clusterer"
WINDOW_DAYS = 7
CORPUS_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".warc",
                     ".warc.gz")  # an event's articles arrive within a week of each other (the clusterer's window)


@dataclass
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    new_versions: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    events_opened: int = 0
    events_joined: int = 0


def _articles_of(source: str, config: Config) -> Iterator[Article | tuple[str, RashomonError]]:
    """Articles of one source, streamed where the format allows (WARC); failures as (source, error)."""
    if source.endswith((".warc", ".warc.gz")) and os.path.isfile(source):
        for item in iter_warc(source, config):
            if isinstance(item, Article):
                yield item
            else:
                yield (item.source, item.error)
        return
    if os.path.isdir(source):
        # a corpus directory is walked whole (examples/<event>/<article>), hidden entries skipped
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.lower().endswith(CORPUS_EXTENSIONS):
                    yield from _articles_of(os.path.join(root, name), config)
        return
    try:
        yield from read_source(source, config)
    except RashomonError as exc:
        yield (source, exc)


def _event_doc(article: Article, key: str) -> EventDoc:
    return EventDoc(key=key, title=article.title or "", text=article.text,
                    published=article.published_date, outlet=article.outlet, url=article.url)


def load_clusterer(store: Store) -> EventClusterer:
    saved = store.get_state(CLUSTERER_STATE)
    if saved:
        return EventClusterer.from_state(saved)
    return EventClusterer(window_days=WINDOW_DAYS)


def ingest_corpus(sources: Sequence[str], store: Store, config: Config | None = None,
                  on_article: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Store every article of ``sources`` (idempotently) and assign new ones to events.

    ``on_article(source, status)`` is called after each article (for progress bars).
    """
    config = config or load_config()
    summary = IngestSummary()
    clusterer = load_clusterer(store)
    for source in sources:
        for item in _articles_of(source, config):
            if isinstance(item, tuple):
                src, err = item
                summary.failed.append((src, str(err)))
                if on_article:
                    on_article(src, "failed")
                continue
            article = item
            with store.transaction():
                status = store_and_assign(store, clusterer, article, summary).status
                if status != "duplicate":
                    store.set_state(CLUSTERER_STATE, clusterer.state())
            if on_article:
                on_article(article.source, status)
    return summary


def store_and_assign(store: Store, clusterer: EventClusterer, article: Article, summary: IngestSummary
                     ) -> AddResult:
    """Store one article and, unless it is a duplicate, assign it to an event.

    Runs inside the caller's transaction; both the in-process ingest and the Dask runner use it.
    """
    result = store.add_article(article)
    if result.status == "duplicate":
        summary.duplicates += 1
        return result
    if result.status == "added":
        summary.added += 1
    else:
        summary.new_versions += 1
    assignment = clusterer.add(_event_doc(article, result.key))
    title = article.title or article.text[:80]
    when = article.published[:10] if article.published else None
    if assignment.is_new:
        summary.events_opened += 1
        store.upsert_event(title, event_id=assignment.event_id, first_seen=when, last_seen=when)
    else:
        summary.events_joined += 1
        if not _event_known(store, assignment.event_id):
            store.upsert_event(title, event_id=assignment.event_id)
    store.assign_event(result.key, assignment.event_id)
    return result


def _event_known(store: Store, event_id: str) -> bool:
    try:
        store.get_event(event_id)
    except RashomonError:
        return False
    return True


def list_events(store: Store, limit: int | None = None) -> list[EventRow]:
    return list(store.events(limit=limit))


def event_articles(store: Store, event_id: str) -> list[Article]:
    """The event's articles, one per outlet story (latest version), ids a1.. in time order."""
    articles = list(store.event_articles(event_id))
    articles.sort(key=lambda a: (a.published or "", a.source))
    return [replace(a, id=f"a{i + 1}") for i, a in enumerate(articles)]


def event_comparison(store: Store, event_id: str, config: Config | None = None) -> Comparison:
    from rashomon.pipeline import compare_articles

    articles = event_articles(store, event_id)
    if len(articles) < 2:
        raise TooFewArticles(f"event {event_id} has {len(articles)} article(s); a comparison needs two or more")
    return compare_articles(articles, config)


def search_articles(store: Store, query: str, limit: int = 20) -> list:
    return list(store.search(query, limit=limit))

