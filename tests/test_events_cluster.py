"""Incremental event clustering on hand-built streams (no models, no shared data)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import numpy as np

from rashomon.events import EventClusterer, EventDoc, cluster_batch
from rashomon.events.cluster import BISECT_MIN_PART, BISECT_NCUT, REPAIR_THRESHOLD
from rashomon.events.partition import average_link, bisect, normalised_cut

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


def _letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out += chr(97 + r)
        if n == 0:
            return out


def _inventive_stream(n: int, seed: int = 5) -> list[EventDoc]:
    """Events of 5 articles, 20 a day, each with names and words never seen before (as a news
    stream keeps bringing): tokens are letters only, as the features keep them."""
    rng = random.Random(seed)
    common = [f"common{_letters(i)}" for i in range(300)]
    docs = []
    for i in range(n):
        ev = _letters(i // 5)
        names = " ".join(f"Zed{ev}q{_letters(k)}" for k in range(4))
        words = " ".join(f"word{ev}y{_letters(k)}" for k in range(8))
        docs.append(EventDoc(f"d{i}", f"Report on {names}", f"{words} {' '.join(rng.sample(common, 30))} {names}.",
                             date(2024, 1, 1) + timedelta(days=i // 20)))
    return docs


def test_events_idf_tables_stay_bounded_by_the_window_on_a_long_stream():
    """Every event of the stream brings words never seen before: exact tables grow with the
    corpus, lossy-counted ones with the window."""
    stream = _inventive_stream(1500)
    exact = EventClusterer(window_days=7, df_bucket=10**9, repair_every=0)
    lossy = EventClusterer(window_days=7, df_bucket=100, repair_every=0)
    sizes = []
    for i, doc in enumerate(stream):
        exact.add(doc)
        lossy.add(doc)
        if i in (499, 1499):
            sizes.append(len(lossy.term_df) + len(lossy.name_df))
    assert len(exact.term_df) + len(exact.name_df) > 3 * sizes[-1]
    assert sizes[-1] <= 1.3 * sizes[0]
    # words of articles still in the window keep their counts, so the events found are the same
    assert lossy.assignments() == exact.assignments()
    for d in lossy._docs.values():
        assert d.feats is not None
        assert all(lossy.term_df.get(t) == exact.term_df.get(t) for t in d.feats.terms if t.startswith("word"))


def test_events_state_saved_before_lossy_counting_still_loads():
    """States written before lossy counting hold plain {key: count} tables and no df_bucket."""
    cl = EventClusterer(repair_every=0)
    for d in (AHVAZ_1, PALU_1):
        cl.add(d)
    state = json.loads(json.dumps(cl.state()))
    state["term_df"], state["name_df"] = state["term_df"]["counts"], state["name_df"]["counts"]
    del state["config"]["df_bucket"]
    old = EventClusterer.from_state(state)
    assert old.term_df.counts == cl.term_df.counts and old.term_df.bucket == cl.term_df.bucket
    for d in (AHVAZ_2, PALU_2):
        assert old.add(d) == cl.add(d)


def test_events_lossy_tables_survive_a_state_round_trip():
    """Saved mid-bucket and exactly at a bucket's end, restored, and carried across the next
    prunes: the same assignments and state as a clusterer that never stopped."""
    stream = _inventive_stream(330)
    for stop in (200, 230):  # from article 180 on, each prune drops the words of events gone from the window
        cl = EventClusterer(window_days=7, df_bucket=20, repair_every=7)
        for doc in stream[:stop]:
            cl.add(doc)
        saved = cl.state()
        restored = EventClusterer.from_state(json.loads(json.dumps(saved)))
        assert restored.term_df.bucket == 20 and restored.term_df.delta == cl.term_df.delta
        for doc in stream[stop:]:
            assert restored.add(doc) == cl.add(doc)
        assert restored.state() == cl.state()
        assert any(k not in cl.term_df for k in saved["term_df"]["counts"])  # prunes after the restore dropped words
        assert saved["term_df"]["counts"] != cl.term_df.counts  # state() is a snapshot


BANSTEAD = [
    EventDoc("b0", "Waitrose store in Banstead destroyed by fire",
             "A Waitrose supermarket in Banstead, Surrey, was destroyed by a fire that broke out on the roof on "
             "Friday night. More than 50 firefighters tackled the blaze and Surrey Police evacuated 60 residents "
             "from nearby homes in the High Street.", date(2024, 5, 3), "Surrey Comet"),
    EventDoc("b1", "Banstead supermarket fire treated as suspicious",
             "Surrey Police said the fire that gutted the Waitrose store in Banstead is being treated as "
             "potentially suspicious. Peter Guest of Surrey Fire and Rescue said ten engines were sent to the "
             "Banstead High Street store.", date(2024, 5, 4), "BBC Surrey"),
    EventDoc("b2", "Residents evacuated after huge Banstead blaze",
             "About 60 residents spent the night at the Banstead Baptist Church after the Waitrose fire. Surrey "
             "Fire and Rescue said the roof of the Banstead store collapsed and the building was lost.",
             date(2024, 5, 4), "Epsom Guardian"),
    EventDoc("b3", "Surrey Police appeal after Waitrose fire in Banstead",
             "Surrey Police appealed for witnesses to the fire at the Waitrose supermarket in Banstead. Officers "
             "want to trace people seen near the Banstead High Street store on Friday evening.",
             date(2024, 5, 5), "Surrey Live"),
]
WELLINGTON = [
    EventDoc("w0", "Major fire at Waitrose in Wellington",
             "A large fire broke out at the Waitrose supermarket in Wellington town centre, Somerset, early on "
             "Sunday. Devon and Somerset Fire and Rescue sent eight crews from Taunton and Tiverton.",
             date(2024, 7, 21), "Somerset County Gazette"),
    EventDoc("w1", "Man charged with arson over Wellington Waitrose fire",
             "Robert Pitman, 24, of Wellington was charged with arson after the fire at the Waitrose store in "
             "Wellington, Somerset. He will appear at Taunton Deane magistrates court.",
             date(2024, 7, 22), "BBC Somerset"),
    EventDoc("w2", "Wellington supermarket fire: store to stay shut",
             "The Waitrose in Wellington will stay closed for months after Sunday's fire, its manager said. "
             "Devon and Somerset Fire and Rescue said the Somerset store's roof was badly damaged.",
             date(2024, 7, 22), "Wellington Weekly"),
]


def test_events_repair_splits_an_event_two_lookalike_stories_share():
    """Fires at one chain's stores in two towns eleven weeks apart, forced into one event: the
    repair splits them, the larger part keeps the id, and the moves are reported."""
    cl = EventClusterer(window_days=120, repair_every=0)
    for d in (AHVAZ_1, PALU_1, AHVAZ_2, PALU_2):  # other news, so that idf means something
        cl.add(d)
    first = cl.add(BANSTEAD[0])
    for d in [*BANSTEAD[1:], *WELLINGTON]:
        cl.add(d, event_id=first.event_id)  # one event, as if the stream had got it wrong
    assert sorted(cl.events(), key=lambda e: -e.size)[0].size == 7
    moves = cl.repair()
    assert [(m.kind, m.source, sorted(m.keys)) for m in moves] == [("split", first.event_id, ["w0", "w1", "w2"])]
    groups = {frozenset(e.keys) for e in cl.events()}
    assert frozenset({"b0", "b1", "b2", "b3"}) in groups and frozenset({"w0", "w1", "w2"}) in groups
    assert cl.assignments()["b0"] == first.event_id
    assert cl.assignments()["w0"] == moves[0].target != first.event_id
    assert cl.drain_regroups() == moves and cl.drain_regroups() == []


def test_events_repair_merges_two_events_of_one_story():
    cl = EventClusterer(repair_every=0)
    first = cl.add(AHVAZ_1)
    cl.add(PALU_1)
    cl.threshold = float("inf")  # the stream opens a second event for the same quake
    second = cl.add(AHVAZ_2)
    assert second.is_new and second.event_id != first.event_id
    moves = cl.repair()
    assert [(m.kind, m.source, m.target, m.keys) for m in moves] == [
        ("merge", second.event_id, first.event_id, ("ahvaz-2",))]
    assert cl.assignments() == {"ahvaz-1": first.event_id, "ahvaz-2": first.event_id,
                                "palu-1": cl.assignments()["palu-1"]}
    assert cl.assignments()["palu-1"] != first.event_id


def test_events_repair_runs_every_n_articles_and_survives_a_state_round_trip():
    stream = [AHVAZ_1, PALU_1, AHVAZ_2, PALU_2]
    whole = EventClusterer(repair_every=2)
    whole.threshold = float("inf")  # every article opens an event: only repairs can group them
    for d in stream:
        whole.add(d)
    halves = EventClusterer(repair_every=2)
    halves.threshold = float("inf")
    for d in stream[:3]:
        halves.add(d)
    restored = EventClusterer.from_state(json.loads(json.dumps(halves.state())))
    restored.threshold = float("inf")
    restored.add(stream[3])
    assert restored.assignments() == whole.assignments()
    assert len(set(whole.assignments().values())) == 2


def test_events_version_1_state_still_loads_without_repairing_old_articles():
    cl = EventClusterer(repair_every=0)
    for d in (AHVAZ_1, PALU_1):
        cl.add(d)
    state = json.loads(json.dumps(cl.state()))
    state["version"] = 1
    state["docs"] = {k: [d["event"], d["shingles"], d["total"]] for k, d in state["docs"].items()}
    old = EventClusterer.from_state(state)
    assert old.add(AHVAZ_2).event_id == cl.assignments()["ahvaz-1"]
    assert old.repair() == []  # the restored articles carry no features to compare


def test_events_repair_leaves_events_holding_version_1_articles_alone():
    cl = EventClusterer(repair_every=0)
    first = cl.add(AHVAZ_1)
    state = json.loads(json.dumps(cl.state()))
    state["version"] = 1
    state["docs"] = {k: [d["event"], d["shingles"], d["total"]] for k, d in state["docs"].items()}
    old = EventClusterer.from_state(state)
    old.repair_every = 0
    old.threshold = float("inf")
    second = old.add(AHVAZ_2)  # a new event of the same quake, next to one without features
    assert second.event_id != first.event_id
    assert old.repair() == []  # merging would rebuild the old event from features it lacks
    assert old.assignments() == {"ahvaz-1": first.event_id, "ahvaz-2": second.event_id}


def _blocks(sizes: list[int], inside: float, between: float) -> np.ndarray:
    labels = [g for g, n in enumerate(sizes) for _ in range(n)]
    return np.array([[inside if a == b else between for b in labels] for a in labels])


def test_events_bisection_cuts_two_tight_groups_that_average_link_keeps_together():
    """Two groups whose articles all score above the repair cut against each other (one event
    to average-link) but far more within each group: the normalised cut separates them."""
    sim = _blocks([5, 4], inside=5.0, between=-0.5)
    assert average_link(sim, REPAIR_THRESHOLD) == [list(range(9))]
    (a, b), cut = bisect(sim, BISECT_MIN_PART)
    assert (a, b) == ([0, 1, 2, 3, 4], [5, 6, 7, 8])
    assert cut < BISECT_NCUT
    assert normalised_cut(sim, a) == cut


def test_events_bisection_leaves_one_cohesive_group_alone():
    rng = np.random.default_rng(3)
    noise = rng.normal(0.0, 0.5, (10, 10))
    sim = 2.0 + (noise + noise.T) / 2  # one event: every pair alike, give or take
    _, cut = bisect(sim, BISECT_MIN_PART)
    assert cut > BISECT_NCUT
    assert bisect(sim[:5, :5], BISECT_MIN_PART) == (([0, 1, 2, 3, 4], []), 2.0)  # too small to cut in two


def test_events_bisection_setting_survives_a_state_round_trip():
    cl = EventClusterer(bisect_ncut=0.5)
    cl.add(AHVAZ_1)
    assert EventClusterer.from_state(json.loads(json.dumps(cl.state()))).bisect_ncut == 0.5
    old = cl.state()
    del old["config"]["bisect_ncut"]  # a state saved before the bisection existed
    assert EventClusterer.from_state(old).bisect_ncut == BISECT_NCUT


def test_events_bisection_split_is_not_merged_back(monkeypatch):
    """Two stories whose articles all score above the repair cut against each other but far
    higher within each story (pair scores set by hand): one repair bisects the event, and
    neither that repair's merge step nor a later full repair puts it back together."""
    def block_scores(self, rows, cols, views):
        return np.array([[0.0 if a == b else (5.0 if a[0] == b[0] else -0.5) for b in cols] for a in rows])

    monkeypatch.setattr(EventClusterer, "_pair_matrix", block_scores)
    cl = EventClusterer(window_days=120, repair_every=0)
    first = cl.add(BANSTEAD[0])
    for d in [*BANSTEAD[1:], *WELLINGTON]:
        cl.add(d, event_id=first.event_id)
    moves = cl.repair()
    assert [(m.kind, sorted(m.keys)) for m in moves] == [("split", ["w0", "w1", "w2"])]
    assert cl.repair(everything=True) == []
    groups = {frozenset(e.keys) for e in cl.events()}
    assert groups == {frozenset({"b0", "b1", "b2", "b3"}), frozenset({"w0", "w1", "w2"})}


def test_events_repairs_after_a_state_round_trip_equal_those_of_a_clusterer_that_kept_its_caches():
    stream = [AHVAZ_1, PALU_1, *BANSTEAD, AHVAZ_2, *WELLINGTON, PALU_2]
    whole = EventClusterer(window_days=120, repair_every=3)
    part = EventClusterer(window_days=120, repair_every=3)
    for d in stream[:7]:
        whole.add(d)
        part.add(d)
    whole.drain_regroups()
    restored = EventClusterer.from_state(json.loads(json.dumps(part.state())))  # no views, no pair scores
    for d in stream[7:]:
        whole.add(d)
        restored.add(d)
    assert restored.assignments() == whole.assignments()
    assert restored.drain_regroups() == whole.drain_regroups()
