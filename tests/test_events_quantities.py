"""What a lead says the event measured (magnitudes, sums of money) and how clustering uses it."""

from __future__ import annotations

import json
from datetime import date

import pytest

import rashomon.events.features as features
from rashomon.events import EventClusterer, EventDoc
from rashomon.events.features import extract_features, lead_quantities, quantities_agree
from rashomon.events.scoring import PAIR_FEATURES, doc_pair_features, pair_view


def q(title: str, text: str = "") -> frozenset[str]:
    return lead_quantities(EventDoc("k", title, text))


@pytest.mark.parametrize("title", [
    "Magnitude 4.6 earthquake shakes the North Bay",
    "4.6-magnitude earthquake shakes Lake County",
    "A 4.6 -magnitude quake jolted the county",
    "An earthquake with a preliminary magnitude of 4.6 struck",
    "An earthquake with a magnitude of at least 4.6 hit the region",
    "An earthquake measuring 4.6 on the Richter scale jolted the island",
    "Tremors registering 4.6 were felt in Dubai",
    "4.6 quake rattles Sonoma County",
])
def test_magnitudes_are_read_in_the_ways_reports_write_them(title):
    assert q(title) == {"magnitude 4.6"}


def test_magnitudes_count_only_in_a_lead_about_an_earthquake():
    assert q("A crater measuring 4.5 metres across was found") == frozenset()
    assert q("Magnitude 5.0 storm warning issued") == frozenset()  # no quake, tremor, seismic or Richter


@pytest.mark.parametrize(("title", "value"), [
    ("Thieves nab $2.6 million worth of jewellery", 2_600_000),
    ("Paris hit by 2 mn-euro jewelry heist", 2_000_000),
    ("Two million euro jewellery heist in central Paris", 2_000_000),
    ("Ram-raiders hit Paris jewellery store for €2m", 2_000_000),
    ("Robbers stole gems worth 85 million euros", 85_000_000),
    ("Nationals' offer bumped as high as $184M", 184_000_000),
    ("A £1.2bn deal was signed", 1_200_000_000),
    ("The hospital received $25,000 in donations", 25_000),
])
def test_sums_of_money_are_read_in_any_currency_and_scale(title, value):
    assert q(title) == {f"money {value}"}


def test_small_sums_and_figures_without_a_currency_are_not_money():
    assert q("Tickets cost $15 and 300 people came", "Some 2 million people watched.") == frozenset()


@pytest.mark.parametrize("title", [
    "The Nikon P1000 and the model e5000 went on sale",  # a letter and digits: a model, not pounds or euros
    "An earthquake left a crater measuring 2.5 metres across",  # a length in a quake lead
    "After the quake, output registered 5.2 percent growth",
    "Gerhard Richter's canvas measured 2.1 metres",  # Richter the painter, no quake
])
def test_what_is_not_a_magnitude_or_a_sum(title):
    assert q(title) == frozenset()


@pytest.mark.parametrize(("title", "value"), [
    ("USD 5 million was wired", 5_000_000),
    ("Fines of 50,000 euros were imposed", 50_000),
    ("Robbers took e80 million in gems", 80_000_000),  # a euro sign lost in conversion
    ("A €1.000.000 theft", 1_000_000),  # European thousands
    ("A $1,234.5 million budget", 1_234_500_000),
    ("A $1.5 trillion package", 1_500_000_000_000),
    ("He paid $5 million dollars", 5_000_000),  # one sum, read once
])
def test_more_ways_of_writing_money(title, value):
    assert q(title) == {f"money {value}"}


def test_only_the_lead_counts():
    late = "Nothing else to report. " * 20 + "An earlier quake of magnitude 6.6 struck in 2003."
    assert q("Magnitude 5.9 earthquake hits southern Iran", late) == {"magnitude 5.9"}


def test_quantities_agree_by_kind():
    quake_44, quake_46 = frozenset({"magnitude 4.4"}), frozenset({"magnitude 4.6"})
    assert quantities_agree(quake_46, quake_46) == (1.0, 0.0)
    assert quantities_agree(quake_44, quake_46) == (0.0, 1.0)  # a tenth apart or two: two quakes
    assert quantities_agree(quake_44, frozenset({"magnitude 4.4", "magnitude 4.6"})) == (1.0, 0.0)
    euros, dollars, small = frozenset({"money 85000000"}), frozenset({"money 108000000"}), frozenset({"money 2600000"})
    assert quantities_agree(euros, dollars) == (1.0, 0.0)  # one sum in two currencies
    assert quantities_agree(dollars, small) == (0.0, 1.0)
    assert quantities_agree(quake_46, small) == (0.0, 0.0)  # no kind in common: nothing said
    assert quantities_agree(frozenset(), quake_46) == (0.0, 0.0)


QUAKE_A = [
    EventDoc("a0", "Magnitude 4.4 earthquake strikes near The Geysers",
             "An earthquake with a preliminary magnitude of 4.4 struck near The Geysers in Sonoma County on "
             "Sunday morning, the U.S. Geological Survey said. No damage was reported near Cobb or Cloverdale.",
             date(2024, 5, 5), "Press Democrat"),
    EventDoc("a1", "4.4 quake rattles Sonoma County on Sunday",
             "A magnitude 4.4 earthquake rattled Sonoma County on Sunday morning, centred near The Geysers, "
             "the USGS said. Residents of Cobb and Cloverdale felt the shaking; no injuries were reported.",
             date(2024, 5, 5), "KGO"),
    EventDoc("a2", "Sunday earthquake near The Geysers measured 4.4",
             "The earthquake near The Geysers on Sunday measured 4.4, according to the U.S. Geological Survey. "
             "It was felt in Cobb, Cloverdale and Santa Rosa. No damage was reported in Sonoma County.",
             date(2024, 5, 6), "Santa Rosa News"),
]
QUAKE_B = [
    EventDoc("b0", "4.6 earthquake wakes Lake County",
             "A magnitude 4.6 temblor woke residents of Lake County before dawn on Thursday. The quake was "
             "centred at The Geysers steam field, seismologists said, and was felt as far as Sacramento.",
             date(2024, 5, 9), "Lake County News"),
    EventDoc("b1", "Pre-dawn 4.6 temblor felt from Napa to Sacramento",
             "Thursday's pre-dawn temblor, magnitude 4.6, was centred at The Geysers, seismologists said. "
             "Callers from Napa, Clearlake and Sacramento reported a rolling motion lasting several seconds.",
             date(2024, 5, 9), "KCRA"),
    EventDoc("b2", "Geysers quake of 4.6 was the strongest there in years",
             "The magnitude 4.6 earthquake at The Geysers early Thursday was the strongest in the steam field "
             "in years, seismologists said. Lake County reported no damage; Clearlake residents felt it.",
             date(2024, 5, 10), "Record-Bee"),
]


def test_pair_features_see_two_magnitudes_as_a_clash():
    fa, fb = extract_features(QUAKE_A[0]), extract_features(QUAKE_B[0])
    x = doc_pair_features(pair_view(fa, None, lambda t: 1.0, lambda t: 1.0), pair_view(fb, None, lambda t: 1.0,
                                                                                       lambda t: 1.0))
    named = dict(zip(PAIR_FEATURES, x, strict=True))
    assert (named["qty_match"], named["qty_clash"]) == (0.0, 1.0)


def _groups(cl: EventClusterer) -> set[frozenset[str]]:
    cl.repair(everything=True)
    return {frozenset(e.keys) for e in cl.events()}


def test_two_quakes_in_one_place_four_days_apart_are_two_events_by_their_magnitudes(monkeypatch):
    """Two quakes at The Geysers in one week, reported in the same words: the magnitudes keep them
    apart. The control, with the quantities taken away, merges them, so the test says what it means."""
    stream = [QUAKE_A[0], QUAKE_A[1], QUAKE_B[0], QUAKE_A[2], QUAKE_B[1], QUAKE_B[2]]
    cl = EventClusterer(window_days=30, people=False)
    for d in stream:
        cl.add(d)
    assert _groups(cl) == {frozenset({"a0", "a1", "a2"}), frozenset({"b0", "b1", "b2"})}

    monkeypatch.setattr(features, "lead_quantities", lambda doc, max_chars=400: frozenset())
    control = EventClusterer(window_days=30, people=False)
    for d in stream:
        control.add(d)
    assert frozenset({"a0", "a1", "a2", "b0", "b1", "b2"}) in _groups(control)


def test_quantities_survive_a_state_round_trip_and_old_states_load_without_them():
    cl = EventClusterer(window_days=30, people=False)
    for d in QUAKE_A:
        cl.add(d)
    state = json.loads(json.dumps(cl.state()))
    assert state["docs"]["a0"]["feats"]["quantities"] == ["magnitude 4.4"]
    restored = EventClusterer.from_state(state, people=False)
    assert restored.state() == cl.state()
    for d in state["docs"].values():  # as saved before quantities existed
        del d["feats"]["quantities"]
    for e in state["events"]:
        del e["profile"]["quantities"]
    for name in ("qty_match", "qty_clash"):
        del state["config"]["weights"][name]
        del state["config"]["pair_weights"][name]
    state["version"] = 3
    old = EventClusterer.from_state(state, people=False)
    # a store carries on with the model it started with: no weight for features it never had
    assert (old.weights.qty_match, old.weights.qty_clash) == (0.0, 0.0)
    assert (old.pair_weights.qty_match, old.pair_weights.qty_clash) == (0.0, 0.0)
    assert all(not d.feats.quantities for d in old._docs.values())
    template = EventDoc("t", QUAKE_A[0].title.replace("4.4", "4.6"), QUAKE_A[0].text.replace("4.4", "4.6"),
                        date(2024, 5, 9))
    # the same report with another magnitude (a quake bot's template): the old state has no magnitudes
    # to compare and calls it a copy, the new one does not
    assert old.add(template).duplicate_of == "a0"
    assert restored.add(template).duplicate_of is None
