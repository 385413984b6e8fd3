"""SQLite specifics: pragmas, the default location, and the bad-input cases of
issue 5 (a locked database, a read-only one, a disk that fills)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from rashomon.store import (
    StoreDiskFull,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreSchemaError,
    StoreURLError,
    open_store,
)
from test_store_contract import check_consistent, make_article


def test_store_sqlite_pragmas_and_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RASHOMON_DB", raising=False)
    with open_store() as store, store.engine.connect() as conn:
        assert store.target.path == Path("rashomon.db")
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert (tmp_path / "rashomon.db").exists()
    monkeypatch.setenv("RASHOMON_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        store.add_article(make_article(1))
    with open_store(f"sqlite:///{tmp_path / 'env.db'}") as store:
        assert store.stats().articles == 1


def test_store_sqlite_in_memory() -> None:
    with open_store(":memory:") as store:
        store.add_article(make_article(1))
        assert (store.search("evacuated")[0].title or "").startswith("Story 1")


@pytest.mark.parametrize("url, error", [
    ("mysql://user@host/db", r"\[R701\] unknown database URL scheme 'mysql'"),
    ("http://example.com/db", r"\[R701\] unknown database URL scheme 'http'"),
    ("/no/such/dir/x.db", r"\[R701\] /no/such/dir/x.db: directory /no/such/dir does not exist"),
])
def test_store_bad_urls(url: str, error: str) -> None:
    with pytest.raises(StoreURLError, match=error):
        open_store(url)


def test_store_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all, it only has a .db suffix" * 100)
    with pytest.raises(StoreSchemaError, match=r"^\[R702\] .*not a SQLite database"):
        open_store(str(junk))


def test_store_locked_database_times_out_with_store_locked(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with open_store(str(path)) as store:
        store.add_article(make_article(0))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process mid-write
    try:
        with open_store(str(path), busy_timeout=0.2) as store:
            assert store.stats().articles == 1  # WAL: readers are not blocked
            started = time.monotonic()
            with pytest.raises(StoreLocked) as info:
                store.add_article(make_article(1))
            assert 0.15 <= time.monotonic() - started < 5
            message = str(info.value)
            assert message.startswith("[R703] ") and "database is locked" in message and "\n" not in message
            with pytest.raises(StoreLocked), store.transaction():
                pass
            other.execute("ROLLBACK")
            assert store.add_article(make_article(1)).status == "added"
    finally:
        other.close()


def test_store_read_only_open_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with open_store(str(path)) as store:
        store.add_article(make_article(1))
    with open_store(str(path), read_only=True) as store:
        assert store.stats().articles == 1 and store.search("river")
        with pytest.raises(StoreReadOnly, match=r"^\[R704\] .*read-only"):
            store.add_article(make_article(2))
    with pytest.raises(StoreError, match="no database file"):
        open_store(str(tmp_path / "absent.db"), read_only=True)


def test_store_read_only_connection_error_is_translated(tmp_path: Path) -> None:
    """SQLite's own "attempt to write a readonly database" (simulated with query_only)."""
    with open_store(str(tmp_path / "q.db")) as store:
        store.add_article(make_article(1))
        store.engine.dispose()
        sa.event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA query_only = ON"))
        with pytest.raises(StoreReadOnly) as info:
            store.add_article(make_article(2))
        assert "attempt to write a readonly database" in str(info.value)
        assert "\n" not in str(info.value)


# Run as an unprivileged user: root ignores file modes.  As root, the child loads
# everything it needs first, then drops to "nobody" (the interpreter under /root is
# not readable by nobody, so it cannot simply be started as that user).
READ_ONLY_CHILD = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, sys.argv[2])
    from test_store_contract import make_article
    from rashomon.store import open_store, StoreError, StoreReadOnly
    with open_store(":memory:") as warm:  # import every module while we still can
        warm.add_article(make_article(0)); warm.search("river")
    if os.geteuid() == 0:
        os.setgroups([]); os.setgid(65534); os.setuid(65534)
    with open_store(sys.argv[1], read_only=True) as store:  # reading still works
        print("count", store.stats().articles, len(store.search("river")))
    try:
        with open_store(sys.argv[1]) as store:
            store.add_article(make_article(99))
        print("WROTE")
    except StoreReadOnly as exc:
        print("READONLY", exc)
    except StoreError as exc:
        print("OTHER", exc)
""")


def test_store_read_only_file_and_directory(tmp_path: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="rashomon-ro-"))  # not under pytest's 0700 tmp dir
    try:
        os.chmod(base, 0o755)
        path = base / "ro.db"
        with open_store(str(path)) as store:
            store.add_article(make_article(1))
        path.chmod(0o444)
        base.chmod(0o555)
        run = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, str(path), str(Path(__file__).parent)],
                             capture_output=True, text=True, timeout=60)
        out = run.stdout.strip().splitlines()
        assert run.returncode == 0, run.stderr
        assert out[:1] == ["count 1 1"], (out, run.stderr)
        assert out[-1].startswith("READONLY [R704] "), out
        assert "read-only" in out[-1] or "not writable" in out[-1]
    finally:
        base.chmod(0o755)
        for p in base.iterdir():
            p.chmod(0o644)
        for p in base.iterdir():
            p.unlink()
        base.rmdir()
    with open_store(str(tmp_path / "unused.db")):
        pass


def test_store_disk_full_rolls_back_and_keeps_prior_data(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    with open_store(str(path)) as store:
        with store.transaction():
            for i in range(20):
                store.add_article(make_article(i))
        before = store.search("evacuated", limit=100)
        with store.engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
        # the size cap stands in for a full disk: SQLite reports both as SQLITE_FULL
        store.engine.dispose()
        sa.event.listen(store.engine, "connect",
                        lambda c, _r: c.execute(f"PRAGMA max_page_count = {pages + 8}"))
        big = "The water kept rising through the night. " * 3000  # ~120 kB per article
        with pytest.raises(StoreDiskFull) as info, store.transaction():
            for i in range(100, 110):
                store.add_article(make_article(i, text=f"{i} {big}"))
        message = str(info.value)
        assert message.startswith("[R705] ") and "rolled back" in message and "\n" not in message
        with pytest.raises(StoreDiskFull):  # a single write fails the same way
            store.add_article(make_article(200, text=big))
        assert store.stats().articles == 20  # still usable for reading
    with open_store(str(path)) as store:  # reopened without the cap
        check_consistent(store)
        assert store.stats().articles == 20
        assert store.search("evacuated", limit=100) == before
        assert store.add_article(make_article(100, text=f"100 {'The water rose. ' * 3000}")).status == "added"
