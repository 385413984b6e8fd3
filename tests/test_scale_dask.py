"""Scale-out: the Dask run (LocalCluster, 2 worker processes) stores exactly what the in-process run does."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from rashomon.corpus import ingest_corpus
from rashomon.errors import ConfigError
from rashomon.scale import run_corpus, run_corpus_local
from rashomon.scale.tasks import ArticleMeta, window_of
from rashomon.store import open_store

distributed = pytest.importorskip("distributed")

EVENTS = [
    ("Chile", "earthquake", "A magnitude {m} earthquake struck near Valparaiso, Chile, killing {n} people and "
     "damaging the port. President Gabriel Boric visited the Valparaiso harbour on {day}."),
    ("Ghana", "election", "Voters in Ghana chose a new parliament on {day}. The Electoral Commission in Accra "
     "said turnout reached {n} percent and that John Mahama led the count by {m} points."),
    ("Ohio", "fire", "A fire at a chemical plant in Dayton, Ohio forced {n} families from their homes. "
     "Dayton fire chief Jeffrey Payne said {m} tanks of solvent burned through {day}."),
    ("Kerala", "flood", "Floods in Kerala cut off {n} villages after monsoon rains. Officials in "
     "Thiruvananthapuram said the Periyar river rose {m} metres by {day}."),
]
OUTLETS = ["Daily Ledger", "Morning Post", "Coast Herald", "Valley Times", "Wire Service"]
START = date(2024, 3, 4)  # a Monday: the corpus spans three ISO weeks


def _write_corpus(root: Path) -> int:
    """About 40 small articles: four events over three weeks, wire copies, undated pieces, one bad file."""
    root.mkdir()
    n = 0
    for e, (place, what, template) in enumerate(EVENTS):
        for i in range(9):
            day = START + timedelta(days=e * 4 + i % 5)
            text = template.format(m=3 + i, n=10 + 7 * i + e, day=day.strftime("%A"))
            text += f" {place} residents told the {OUTLETS[i % 5]} about the {what} ({i})."
            obj: dict[str, object] = {"title": f"{place} {what}: update {i}", "text": text,
                                      "outlet": OUTLETS[i % 5], "url": f"https://news{i % 5}.example/{what}/{i}"}
            if i != 8:  # one undated article per event
                obj["published"] = f"{day.isoformat()}T{8 + i:02d}:00:00"
            (root / f"{what}-{i:02d}.json").write_text(json.dumps(obj), encoding="utf-8")
            n += 1
        # a wire republication: the same text under another URL (a duplicate in the store)
        copy = json.loads((root / f"{what}-00.json").read_text(encoding="utf-8"))
        copy["url"] = f"https://copy.example/{what}"
        (root / f"{what}-copy.json").write_text(json.dumps(copy), encoding="utf-8")
        n += 1
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    return n


def _dated(value: str | None) -> str | None:
    """A stored date, with ingest-time stamps masked: the store dates an undated article by
    when it was stored, so an event with one ends "now", a different now in each run."""
    return "<ingested>" if value and value[:10] > "2025" else value


def _snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        articles = sorted(conn.execute("SELECT key, content_hash, url, published, version FROM articles"))
        assignments = conn.execute("SELECT event_id, article_key FROM event_articles").fetchall()
        events = sorted((i, t, _dated(f), _dated(la)) for i, t, f, la in
                        conn.execute("SELECT id, title, first_seen, last_seen FROM events"))
        analyses = sorted(conn.execute("SELECT article_key, stage_versions, payload FROM analyses"))
        state = conn.execute("SELECT value FROM state WHERE name = 'event_clusterer'").fetchone()
    groups: dict[str, set[str]] = {}
    for event_id, key in assignments:
        groups.setdefault(event_id, set()).add(key)
    return {"articles": articles, "events": events, "analyses": analyses, "state": state,
            "partition": sorted(sorted(g) for g in groups.values()), "assignments": sorted(assignments)}


@pytest.fixture()
def cluster():
    # processes=True: the real thing (pickling across processes, spaCy loaded per worker)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as lc, distributed.Client(lc) as client:
        yield client


def test_scale_dask_equals_in_process(tmp_path, cluster):
    corpus = tmp_path / "corpus"
    n_files = _write_corpus(corpus)
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"

    local = run_corpus_local([str(corpus)], str(local_db))
    remote = run_corpus([str(corpus)], str(dask_db), client=cluster, chunk_size=4)  # weeks split in tasks

    assert local.units == remote.units == n_files + 1
    assert local.windows == remote.windows == 4  # three ISO weeks + the undated partition
    assert len(local.failed) == len(remote.failed) == 1 and "broken.json" in remote.failed[0][0]
    assert (local.added, local.duplicates) == (remote.added, remote.duplicates) == (n_files - 4, 4)
    assert local.analysed == remote.analysed == n_files - 4
    a, b = _snapshot(local_db), _snapshot(dask_db)
    assert len(a["articles"]) == n_files - 4
    assert a["articles"] == b["articles"]
    assert a["partition"] == b["partition"]  # the same events, as sets of article keys
    assert a["assignments"] == b["assignments"] and a["events"] == b["events"]  # …with the same ids
    assert a["analyses"] == b["analyses"] and len(a["analyses"]) == n_files - 4
    assert a["state"] == b["state"]
    assert 4 <= len(a["partition"]) < n_files - 4  # grouped into events, not one per article

    # the plain `rashomon ingest` stores the same articles (its order, hence event ids, may differ)
    with open_store(str(tmp_path / "plain.db")) as store:
        ingest_corpus([str(corpus)], store)
    assert _snapshot(tmp_path / "plain.db")["articles"] == a["articles"]

    # a re-run (through the scheduler's address this time) adds nothing and analyses nothing again
    again = run_corpus([str(corpus)], str(dask_db), scheduler=cluster.scheduler.address)
    assert (again.added, again.duplicates, again.analysed) == (0, n_files, 0)
    assert _snapshot(dask_db) == b


def test_scale_windows_are_iso_weeks_and_undated_last():
    def meta(stamp):
        return ArticleMeta(0, 0, "0" * 64, stamp, "s")

    assert window_of(meta("2024-03-04T10:00:00"), 7) == "2024-03-04"  # a Monday
    assert window_of(meta("2024-03-10"), 7) == "2024-03-04"  # the Sunday after
    assert window_of(meta("2024-03-11"), 7) == "2024-03-11"
    assert window_of(meta(None), 7) == "undated"
    assert meta("2024-03-04").order() < meta(None).order()


@pytest.mark.parametrize("kwargs", [{"scheduler": "tcp://127.0.0.1:1", "workers": 2}, {"workers": 0}])
def test_scale_bad_cluster_arguments_are_config_errors(tmp_path, kwargs):
    with pytest.raises(ConfigError):
        run_corpus([str(tmp_path)], str(tmp_path / "x.db"), **kwargs)
