"""Value-level conflict rules: two values conflict only when no reading of both is true."""

from datetime import date

import pytest

from rashomon.compare.values import quantities_conflict, time_is_open, times_conflict
from rashomon.models import Quantity, TimeExpr


def q(low, high, approx="exact", unit=None, currency=None, update=False, head="troop"):
    return Quantity(sentence=0, start=0, end=1, text="x", low=low, high=high, unit=unit, head=head,
                    approx=approx, value=low, currency=currency, is_update=update)


def t(first, last=None, tod=None, text="x", kind="DATE"):
    first = date.fromisoformat(first)
    last = date.fromisoformat(last) if last else first
    return TimeExpr(sentence=0, start=0, end=1, text=text, first=first, last=last, granularity="day",
                    kind=kind, time_of_day=tod)


@pytest.mark.parametrize("a,b,conflict", [
    (q(630, 770, "about"), q(900, 1100, "about"), True),          # about 700 vs some 1,000
    (q(200, float("inf"), "more_than"), q(230, 230), False),     # more than 200 vs 230
    (q(45, 50, "nearly"), q(48, 48), False),                     # nearly 50 vs 48
    (q(142, 142), q(155, 155), True),                            # 142 vs 155 passengers
    (q(28000, 28000), q(28000, 28000), False),
    (q(1_180_000, 1_180_000), q(1_200_000, 1_200_000), False),   # rounding in copy
    (q(41, 41), q(52, 52, update=True), False),                  # "rose to 52" is an update
    (q(9, 9, unit="km"), q(14, 14, unit="km"), True),
    (q(5, 5, unit="money", currency="AUD"), q(3.3, 3.3, unit="money", currency="USD"), False),
])
def test_compare_values_quantities(a, b, conflict):
    assert quantities_conflict(a, b) is conflict
    assert quantities_conflict(b, a) is conflict


def test_compare_values_dates_month_granularity():
    dec = t("2023-12-01", "2023-12-31")
    jan = t("2024-01-01", "2024-01-31")
    assert times_conflict(dec, jan)
    assert not times_conflict(t("2023-07-01", "2023-07-31"), t("2023-01-01", "2023-12-31"))


def test_compare_values_open_intervals_do_not_date_events():
    assert time_is_open("have been limited since ")
    assert not times_conflict(t("2024-04-10"), t("2024-04-12"), "limited since ", "")


def test_compare_values_clock_times():
    sun = "2025-10-12"
    assert times_conflict(t(sun, tod="02:30", kind="TIME"), t(sun, tod="00:40", kind="TIME"))
    assert not times_conflict(t(sun, tod="02:30", kind="TIME"), t(sun, tod="02:45", kind="TIME"))
    # zones: 22:00 Dushanbe time may be 23:00 local time elsewhere
    assert not times_conflict(t(sun, tod="22:00", kind="TIME", text="22:00 Dushanbe time"),
                              t(sun, tod="23:00", kind="TIME", text="23:00 local time"))


def test_compare_values_night_is_not_a_time_zone():
    sunday = t("2025-11-02", text="late Sunday")
    monday = t("2025-11-03", tod="night", kind="TIME", text="Monday night")
    assert times_conflict(sunday, monday)


def test_compare_values_range_end_is_open():
    assert time_is_open("From 1 August to ", "19 October 2025")
