"""Unit conversion tables (no spaCy)."""

from __future__ import annotations

import pytest

from rashomon.analyze.units import convert, round_sig, same_dimension, words_value


@pytest.mark.parametrize(
    ("value", "unit", "expected", "canonical"),
    [
        (12, "miles", 19.312128, "km"),
        (3.8, "nautical miles", 7.0376, "km"),
        (780, "km", 780, "km"),
        (30, "metres", 0.03, "km"),
        (1000, "feet", 0.3048, "km"),
        (2965, "acres", 1199.8926, "ha"),
        (1, "km²", 100, "ha"),
        (1, "square mile", 258.998811, "ha"),
        (12, "hm³", 12e6, "m³"),
        (1000, "litres", 1, "m³"),
        (1, "gallon", 0.003785411784, "m³"),
        (1.4, "tonnes", 1400, "kg"),
        (1, "pound", 0.45359237, "kg"),
        (113, "°F", 45, "°C"),
        (45, "°C", 45, "°C"),
        (32, "fahrenheit", 0, "°C"),
        (40, "mph", 64.37376, "km/h"),
        (10, "knots", 18.52, "km/h"),
        (27, "%", 27, "percent"),
        (100, "basis points", 1, "percentage_point"),
        (1, "percentage point", 1, "percentage_point"),
        (5, "furlongs", 5, "furlongs"),
    ],
)
def test_analyze_units_convert(value, unit, expected, canonical):
    got, unit_out = convert(value, unit)
    assert unit_out == canonical
    assert got == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("km", "miles", True),
        ("ha", "acres", True),
        ("°F", "°C", True),
        ("bp", "percentage_point", True),
        ("percent", "percentage_point", False),
        ("km", "kg", False),
        (None, None, True),
        (None, "km", False),
        ("money", "money", True),
    ],
)
def test_analyze_units_same_dimension(a, b, same):
    assert same_dimension(a, b) is same


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("two dozen", 24),
        ("a dozen", 12),
        ("a hundred", 100),
        ("eighteen", 18),
        ("twenty-three", 23),
        ("hundred", None),
    ],
)
def test_analyze_units_words_value(words, value):
    assert words_value(words) == value


def test_analyze_units_round_sig():
    assert round_sig(700 * 1.1) == 770
    assert round_sig(float("inf")) == float("inf")
