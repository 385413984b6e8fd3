"""A kept corpus: ingest sources into the store and group them into events as they arrive.

    ingest_corpus(sources, store)  -> IngestSummary  (added / duplicates / new versions / failures)
    list_events(store)             -> EventRow list
    event_comparison(store, id)    -> Comparison of the event's articles

The event clusterer's state lives in the store (``state`` table, name
:data:`CLUSTERER_STATE`), so each ingest run continues where the last one
stopped: new articles join existing events or open new ones without
re-clustering the corpus.

Batches (:class:`BatchWriter`).  Articles are read and clustered outside any
transaction, then written :data:`BATCH` at a time: one transaction stores the
batch's articles, their event assignments, the moves the clusterer's repairs
made, and the clusterer's state, once.  A run killed midway leaves whole batches
(articles, assignments and the state that has seen exactly them), and a re-run
finishes the job without duplicates: stored articles come back as duplicates and
are not clustered again.  Saving the state once per batch rather than once per
article keeps the per-article cost flat (the state holds the clusterer's whole
window: megabytes once the window is full), and clustering outside the
transaction keeps the write lock short however slow clustering is.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rashomon.errors import RashomonError, TooFewArticles
from rashomon.events import Assignment, EventClusterer, EventDoc
from rashomon.ingest import read_source
from rashomon.ingest.warc import iter_warc
from rashomon.models import Article, Comparison
from rashomon.settings import Config, load_config
from rashomon.store import (
    Store,
    StoreDiskFull,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreSchemaError,
    content_hash,
)
from rashomon.store.records import AddResult, EventRow
from rashomon.store.store import KEY_LENGTH

log = logging.getLogger(__name__)

CLUSTERER_STATE = "event_clusterer"
WINDOW_DAYS = 7  # an event's articles arrive within a week of each other (the clusterer's window)
CORPUS_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".warc",
                     ".warc.gz")
# Articles per transaction. Each commit saves the clusterer's state, which holds its whole window:
# about 11 MB and 0.45 s to save with a full 7-day window of the synthetic ECB+ stream
# (scripts/bench_corpus.py, 300 articles a day), next to 2-3 ms to store one article and tens
# of ms to cluster it. 200 makes the save cost ~2 ms per article, and keeps the write
# transaction near a second, well inside the store's 5 s busy timeout other writers wait for.
BATCH = 200
# A batch is also cut after this many seconds of reading and clustering: a slow source (pages
# fetched one by one) still commits and reports progress every few seconds. Against the
# state save (0.45 s above) this is a 5% cost at worst.
BATCH_SECONDS = 10.0
# ...but never before SAVE_FACTOR times the time the last state save took: when the window
# holds far more articles than a week's (events that never pause keep all their articles
# active: 9,700 of the first 10,000 of the replayed ECB+ stream, a 44 MB state taking 1.5 s
# to save), batches grow so that saving stays about a tenth of the work at most. The write
# lock is then held for about the save itself, which no batch size avoids.
SAVE_FACTOR = 10.0
# ...and never past a minute, whatever one slow save (a checkpoint, a disk stall) measured,
# so that progress still comes and a failed batch stays small enough to retry
MAX_BATCH_SECONDS = 60.0
# Store errors that would fail every write alike: the ingest stops (earlier batches kept)
# rather than reporting every article as failed.
FATAL_STORE_ERRORS = (StoreLocked, StoreReadOnly, StoreDiskFull, StoreSchemaError)
_COUNTS = ("added", "duplicates", "new_versions", "events_opened", "events_joined")
_RETRIES = 3  # batches re-clustered because another writer stored some of their articles meanwhile


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
                  on_article: Callable[[str, str], None] | None = None, *, batch_size: int = BATCH,
                  batch_seconds: float = BATCH_SECONDS, save_factor: float | None = None) -> IngestSummary:
    """Store every article of ``sources`` (idempotently) and assign new ones to events.

    Articles are written in transactions of ``batch_size`` articles, or of what
    ``batch_seconds`` of reading and clustering brought, whichever comes first (but not before
    ``save_factor`` times the last state save's duration; default :data:`SAVE_FACTOR`, 0 to
    cut batches by size and time alone).
    ``on_article(source, status)`` is called for each article once its batch is committed,
    and at once, with status ``"failed"``, for a source or article that cannot be read.
    """
    config = config or load_config()
    summary = IngestSummary()
    writer = BatchWriter(store, summary, on_article, batch_size=batch_size, batch_seconds=batch_seconds,
                         save_factor=save_factor)
    for source in sources:
        for item in _articles_of(source, config):
            if isinstance(item, tuple):
                src, err = item
                summary.failed.append((src, str(err)))
                if on_article:
                    on_article(src, "failed")
            else:
                writer.add(item)
    writer.flush()
    return summary


@dataclass(frozen=True)
class _Planned:
    """An article clustered and waiting for its batch's transaction."""

    article: Article
    digest: str  # content hash, as the store computes it
    assignment: Assignment | None  # None: its text is stored already (a duplicate)


class _Raced(Exception):
    """Another writer stored (or removed) one of the batch's texts after the batch was clustered."""


class BatchWriter:
    """Clusters articles as they come and writes them a batch per transaction.

    Each transaction stores its articles, their event assignments, the moves the clusterer's
    repairs made, and the clusterer's state, so the saved state always describes exactly the
    stored articles. Clustering happens before the transaction, against the stored texts as
    they were then; if another writer stored one of them in between, the transaction is
    rolled back and the batch clustered again from the saved state.

    A transaction that fails is rolled back and the clusterer reloaded from the last saved
    state; the batch is then written in halves, and halves of those, so that an article the
    store refuses is reported as failed and the rest still go in. Errors that would fail every
    write alike (:data:`FATAL_STORE_ERRORS`) are raised instead, every earlier batch kept.
    """

    def __init__(self, store: Store, summary: IngestSummary,
                 on_article: Callable[[str, str], None] | None = None, *, batch_size: int = BATCH,
                 batch_seconds: float = BATCH_SECONDS, save_factor: float | None = None) -> None:
        if batch_size < 1 or batch_seconds <= 0:
            raise ValueError(f"batch_size must be 1 or more and batch_seconds above 0, got {batch_size}, "
                             f"{batch_seconds}")
        self.store = store
        self.summary = summary
        self.on_article = on_article
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.save_factor = SAVE_FACTOR if save_factor is None else save_factor
        self.clusterer = load_clusterer(store)
        self.known: set[str] = set()  # ids of events known to be stored (see store_and_assign)
        self._pending: list[_Planned] = []
        self._planned: set[str] = set()  # digests of the pending articles
        self._opened = 0.0  # when the pending batch started
        self._last_save = 0.0  # seconds the last state save took

    def add(self, article: Article) -> None:
        """Cluster one article; write the batch when it is full or old enough."""
        if not self._pending:
            self._opened = time.monotonic()
        digest = content_hash(article.text)
        stored = digest in self._planned or bool(self.store.stored_hashes([digest]))
        self._pending.append(self._plan(article, digest, stored))
        elapsed = time.monotonic() - self._opened
        due = len(self._pending) >= self.batch_size or elapsed >= self.batch_seconds
        if (due and elapsed >= self.save_factor * self._last_save) or elapsed >= MAX_BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the pending batch (and report its articles)."""
        batch, self._pending = self._pending, []
        self._planned.clear()
        if batch:
            self._write(batch)

    def _plan(self, article: Article, digest: str, stored: bool) -> _Planned:
        self._planned.add(digest)
        if stored:
            return _Planned(article, digest, None)
        return _Planned(article, digest, self.clusterer.add(_event_doc(article, digest[:KEY_LENGTH])))

    def _replan(self, batch: list[_Planned]) -> list[_Planned]:
        """Cluster ``batch`` again, from the saved state, against the texts stored now."""
        stored = self.store.stored_hashes(p.digest for p in batch)
        seen: set[str] = set()
        out = []
        for p in batch:
            out.append(self._plan(p.article, p.digest, p.digest in stored or p.digest in seen))
            seen.add(p.digest)
        self._planned.clear()
        return out

    def _write(self, batch: list[_Planned]) -> None:
        for _attempt in range(_RETRIES):
            counts = _counts(self.summary)
            try:
                statuses = self._commit(batch)
            except _Raced:
                self._rolled_back(counts)
                log.info("another writer stored some of a batch's articles meanwhile: clustering it again")
                batch = self._replan(batch)
                continue
            except StoreError as exc:
                self._rolled_back(counts)
                if isinstance(exc, FATAL_STORE_ERRORS):
                    raise
                if len(batch) == 1:
                    self.summary.failed.append((batch[0].article.source, str(exc)))
                    if self.on_article:
                        self.on_article(batch[0].article.source, "failed")
                    return
                log.warning("a batch of %d articles was rolled back (%s); writing it in halves", len(batch), exc)
                mid = len(batch) // 2  # halves until the article the store refuses is alone
                for half in (batch[:mid], batch[mid:]):
                    self._write(self._replan(half))
                return
            if self.on_article:
                for p, status in zip(batch, statuses, strict=True):
                    self.on_article(p.article.source, status)
            return
        raise StoreError(f"another writer kept storing this batch's articles ({_RETRIES} tries); re-run "
                         "the ingest to finish it")

    def _commit(self, batch: list[_Planned]) -> list[str]:
        """One transaction: the batch's articles, assignments, regroups and the clusterer's state."""
        statuses: list[str] = []
        drained: list[str] = []
        with self.store.transaction():
            for p in batch:
                result = self.store.add_article(p.article)
                if (result.status == "duplicate") != (p.assignment is None):
                    raise _Raced
                _count(self.summary, result)
                if p.assignment is not None:
                    if result.key != p.assignment.key:
                        raise StoreError(f"stored under key {result.key}, clustered as {p.assignment.key}",
                                         source=p.article.source)
                    record_assignment(self.store, p.article, p.assignment, self.summary, self.known)
                statuses.append(result.status)
            if any(p.assignment is not None for p in batch):
                started = time.monotonic()
                drained = save_clusterer(self.store, self.clusterer, self.known)
                self._last_save = time.monotonic() - started
        self.known.difference_update(drained)
        return statuses

    def _rolled_back(self, counts: tuple[int, ...]) -> None:
        """Forget what a rolled-back transaction did: the clusterer and the counts go back to the
        last commit (the state saved with it), and stored events are looked up again."""
        _restore_counts(self.summary, counts)
        self.clusterer = load_clusterer(self.store)
        self.known.clear()


def _counts(summary: IngestSummary) -> tuple[int, ...]:
    return tuple(getattr(summary, name) for name in _COUNTS)


def _restore_counts(summary: IngestSummary, counts: tuple[int, ...]) -> None:
    for name, value in zip(_COUNTS, counts, strict=True):
        setattr(summary, name, value)


def _count(summary: IngestSummary, result: AddResult) -> None:
    if result.status == "duplicate":
        summary.duplicates += 1
    elif result.status == "added":
        summary.added += 1
    else:
        summary.new_versions += 1


def save_clusterer(store: Store, clusterer: EventClusterer, known: set[str] | None = None) -> list[str]:
    """Bring the store up to date with the clusterer, inside the caller's transaction: the moves
    its repairs made (:meth:`EventClusterer.drain_regroups`), then its state. Returns the ids of
    the events that left its window since the last call.

    Those events are already in the store (rows and assignments, written as their articles
    came), so they are drained rather than carried in the state: the state then holds only the
    window, and saving it costs the same however large the corpus grows.
    """
    known = set() if known is None else known
    for move in clusterer.drain_regroups():
        # a split opens its target; a merge's target is stored unless the store was written by
        # a version that did not keep the moves (then it is created here)
        if move.kind == "split" or (move.target not in known and not _event_known(store, move.target)):
            first = store.get_article(move.keys[0])
            store.upsert_event(first.title or first.text[:80], event_id=move.target)
        for key in move.keys:
            store.assign_event(key, move.target)
        if move.kind == "merge":
            if not store.delete_event_if_empty(move.source):
                # articles the clusterer did not know of (a store written without the moves)
                log.warning("event %s was merged into %s but not deleted: the store has other articles in "
                            "it, or never had it", move.source, move.target)
            known.discard(move.source)
        else:
            store.refresh_event_dates(move.source)
        known.add(move.target)
    drained = [s.id for s in clusterer.drain_frozen()]
    store.set_state(CLUSTERER_STATE, clusterer.state())
    return drained


def store_and_assign(store: Store, clusterer: EventClusterer, article: Article, summary: IngestSummary,
                     known: set[str] | None = None) -> AddResult:
    """Store one article and, unless it is a duplicate, assign it to an event.

    Runs inside the caller's transaction (the Dask runner's, one per time window).
    """
    result = store.add_article(article)
    _count(summary, result)
    if result.status != "duplicate":
        record_assignment(store, article, clusterer.add(_event_doc(article, result.key)), summary, known)
    return result


def record_assignment(store: Store, article: Article, assignment: Assignment, summary: IngestSummary,
                      known: set[str] | None = None) -> None:
    """Store the clusterer's decision for one stored article (inside the caller's transaction).

    ``known`` (kept by the caller across calls, emptied when a transaction rolls back) holds
    the ids of events known to be stored, so an article joining one costs no event look-up.
    """
    known = set() if known is None else known
    title = article.title or article.text[:80]
    when = article.published[:10] if article.published else None
    if assignment.is_new:
        summary.events_opened += 1
        store.upsert_event(title, event_id=assignment.event_id, first_seen=when, last_seen=when)
    else:
        summary.events_joined += 1
        if assignment.event_id not in known and not _event_known(store, assignment.event_id):
            store.upsert_event(title, event_id=assignment.event_id)
    known.add(assignment.event_id)
    store.assign_event(assignment.key, assignment.event_id)


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

