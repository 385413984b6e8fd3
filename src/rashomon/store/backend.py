"""Where the database is and how to talk to it: URL resolution, engines, and
turning driver errors into one-line :class:`StoreError` messages.

Everything SQLite- or PostgreSQL-specific outside the schema's full-text DDL
and :mod:`rashomon.store.search` lives here.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import QueuePool, StaticPool

from rashomon.store.errors import (
    StoreBackendMissing,
    StoreDiskFull,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreSchemaError,
    StoreURLError,
)

Backend = Literal["sqlite", "postgresql"]
DEFAULT_PATH = "rashomon.db"
WRITE_OPTION = "rashomon_write"  # execution option: open the transaction for writing


@dataclass(frozen=True)
class Target:
    backend: Backend
    url: sa.URL
    path: Path | None  # the SQLite file; None for PostgreSQL and ":memory:"
    display: str  # for messages: the path, or the URL without its password


def resolve_target(url: str | None) -> Target:
    """``None`` → ``$RASHOMON_DB`` or ``./rashomon.db``; a path → SQLite;
    ``sqlite:///PATH`` or ``postgresql://...`` → that database."""
    raw = (url if url is not None else os.environ.get("RASHOMON_DB") or DEFAULT_PATH).strip()
    if not raw:
        raise StoreURLError("empty database path or URL")
    if "://" not in raw:
        return _sqlite_target(raw)
    scheme = raw.split("://", 1)[0].lower()
    try:
        parsed = sa.make_url(raw)
    except sa.exc.ArgumentError as exc:
        raise StoreURLError(f"cannot parse database URL: {exc}") from None
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return _sqlite_target(parsed.database or ":memory:")
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+psycopg")
        return Target("postgresql", parsed, None, parsed.render_as_string(hide_password=True))
    raise StoreURLError(f"unknown database URL scheme {scheme!r}: use a file path, sqlite:///PATH "
                        "or postgresql://USER@HOST/DB")


def _sqlite_target(path: str) -> Target:
    if path == ":memory:":
        return Target("sqlite", sa.make_url("sqlite://"), None, ":memory:")
    file = Path(path).expanduser()
    if not file.parent.is_dir():
        raise StoreURLError(f"directory {file.parent} does not exist", source=str(file))
    return Target("sqlite", sa.make_url(f"sqlite:///{file}"), file, str(file))


def make_engine(target: Target, *, busy_timeout: float, read_only: bool) -> sa.Engine:
    if target.backend == "postgresql":
        return _postgres_engine(target, busy_timeout=busy_timeout, read_only=read_only)
    return _sqlite_engine(target, busy_timeout=busy_timeout, read_only=read_only)


def _sqlite_engine(target: Target, *, busy_timeout: float, read_only: bool) -> sa.Engine:
    path = target.path

    def connect() -> sqlite3.Connection:
        # isolation_level=None: the driver never opens transactions behind our back;
        # the "begin" hook below issues BEGIN / BEGIN IMMEDIATE itself (SQLAlchemy's recipe)
        if path is None:
            return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if read_only:
            return _connect_read_only(path, busy_timeout)
        return sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False)

    engine = sa.create_engine("sqlite+pysqlite://", creator=connect,
                              poolclass=StaticPool if path is None else QueuePool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if path is not None and not read_only:
            # WAL: readers never block the writer; a killed writer leaves an uncommitted
            # tail that the next opener discards.  NORMAL sync is safe against process
            # crashes (kill -9) and loses at most the last commits on power loss.
            try:
                cur.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # locked by another process mid-switch, or read-only: keep the current mode
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # a writer takes the write lock up front (IMMEDIATE), so the busy timeout applies
        # and two writers never deadlock upgrading read locks
        write = conn.get_execution_options().get(WRITE_OPTION) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise
    # a WAL database in a directory we cannot write: SQLite cannot create the shared-memory
    # file readers need.  immutable=1 reads without it, trusting nobody writes meanwhile,
    # which holds as far as we can tell: we could not have written there either.
    conn.close()
    return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)


def _postgres_engine(target: Target, *, busy_timeout: float, read_only: bool) -> sa.Engine:
    options = f"-c lock_timeout={int(busy_timeout * 1000)}"
    if read_only:
        options += " -c default_transaction_read_only=on"
    try:
        return sa.create_engine(target.url, connect_args={"options": options}, pool_pre_ping=True)
    except ModuleNotFoundError:
        raise StoreBackendMissing("PostgreSQL needs the psycopg driver: pip install 'rashomon[pg]'",
                                  source=target.display) from None


def insert_ignoring_conflicts(conn: sa.Connection, table: sa.Table) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the connection's dialect."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing()


def upsert(conn: sa.Connection, table: sa.Table, values: dict[str, Any], keys: list[str],
           update: dict[str, Any]) -> None:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE SET update`` in the connection's dialect."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def translate_error(exc: sa.exc.DBAPIError, target: Target, busy_timeout: float) -> StoreError:
    """A one-line StoreError for a driver error."""
    orig = exc.orig if exc.orig is not None else exc
    msg = _first_line(orig)
    low = msg.lower()
    where = target.display
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if "locked" in low or "database is busy" in low or sqlstate in ("55P03", "40P01"):
        return StoreLocked(f"database is locked: another process held it for more than {busy_timeout:g}s "
                           f"({msg}); retry, or raise the busy timeout", source=where)
    if "readonly" in low or "read-only" in low or sqlstate in ("25006", "42501"):
        return StoreReadOnly(f"database is read-only ({msg}): check the permissions of the file and its "
                             "directory, or open it read-only to read it", source=where)
    if "disk is full" in low or sqlstate == "53100" or "no space left" in low:
        return StoreDiskFull(f"disk full ({msg}): the transaction was rolled back and the database is "
                             "unchanged; free space and re-run", source=where)
    if "unable to open database file" in low:
        folder = target.path.parent if target.path is not None else None
        if folder is not None and not os.access(folder, os.W_OK):
            return StoreReadOnly(f"cannot open the database: directory {folder} is not writable",
                                 source=where)
        return StoreError(f"cannot open the database ({msg})", source=where)
    if "file is not a database" in low:
        return StoreSchemaError(f"not a SQLite database ({msg})", source=where)
    if sqlstate.startswith("08") or "connection" in low and target.backend == "postgresql":
        return StoreError(f"cannot connect to the database ({msg})", source=where)
    return StoreError(msg, source=where)
