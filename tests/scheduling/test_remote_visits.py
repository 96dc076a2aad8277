"""Remote visits are kept apart: a phone or video visit fills no slot, meets no target and has no
access delay; a curtailed in-person visit counts like a completed one."""

from datetime import date, timedelta

import pytest

from icv.common.dates import FinancialYear
from icv.reporting.annual import access_section
from icv.scheduling.coverage import coverage_of
from icv.scheduling.targets import site_targets
from icv.visits.recording import create_visit
from tests.support.visits import at, feedback_before, make_visitors

YEAR = FinancialYear(2023)
LONDON = "Europe/London"
AFTER_THE_YEAR = date(2024, 6, 1)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
NIGHT, MORNING, AFTERNOON, EVENING, LATE = range(5)
# Tuesday 6 June 2023, 10:00 BST: the Tuesday morning slot of the week of Monday 5 June.
TUESDAY_MORNING = "2023-06-06T10:00:00+01:00"
WEEK_OF_5_JUNE = date(2023, 6, 5)


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


def record(
    site, recorder, visitors, arrived: str, *, mode="in_person", outcome="completed", **more
):
    """A submitted visit, admitted after twenty minutes (a wait long enough to be a delay)."""
    arrived_at = at(arrived)
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "admitted_at": arrived_at + timedelta(minutes=20),
        "access_delay_reason": "staff handover",
        "departed_at": arrived_at + timedelta(hours=1),
        "status": "submitted",
        "mode": mode,
        "outcome": outcome,
        **more,
    }
    if mode == "in_person" and site.kind == "custody_suite":
        data["feedback"] = feedback_before(data["departed_at"])
    visit, created = create_visit(site.scheme, recorder, data)
    assert created
    return visit


def target_of(site):
    return site_targets([site], YEAR, LONDON, today=AFTER_THE_YEAR)[0]


def test_a_phone_visit_in_a_slot_leaves_the_slot_uncovered(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, mode="phone")

    table = coverage_of(suite, YEAR)

    assert table.counts[TUE][MORNING] == 0
    assert (TUE, MORNING) in table.uncovered


def test_a_video_visit_is_not_counted_outside_the_grid(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, mode="video")

    table = coverage_of(suite, YEAR)

    assert table.outside_grid == 0
    assert table.total == 0


def test_a_phone_visit_at_the_dog_unit_is_not_counted_outside_the_grid(dog_unit, manager, pair):
    record(dog_unit, manager, pair, "2023-06-06T14:00:00+01:00", mode="phone")  # between bands

    assert coverage_of(dog_unit, YEAR).outside_grid == 0


def test_an_abandoned_phone_visit_is_not_counted_as_abandoned_in_the_coverage(suite, manager, pair):
    record(
        suite,
        manager,
        pair,
        TUESDAY_MORNING,
        mode="phone",
        outcome="abandoned",
        admitted_at=None,
        abandon_reason="wait_too_long",
    )

    assert coverage_of(suite, YEAR).abandoned == 0


def test_a_curtailed_visit_fills_its_slot(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, outcome="curtailed", curtail_reason="Fire alarm")

    assert coverage_of(suite, YEAR).counts[TUE][MORNING] == 1


def test_a_video_visit_does_not_meet_the_weeks_target(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, mode="video")

    target = target_of(suite)

    assert target.periods_met == 0
    assert target.visits == 0


def test_a_phone_visit_does_not_meet_the_dog_units_month(dog_unit, manager, pair):
    record(dog_unit, manager, pair, "2023-06-06T10:00:00+01:00", mode="phone")

    assert target_of(dog_unit).periods_met == 0


def test_a_curtailed_visit_meets_the_weeks_target(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, outcome="curtailed", curtail_reason="Fire alarm")

    target = target_of(suite)

    assert target.periods_met == 1
    assert target.visits == 1


def test_an_in_person_visit_the_same_week_as_a_phone_visit_still_meets_it(suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, mode="phone")
    record(suite, manager, pair, "2023-06-08T15:00:00+01:00")

    target = target_of(suite)

    assert (target.periods_met, target.visits) == (1, 1)


def test_remote_visits_are_not_in_the_access_figures(scheme, suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, mode="phone")
    record(suite, manager, pair, "2023-06-07T10:00:00+01:00", mode="video")

    access = access_section(scheme, 2023)

    assert (access["immediate"], access["delay_6_15"], access["delay_over_15"]) == (0, 0, 0)
    assert access["reasons"] == []


def test_a_curtailed_visit_is_in_the_access_figures(scheme, suite, manager, pair):
    record(suite, manager, pair, TUESDAY_MORNING, outcome="curtailed", curtail_reason="Fire alarm")

    assert access_section(scheme, 2023)["delay_over_15"] == 1
