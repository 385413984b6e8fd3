"""rashomon.analyze.dates: resolving and finding temporal expressions (hand-built inputs)."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.analyze.dates import find_time_expressions, guess_tense, resolve_time_expression

SAT = date(2024, 4, 13)  # Saturday
FRI = date(2024, 4, 12)
THU = date(2024, 4, 11)
MON = date(2024, 4, 8)
D = date


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "first", "last", "granularity", "value"),
    [
        # months
        ("last December", SAT, None, D(2023, 12, 1), D(2023, 12, 31), "month", "2023-12"),
        ("in January", FRI, None, D(2024, 1, 1), D(2024, 1, 31), "month", "2024-01"),
        ("December 2023", SAT, None, D(2023, 12, 1), D(2023, 12, 31), "month", "2023-12"),
        ("in December", SAT, "past", D(2023, 12, 1), D(2023, 12, 31), "month", "2023-12"),
        ("in December", SAT, None, D(2023, 12, 1), D(2023, 12, 31), "month", "2023-12"),
        ("in December", SAT, "future", D(2024, 12, 1), D(2024, 12, 31), "month", "2024-12"),
        ("in January", SAT, "future", D(2025, 1, 1), D(2025, 1, 31), "month", "2025-01"),
        ("next month", SAT, None, D(2024, 5, 1), D(2024, 5, 31), "month", "2024-05"),
        ("last month", SAT, None, D(2024, 3, 1), D(2024, 3, 31), "month", "2024-03"),
        ("in late March", SAT, None, D(2024, 3, 21), D(2024, 3, 31), "month-part", "2024-03"),
        ("early March", SAT, None, D(2024, 3, 1), D(2024, 3, 10), "month-part", "2024-03"),
        ("mid-March", SAT, None, D(2024, 3, 11), D(2024, 3, 20), "month-part", "2024-03"),
        ("late last July", D(2013, 3, 22), None, D(2012, 7, 21), D(2012, 7, 31), "month-part", "2012-07"),
        ("since the start of the month", SAT, None, D(2024, 4, 1), D(2024, 4, 13), "month-part", "2024-04"),
        # days
        ("Wednesday night", FRI, None, D(2024, 4, 10), D(2024, 4, 10), "day", "2024-04-10TNI"),
        ("late Thursday", FRI, None, D(2024, 4, 11), D(2024, 4, 11), "day", "2024-04-11"),
        ("on Wednesday", THU, None, D(2024, 4, 10), D(2024, 4, 10), "day", "2024-04-10"),
        ("last Thursday", FRI, None, D(2024, 4, 11), D(2024, 4, 11), "day", "2024-04-11"),
        ("Monday", MON, None, MON, MON, "day", "2024-04-08"),
        ("Thursday", FRI, "future", D(2024, 4, 18), D(2024, 4, 18), "day", "2024-04-18"),
        ("next Monday", MON, None, D(2024, 4, 15), D(2024, 4, 15), "day", "2024-04-15"),
        ("yesterday", SAT, None, FRI, FRI, "day", "2024-04-12"),
        ("today", SAT, None, SAT, SAT, "day", "2024-04-13"),
        ("tonight", SAT, None, SAT, SAT, "day", "2024-04-13TNI"),
        ("the day before", SAT, None, FRI, FRI, "day", "2024-04-12"),
        ("eight days ago", D(2024, 12, 14), None, D(2024, 12, 6), D(2024, 12, 6), "day", "2024-12-06"),
        ("two weeks ago", SAT, None, D(2024, 3, 25), D(2024, 3, 31), "week", "2024-W13"),
        ("a week earlier", SAT, None, D(2024, 4, 1), D(2024, 4, 7), "week", "2024-W14"),
        ("this week", SAT, None, D(2024, 4, 8), D(2024, 4, 14), "week", "2024-W15"),
        ("last weekend", MON, None, D(2024, 4, 6), D(2024, 4, 7), "weekend", "2024-W14-WE"),
        # years and longer
        ("last year", SAT, None, D(2023, 1, 1), D(2023, 12, 31), "year", "2023"),
        ("this year", SAT, None, D(2024, 1, 1), D(2024, 12, 31), "year", "2024"),
        ("in 2023", SAT, None, D(2023, 1, 1), D(2023, 12, 31), "year", "2023"),
        ("last year's", SAT, None, D(2023, 1, 1), D(2023, 12, 31), "year", "2023"),
        ("four years ago", D(2013, 3, 21), None, D(2009, 1, 1), D(2009, 12, 31), "year", "2009"),
        ("early 2011", SAT, None, D(2011, 1, 1), D(2011, 4, 30), "year-part", "2011"),
        ("the end of the year", D(2013, 3, 22), "past", D(2012, 9, 1), D(2012, 12, 31), "year-part", "2012"),
        ("by the end of the year", D(2013, 3, 22), None, D(2013, 9, 1), D(2013, 12, 31), "year-part", "2013"),
        ("the late 1980s", SAT, None, D(1987, 1, 1), D(1989, 12, 31), "decade-part", "198"),
        ("the 1980s", SAT, None, D(1980, 1, 1), D(1989, 12, 31), "decade", "198"),
        ("1987", SAT, None, D(1987, 1, 1), D(1987, 12, 31), "year", "1987"),
        ("the 20th century", SAT, None, D(1900, 1, 1), D(1999, 12, 31), "century", "19"),
        ("last summer", D(2013, 3, 22), None, D(2012, 6, 1), D(2012, 8, 31), "season", "2012-SU"),
        ("the first quarter", SAT, None, D(2024, 1, 1), D(2024, 3, 31), "quarter", "2024-Q1"),
        ("Q3 2023", SAT, None, D(2023, 7, 1), D(2023, 9, 30), "quarter", "2023-Q3"),
        ("the first half of 2013", SAT, None, D(2013, 1, 1), D(2013, 6, 30), "half", "2013-H1"),
        # explicit dates, through dateparser
        ("13.04.2024", None, None, D(2024, 4, 13), D(2024, 4, 13), "day", "2024-04-13"),
        ("04.05.2024", None, None, D(2024, 5, 4), D(2024, 5, 4), "day", "2024-05-04"),
        ("April 12, 2024", None, None, FRI, FRI, "day", "2024-04-12"),
        ("12 April 2024", None, None, FRI, FRI, "day", "2024-04-12"),
        ("2024-04-12", None, None, FRI, FRI, "day", "2024-04-12"),
        ("Monday, July 7, 2025", None, None, D(2025, 7, 7), D(2025, 7, 7), "day", "2025-07-07"),
        ("7 Jul", SAT, None, D(2024, 7, 7), D(2024, 7, 7), "day", "2024-07-07"),
        ("Feb. 28", D(2013, 3, 21), None, D(2013, 2, 28), D(2013, 2, 28), "day", "2013-02-28"),
        ("Dec. 30", D(2024, 1, 5), None, D(2023, 12, 30), D(2023, 12, 30), "day", "2023-12-30"),
        ("the 5th of May 2020", None, None, D(2020, 5, 5), D(2020, 5, 5), "day", "2020-05-05"),
    ],
)
def test_dates_resolve(text, anchor, tense, first, last, granularity, value):
    t = resolve_time_expression(text, anchor, tense=tense)
    assert t is not None
    assert (t.first, t.last, t.granularity, t.value) == (first, last, granularity, value)
    assert t.sentence == -1
    assert t.text == text


@pytest.mark.parametrize(
    ("text", "anchor", "first", "value", "time_of_day"),
    [
        ("22:00", SAT, SAT, "2024-04-13T22:00", "22:00"),
        ("2 p.m.", SAT, SAT, "2024-04-13T14:00", "14:00"),
        ("at 2 p.m. on Saturday", SAT, SAT, "2024-04-13T14:00", "14:00"),
        ("at 2 p.m. on Thursday", SAT, THU, "2024-04-11T14:00", "14:00"),
        ("Friday at 9.30 am", SAT, FRI, "2024-04-12T09:30", "09:30"),
        ("22:00 Dushanbe time", SAT, SAT, "2024-04-13T22:00", "22:00"),
        ("15:00 GMT", SAT, SAT, "2024-04-13T15:00", "15:00"),
        ("noon", SAT, SAT, "2024-04-13T12:00", "12:00"),
        ("Friday afternoon", SAT, FRI, "2024-04-12TAF", "afternoon"),
    ],
)
def test_dates_resolve_times(text, anchor, first, value, time_of_day):
    t = resolve_time_expression(text, anchor)
    assert t is not None
    assert (t.kind, t.first, t.last, t.value, t.time_of_day) == ("TIME", first, first, value, time_of_day)


@pytest.mark.parametrize(
    ("text", "kind", "value", "first", "last"),
    [
        ("for three days", "DURATION", "P3D", None, None),
        ("eight months", "DURATION", "P8M", None, None),
        ("a decade", "DURATION", "P10Y", None, None),
        ("several weeks", "DURATION", "PXW", None, None),
        ("the past three days", "DURATION", "P3D", D(2024, 4, 10), SAT),
        ("every week", "SET", "P1W", None, None),
        ("each morning", "SET", "XXXX-XX-XXTMO", None, None),
        ("annually", "SET", "P1Y", None, None),
        ("Sundays", "SET", "XXXX-WXX-7", None, None),
        ("now", "DATE", "PRESENT_REF", SAT, SAT),
        ("currently", "DATE", "PRESENT_REF", SAT, SAT),
        ("at the time", "DATE", "PAST_REF", None, None),
    ],
)
def test_dates_resolve_durations_sets_refs(text, kind, value, first, last):
    t = resolve_time_expression(text, SAT)
    assert t is not None
    assert (t.kind, t.value, t.first, t.last) == (kind, value, first, last)


@pytest.mark.parametrize("text", ["yesterday", "last December", "in January", "Wednesday night", "two weeks ago"])
def test_dates_relative_without_anchor_is_unresolved(text):
    t = resolve_time_expression(text, None)
    assert t is not None
    assert t.first is None and t.last is None


@pytest.mark.parametrize(
    "text", ["", "   ", "the day", "banana", "the 99th day", "Feb 30, 2023", "13 p.m.", "99:99", "9999 years ago", "late"]
)
def test_dates_not_a_date(text):
    assert resolve_time_expression(text, SAT) is None


def test_dates_find_offsets_in_paragraph():
    text = (
        "The agreement was signed last December, officials said on Wednesday. "
        "Talks resumed in late March and will continue next month. "
        "Late Thursday, at 22:00 Dushanbe time, troops left; it was the first cut in eight months. "
        "Last year's coup changed everything, and the 1957-58 expedition was recalled."
    )
    found = find_time_expressions(text, FRI)
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.sentence == -1
    by_text = {t.text: t for t in found}
    assert by_text["last December"].value == "2023-12"
    assert by_text["Wednesday"].first == D(2024, 4, 10)
    assert by_text["late March"].granularity == "month-part"
    assert by_text["next month"].value == "2024-05"
    assert by_text["Late Thursday"].first == THU
    assert by_text["22:00 Dushanbe time"].kind == "TIME"
    assert by_text["eight months"].kind == "DURATION"
    assert by_text["Last year's"].value == "2023"
    assert by_text["1957"].value == "1957" and by_text["58"].value == "1958"
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_dates_find_keeps_ordinary_words_and_numbers_out():
    text = "See example.com/2024/04/12/x. You may march 2000 troops or 2000 people in 3.5 hours, said the 45-year-old. It costs $2024 and 1,999 people."
    found = find_time_expressions(text, FRI)
    assert [t.text for t in found] == ["3.5 hours"]


def test_dates_find_joins_time_and_day():
    text = "The match was postponed until 15:00 GMT Saturday because of snow."
    (t,) = find_time_expressions(text, D(2013, 3, 22))
    assert t.text == "15:00 GMT Saturday"
    assert t.value == "2013-03-23T15:00"  # "postponed until": future


def test_dates_find_with_hints_adds_only_what_grammar_missed():
    text = "The 99th day of the siege came and the man, 65, left on Friday."
    start = text.index("Friday")
    hints = [(0, 16, "DATE"), (text.index("65"), text.index("65") + 2, "DATE"), (start, start + 6, "DATE")]
    found = find_time_expressions(text, SAT, hints)
    assert [t.text for t in found] == ["Friday"]


@pytest.mark.parametrize("text", ["", " \n "])
def test_dates_find_empty_text(text):
    assert find_time_expressions(text, SAT) == []
    assert find_time_expressions(text, None) == []


def test_dates_find_without_anchor():
    found = find_time_expressions("It happened yesterday, on 12 April 2024.", None)
    assert [(t.text, t.first) for t in found] == [("yesterday", None), ("12 April 2024", FRI)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A book is due to be published in May.", "future"),
        ("The talks will resume in May.", "future"),
        ("The deal was signed in May.", "past"),
        ("Talks ended in May.", "past"),
        ("In May.", None),
    ],
)
def test_dates_guess_tense(sentence, expected):
    start = sentence.index("May")
    assert guess_tense(sentence, start, start + 3) == expected
