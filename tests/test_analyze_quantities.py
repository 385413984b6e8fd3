"""Quantities as intervals: hedges, units, heads, updates and non-quantities."""

from __future__ import annotations

import math

import pytest

from rashomon.analyze.quantities import extract_quantities
from rashomon.models import Quantity


@pytest.fixture(scope="module")
def nlp():
    from rashomon.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def quantities(nlp):
    def run(text: str) -> list[Quantity]:
        doc = nlp(text)
        found = extract_quantities(doc)
        for q in found:
            assert doc.text[q.start : q.end] == q.text
            assert q.sentence == -1
            assert q.low <= q.high
        return found

    return run


def one(found: list[Quantity]) -> Quantity:
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def contains(q: Quantity, x: float) -> bool:
    return q.low <= x <= q.high


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high", "head", "approx"),
    [
        (
            "At the moment, about 700 US servicemen are still stationed in Niger.",
            "about 700",
            630,
            770,
            "serviceman",
            "about",
        ),
        (
            "The United States has some 1,000 troops deployed in Niger.",
            "some 1,000",
            900,
            1100,
            "troop",
            "about",
        ),
        ("Moscow sent 100 Russian military instructors.", "100", 100, 100, "instructor", "exact"),
        ("Rescuers found roughly 40,000 tracked objects.", "roughly 40,000", 36000, 44000, "object", "about"),
        ("Officials said 14 homes had burned.", "14", 14, 14, "home", "exact"),
        ("Only 94 deputies voted for the motion.", "94", 94, 94, "deputy", "exact"),
        ("They demolished two dozen houses.", "two dozen", 24, 24, "house", "exact"),
        ("A dozen boats joined the search.", "A dozen", 12, 12, "boat", "exact"),
        ("Eighteen people died.", "Eighteen", 18, 18, "people", "exact"),
        ("Twenty-three houses were damaged.", "Twenty-three", 23, 23, "house", "exact"),
        ("The army sent a hundred trucks.", "a hundred", 100, 100, "truck", "exact"),
        (
            "The venue was holding an estimated 28 000 spectators.",
            "an estimated 28 000",
            25200,
            30800,
            "spectator",
            "about",
        ),
        (
            "More than 250 firefighters were on the line.",
            "More than 250",
            250,
            500,
            "firefighter",
            "more_than",
        ),
        ("At least 11 people were killed.", "At least 11", 11, math.inf, "people", "at_least"),
        ("Fewer than 100 MPs backed the motion.", "Fewer than 100", 50, 100, "mp", "less_than"),
        ("Nearly 200 people have been hospitalised.", "Nearly 200", 180, 200, "people", "nearly"),
        ("The ship carried up to 300 passengers.", "up to 300", 0, 300, "passenger", "at_most"),
        ("The ship carried just over 300 passengers.", "just over 300", 300, 330, "passenger", "more_than"),
        ("Between 20 and 30 people were hurt.", "Between 20 and 30", 20, 30, "people", "range"),
        ("Police said 20-30 people were hurt.", "20-30", 20, 30, "people", "range"),
        ("Police said 20 to 30 people were hurt.", "20 to 30", 20, 30, "people", "range"),
        ("Hundreds of people fled.", "Hundreds", 200, 999, "people", "vague"),
        ("Thousands of fans were locked outside.", "Thousands", 2000, 9999, "fan", "vague"),
        ("Dozens of fans were hurt.", "Dozens", 24, 144, "fan", "vague"),
        ("Tens of thousands of people marched.", "Tens of thousands", 20000, 99999, "people", "vague"),
        (
            "Gauteng Police confirm that nine (9) persons have lost their lives.",
            "nine (9)",
            9,
            9,
            "person",
            "exact",
        ),
    ],
)
def test_analyze_quantities_counts(quantities, sentence, text, low, high, head, approx):
    q = one(quantities(sentence))
    assert (q.text, q.low, q.high, q.head, q.approx) == (text, low, high, head, approx)
    assert q.unit is None


def test_analyze_quantities_head_text(quantities):
    q = one(quantities("At the moment, about 700 US servicemen are still stationed in Niger."))
    assert q.head_text == "US servicemen"
    assert q.value == 700
    q = one(quantities("Moscow sent 100 Russian military instructors."))
    assert q.head_text == "Russian military instructors"


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (
            "about 700 US servicemen are stationed there",
            "The United States has some 1,000 troops there",
            False,
        ),
        ("more than 200 people died", "230 people died", True),
        ("more than 200 people died", "150 people died", False),
        ("nearly 50 houses burned", "48 houses burned", True),
        ("about 200 elective surgeries were postponed", "213 elective procedures were postponed", True),
        ("About 30 people were missing", "27 people were missing", True),
        ("the fire burned 1,200 hectares", "the fire burned about 2,965 acres", True),
        ("an altitude of about 780 kilometres", "an altitude of 485 miles", True),
        ("temperatures above 45°C", "readings above 113F", True),
        ("the fire is about 20 kilometres northeast", "the fire is about 12 miles northeast", True),
        ("fewer than 100 MPs voted", "97 MPs voted", True),
        ("at least 14 people died", "11 people died", False),
    ],
)
def test_analyze_quantities_overlap(quantities, a, b, overlap):
    qa, qb = one(quantities(a)), one(quantities(b))
    assert qa.interval.overlaps(qb.interval) is overlap


@pytest.mark.parametrize(
    ("sentence", "low", "high", "unit"),
    [
        ("The fire is 20 kilometers northeast of town.", 20, 20, "km"),
        ("The fire is 12 miles northeast of town.", 19.312128, 19.312128, "km"),
        ("Pilots must avoid 3.8 nautical miles around the crater.", 7.0376, 7.0376, "km"),
        ("The wreck lies at a depth of 30 metres.", 0.03, 0.03, "km"),
        ("The fire covers 1,200 hectares.", 1200, 1200, "ha"),
        ("The fire covers 13,000 acres.", 5260.91334912, 5260.91334912, "ha"),
        ("The reservoir held 12 million m³ of water.", 12e6, 12e6, "m³"),
        ("The reservoir held 12 hm³ of water.", 12e6, 12e6, "m³"),
        ("The dam held back 12 billion litres of water.", 12e6, 12e6, "m³"),
        ("The 1.4-tonne stage drifted.", 1400, 1400, "kg"),
        ("Sokoto recorded 45°C this week.", 45, 45, "°C"),
        ("Sokoto recorded 45C this week.", 45, 45, "°C"),
        ("Niamey recorded 113F this week.", 45, 45, "°C"),
        ("Gusts reached 50 km/h.", 50, 50, "km/h"),
        ("Winds reached 40 mph.", 64.37376, 64.37376, "km/h"),
        ("The rate now stands at 27%.", 27, 27, "percent"),
        ("Profit rose 7.8 per cent.", 7.8, 7.8, "percent"),
        ("The bank cut its rate by 100 basis points.", 1, 1, "percentage_point"),
        ("The bank cut its rate by a full point.", 1, 1, "percentage_point"),
        ("The bank cut its rate by one percentage point.", 1, 1, "percentage_point"),
    ],
)
def test_analyze_quantities_units(quantities, sentence, low, high, unit):
    q = one(quantities(sentence))
    assert q.unit == unit
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)


@pytest.mark.parametrize(
    ("sentence", "value", "currency"),
    [
        ("Hollow Ember is demanding US$3.3 million.", 3.3e6, "USD"),
        ("The hackers want A$5 million.", 5e6, "AUD"),
        ("The hackers want $5m.", 5e6, "$"),
        ("It booked a 142 crore rupee provision.", 1.42e9, "INR"),
        ("Revenue rose to 4,812 crore rupees.", 4.812e10, "INR"),
        ("The company booked a provision of ₹1.42 billion.", 1.42e9, "INR"),
        ("The fine was Rs 5 lakh.", 5e5, "INR"),
        ("The club paid €2.5bn for the stadium.", 2.5e9, "EUR"),
        ("Reserves stood at GH₵ 40 million.", 4e7, "GHS"),
        ("The ferry fare is 500 pesos.", 500, "PHP"),
        ("The fund holds R5 million.", 5e6, "ZAR"),
    ],
)
def test_analyze_quantities_money(quantities, sentence, value, currency):
    q = one(quantities(sentence))
    assert (q.unit, q.currency) == ("money", currency)
    assert q.value == pytest.approx(value) and q.low == pytest.approx(value)


def test_analyze_quantities_money_hedged(quantities):
    q = one(quantities("word around town is it wants about $5 million to hand back control"))
    assert (q.currency, q.approx, q.low, q.high) == ("$", "about", 4.5e6, 5.5e6)


@pytest.mark.parametrize(
    ("sentence", "updates"),
    [
        ("The death toll has risen to 52, up from 41 announced on Thursday.", {"52": True, "41": True}),
        ("The number of people rescued rose to 131.", {"131": True}),
        (
            "Headline inflation declined to 22.4 percent from 23.5 percent.",
            {"22.4 percent": True, "23.5 percent": True},
        ),
        ("The toll climbed to 52.", {"52": True}),
        (
            "The order now covers 3,200 residents, up from 1,800 this morning.",
            {"3,200": False, "1,800": True},
        ),
        ("Net profit fell 18% to 512 crore rupees.", {"18%": True, "512 crore rupees": True}),
        ("The bank cut its rate by 100 basis points to 27%.", {"100 basis points": True, "27%": True}),
        ("Officials said 40 homes had been destroyed.", {"40": False}),
        ("More than 200 mm of rain had fallen in the catchment.", {"More than 200 mm": False}),
    ],
)
def test_analyze_quantities_updates(quantities, sentence, updates):
    assert {q.text: q.is_update for q in quantities(sentence)} == updates


def test_analyze_quantities_update_from_value_shares_head(quantities):
    found = quantities("The death toll has risen to 52, up from 41 announced on Thursday.")
    assert [q.head for q in found] == ["toll", "toll"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The dam was built in 2023.",
        "The satellite was launched in 1987.",
        "The attack was detected on April 12.",
        "The attack was detected on 12 April 2025.",
        "A ceasefire took effect at 22:00 Dushanbe time.",
        "Gates had opened at 2 p.m. on Saturday.",
        "Fans arrived shortly after 7pm.",
        "It was the first cut this year.",
        "It was the committee's 27th meeting.",
        "Aurelis-17 was destroyed by a Kosmos-3M stage.",
        "Passengers on flight QZ-7510 were delayed.",
        "Fans surged through Gate 7 and down a stairway.",
        "Highway 97D remains closed.",
        "The note No. 47/2025 was issued.",
        "In emergencies, call 199 (Civil Defence).",
        "The debate lasted seven hours.",
        "It was one of the largest debris clouds.",
        "The committee voted 5-2 for the cut.",
        "Q4 results were weak.",
        "The met from 19 to 21 March 2025.",
        "13.04.2024, Niamey.",
        "On 2024-04-13 the vote was held.",
    ],
)
def test_analyze_quantities_not_quantities(quantities, sentence):
    assert quantities(sentence) == []


def test_analyze_quantities_ages(quantities):
    q = one(quantities("A 67-year-old man died on Monday."))
    assert (q.unit, q.value, q.head) == ("age", 67, "man")
    q = one(quantities('"The sirens never sounded," Maria Schaefer, 71, says.'))
    assert (q.unit, q.value, q.head_text) == ("age", 71, "Maria Schaefer")


def test_analyze_quantities_label_heads(quantities):
    found = quantities("Consolidated figures:\n- Confirmed deaths: 18\n- Displaced persons: 4,312\n")
    assert [(q.value, q.head, q.head_text) for q in found] == [
        (18, "death", "Confirmed deaths"),
        (4312, "person", "Displaced persons"),
    ]


def test_analyze_quantities_measure_heads(quantities):
    q = one(quantities("It collided at an altitude of about 780 kilometres."))
    assert (q.head, q.low, q.high) == ("altitude", 702, 858)
    q = one(quantities("About 230 millimetres of rain fell in two days."))
    assert q.head == "rain"
    q = one(quantities("A 7 km exclusion zone is in place."))
    assert q.head == "zone"


def test_analyze_quantities_offsets_in_longer_text(quantities, nlp):
    text = "Dam bursts.\n\nAbout 30 people were missing and more than 4,000 had been forced from their homes."
    found = quantities(text)
    assert [q.text for q in found] == ["About 30", "more than 4,000"]
    assert [text[q.start : q.end] for q in found] == ["About 30", "more than 4,000"]
