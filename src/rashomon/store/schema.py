"""Tables and versioned migrations.

``schema_migrations`` records which migrations a database has had; the
ordered :data:`MIGRATIONS` bring it to :data:`LATEST`.  To change the schema,
append a migration (never edit an applied one) and, if it alters a table
below, keep the table definition here equal to the *latest* schema: v1 builds
its tables from these definitions, so a v2 that alters one must give v1 a
frozen copy of the old definition first.

The tables are SQLAlchemy Core, shared by SQLite and PostgreSQL; the only
dialect-specific DDL is the full-text index (FTS5 with sync triggers on
SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

log = logging.getLogger(__name__)

metadata = sa.MetaData()
JSON = sa.JSON().with_variant(JSONB(), "postgresql")

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    # integer id: the rowid the FTS5 index points at; ``key`` is the public id
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("origin", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("published", sa.Text),  # ISO date or datetime, as the reader found it
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("paragraphs", JSON, nullable=False),  # [[start, end, role], ...]
    sa.Column("metadata", JSON, nullable=False),  # [[key, value], ...]
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, ... per canonical URL
    sa.Column("ingested_at", sa.Text, nullable=False),
    # published, else ingested_at: the time line articles(since, until) walks
    sa.Column("sort_date", sa.Text, nullable=False),
    sa.UniqueConstraint("canonical_url", "version", name="uq_articles_url_version"),
    sa.Index("ix_articles_sort_date", "sort_date", "id"),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_key", sa.String(40), sa.ForeignKey("articles.key", ondelete="CASCADE"), nullable=False),
    sa.Column("stage_hash", sa.String(32), nullable=False),
    sa.Column("stage_versions", JSON, nullable=False),  # {"rashomon.sentences": "v3", ...}
    sa.Column("payload", JSON, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.UniqueConstraint("article_key", "stage_hash", name="uq_analyses_article_stages"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_seen", sa.Text),
    sa.Column("last_seen", sa.Text),
    sa.Column("summary", JSON),  # centroid, top entities, ... as the clusterer likes
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Index("ix_events_last_seen", "last_seen"),
)

event_articles = sa.Table(
    "event_articles",
    metadata,
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    # one event per article: unique, so re-assigning moves it
    sa.Column("article_key", sa.String(40), sa.ForeignKey("articles.key", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("assigned_at", sa.Text, nullable=False),
    sa.Index("ix_event_articles_event", "event_id"),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="SET NULL")),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("report", JSON, nullable=False),
    sa.Index("ix_reports_event", "event_id"),
)

_SQLITE_FTS = (
    # external-content FTS5 over articles(title, text); porter stemming like PostgreSQL's 'english'
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    # the triggers run inside the writing transaction: the index cannot drift from the table
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
    " INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
    " INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);"
    " END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN"
    " INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);"
    " INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)

_POSTGRES_FTS = (
    "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', text), 'B')) STORED",
    "CREATE INDEX ix_articles_search ON articles USING GIN (search_vector)",
)


state = sa.Table(
    "state",
    metadata,
    # small named JSON documents a pipeline keeps between runs (the event clusterer's state)
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("value", JSON, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)


def _v2_state_table(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[state])


def _v1_create_tables(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[articles, analyses, events, event_articles, reports])
    for statement in _SQLITE_FTS if conn.dialect.name == "sqlite" else _POSTGRES_FTS:
        conn.exec_driver_sql(statement)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, analyses, events, event_articles, reports; full-text index", _v1_create_tables),
    Migration(2, "state: named JSON documents kept between runs", _v2_state_table),
)
LATEST = MIGRATIONS[-1].version

# an arbitrary constant: the PostgreSQL advisory lock two migrating processes queue on
_PG_MIGRATION_LOCK = 0x7261_7368


def schema_version(conn: sa.Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_migrations"):
        return 0
    return int(conn.execute(sa.select(sa.func.max(schema_migrations.c.version))).scalar() or 0)


def apply_migrations(conn: sa.Connection) -> list[int]:
    """Run the pending migrations on ``conn``, inside the caller's (write) transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
    metadata.create_all(conn, tables=[schema_migrations])
    current = schema_version(conn)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        log.info("applying store migration v%d: %s", migration.version, migration.name)
        migration.apply(conn)
        conn.execute(sa.insert(schema_migrations).values(
            version=migration.version, name=migration.name,
            applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
        applied.append(migration.version)
    return applied
