"""Incremental event clustering on hand-built streams (no models, no shared data)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from rashomon.events import EventClusterer, EventDoc, cluster_batch

AHVAZ_1 = EventDoc(
    "ahvaz-1", "Magnitude 6.1 earthquake strikes near Ahvaz in Iran",
    "A magnitude 6.1 earthquake struck near Ahvaz in Khuzestan province on Tuesday, killing 12 people, "
    "Iranian state media said. Rescue teams from the Iranian Red Crescent searched collapsed buildings in "
    "Ahvaz and nearby villages. Governor Sadegh Khalilian said 150 people were injured in Khuzestan.",
    date(2024, 3, 5), "Tehran Times")
AHVAZ_2 = EventDoc(
    "ahvaz-2", "Quake near Ahvaz kills 12, injures 150",
    "The earthquake that shook Khuzestan province on Tuesday killed 12 people, according to the Iranian "
    "Red Crescent. Khuzestan governor Sadegh Khalilian said 150 people were hurt as houses collapsed around "
    "Ahvaz. The magnitude 6.1 tremor was felt across southwestern Iran.",
    date(2024, 3, 6), "Iran International")
PALU_1 = EventDoc(
    "palu-1", "Earthquake hits Sulawesi, dozens dead in Palu",
    "A magnitude 7.0 earthquake struck off Palu on Sulawesi island on Friday, killing 34 people, "
    "Indonesia's disaster agency BNPB said. Spokesman Abdul Muhari said rescuers in Palu and Donggala were "
    "digging through rubble. Central Sulawesi governor Rusdy Mastura declared an emergency.",
    date(2024, 3, 8), "Jakarta Post")
PALU_2 = EventDoc(
    "palu-2", "Palu quake death toll reaches 34",
    "Indonesia's BNPB raised the death toll from Friday's magnitude 7.0 earthquake in Central Sulawesi to 34. "
    "Abdul Muhari of BNPB said many victims were in Palu and Donggala, where governor Rusdy Mastura "
    "declared a two-week emergency.",
    date(2024, 3, 9), "Antara")


def test_events_two_earthquakes_same_month_are_two_events():
    cl = EventClusterer()
    a1, p1, a2, p2 = (cl.add(d) for d in (AHVAZ_1, PALU_1, AHVAZ_2, PALU_2))
    assert a1.is_new and p1.is_new
    assert a2.event_id == a1.event_id and not a2.is_new
    assert p2.event_id == p1.event_id and not p2.is_new
    assert a1.event_id != p1.event_id
    sizes = sorted(e.size for e in cl.events())
    assert sizes == [2, 2]


def test_events_varied_wording_is_one_event():
    assert len(set(cluster_batch([AHVAZ_1, AHVAZ_2]))) == 1


def test_events_wire_republication_is_linked():
    copy = EventDoc("ahvaz-wire", AHVAZ_1.title, "(AFP) " + AHVAZ_1.text + " More follows.",
                    date(2024, 3, 5), "Gulf News")
    cl = EventClusterer()
    first = cl.add(AHVAZ_1)
    cl.add(PALU_1)
    dup = cl.add(copy)
    assert dup.duplicate_of == "ahvaz-1"
    assert dup.event_id == first.event_id
    assert cl.add(AHVAZ_2).duplicate_of is None


def test_events_window_expiry_opens_a_new_event():
    later = EventDoc("ahvaz-later", "Magnitude 6.1 earthquake strikes near Ahvaz in Iran",
                     AHVAZ_1.text, date(2024, 4, 4), "Tehran Times")
    cl = EventClusterer(window_days=7)
    old = cl.add(AHVAZ_1)
    new = cl.add(later)
    assert new.is_new and new.event_id != old.event_id
    assert [e.id for e in cl.drain_frozen()] == [old.event_id]
    assert [e.id for e in cl.events()] == [new.event_id]


def test_events_state_round_trips_through_json():
    cl = EventClusterer()
    for d in (AHVAZ_1, PALU_1):
        cl.add(d)
    restored = EventClusterer.from_state(json.loads(json.dumps(cl.state())))
    assert restored.state() == cl.state()
    for d in (AHVAZ_2, PALU_2):
        assert restored.add(d) == cl.add(d)
    assert restored.state() == cl.state()


def _synthetic_stream(n: int, seed: int = 7) -> list[EventDoc]:
    """Events of 5 articles, 20 articles a day: each event has its own names and words."""
    rng = random.Random(seed)
    common = [f"common{i}" for i in range(300)]
    docs = []
    start = date(2024, 1, 1)
    for i in range(n):
        ev = i // 5
        names = " ".join(f"Name{ev}x{k}" for k in range(4))
        words = " ".join(f"word{ev}y{k}" for k in range(8))
        filler = " ".join(rng.sample(common, 30))
        docs.append(EventDoc(f"d{i}", f"Report {i} on {names}", f"{words} {filler} {names}.",
                             start + timedelta(days=i // 20)))
    return docs


def test_events_cost_per_article_stays_flat():
    cl = EventClusterer(window_days=7)
    visited, compared, active = [], [], []
    for doc in _synthetic_stream(2000):
        cl.add(doc)
        visited.append(cl.postings_visited_last_add)
        compared.append(cl.comparisons_last_add)
        active.append(len(cl.events()))
    early, late = visited[400:800], visited[1600:2000]
    # after the window fills (7 days = 140 articles), cost must not keep growing with the corpus
    assert sum(late) / len(late) <= 1.2 * sum(early) / len(early) + 1
    assert max(compared) <= cl.max_candidates
    assert max(active[400:]) <= max(active[:400]) + 5
