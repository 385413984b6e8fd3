"""Who an article's lead is about: the people features of the event clusterer."""

from __future__ import annotations

import json

from rashomon.events import EventClusterer, EventDoc
from rashomon.events.features import LEAD_CHARS, extract_features, lead_window, main_person, person_keys
from rashomon.events.people import PeopleTagger
from rashomon.events.scoring import PAIR_FEATURES, PairWeights, doc_pair_features, pair_view

WILLIAMS = EventDoc(
    "williams", "Chargers' Jamal Williams arrested on suspicion of DUI",
    "San Diego Chargers defensive tackle Jamal Williams was arrested on suspicion of drunk driving early "
    "Sunday, police said. Williams, 32, was stopped on Interstate 15 and booked into jail.")
JACKSON = EventDoc(
    "jackson", "Chargers' Vincent Jackson arrested on suspicion of DUI",
    "San Diego Chargers wide receiver Vincent Jackson was arrested on suspicion of drunk driving early "
    "Tuesday, police said. Jackson, 25, was stopped on a San Diego freeway and booked into jail.")
JACKSON_2 = EventDoc(
    "jackson-2", "Jackson will play despite his DUI arrest",
    "Vincent Jackson, the Chargers receiver arrested on suspicion of drunk driving on Tuesday, will play "
    "on Sunday, coach Norv Turner said. Jackson was booked into jail and released.")


def test_person_keys_count_mentions_by_surname():
    keys = person_keys(["Jamal Williams", "Williams'", "Williams’s", "Norv Turner", "Monday", " "])
    assert keys == {"williams": 3, "turner": 1}  # possessives folded; a weekday is not a name


def test_main_person_needs_two_mentions_and_takes_the_first_of_ties():
    assert main_person({"turner": 1}) is None
    assert main_person({"jackson": 2, "turner": 2, "smith": 1}) == "jackson"
    assert main_person({"turner": 1, "jackson": 3}) == "jackson"
    assert main_person({}) is None


def test_lead_window_reads_past_the_lead_but_marks_where_it_ends():
    doc = EventDoc("k", "Title", "x" * 1000)
    text, end = lead_window(doc)
    assert end == len("Title\n") + LEAD_CHARS
    assert end < len(text) < len(doc.text)


def test_people_tagger_finds_the_people_of_the_lead_only():
    late = EventDoc("late", "A quiet night", "Nothing happened. " * 20 + "Later, Jamal Williams was arrested.")
    found = PeopleTagger()([WILLIAMS, late])
    assert person_keys(found[0]).get("williams", 0) >= 2
    assert "williams" not in person_keys(found[1])  # named after the lead: not whom the story leads with


def test_pair_features_tell_two_leads_about_different_people_apart():
    tagger = PeopleTagger()
    w, j, j2 = (extract_features(d, p) for d, p in zip((WILLIAMS, JACKSON, JACKSON_2),
                                                       tagger([WILLIAMS, JACKSON, JACKSON_2]), strict=True))
    assert (w.main_person, j.main_person, j2.main_person) == ("williams", "jackson", "jackson")

    def feature(a, b, name):
        x = doc_pair_features(pair_view(a, None, lambda t: 1.0, lambda t: 1.0),
                              pair_view(b, None, lambda t: 1.0, lambda t: 1.0))
        return x[PAIR_FEATURES.index(name)]

    assert feature(w, j, "person_clash") == 1.0 and feature(w, j, "person_same") == 0.0
    assert feature(j, j2, "person_clash") == 0.0 and feature(j, j2, "person_same") == 1.0
    # the fitted model reads a clash as evidence of two events and a shared main person as one
    assert PairWeights().person_clash < 0 < PairWeights().person_same
    untagged = extract_features(WILLIAMS)
    assert untagged.lead_people == {} and feature(untagged, j, "person_clash") == 0.0


def test_people_features_survive_a_state_round_trip_and_batching():
    one = EventClusterer(repair_every=0)
    for d in (WILLIAMS, JACKSON):
        one.add(d)
    batch = EventClusterer(repair_every=0)
    batch.add_many([WILLIAMS, JACKSON])  # tagged in one batch: the same features
    assert one._docs["williams"].feats == batch._docs["williams"].feats
    restored = EventClusterer.from_state(json.loads(json.dumps(one.state())))
    assert restored.people is not None
    assert restored._docs["williams"].feats.lead_people == one._docs["williams"].feats.lead_people
    assert restored.add(JACKSON_2) == one.add(JACKSON_2)


def test_state_saved_before_the_people_features_loads_without_them():
    cl = EventClusterer(repair_every=0, people=False)
    cl.add(WILLIAMS)
    state = json.loads(json.dumps(cl.state()))
    del state["config"]["people"]
    for name in ("person_clash", "person_same"):
        del state["config"]["pair_weights"][name]
    for d in state["docs"].values():
        del d["feats"]["lead_people"]
    old = EventClusterer.from_state(state)
    assert old.people is None  # no tagger: the old model had no people features
    assert old.pair_weights.person_clash == 0.0 and old.pair_weights.person_same == 0.0
    assert old._docs["williams"].feats.lead_people == {}
    assert old.add(JACKSON) == cl.add(JACKSON)


def _arrest(player: str, position: str, day: str, i: int) -> EventDoc:
    surname = player.split()[-1]
    leads = [f"Chargers' {player} arrested on suspicion of DUI",
             f"{player} of the Chargers faces DUI charge",
             f"Chargers {position} {player} held on suspicion of drunk driving"]
    return EventDoc(f"{surname.lower()}-{i}", leads[i],
                    f"San Diego Chargers {position} {player} was arrested on suspicion of drunk driving early "
                    f"{day}, police said. {surname} was stopped on a San Diego freeway, booked into jail and "
                    f"released. The Chargers said they were aware of the arrest of {surname}.")


def test_repair_splits_two_players_arrests_forced_into_one_event():
    """Two players of one team arrested for the same offence share every word but whom the leads name:
    with the people features the repair cuts the event in two along the players."""
    docs = [_arrest("Jamal Williams", "defensive tackle", "Sunday", i) for i in range(3)]
    docs += [_arrest("Vincent Jackson", "wide receiver", "Tuesday", i) for i in range(3)]
    groups = {}
    for people in (True, False):
        cl = EventClusterer(window_days=None, repair_every=0, people=people)
        first = cl.add(docs[0]).event_id
        for d in docs[1:]:
            cl.add(d, event_id=first)  # forced together, as a stream might join them
        cl.repair(everything=True)
        groups[people] = sorted(sorted(k.split("-")[0] for k in s.keys) for s in cl.events())
    assert groups[True] == [["jackson"] * 3, ["williams"] * 3]
    # the same repair without the people features keeps them together: the features make the split
    assert groups[False] == [["jackson"] * 3 + ["williams"] * 3]


def test_main_person_ties_survive_a_store_that_reorders_object_keys():
    """PostgreSQL's JSONB sorts object keys; the tie-break (first named) must not depend on them."""
    tie = EventDoc("tie", "Williams and Jackson arrested",
                   "Williams and Jackson were arrested on Sunday, police said.")
    cl = EventClusterer(repair_every=0, people=lambda docs: [["Williams", "Jackson", "Williams", "Jackson"]] * len(docs))
    cl.add(tie)
    assert cl._docs["tie"].feats.main_person == "williams"
    reordered = json.loads(json.dumps(cl.state(), sort_keys=True))  # what JSONB does to objects
    restored = EventClusterer.from_state(reordered, people=cl.people)
    assert restored._docs["tie"].feats.main_person == "williams"


def test_people_tagger_does_not_grow_spacy_vocabulary_with_new_words():
    """A stream brings new words without end: tagging must not keep them in spaCy's shared strings."""
    tagger = PeopleTagger()
    tagger([WILLIAMS])  # load, and let the first call add whatever it keeps for good
    strings = tagger._load().vocab.strings
    before = len(strings)
    invented = [EventDoc(str(i), f"Zorblat{i} Quenvik{i} arrested", f"Zorblat{i} Quenvik{i} and xyzzyq{i} plugh{i} "
                         "were arrested on Sunday.") for i in range(50)]
    tagger(invented)
    assert len(strings) == before
    assert "xyzzyq7" not in strings
