"""Long-service milestones and the cohort figures of a year, on known sets (no HTTP)."""

from datetime import date

import pytest

from icv.common.dates import FinancialYear
from icv.people.cohort import cohort, milestones, percent
from tests.support.records import make_person, make_volunteer, move

FY2023 = FinancialYear(2023)  # 1 April 2023 - 31 March 2024


def reached(scheme, year: FinancialYear) -> list[tuple[str, int, date]]:
    return [(item["name"], item["years"], item["reached_on"]) for item in milestones(scheme, year)]


# Milestones ------------------------------------------------------------------------------------


def test_a_milestone_on_the_first_day_of_the_year_counts(scheme):
    make_volunteer(scheme, "First Day", date(2020, 4, 1))

    assert reached(scheme, FY2023) == [("First Day", 3, date(2023, 4, 1))]


def test_a_milestone_on_the_last_day_of_the_year_counts(scheme):
    make_volunteer(scheme, "Last Day", date(2015, 3, 31))

    assert reached(scheme, FY2023) == [("Last Day", 9, date(2024, 3, 31))]


@pytest.mark.parametrize("joined_on", [date(2020, 3, 31), date(2021, 4, 1)])
def test_a_milestone_a_day_outside_the_year_does_not_count(scheme, joined_on):
    make_volunteer(scheme, "Just Outside", joined_on)

    assert reached(scheme, FY2023) == []


@pytest.mark.parametrize("joined_on", [date(2022, 5, 1), date(2019, 5, 1), date(2018, 5, 1)])
def test_only_every_third_year_is_a_milestone(scheme, joined_on):
    make_volunteer(scheme, "Off Cycle", joined_on)

    assert reached(scheme, FY2023) == []


def test_a_leap_day_joiner_reaches_a_milestone_on_28_february(scheme):
    make_volunteer(scheme, "Leap Day", date(2016, 2, 29))

    assert reached(scheme, FinancialYear(2018)) == [("Leap Day", 3, date(2019, 2, 28))]


def test_a_leap_day_joiner_reaches_it_on_29_february_in_a_leap_year(scheme):
    make_volunteer(scheme, "Leap Day", date(2012, 2, 29))

    assert reached(scheme, FY2023) == [("Leap Day", 12, date(2024, 2, 29))]


def test_someone_who_left_before_the_anniversary_does_not_reach_it(scheme):
    person = make_volunteer(scheme, "Left Early", date(2017, 6, 15))
    move(person, "left", date(2023, 6, 14), leave_reason="Moved away")

    assert reached(scheme, FY2023) == []


def test_someone_who_left_after_the_anniversary_still_reached_it(scheme):
    person = make_volunteer(scheme, "Left Later", date(2017, 7, 1))
    move(person, "left", date(2023, 9, 1), leave_reason="Moved away")

    assert reached(scheme, FY2023) == [("Left Later", 6, date(2023, 7, 1))]


def test_recruits_staff_and_other_schemes_have_no_milestones(scheme, other_scheme):
    make_volunteer(scheme, "Still Applying", date(2020, 5, 1), status="applicant")
    make_person(scheme, "manager", joined_on=date(2020, 5, 1))
    make_volunteer(other_scheme, "Elsewhere", date(2020, 5, 1))

    assert reached(scheme, FY2023) == []


def test_milestones_come_in_date_order(scheme):
    make_volunteer(scheme, "Winter", date(2021, 1, 10))
    make_volunteer(scheme, "Summer", date(2017, 7, 1))

    assert [name for name, _, _ in reached(scheme, FY2023)] == ["Summer", "Winter"]


# Cohort ----------------------------------------------------------------------------------------


@pytest.fixture
def cohort_2023(scheme, other_scheme):
    """A known cohort for 2023/24 (see each person's note); the figures are in the tests."""
    make_volunteer(  # serving throughout, long service
        scheme, "Pat Long", date(2010, 5, 1), home_area="North", gender="female", birth_year=1960
    )
    make_volunteer(  # serving throughout, under five years
        scheme, "Sam Short", date(2021, 1, 10), home_area="South", gender="male", birth_year=1990
    )
    mover = make_volunteer(scheme, "Mo Ving", date(2012, 3, 1))
    move(mover, "left", date(2023, 9, 30), leave_reason="Moved away")
    first_day_leaver = make_volunteer(scheme, "Fay Early", date(2016, 1, 1))
    move(first_day_leaver, "left", date(2023, 4, 1), leave_reason="New caring responsibilities")
    recruit = make_volunteer(  # vetting at the start, in probation at the end: joined
        scheme, "Rory Recruit", date(2023, 1, 5), status="applicant", home_area="North"
    )
    move(recruit, "vetting", date(2023, 2, 1))
    move(recruit, "probation", date(2023, 6, 1))
    make_volunteer(scheme, "Ada Applicant", date(2024, 1, 15), status="applicant")
    withdrew = make_volunteer(scheme, "Wyn Withdrew", date(2023, 5, 1), status="applicant")
    move(withdrew, "left", date(2023, 8, 1), leave_reason="Withdrew")
    suspended = make_volunteer(scheme, "Sue Spended", date(2014, 6, 1))
    move(suspended, "suspended", date(2024, 2, 1))
    make_volunteer(scheme, "Jo Joiner", date(2023, 4, 1), birth_year=2000)  # joined on day one
    make_volunteer(scheme, "Nat Nextyear", date(2024, 4, 2), status="applicant")
    make_person(scheme, "manager", joined_on=date(2010, 1, 4))
    make_volunteer(other_scheme, "Else Where", date(2010, 1, 4))
    return scheme


def test_at_start_counts_volunteers_serving_as_the_year_began(cohort_2023):
    # Pat, Sam, Mo, Fay (she left on the first day, after it began) and Sue
    assert cohort(cohort_2023, FY2023)["at_start"] == 5


def test_joined_counts_those_who_started_serving_in_the_year(cohort_2023):
    # Rory (probation after vetting) and Jo (first recorded as serving, on the first day)
    assert cohort(cohort_2023, FY2023)["joined"] == 2


def test_left_counts_leaving_volunteers_with_names_days_and_reasons(cohort_2023):
    figures = cohort(cohort_2023, FY2023)

    assert figures["left"] == 2
    assert figures["leavers"] == [
        {"name": "Fay Early", "left_on": date(2023, 4, 1), "reason": "New caring responsibilities"},
        {"name": "Mo Ving", "left_on": date(2023, 9, 30), "reason": "Moved away"},
    ]
    assert figures["withdrawn"] == 1


def test_at_end_and_its_parts(cohort_2023):
    figures = cohort(cohort_2023, FY2023)

    assert figures["at_end"] == 4  # Pat, Sam, Rory (probation), Jo
    assert figures["in_probation"] == 1
    assert figures["suspended"] == 1
    assert figures["recruits_in_checks"] == 1  # Ada; Wyn withdrew, Nat applied after the year
    assert figures["at_end"] == (
        figures["at_start"] + figures["joined"] - figures["left"] - figures["suspended"]
    )


def test_over_five_years_is_a_share_of_those_at_the_end(cohort_2023):
    assert cohort(cohort_2023, FY2023)["over_5_years_percent"] == 25.0  # Pat of four


def test_representation_is_counted_without_names(cohort_2023):
    figures = cohort(cohort_2023, FY2023)

    assert figures["by_home_area"] == {"North": 2, "South": 1, "not_stated": 1}
    assert figures["by_gender"] == {"female": 1, "male": 1, "not_stated": 2}
    assert figures["by_age_band"] == {"18-24": 1, "25-34": 1, "55-64": 1, "not_stated": 1}


def test_the_year_before_has_its_own_figures(cohort_2023):
    figures = cohort(cohort_2023, FinancialYear(2022))

    assert (figures["at_start"], figures["joined"], figures["left"], figures["at_end"]) == (
        5,
        0,
        0,
        5,
    )
    assert figures["recruits_in_checks"] == 1  # Rory, in vetting on 31 March 2023


def test_five_years_exactly_is_not_over_five(scheme):
    make_volunteer(scheme, "Exactly Five", date(2019, 3, 31))
    make_volunteer(scheme, "Five And A Day", date(2019, 3, 30))

    assert cohort(scheme, FY2023)["over_5_years_percent"] == 50.0


def test_an_empty_year_has_no_percentage(scheme):
    figures = cohort(scheme, FY2023)

    assert figures["at_end"] == 0
    assert figures["over_5_years_percent"] is None


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 16, 6.3), (1, 3, 33.3), (2, 3, 66.7), (13, 18, 72.2), (0, 5, 0.0), (3, 0, None)],
)
def test_percent_is_one_decimal_place_half_up(part, whole, expected):
    assert percent(part, whole) == expected
