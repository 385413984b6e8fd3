"""The corpus ingest writes in batches: one transaction per batch holds its articles, their
event assignments and the clusterer's state, so whatever stops a run (kill -9, a full disk,
an article the store refuses, another writer) leaves the store and the saved state in step,
and the events come out as one uninterrupted pass of the clusterer would make them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from rashomon.corpus import CLUSTERER_STATE, WINDOW_DAYS, _event_doc, ingest_corpus, save_clusterer
from rashomon.events import EventClusterer
from rashomon.events.cluster import Regroup
from rashomon.ingest import read_source
from rashomon.store import Store, StoreDiskFull, StoreError, content_hash, open_store
from rashomon.store.store import KEY_LENGTH
from test_store_contract import make_article

EVENTS = [
    ("Valparaiso", "earthquake", "A magnitude {m} earthquake struck near Valparaiso, Chile, killing {n} people. "
     "President Gabriel Boric visited the damaged port, where {n2} cranes toppled."),
    ("Accra", "election", "Voters in Ghana chose a parliament. The Electoral Commission in Accra said turnout "
     "reached {n} percent and John Mahama led by {m} points across {n2} constituencies."),
    ("Dayton", "fire", "A fire at a chemical plant in Dayton, Ohio forced {n} families from their homes. "
     "Fire chief Jeffrey Payne said {m} tanks of solvent burned and {n2} firefighters responded."),
    ("Kerala", "flood", "Floods in Kerala cut off {n} villages after monsoon rains. Officials in "
     "Thiruvananthapuram said the Periyar river rose {m} metres and {n2} relief camps opened."),
    ("Rotterdam", "strike", "Dock workers in Rotterdam walked out for {m} days over pay. The FNV union said "
     "{n} ships waited at anchor and {n2} containers piled up at the Maasvlakte terminal."),
    ("Hokkaido", "avalanche", "An avalanche on Mount Asahi in Hokkaido buried {n} skiers. Rescuers from "
     "Asahikawa dug out {m} survivors, and {n2} people remain missing."),
    ("Lagos", "collapse", "A {m}-storey building collapsed in Ikoyi, Lagos, trapping {n} workers. "
     "Governor Babajide Sanwo-Olu ordered an inquiry after {n2} bodies were recovered."),
    ("Quebec", "wildfire", "A wildfire near Chibougamau, Quebec, burned {n} hectares. SOPFEU said {m} water "
     "bombers flew and {n2} residents of Chapais were evacuated."),
]
OUTLETS = ["Daily Ledger", "Morning Post", "Coast Herald", "Valley Times", "Wire Service", "Evening Star"]
START = date(2024, 3, 4)


def write_corpus(root: Path, per_event: int = 15) -> list[str]:
    """About 120 articles, one JSONL file per day over ~4 weeks (events open and leave the
    clusterer's window), each event's articles over its first days, plus one exact wire copy.
    Returns the URLs in reading order."""
    root.mkdir()
    days: dict[int, list[dict[str, str]]] = {}
    for e, (place, what, template) in enumerate(EVENTS):
        for i in range(per_event):
            day = e * 3 + i % 4
            text = template.format(m=3 + i % 5, n=10 + 7 * i + e, n2=40 + 3 * i)
            text += f" {place} residents told the {OUTLETS[i % len(OUTLETS)]} about the {what} (report {i})."
            when = START + timedelta(days=day)
            days.setdefault(day, []).append({
                "title": f"{place} {what}: update {i}", "text": text, "outlet": OUTLETS[i % len(OUTLETS)],
                "published": f"{when.isoformat()}T{8 + i % 10:02d}:00:00Z",
                "url": f"https://news{i % 6}.example/{what}/{i}"})
    first = days[min(days)][0]
    days[min(days)].append(dict(first, url="https://copy.example/wire-copy"))  # the same text again
    urls = []
    for day in sorted(days):
        with open(root / f"day-{day:03d}.jsonl", "w", encoding="utf-8") as f:
            for obj in days[day]:
                f.write(json.dumps(obj) + "\n")
                urls.append(obj["url"])
    return urls


def reference(corpus: Path, skip_urls: frozenset[str] = frozenset()) -> tuple[dict[str, str], dict, int]:
    """Event of every stored article, the final state, and how many moves the clusterer's
    repairs made, by one uninterrupted in-memory pass of the clusterer over the stream (in
    reading order, stored texts skipped)."""
    clusterer = EventClusterer(window_days=WINDOW_DAYS)
    seen: set[str] = set()
    events: dict[str, str] = {}
    for path in sorted(corpus.glob("*.jsonl")):
        for article in read_source(str(path)):
            digest = content_hash(article.text)
            if article.url in skip_urls or digest in seen:
                continue
            seen.add(digest)
            clusterer.add(_event_doc(article, digest[:KEY_LENGTH]))
            for event in clusterer.drain_frozen():
                events.update(dict.fromkeys(event.keys, event.id))
    events.update(clusterer.assignments())
    return events, clusterer.state(), len(clusterer.drain_regroups())


def snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = {k for (k,) in conn.execute("SELECT key FROM articles")}
        events = dict(conn.execute("SELECT article_key, event_id FROM event_articles"))
        event_rows = {i for (i,) in conn.execute("SELECT id FROM events")}
        titles = sorted(conn.execute("SELECT id, title FROM events"))
        row = conn.execute("SELECT value FROM state WHERE name = ?", (CLUSTERER_STATE,)).fetchone()
    state = json.loads(row[0]) if row else None
    return {"keys": keys, "events": events, "event_rows": event_rows, "titles": titles, "state": state}


def assert_in_step(snap: dict) -> None:
    """The store and the saved clusterer state describe the same articles and events."""
    keys, events, state = snap["keys"], snap["events"], snap["state"]
    assert set(events) == keys  # every stored article is in an event
    assert set(events.values()) == snap["event_rows"]  # and every event has articles
    if state is None:
        assert not keys
        return
    assert state["n_docs"] == len(keys)  # the state has seen exactly the stored articles
    active = {k: d["event"] for k, d in state["docs"].items()}
    assert active.items() <= events.items()  # its active articles are where the store has them


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "corpus"
    return root, write_corpus(root)


def test_corpus_batches_equal_one_pass_and_commit_per_batch(tmp_path: Path, corpus, monkeypatch) -> None:
    root, urls = corpus
    commits: list[int] = []
    real = Store.transaction

    @contextmanager
    def counted(self: Store) -> Iterator[None]:
        with real(self):
            yield
        commits.append(1)

    monkeypatch.setattr(Store, "transaction", counted)
    seen: list[str] = []
    with open_store(str(tmp_path / "c.db")) as store:
        summary = ingest_corpus([str(root)], store, on_article=lambda _s, status: seen.append(status),
                                batch_size=10, save_factor=0.0)  # batches of exactly 10 (see the next test)
    n = len(urls)
    assert (summary.added, summary.duplicates, summary.failed) == (n - 1, 1, [])
    assert len(seen) == n and seen.count("added") == n - 1  # one progress call per article
    assert len(commits) == -(-n // 10)  # one transaction per batch, not per article
    expected, state, _moves = reference(root)
    snap = snapshot(tmp_path / "c.db")
    assert snap["events"] == expected  # the same events, with the same ids, as one in-memory pass
    assert snap["state"] == json.loads(json.dumps(state))
    assert snap["state"]["frozen"] == []  # events that left the window are in the store, not the state
    assert len(set(expected.values())) >= len(EVENTS) - 1  # grouped into events, not one per article
    assert_in_step(snap)


def test_corpus_batches_grow_while_the_state_is_slow_to_save(tmp_path: Path, corpus, monkeypatch) -> None:
    root, urls = corpus
    saves: list[int] = []
    real = Store.set_state

    def set_state(self: Store, name: str, value: dict) -> None:
        saves.append(value["n_docs"])
        real(self, name, value)

    monkeypatch.setattr(Store, "set_state", set_state)
    # no batch may be shorter than a million times the last save: after the first batch
    # (cut at 10 articles, nothing saved yet) everything waits for the end of the input
    with open_store(str(tmp_path / "c.db")) as store:
        summary = ingest_corpus([str(root)], store, batch_size=10, save_factor=1e6)
    assert saves == [9, len(urls) - 1]  # the first batch: 10 articles, one of them the wire copy
    assert summary.added == len(urls) - 1
    assert_in_step(snapshot(tmp_path / "c.db"))


CHILD = textwrap.dedent("""
    import sys, time
    from rashomon.corpus import ingest_corpus
    from rashomon.store import Store, open_store
    db, corpus, stop_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    real, calls = Store.add_article, []

    def add_article(self, article):
        calls.append(1)
        if len(calls) == stop_at:  # inside the write transaction of a batch, some articles in
            print("inside", flush=True)
            time.sleep(60)
        return real(self, article)

    Store.add_article = add_article
    with open_store(db) as store:
        ingest_corpus([corpus], store, batch_size=10, save_factor=0.0,  # batches of exactly 10
                      on_article=lambda source, status: print("done", status, flush=True))
    print("finished", flush=True)
""")


def test_corpus_batches_kill_9_inside_a_batch_then_rerun(tmp_path: Path, corpus) -> None:
    root, urls = corpus
    db = tmp_path / "killed.db"
    open_store(str(db)).close()
    # the 35th add_article call is the 5th article of the 4th batch's transaction
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(root), "35"], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line.split()[0])
        if line.startswith("inside"):
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert lines == ["done"] * 30 + ["inside"]  # three batches committed and reported, then the kill
    killed = snapshot(db)
    # the three whole batches (30 articles, one of them the wire copy); nothing of the fourth
    assert len(killed["keys"]) == 29
    assert_in_step(killed)

    with open_store(str(db)) as store:
        summary = ingest_corpus([str(root)], store, batch_size=10)
    assert (summary.added, summary.duplicates) == (len(urls) - 30, 30)
    finished = snapshot(db)
    assert_in_step(finished)
    expected, state, _moves = reference(root)
    assert finished["events"] == expected  # as if it had never been interrupted
    assert finished["state"] == json.loads(json.dumps(state))


def test_corpus_batches_refused_article_fails_alone(tmp_path: Path, corpus, monkeypatch) -> None:
    root, urls = corpus
    bad = urls[14]  # in the middle of the second batch
    real = Store.add_article

    def add_article(self: Store, article):  # type: ignore[no-untyped-def]
        if article.url == bad:
            raise StoreError("refused for the test", source=article.url)
        return real(self, article)

    monkeypatch.setattr(Store, "add_article", add_article)
    statuses: list[str] = []
    with open_store(str(tmp_path / "c.db")) as store:
        summary = ingest_corpus([str(root)], store, batch_size=10,
                                on_article=lambda _s, status: statuses.append(status))
    assert [message for _source, message in summary.failed] == [f"[R700] {bad}: refused for the test"]
    assert (summary.added, summary.duplicates) == (len(urls) - 2, 1)
    assert statuses.count("failed") == 1 and len(statuses) == len(urls)
    snap = snapshot(tmp_path / "c.db")
    assert_in_step(snap)
    # the clusterer went back to the last commit: the refused article left no trace in the events
    expected, _state, _moves = reference(root, frozenset({bad}))
    assert snap["events"] == expected


def test_corpus_batches_disk_full_keeps_earlier_batches(tmp_path: Path, corpus) -> None:
    root, urls = corpus
    db = tmp_path / "full.db"
    files = sorted(str(p) for p in root.glob("*.jsonl"))
    with open_store(str(db)) as store:
        first = ingest_corpus(files[:3], store, batch_size=10)
        with store.engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
        store.engine.dispose()
        # the size cap stands in for a full disk: SQLite reports both as SQLITE_FULL
        sa.event.listen(store.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count = {pages + 6}"))
        with pytest.raises(StoreDiskFull):
            ingest_corpus(files, store, batch_size=10)
    stopped = snapshot(db)
    assert_in_step(stopped)
    assert first.added <= len(stopped["keys"]) < len(urls) - 1
    with open_store(str(db)) as store:  # space freed: the re-run finishes the job
        again = ingest_corpus(files, store, batch_size=10)
    assert again.added == len(urls) - 1 - len(stopped["keys"])
    done = snapshot(db)
    assert_in_step(done)
    assert done["events"] == reference(root)[0]


def test_corpus_batches_another_writer_stores_an_article_meanwhile(tmp_path: Path, corpus, monkeypatch) -> None:
    root, urls = corpus
    db = str(tmp_path / "c.db")
    victim_url = urls[3]
    victim = next(a for p in sorted(root.glob("*.jsonl")) for a in read_source(str(p)) if a.url == victim_url)
    real = Store.transaction
    raced: list[int] = []

    @contextmanager
    def racing(self: Store) -> Iterator[None]:
        if not raced:  # after the first batch was clustered, before it is written
            raced.append(1)
            with open_store(db) as other:
                assert other.add_article(victim).status == "added"
        with real(self):
            yield

    monkeypatch.setattr(Store, "transaction", racing)
    with open_store(db) as store:
        summary = ingest_corpus([str(root)], store, batch_size=10)
    assert raced and (summary.added, summary.duplicates) == (len(urls) - 2, 2)
    snap = snapshot(db)
    victim_key = content_hash(victim.text)[:KEY_LENGTH]
    assert victim_key in snap["keys"] and victim_key not in snap["events"]  # stored by the other writer only
    # the batch was clustered again, without the article the other writer stored
    assert snap["events"] == reference(root, frozenset({victim_url}))[0]
    assert snap["state"]["n_docs"] == len(snap["events"]) == len(snap["keys"]) - 1


class _Repaired:
    """Stands in for an EventClusterer whose repair step made two moves."""

    def __init__(self, moves: list[Regroup]) -> None:
        self.moves = moves

    def drain_regroups(self) -> list[Regroup]:
        out, self.moves = self.moves, []
        return out

    def drain_frozen(self) -> list:
        return []

    def state(self) -> dict:
        return {"version": 0}


def test_corpus_batches_repair_moves_are_stored(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "c.db")) as store:
        keys = [store.add_article(make_article(i, published=f"2024-04-1{i}")).key for i in range(4)]
        store.upsert_event("first", event_id="e1")
        store.upsert_event("second", event_id="e2")
        for key in keys[:3]:
            store.assign_event(key, "e1")
        store.assign_event(keys[3], "e2")
        report = store.save_report({"facts": []}, event_id="e2")
        known = {"e1", "e2"}
        moves = [Regroup("split", "e1", "e3", (keys[1], keys[2])), Regroup("merge", "e2", "e3", (keys[3],))]
        with store.transaction():
            assert save_clusterer(store, _Repaired(moves), known) == []  # type: ignore[arg-type]
        assert [store.event_of(k) for k in keys] == ["e1", "e3", "e3", "e3"]
        assert known == {"e1", "e3"}
        e1, e3 = store.get_event("e1"), store.get_event("e3")
        assert (e1.first_seen, e1.last_seen, e1.article_count) == ("2024-04-10", "2024-04-10", 1)  # narrowed
        assert (e3.title, e3.first_seen, e3.last_seen, e3.article_count) == (
            make_article(1).title, "2024-04-11", "2024-04-13", 3)
        with pytest.raises(StoreError, match="R707"):
            store.get_event("e2")  # merged away
        assert store.get_report(report) == {"facts": []}
        assert store.get_state(CLUSTERER_STATE) == {"version": 0}

        # a store written before the moves were kept lacks the events repairs made: created
        stale = [Regroup("merge", "e1", "e7", (keys[0],)), Regroup("split", "e8", "e9", (keys[1],))]
        with store.transaction():
            save_clusterer(store, _Repaired(stale), set())  # type: ignore[arg-type]
        assert [store.event_of(k) for k in keys] == ["e7", "e9", "e3", "e3"]
        assert store.get_event("e7").title == make_article(0).title
        assert sorted(e.id for e in store.events()) == ["e3", "e7", "e9"]  # e1 emptied and dropped


def _ecbplus_stream(path: Path, root: Path, n: int) -> None:
    """The first ``n`` ECB+ documents, an event's documents together, 50 a day."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs.sort(key=lambda d: (d["event_cluster"], d["doc_id"]))
    root.mkdir()
    for i, d in enumerate(docs[:n]):
        when = START + timedelta(days=i // 50)
        text = " ".join(d["sentences"])
        with open(root / f"day-{i // 50:03d}.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps({"title": d["sentences"][0][:120], "text": text, "outlet": OUTLETS[i % 6],
                                "published": f"{when.isoformat()}T12:00:00Z",
                                "url": f"https://ecb.example/{d['doc_id']}"}) + "\n")


@pytest.mark.slow
def test_corpus_batches_store_what_the_repairs_did_on_ecbplus(tmp_path: Path, shared) -> None:
    root = tmp_path / "ecb"
    _ecbplus_stream(shared("data", "ecbplus", "ecbplus_docs.jsonl"), root, 400)
    with open_store(str(tmp_path / "c.db")) as store:
        ingest_corpus([str(root)], store, batch_size=40)
    expected, state, moves = reference(root)
    assert moves > 0  # the stream makes the clusterer split or merge events
    snap = snapshot(tmp_path / "c.db")
    assert snap["events"] == expected
    assert snap["state"] == json.loads(json.dumps(state))
    assert_in_step(snap)
