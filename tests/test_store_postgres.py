"""The store battery of ``test_store_contract.py`` on a real PostgreSQL server.

The test finds ``initdb``/``pg_ctl`` (``/usr/lib/postgresql/*/bin`` or PATH),
installs the ``postgresql`` package with apt-get when they are missing and we
are root, initialises a throw-away cluster in a temporary directory (as the
``postgres`` user when we are root: the server refuses to run as root),
starts it on 127.0.0.1 with a free port and its socket in that directory, and
gives every test a fresh database.  Where any step is impossible, the tests
are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import test_store_contract as contract
from rashomon.store import StoreLocked, StoreReadOnly, open_store
from test_store_contract import make_article

pytestmark = pytest.mark.slow

# the same tests, collected again in this module with its own store_url fixture
for _name in dir(contract):
    if _name.startswith("test_"):
        globals()[_name] = getattr(contract, _name)
store = contract.store  # the fixture, built on this module's store_url


def _bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]),
                            reverse=True):
        if os.access(Path(candidate) / "initdb", os.X_OK) and os.access(Path(candidate) / "pg_ctl", os.X_OK):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


def _install() -> str | None:
    """Install PostgreSQL with apt-get; the reason it could not, or None."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "PostgreSQL (initdb, pg_ctl) is not installed and cannot be (needs root and apt-get)"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"]
    try:
        if subprocess.run(command, env=env, capture_output=True, timeout=600).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
            run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
            if run.returncode != 0:
                return f"apt-get install postgresql failed: {run.stderr.strip().splitlines()[-1:]}"
    except subprocess.TimeoutExpired:
        return "apt-get install postgresql took more than 600 s"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server on loopback for this module; yields its base URL."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[pg]'")
    bindir = _bindir()
    if bindir is None:
        reason = _install()
        bindir = _bindir()
        if bindir is None:
            pytest.skip(reason or "PostgreSQL installed but initdb/pg_ctl not found")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="rashomon-pg-"))  # outside pytest's 0700 tmp dir
    base.chmod(0o755)
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        if not shutil.which("runuser"):
            pytest.skip("running as root and runuser is missing: cannot start the server as 'postgres'")
        os.chown(base, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    try:
        init = subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                         "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                              capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            pytest.skip(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        # fsync off: a test server; the kill -9 test kills the client, never the server
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off"
        start = subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                                          "-w", "-t", "60", "-o", options, "start"],
                               capture_output=True, text=True, timeout=120)
        if start.returncode != 0:
            log = (base / "log").read_text(errors="replace") if (base / "log").exists() else start.stderr
            pytest.skip(f"PostgreSQL did not start: {log.strip().splitlines()[-1:]}")
        yield f"postgresql://postgres@127.0.0.1:{port}"
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def store_url(pg_server: str) -> Iterator[str]:
    """A fresh database per test."""
    import psycopg

    name = "rashomon_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{pg_server}/{name}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_store_postgres_uses_tsvector_search(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.backend == "postgresql"
        store.add_article(make_article(1, text="The junta expelled the troops from Niamey."))
        store.add_article(make_article(2, text="Troops were expelled, the junta said."))
        hits = store.search("expelling troop")  # English stemming
        assert len(hits) == 2 and all("[" in h.snippet for h in hits)
        # only stop words: the tsquery is empty, so the phrase is scanned for with ILIKE
        assert len(store.search("the")) == 2 and all(h.score == 0.0 for h in store.search("the"))
        assert store.search("who") == []
        assert len(store.search("said.")) == 1
        with store.engine.connect() as conn:
            plan = "\n".join(conn.execute(sa.text(
                "EXPLAIN SELECT 1 FROM articles WHERE search_vector @@ websearch_to_tsquery('english', 'x')"
            )).scalars())
        assert "articles" in plan


def test_store_postgres_lock_timeout_is_store_locked(store_url: str) -> None:
    import psycopg

    with open_store(store_url) as store:
        store.add_article(make_article(0))
    with psycopg.connect(store_url) as other:
        other.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")
        with open_store(store_url, busy_timeout=0.3) as store, pytest.raises(StoreLocked) as info:
            store.add_article(make_article(1))
        assert str(info.value).startswith("[R703] ") and "\n" not in str(info.value)
        other.rollback()


def test_store_postgres_read_only(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_article(make_article(0))
    with open_store(store_url, read_only=True) as store:
        assert store.stats().articles == 1
        with pytest.raises(StoreReadOnly):
            store.add_article(make_article(1))
        with pytest.raises(StoreReadOnly, match="read-only"), store.engine.begin() as conn:
            try:
                conn.execute(sa.text("DELETE FROM articles"))
            except sa.exc.DBAPIError as exc:
                from rashomon.store.backend import translate_error

                raise translate_error(exc, store.target, 1.0) from exc
