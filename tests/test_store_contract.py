"""The store's behaviour, backend-agnostic: every test here takes ``store_url``.

This module runs them on SQLite; ``test_store_postgres.py`` runs the same
functions on a real PostgreSQL server by defining its own ``store_url``.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from rashomon.models import Article, Paragraph
from rashomon.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    StoreNotFound,
    StoreQueryError,
    StoreSchemaError,
    open_store,
)


def make_article(i: int, *, url: str | None = "auto", text: str | None = None, outlet: str = "Wire",
                 published: str | None = "2024-04-10") -> Article:
    title = f"Story {i}: flood in river town {i}"
    body = text if text is not None else (
        f"Officials said {i} people were evacuated after the river burst its banks. "
        "Rescue teams worked through the night. " * 3)
    full = f"{title}\n\n{body}"
    return Article(id=f"a{i}", source=f"synthetic-{i}.txt", text=full,
                   paragraphs=(Paragraph(0, len(title), "title"), Paragraph(len(title) + 2, len(full))),
                   outlet=outlet, title=title, published=published,
                   url=f"https://news.example.com/story/{i}" if url == "auto" else url,
                   metadata=(("section", "world"),))


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return str(tmp_path / "corpus.db")


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        yield s


def count(store: Store) -> int:
    return store.stats().articles


# -- migrations -------------------------------------------------------------------------------


def test_store_migrations_fresh_reopen_and_newer_refused(store_url: str) -> None:
    with open_store(store_url, migrate=False) as raw:
        assert raw.schema_version() == 0
        assert raw.migrate() == list(range(1, SCHEMA_VERSION + 1))
        assert raw.migrate() == []  # nothing pending
    with open_store(store_url) as again:
        assert again.schema_version() == SCHEMA_VERSION
        with again.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO schema_migrations (version, name, applied_at) "
                                 "VALUES (:v, 'from the future', 'now')"), {"v": SCHEMA_VERSION + 1})
    with pytest.raises(StoreSchemaError, match=r"^\[R702\] .*schema v\d+, this Rashomon knows up to"):
        open_store(store_url)


# -- articles -----------------------------------------------------------------------------


def test_store_add_duplicate_and_new_version(store: Store) -> None:
    first = store.add_article(make_article(1))
    assert (first.status, first.version) == ("added", 1)
    assert store.add_article(make_article(1)) == dataclasses.replace(first, status="duplicate")
    # the same text under another URL (a wire copy) is the same article
    assert store.add_article(make_article(1, url="https://other.example/x")).status == "duplicate"
    # whitespace-only differences are not a new version
    spaced = make_article(1)
    assert store.add_article(dataclasses.replace(spaced, text=spaced.text.replace(" ", "  "))).status \
        == "duplicate"
    edited = store.add_article(make_article(1, text="Updated: 12 people were evacuated.",
                                            url="HTTPS://News.Example.com/story/1/?utm_source=rss#top"))
    assert (edited.status, edited.version) == ("new_version", 2)
    assert edited.key != first.key
    assert [v.version for v in store.versions("https://news.example.com/story/1")] == [1, 2]
    assert count(store) == 2
    assert store.stats().canonical_urls == 1


def test_store_get_article_round_trip(store: Store) -> None:
    article = make_article(7)
    key = store.add_article(article).key
    got = store.get_article(key)
    assert got == dataclasses.replace(article, id=key)
    stored = store.get_stored(key)
    assert stored.canonical_url == "https://news.example.com/story/7"
    assert len(stored.content_hash) == 64
    with pytest.raises(StoreNotFound, match=r"^\[R707\] no article with key 'nope'"):
        store.get_article("nope")
    with pytest.raises(StoreError, match="no text"):
        store.add_article(Article(id="x", source="blank.txt", text="  \n ", paragraphs=()))


def test_store_articles_time_window_and_paging(store: Store) -> None:
    with store.transaction():
        for i in range(1200):  # more than one page of 500
            store.add_article(make_article(i, published=f"2024-04-{1 + i % 20:02d}"))
    window = list(store.articles(since="2024-04-05", until="2024-04-10"))
    assert len(window) == 5 * 60
    assert all("2024-04-05" <= (s.article.published or "") < "2024-04-10" for s in window)
    dates = [s.article.published or "" for s in store.articles()]
    assert len(dates) == 1200 and dates == sorted(dates)
    assert len(list(store.articles(limit=501))) == 501
    assert len({s.key for s in store.articles()}) == 1200


# -- search -------------------------------------------------------------------------------


def test_store_search_finds_ranks_and_snippets(store: Store) -> None:
    store.add_article(make_article(1, text="The junta in Niamey expelled the troops."))
    store.add_article(make_article(2, text="A football match in Lagos ended in a draw."))
    store.add_article(make_article(3, text="Niger's junta said the troops must leave; the junta insisted."))
    hits = store.search("junta troops")
    assert {h.key for h in hits} == {store.get_stored(h.key).key for h in hits}
    assert len(hits) == 2 and all("junta" in h.snippet.lower() for h in hits)
    assert "[" in hits[0].snippet and hits[0].outlet == "Wire"
    assert hits[0].score >= hits[1].score
    assert [h.title for h in store.search('"football match"')] == ["Story 2: flood in river town 2"]
    assert len(store.search("junta -Niamey")) == 1
    assert len(store.search("football OR Niamey")) == 2
    assert store.search("Niger's") and store.search("nothingmatchesthis") == []
    assert len(store.search("flood", limit=2)) == 2


@pytest.mark.parametrize("query", ['"unclosed phrase', "   ", ""])
def test_store_search_bad_query_is_one_line_error(store: Store, query: str) -> None:
    store.add_article(make_article(1))
    with pytest.raises(StoreQueryError) as info:
        store.search(query)
    assert str(info.value).startswith("[R706] ") and "\n" not in str(info.value)


# -- transactions -------------------------------------------------------------------------


def test_store_transaction_rolls_back_on_exception(store: Store) -> None:
    store.add_article(make_article(0))
    with pytest.raises(RuntimeError, match="boom"), store.transaction():
        for i in range(1, 6):
            store.add_article(make_article(i))
        raise RuntimeError("boom")
    assert count(store) == 1
    assert store.search("town") and len(store.search("town")) == 1  # the full-text index rolled back too
    with store.transaction():
        store.add_article(make_article(1))
        with pytest.raises(RuntimeError), store.transaction():  # nested: a savepoint
            store.add_article(make_article(2))
            raise RuntimeError("inner")
        store.add_article(make_article(3))
    assert count(store) == 3


# -- analyses, events, reports ------------------------------------------------------------


def test_store_analyses_keyed_by_stage_versions(store: Store) -> None:
    key = store.add_article(make_article(1)).key
    v1 = {"rashomon.sentences": "v1", "rashomon.entities": "v2"}
    assert store.get_analysis(key, v1) is None
    store.save_analysis(key, v1, {"sentences": 3})
    store.save_analysis(key, dict(reversed(list(v1.items()))), {"sentences": 4})  # same versions: replaced
    store.save_analysis(key, {**v1, "rashomon.entities": "v3"}, {"sentences": 5})
    assert store.get_analysis(key, v1) == {"sentences": 4}
    assert store.stats().analyses == 2
    with pytest.raises(StoreNotFound):
        store.save_analysis("missing", v1, {})


def test_store_events_and_reports(store: Store) -> None:
    keys = [store.add_article(make_article(i, outlet=o, published=d)).key
            for i, (o, d) in enumerate([("AFP", "2024-04-10"), ("Reuters", "2024-04-12"), ("AFP", "2024-04-11")])]
    other = store.add_article(make_article(9, outlet="BBC", published="2024-05-01")).key
    ev = store.upsert_event("Floods in the river towns", summary={"entities": ["river"]})
    ev2 = store.upsert_event("Another event", event_id="e-custom")
    assert ev2 == "e-custom"
    for k in keys + [other]:
        store.assign_event(k, ev)
    store.assign_event(other, ev2)  # moved, not duplicated
    assert store.event_of(other) == ev2
    row = store.get_event(ev)
    assert (row.article_count, row.outlets, row.first_seen, row.last_seen) == (
        3, ("AFP", "Reuters"), "2024-04-10", "2024-05-01")  # widened by the article that later moved
    assert [a.id for a in store.event_articles(ev)] == [keys[0], keys[2], keys[1]]
    assert {e.id: e.article_count for e in store.events()} == {ev: 3, ev2: 1}
    store.upsert_event("Floods (renamed)", event_id=ev)
    assert store.get_event(ev).title == "Floods (renamed)" and store.get_event(ev).first_seen == "2024-04-10"
    rid = store.save_report({"facts": [1, 2], "articles": ["x"]}, event_id=ev)
    assert store.get_report(rid) == {"facts": [1, 2], "articles": ["x"]}
    assert store.get_report(store.save_report({"standalone": True})) == {"standalone": True}
    with pytest.raises(StoreNotFound):
        store.get_report("nope")
    with pytest.raises(StoreNotFound):
        store.assign_event(keys[0], "no-such-event")
    with pytest.raises(StoreNotFound):
        store.event_articles("no-such-event")
    stats = store.stats()
    assert (stats.articles, stats.events, stats.reports, stats.schema_version) == (4, 2, 2, SCHEMA_VERSION)


# -- kill -9 and idempotent re-runs -------------------------------------------------------

INGEST = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[5])
    from test_store_contract import make_article
    from rashomon.store import open_store
    url, n, batch, delay = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    added = duplicate = 0
    with open_store(url) as store:
        for start in range(0, n, batch):
            with store.transaction():
                for i in range(start, min(n, start + batch)):
                    status = store.add_article(make_article(i)).status
                    added += status == "added"
                    duplicate += status == "duplicate"
                    time.sleep(delay)  # inside the transaction: a kill lands mid-transaction
            print("committed", min(n, start + batch), flush=True)
    print("summary", added, duplicate, flush=True)
""")


def run_ingest(url: str, n: int, batch: int, delay: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", INGEST, url, str(n), str(batch), str(delay),
                             str(Path(__file__).parent)], stdout=subprocess.PIPE, text=True)


def check_consistent(store: Store) -> None:
    if store.backend == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # raises if the FTS index and the articles table disagree
            conn.exec_driver_sql("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.parametrize("batch", [1, 25])
def test_store_kill_9_midway_then_rerun_finishes_without_duplicates(store_url: str, batch: int) -> None:
    n = 300
    open_store(store_url).close()  # create the schema first, so the kill never lands in a migration
    child = run_ingest(store_url, n, batch, delay=0.004)
    assert child.stdout is not None
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < n // 3 and time.monotonic() < deadline:
        line = child.stdout.readline()
        assert line.startswith("committed"), line
        acknowledged = int(line.split()[1])
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with open_store(store_url) as store:
        check_consistent(store)
        stored = count(store)
        # all or nothing per transaction: the acknowledged ones, plus at most the one
        # whose commit landed just before the kill
        assert acknowledged <= stored <= acknowledged + batch and stored % batch == 0
        assert stored < n, "the ingest finished before the kill: slow it down"
    rerun = run_ingest(store_url, n, batch)
    out, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    added, duplicate = map(int, out.splitlines()[-1].split()[1:])
    assert (added, duplicate) == (n - stored, stored)
    with open_store(store_url) as store:
        check_consistent(store)
        assert count(store) == n
        assert store.stats().canonical_urls == n
    again = run_ingest(store_url, n, 50)  # a third run: all duplicates, nothing written
    assert again.communicate(timeout=120)[0].splitlines()[-1] == f"summary 0 {n}"


def test_store_concurrent_ingests_store_each_article_once(store_url: str) -> None:
    """Two processes ingesting the same flood of articles at once: each stored once."""
    n = 150
    open_store(store_url).close()
    runs = [run_ingest(store_url, n, 10) for _ in range(2)]
    outs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    totals = [tuple(map(int, out.splitlines()[-1].split()[1:])) for out in outs]
    assert sum(added for added, _ in totals) == n
    assert all(added + duplicate == n for added, duplicate in totals)
    with open_store(store_url) as store:
        check_consistent(store)
        assert count(store) == n
