"""Rules of a visit's times, as pure functions: access bands, slots, handovers."""

from datetime import datetime

import pytest

from icv.sites.grids import in_handover, slot_labels, slot_of
from icv.visits.access_delay import access_band, access_delay_minutes

LONDON = "Europe/London"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("admitted", "minutes", "band"),
    [
        ("2026-03-10T10:00:00+00:00", 0, "immediate"),
        ("2026-03-10T10:05:59+00:00", 5, "immediate"),
        ("2026-03-10T10:06:00+00:00", 6, "delay_6_15"),
        ("2026-03-10T10:15:59+00:00", 15, "delay_6_15"),
        ("2026-03-10T10:16:00+00:00", 16, "delay_over_15"),
        ("2026-03-10T11:02:00+00:00", 62, "delay_over_15"),
    ],
)
def test_access_delay_is_whole_minutes_rounded_down_then_banded(admitted, minutes, band):
    delay = access_delay_minutes(at("2026-03-10T10:00:00+00:00"), at(admitted))

    assert delay == minutes
    assert access_band(delay) == band


def test_access_delay_is_the_same_whatever_offset_the_times_carry():
    arrived = at("2026-07-01T10:00:00+01:00")
    admitted = at("2026-07-01T09:07:00+00:00")

    assert access_delay_minutes(arrived, admitted) == 7


@pytest.mark.parametrize(
    ("arrival", "slot"),
    [
        ("2026-03-09T07:59:59+00:00", {"day": "Mon", "band": "00:00-07:59"}),
        ("2026-03-09T08:00:00+00:00", {"day": "Mon", "band": "08:00-11:59"}),
        ("2026-03-09T11:59:00+00:00", {"day": "Mon", "band": "08:00-11:59"}),
        ("2026-03-09T12:00:00+00:00", {"day": "Mon", "band": "12:00-15:59"}),
        ("2026-03-09T23:59:59+00:00", {"day": "Mon", "band": "20:00-23:59"}),
        ("2026-03-15T00:00:00+00:00", {"day": "Sun", "band": "00:00-07:59"}),
    ],
)
def test_custody_slot_edges(arrival, slot):
    assert slot_labels("custody_suite", slot_of("custody_suite", at(arrival), LONDON)) == slot


def test_summer_time_puts_an_utc_evening_in_the_next_local_band():
    # 19:30 UTC in July is 20:30 in London.
    slot = slot_of("custody_suite", at("2026-07-07T19:30:00+00:00"), LONDON)

    assert slot_labels("custody_suite", slot) == {"day": "Tue", "band": "20:00-23:59"}


def test_half_past_midnight_on_a_local_monday_is_still_sunday_in_utc():
    arrival = at("2026-06-01T00:30:00+01:00")  # 2026-05-31T23:30Z, a Sunday in UTC

    slot = slot_of("custody_suite", arrival, LONDON)

    assert slot_labels("custody_suite", slot) == {"day": "Mon", "band": "00:00-07:59"}


@pytest.mark.parametrize(
    "arrival",
    [
        "2026-10-25T01:30:00+01:00",  # the repeated hour read as summer time
        "2026-10-25T01:30:00+00:00",  # and read as winter time
    ],
)
def test_the_repeated_hour_of_the_autumn_change_is_sunday_night_either_way(arrival):
    slot = slot_of("custody_suite", at(arrival), LONDON)

    assert slot_labels("custody_suite", slot) == {"day": "Sun", "band": "00:00-07:59"}


def test_the_spring_change_moves_straight_from_one_to_three_local():
    before = slot_of("custody_suite", at("2026-03-29T00:59:00+00:00"), LONDON)
    after = slot_of("custody_suite", at("2026-03-29T01:00:00+00:00"), LONDON)  # 02:00 BST

    assert slot_labels("custody_suite", before) == {"day": "Sun", "band": "00:00-07:59"}
    assert slot_labels("custody_suite", after) == {"day": "Sun", "band": "00:00-07:59"}


def test_on_the_autumn_change_evening_bands_follow_winter_time():
    # 19:30 UTC on 25 October 2026 is 19:30 GMT, after the change.
    slot = slot_of("custody_suite", at("2026-10-25T19:30:00+00:00"), LONDON)

    assert slot_labels("custody_suite", slot) == {"day": "Sun", "band": "16:00-19:59"}


@pytest.mark.parametrize(
    ("arrival", "slot"),
    [
        ("2026-03-09T07:00:00+00:00", {"day": "Mon", "band": "07:00-13:00"}),
        ("2026-03-09T13:00:00+00:00", {"day": "Mon", "band": "07:00-13:00"}),
        ("2026-03-13T15:00:00+00:00", {"day": "Fri", "band": "15:00-20:00"}),
        ("2026-03-14T10:00:00+00:00", {"day": "Sat/Sun", "band": "07:00-13:00"}),
        ("2026-03-15T19:00:00+00:00", {"day": "Sat/Sun", "band": "15:00-20:00"}),
    ],
)
def test_dog_unit_slots(arrival, slot):
    assert slot_labels("dog_unit", slot_of("dog_unit", at(arrival), LONDON)) == slot


@pytest.mark.parametrize(
    "arrival",
    ["2026-03-09T13:30:00+00:00", "2026-03-09T06:59:00+00:00", "2026-03-09T20:01:00+00:00"],
)
def test_dog_unit_arrivals_outside_both_bands_have_no_slot(arrival):
    assert slot_of("dog_unit", at(arrival), LONDON) is None


@pytest.mark.parametrize(
    ("local_time", "expected"),
    [
        ("06:29", False),
        ("06:30", True),
        ("07:15", True),
        ("07:16", False),
        ("18:30", True),
        ("19:15", True),
        ("19:16", False),
        ("12:00", False),
    ],
)
def test_handover_windows_in_local_time(local_time, expected):
    arrival = at(f"2026-07-07T{local_time}:00+01:00")

    assert in_handover(arrival, LONDON) is expected


def test_handover_is_judged_in_the_schemes_time_zone_not_utc():
    # 05:45 UTC in July is 06:45 in London: a handover.
    assert in_handover(at("2026-07-07T05:45:00+00:00"), LONDON)


def test_a_naive_time_has_no_slot():
    with pytest.raises(ValueError):
        slot_of("custody_suite", datetime(2026, 3, 9, 10, 0), LONDON)
