"""Rules of the domain, checked without HTTP."""

from datetime import date

import pytest

from icv.common import passwords
from icv.common.dates import FinancialYear, add_months, is_time_zone
from icv.people.lifecycle import TRANSITIONS
from icv.sites.sites import status_on, update_site


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 15), 6, date(2024, 7, 15)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_time_zones_are_checked_against_the_iana_database():
    assert is_time_zone("Europe/London")
    assert not is_time_zone("Europe/Atlantis")


def test_a_hash_verifies_only_its_password():
    hashed = passwords.hash_password("the right phrase")

    assert passwords.verify_password(hashed, "the right phrase")
    assert not passwords.verify_password(hashed, "the wrong phrase")
    assert not passwords.verify_password(None, "anything")


def test_nobody_leaves_the_lifecycle_without_a_way_back():
    assert TRANSITIONS["left"] == {"applicant"}
    assert "active" not in TRANSITIONS["applicant"]
    assert all(target in TRANSITIONS for targets in TRANSITIONS.values() for target in targets)


def test_site_status_on_a_day_follows_its_dated_history(suite):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 4, 1)})
    update_site(suite, None, {"status": "open", "status_on": date(2024, 1, 8)})

    assert status_on(suite, date(2019, 1, 1)) is None
    assert status_on(suite, date(2023, 3, 31)) == "open"
    assert status_on(suite, date(2023, 4, 1)) == "closed"
    assert status_on(suite, date(2024, 1, 8)) == "open"


def test_financial_year_runs_april_to_march_with_its_label():
    year = FinancialYear(2023)

    assert year.label == "2023/24"
    assert (year.first_day, year.last_day) == (date(2023, 4, 1), date(2024, 3, 31))
    assert FinancialYear(2099).label == "2099/00"


def test_financial_year_of_a_day():
    assert FinancialYear.of(date(2024, 3, 31)) == FinancialYear(2023)
    assert FinancialYear.of(date(2024, 4, 1)) == FinancialYear(2024)


def test_reference_year_has_52_weeks_beginning_on_a_monday():
    mondays = FinancialYear(2023).mondays()

    assert len(mondays) == 52
    assert mondays[0] == date(2023, 4, 3)
    assert mondays[-1] == date(2024, 3, 25)


def test_financial_year_bounds_are_local_midnights():
    start, end = FinancialYear(2023).utc_bounds("Europe/London")

    assert start.isoformat() == "2023-03-31T23:00:00+00:00"  # midnight BST
    assert end.isoformat() == "2024-03-31T23:00:00+00:00"  # midnight BST again
