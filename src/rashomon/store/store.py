"""The corpus store: articles, analyses, events and reports in one database.

One :class:`Store` per process (or thread); it is not shared between
threads.  Every write runs in a transaction: a single call opens its own, and
``with store.transaction():`` groups many calls into one, committed at the
end of the block and rolled back if the block raises.  A process killed in
the middle of a transaction leaves nothing of it behind.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from rashomon.models import Article
from rashomon.store import schema
from rashomon.store.backend import (
    WRITE_OPTION,
    Target,
    insert_ignoring_conflicts,
    make_engine,
    resolve_target,
    translate_error,
    upsert,
)
from rashomon.store.errors import StoreError, StoreNotFound, StoreReadOnly, StoreSchemaError
from rashomon.store.normalise import canonical_url, content_hash, stage_versions_hash
from rashomon.store.records import (
    AddResult,
    EventRow,
    SearchHit,
    StoredArticle,
    StoreStats,
    article_to_row,
    row_to_stored,
)
from rashomon.store.search import search as _search

log = logging.getLogger(__name__)

KEY_LENGTH = 20  # hex digits of the content hash: 80 bits, no birthday collision below ~10^11 articles
_PAGE = 500  # rows fetched per query while iterating articles()
_A = schema.articles
_E = schema.events
_EA = schema.event_articles


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _iso(value: str | date | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def open_store(url: str | None = None, *, busy_timeout: float = 5.0, read_only: bool = False,
               migrate: bool = True) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url``: ``None`` for ``$RASHOMON_DB`` or ``./rashomon.db``; a file path or
    ``sqlite:///PATH`` for SQLite; ``postgresql://USER@HOST/DB`` for PostgreSQL.
    ``busy_timeout``: seconds to wait for another writer before
    :class:`StoreLocked`.  Raises :class:`StoreSchemaError` if the database was
    written by a newer Rashomon.
    """
    target = resolve_target(url)
    if read_only and target.path is not None and not target.path.exists():
        raise StoreNotFound("no database file to open read-only", source=target.display)
    store = Store(make_engine(target, busy_timeout=busy_timeout, read_only=read_only), target,
                  busy_timeout=busy_timeout, read_only=read_only)
    try:
        version = store.schema_version()
        if version > schema.LATEST:
            raise StoreSchemaError(f"the database has schema v{version}, this Rashomon knows up to "
                                   f"v{schema.LATEST}: upgrade Rashomon to open it", source=target.display)
        if version < schema.LATEST:
            if read_only:
                raise StoreSchemaError(f"the database has schema v{version} and needs migrating to "
                                       f"v{schema.LATEST}: open it writable once", source=target.display)
            if migrate:
                store.migrate()
    except BaseException:
        store.close()
        raise
    return store


class Store:
    """See :func:`open_store`."""

    def __init__(self, engine: sa.Engine, target: Target, *, busy_timeout: float, read_only: bool) -> None:
        self.engine = engine
        self.target = target
        self.backend = target.backend
        self.read_only = read_only
        self.busy_timeout = busy_timeout
        self._local = threading.local()  # the connection of an open transaction(), per thread

    def __repr__(self) -> str:
        return f"Store({self.target.display!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as exc:
            raise translate_error(exc, self.target, self.busy_timeout) from exc

    @property
    def _conn(self) -> sa.Connection | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them are committed at the end, or none if the block raises.

        Nested blocks are savepoints: an exception caught inside the outer block
        undoes only the inner one.
        """
        outer = self._conn
        if outer is not None:
            with self._errors(), outer.begin_nested():
                yield
            return
        self._check_writable()
        with self._errors(), self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._local.conn = conn
                try:
                    yield
                finally:
                    self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        if self._conn is not None:  # inside transaction(): its commit is the one that counts
            with self._errors():
                yield self._conn
            return
        self._check_writable()
        with self._errors(), self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        if self._conn is not None:
            with self._errors():
                yield self._conn
            return
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreReadOnly("the store was opened read-only", source=self.target.display)

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self._read() as conn:
            return schema.schema_version(conn)

    def migrate(self) -> list[int]:
        """Apply pending migrations in one transaction; returns the versions applied."""
        with self._write() as conn:
            applied = schema.apply_migrations(conn)
        return applied

    # -- articles -----------------------------------------------------------------------------

    def add_article(self, article: Article) -> AddResult:
        """Store ``article`` unless its text is already stored (see :class:`AddResult`)."""
        if not article.text.strip():
            raise StoreError("an article with no text cannot be stored", source=article.source)
        digest = content_hash(article.text)
        curl = canonical_url(article.url)
        row = article_to_row(article)
        with self._write() as conn:
            # another writer may insert between our look-up and insert (PostgreSQL runs
            # writers concurrently): the unique constraints turn that into "no row
            # inserted", and we look again
            for _attempt in range(3):
                found = conn.execute(sa.select(_A.c.key, _A.c.version)
                                     .where(_A.c.content_hash == digest)).first()
                if found is not None:
                    return AddResult("duplicate", found.key, found.version)
                version = 1
                if curl is not None:
                    latest = conn.execute(sa.select(sa.func.max(_A.c.version))
                                          .where(_A.c.canonical_url == curl)).scalar()
                    version = int(latest or 0) + 1
                now = _now()
                key = digest[:KEY_LENGTH]
                values = dict(row, key=key, canonical_url=curl, content_hash=digest, version=version,
                              ingested_at=now, sort_date=article.published or now)
                stmt = insert_ignoring_conflicts(conn, _A).values(**values).returning(_A.c.key)
                if conn.execute(stmt).first() is not None:
                    return AddResult("new_version" if version > 1 else "added", key, version)
        raise StoreError(f"could not insert article (key {key} conflicts with another text)",
                         source=article.source)

    def stored_hashes(self, digests: Iterable[str]) -> set[str]:
        """The content hashes (:func:`content_hash`) among ``digests`` whose text is stored."""
        wanted = list(dict.fromkeys(digests))
        found: set[str] = set()
        with self._read() as conn:
            for i in range(0, len(wanted), 500):  # keep IN lists well under driver limits
                found.update(conn.execute(sa.select(_A.c.content_hash)
                                          .where(_A.c.content_hash.in_(wanted[i:i + 500]))).scalars())
        return found

    def get_article(self, key: str) -> Article:
        return self.get_stored(key).article

    def get_stored(self, key: str) -> StoredArticle:
        with self._read() as conn:
            row = conn.execute(sa.select(_A).where(_A.c.key == key)).mappings().first()
        if row is None:
            raise StoreNotFound(f"no article with key {key!r}")
        return row_to_stored(row)

    def versions(self, url: str) -> list[StoredArticle]:
        """Every stored text of the article at ``url`` (compared canonically), oldest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_A).where(_A.c.canonical_url == canonical_url(url))
                                .order_by(_A.c.version)).mappings().all()
        return [row_to_stored(r) for r in rows]

    def articles(self, since: str | date | None = None, until: str | date | None = None,
                 limit: int | None = None) -> Iterator[StoredArticle]:
        """Articles in time order (published date, else ingestion time), ``since <= t < until``.

        The window is half-open so consecutive windows never share an article.
        Rows are fetched a page at a time: other writes may go on while iterating.
        """
        since_s, until_s = _iso(since), _iso(until)
        last: tuple[str, int] | None = None
        left = limit
        while left is None or left > 0:
            page = _PAGE if left is None else min(_PAGE, left)
            query = sa.select(_A).order_by(_A.c.sort_date, _A.c.id).limit(page)
            if since_s is not None:
                query = query.where(_A.c.sort_date >= since_s)
            if until_s is not None:
                query = query.where(_A.c.sort_date < until_s)
            if last is not None:
                query = query.where(sa.tuple_(_A.c.sort_date, _A.c.id) > sa.tuple_(*last))
            with self._read() as conn:
                rows = conn.execute(query).mappings().all()
            for row in rows:
                yield row_to_stored(row)
            if len(rows) < page:
                return
            last = (rows[-1]["sort_date"], rows[-1]["id"])
            if left is not None:
                left -= len(rows)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts (syntax: :mod:`rashomon.store.search`)."""
        with self._read() as conn:
            return _search(conn, query, limit)

    # -- analyses -----------------------------------------------------------------------------

    def save_analysis(self, article_key: str, stage_versions: Mapping[str, str], payload: Any) -> None:
        """Keep ``payload`` as the analysis of one article by these stage versions (replacing
        an earlier one by the same versions)."""
        versions = dict(stage_versions)
        values = {"article_key": article_key, "stage_hash": stage_versions_hash(versions),
                  "stage_versions": versions, "payload": payload, "created_at": _now()}
        with self._write() as conn:
            self._require(conn, _A.c.key, article_key, "article")
            upsert(conn, schema.analyses, values, ["article_key", "stage_hash"],
                   {"payload": payload, "created_at": values["created_at"]})

    def get_analysis(self, article_key: str, stage_versions: Mapping[str, str]) -> Any | None:
        """The payload saved for these exact stage versions, or None (a cache miss)."""
        t = schema.analyses
        with self._read() as conn:
            row = conn.execute(sa.select(t.c.payload).where(
                t.c.article_key == article_key,
                t.c.stage_hash == stage_versions_hash(dict(stage_versions)))).first()
        return None if row is None else row.payload

    # -- events -------------------------------------------------------------------------------

    def upsert_event(self, title: str, *, event_id: str | None = None, first_seen: str | None = None,
                     last_seen: str | None = None, summary: Any = None) -> str:
        """Create the event (a new id unless ``event_id``) or update the fields given; returns its id."""
        event_id = event_id or "e" + uuid.uuid4().hex[:12]
        now = _now()
        values = {"id": event_id, "title": title, "first_seen": first_seen, "last_seen": last_seen,
                  "summary": summary, "created_at": now, "updated_at": now}
        update: dict[str, Any] = {"title": title, "updated_at": now}
        update.update({k: v for k, v in (("first_seen", first_seen), ("last_seen", last_seen),
                                          ("summary", summary)) if v is not None})
        with self._write() as conn:
            upsert(conn, _E, values, ["id"], update)
        return event_id

    def assign_event(self, article_key: str, event_id: str) -> None:
        """Put the article in the event (moving it out of any other), and widen the
        event's first/last seen to the article's date."""
        with self._write() as conn:
            when = self._require(conn, _A.c.key, article_key, "article", _A.c.sort_date)
            self._require(conn, _E.c.id, event_id, "event")
            upsert(conn, _EA, {"event_id": event_id, "article_key": article_key, "assigned_at": _now()},
                   ["article_key"], {"event_id": event_id})
            conn.execute(sa.update(_E).where(_E.c.id == event_id).values(
                first_seen=sa.case((sa.or_(_E.c.first_seen.is_(None), _E.c.first_seen > when), when),
                                   else_=_E.c.first_seen),
                last_seen=sa.case((sa.or_(_E.c.last_seen.is_(None), _E.c.last_seen < when), when),
                                  else_=_E.c.last_seen)))

    def refresh_event_dates(self, event_id: str) -> None:
        """Set the event's first/last seen to its articles' earliest and latest dates (after some
        of them moved to another event: :meth:`assign_event` only ever widens them); nothing
        for an unknown event."""
        with self._write() as conn:
            span = conn.execute(sa.select(sa.func.min(_A.c.sort_date), sa.func.max(_A.c.sort_date))
                                .join(_EA, _EA.c.article_key == _A.c.key)
                                .where(_EA.c.event_id == event_id)).first()
            first, last = span if span is not None else (None, None)
            conn.execute(sa.update(_E).where(_E.c.id == event_id)
                         .values(first_seen=first, last_seen=last, updated_at=_now()))

    def delete_event_if_empty(self, event_id: str) -> bool:
        """Delete the event if none of its articles is left (an event clusterer merged it into
        another and its articles moved there); returns whether it was deleted. Saved reports
        on it stay, without the link."""
        with self._write() as conn:
            left = conn.execute(sa.select(sa.func.count()).where(_EA.c.event_id == event_id)).scalar()
            if left:
                return False
            return bool(conn.execute(sa.delete(_E).where(_E.c.id == event_id)).rowcount)

    def event_of(self, article_key: str) -> str | None:
        with self._read() as conn:
            return conn.execute(sa.select(_EA.c.event_id).where(_EA.c.article_key == article_key)).scalar()

    def events(self, limit: int | None = None) -> list[EventRow]:
        """Events, most recently seen first."""
        count = sa.func.count(_EA.c.article_key)
        query = (sa.select(_E.c.id, _E.c.title, _E.c.first_seen, _E.c.last_seen, count.label("n"))
                 .select_from(_E.outerjoin(_EA, _EA.c.event_id == _E.c.id))
                 .group_by(_E.c.id, _E.c.title, _E.c.first_seen, _E.c.last_seen)
                 .order_by(_E.c.last_seen.desc().nulls_last(), _E.c.id).limit(limit))
        with self._read() as conn:
            rows = conn.execute(query).all()
            outlets = self._outlets(conn, [r.id for r in rows])
        return [EventRow(r.id, r.title, r.first_seen, r.last_seen, tuple(sorted(outlets.get(r.id, ()))),
                         int(r.n)) for r in rows]

    def get_event(self, event_id: str) -> EventRow:
        with self._read() as conn:
            row = conn.execute(sa.select(_E).where(_E.c.id == event_id)).first()
            if row is None:
                raise StoreNotFound(f"no event with id {event_id!r}")
            n = conn.execute(sa.select(sa.func.count()).where(_EA.c.event_id == event_id)).scalar()
            outlets = self._outlets(conn, [event_id])
        return EventRow(row.id, row.title, row.first_seen, row.last_seen,
                        tuple(sorted(outlets.get(event_id, ()))), int(n or 0))

    def event_articles(self, event_id: str) -> list[Article]:
        """The event's articles in time order."""
        with self._read() as conn:
            self._require(conn, _E.c.id, event_id, "event")
            rows = conn.execute(sa.select(_A).join(_EA, _EA.c.article_key == _A.c.key)
                                .where(_EA.c.event_id == event_id)
                                .order_by(_A.c.sort_date, _A.c.id)).mappings().all()
        return [row_to_stored(r).article for r in rows]

    @staticmethod
    def _outlets(conn: sa.Connection, event_ids: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for i in range(0, len(event_ids), 500):  # keep IN lists well under driver limits
            rows = conn.execute(sa.select(_EA.c.event_id, _A.c.outlet).distinct()
                                .join(_A, _A.c.key == _EA.c.article_key)
                                .where(_EA.c.event_id.in_(event_ids[i:i + 500]), _A.c.outlet.is_not(None)))
            for event_id, outlet in rows:
                found.setdefault(event_id, set()).add(outlet)
        return found

    # -- reports ------------------------------------------------------------------------------

    def save_report(self, report: Mapping[str, Any], event_id: str | None = None) -> str:
        report_id = uuid.uuid4().hex
        with self._write() as conn:
            if event_id is not None:
                self._require(conn, _E.c.id, event_id, "event")
            conn.execute(sa.insert(schema.reports).values(id=report_id, event_id=event_id,
                                                          created_at=_now(), report=dict(report)))
        return report_id

    def get_report(self, report_id: str) -> dict[str, Any]:
        with self._read() as conn:
            row = conn.execute(sa.select(schema.reports.c.report)
                               .where(schema.reports.c.id == report_id)).first()
        if row is None:
            raise StoreNotFound(f"no report with id {report_id!r}")
        return dict(row.report)

    # -- named state --------------------------------------------------------------------------

    def get_state(self, name: str) -> dict[str, Any] | None:
        """A JSON document saved by :meth:`set_state`, or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(schema.state.c.value).where(schema.state.c.name == name)).first()
        return None if row is None else dict(row.value)

    def set_state(self, name: str, value: Mapping[str, Any]) -> None:
        """Save (replace) a named JSON document, inside the caller's transaction if there is one."""
        with self._write() as conn:
            conn.execute(sa.delete(schema.state).where(schema.state.c.name == name))
            conn.execute(sa.insert(schema.state).values(name=name, value=dict(value), updated_at=_now()))

    # -- bookkeeping --------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        def count(table: sa.Table) -> int:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)

        with self._read() as conn:
            urls = conn.execute(sa.select(sa.func.count(sa.distinct(_A.c.canonical_url)))).scalar()
            no_url = conn.execute(sa.select(sa.func.count()).where(_A.c.canonical_url.is_(None))).scalar()
            return StoreStats(backend=self.backend, schema_version=schema.schema_version(conn),
                              articles=count(_A), canonical_urls=int(urls or 0) + int(no_url or 0),
                              events=count(_E), analyses=count(schema.analyses),
                              reports=count(schema.reports))

    @staticmethod
    def _require(conn: sa.Connection, column: sa.Column[Any], value: str, what: str,
                 returning: sa.Column[Any] | None = None) -> Any:
        found = conn.execute(sa.select(returning if returning is not None else column)
                             .where(column == value)).first()
        if found is None:
            raise StoreNotFound(f"no {what} with {'key' if what == 'article' else 'id'} {value!r}")
        return found[0]
