"""Volunteer hours and their value on a known set of visits and activities.

Visits are recorded through `icv.visits.recording.create_visit`, as a phone would. Times are local
(Europe/London): 2023/24 runs from 1 April 2023 00:00 BST to 31 March 2024 24:00 BST.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest

from icv.admin import schemes
from icv.common.dates import FinancialYear, local_today
from icv.people import activities
from icv.people.hours import hours_by_person, scheme_hours
from icv.visits import recording
from tests.support.records import make_site, make_volunteer, move
from tests.support.visits import feedback_before

FY2023 = FinancialYear(2023)
HOURS = "/api/v1/volunteers/hours"


def visit(scheme, manager, site, people, arrived: str, departed: str, **fields):
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in people],
        "arrived_at": datetime.fromisoformat(arrived),
        "admitted_at": datetime.fromisoformat(arrived),
        "departed_at": datetime.fromisoformat(departed),
        "status": "submitted",
        **fields,
    }
    if len(people) == 1:
        data["single_visitor_reason"] = "Partner unwell"
    if site.kind == "custody_suite" and data.get("outcome", "completed") != "abandoned":
        data.setdefault("feedback", feedback_before(data["departed_at"]))
    return recording.create_visit(scheme, manager, data)[0]


@pytest.fixture
def known_year(scheme, manager, suite):
    """Ann and Ben, two volunteers, and what they gave in and around 2023/24:

    - 1h30m together, arriving 00:30 BST on 1 April 2023 (still 31 March in UTC): counts
    - 45m20s together, arriving 23:30 BST on 31 March 2024: counts
    - 40 minutes, Ann alone, abandoned after waiting: counts
    - a draft of 2 hours together, and a visit on 1 April 2024: do not count
    - Ann: 2.5 hours of training; both: a 1.25-hour team meeting
    Ann: 10,520 s + 3.75 h = 6.6722 h; Ben: 8,120 s + 1.25 h = 3.5056 h.
    """
    ann = make_volunteer(scheme, "Ann Able", date(2015, 1, 5))
    ben = make_volunteer(scheme, "Ben Baker", date(2016, 1, 4))
    visit(scheme, manager, suite, [ann, ben], "2023-04-01T00:30+01:00", "2023-04-01T02:00+01:00")
    visit(scheme, manager, suite, [ann, ben], "2024-03-31T23:30+01:00", "2024-04-01T00:15:20+01:00")
    visit(
        scheme,
        manager,
        suite,
        [ann],
        "2023-06-10T10:00+01:00",
        "2023-06-10T10:40+01:00",
        admitted_at=None,
        outcome="abandoned",
        abandon_reason="suite_closed",
    )
    visit(
        scheme,
        manager,
        suite,
        [ann, ben],
        "2023-07-01T10:00+01:00",
        "2023-07-01T12:00+01:00",
        status="draft",
    )
    visit(scheme, manager, suite, [ann, ben], "2024-04-01T00:10+01:00", "2024-04-01T01:10+01:00")
    activities.record_activity(
        scheme,
        manager,
        {
            "person_id": ann.id,
            "kind": "training",
            "date": date(2023, 5, 1),
            "hours": Decimal("2.5"),
        },
    )
    activities.record_meeting(
        scheme,
        manager,
        {"date": date(2023, 7, 3), "hours": Decimal("1.25"), "attendee_ids": [ann.id, ben.id]},
    )
    return ann, ben


def test_each_visitor_is_credited_with_the_visit_time_and_their_activities(scheme, known_year):
    ann, ben = known_year

    assert hours_by_person(scheme, FY2023) == [
        {
            "person_id": ann.id,
            "name": "Ann Able",
            "visits": 3,
            "visit_hours": Decimal("2.92"),
            "activity_hours": Decimal("3.75"),
            "volunteer_hours": Decimal("6.67"),
            "economic_value": Decimal("122.44"),  # 6.672222 h x 18.35 = 122.4353
        },
        {
            "person_id": ben.id,
            "name": "Ben Baker",
            "visits": 2,
            "visit_hours": Decimal("2.26"),
            "activity_hours": Decimal("1.25"),
            "volunteer_hours": Decimal("3.51"),
            "economic_value": Decimal("64.33"),  # 3.505556 h x 18.35 = 64.3269
        },
    ]


def test_the_schemes_hours_are_the_sum_over_visitors_valued_once(scheme, known_year):
    figures = scheme_hours(scheme, FY2023)

    # 18,640 s at visits + 5 h of activities = 10.17778 h; x 18.35 = 186.7622
    assert figures["visit_hours"] == Decimal("5.18")
    assert figures["activity_hours"] == Decimal("5.00")
    assert figures["volunteer_hours"] == Decimal("10.18")
    assert figures["economic_value"] == Decimal("186.76")
    assert figures["label"] == "2023/24"


def test_the_next_year_counts_only_its_own_visits(scheme, known_year):
    figures = scheme_hours(scheme, FinancialYear(2024))

    assert figures["visit_hours"] == Decimal("2.00")  # one hour each for Ann and Ben
    assert figures["activity_hours"] == Decimal("0.00")


def test_value_is_rounded_half_up_to_the_penny(ctx, manager):
    scheme = schemes.create_scheme("Roundshire", hourly_rate=Decimal("18.35"))
    volunteer = make_volunteer(scheme, "Hal Fup", date(2015, 1, 5))
    activities.record_activity(
        scheme,
        None,
        {
            "person_id": volunteer.id,
            "kind": "other",
            "date": date(2023, 9, 1),
            "hours": Decimal("1.5"),
        },
    )

    assert scheme_hours(scheme, FY2023)["economic_value"] == Decimal("27.53")  # 27.525


def test_a_volunteer_who_left_keeps_their_hours(scheme, known_year):
    ann, _ = known_year
    move(ann, "left", date(2024, 6, 30), leave_reason="Moved away")

    assert [row["name"] for row in hours_by_person(scheme, FY2023)] == ["Ann Able", "Ben Baker"]
    assert scheme_hours(scheme, FY2023)["volunteer_hours"] == Decimal("10.18")


def test_another_schemes_hours_are_not_counted(scheme, other_scheme, known_year):
    assert scheme_hours(other_scheme, FY2023)["volunteer_hours"] == Decimal("0.00")
    assert hours_by_person(other_scheme, FY2023) == []


def test_a_year_without_anything_is_zero(scheme):
    figures = scheme_hours(scheme, FY2023)

    assert (figures["volunteer_hours"], figures["economic_value"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )


# Through the API -------------------------------------------------------------------------------


def test_the_manager_reads_hours_per_person_and_for_the_scheme(client, manager, login, known_year):
    response = client.get(HOURS, headers=login(manager), query_string={"year": 2023})

    body = response.get_json()
    assert response.status_code == 200
    assert (body["volunteer_hours"], body["economic_value"], body["hourly_rate"]) == (
        10.18,
        186.76,
        18.35,
    )
    assert [(row["name"], row["volunteer_hours"]) for row in body["people"]] == [
        ("Ann Able", 6.67),
        ("Ben Baker", 3.51),
    ]


def test_a_viewer_reads_the_totals_without_names(client, viewer, login, known_year):
    body = client.get(HOURS, headers=login(viewer), query_string={"year": 2023}).get_json()

    assert body["volunteer_hours"] == 10.18
    assert "people" not in body


def test_the_year_defaults_to_the_current_one(client, manager, login, scheme):
    body = client.get(HOURS, headers=login(manager)).get_json()

    assert body["year"] == FinancialYear.of(local_today(scheme.timezone)).year


@pytest.mark.parametrize("year", ["last", "1999", "2101"])
def test_a_bad_year_is_422(client, manager, login, year):
    response = client.get(HOURS, headers=login(manager), query_string={"year": year})

    assert response.status_code == 422
    assert "year" in response.get_json()["errors"]


def test_sites_of_the_scheme_are_all_counted(scheme, manager, suite):
    harbour = make_site(scheme, "Harbour Suite", cells=18)
    cal = make_volunteer(scheme, "Cal Coast", date(2015, 1, 5))
    dee = make_volunteer(scheme, "Dee Dock", date(2015, 1, 5))
    visit(scheme, manager, suite, [cal, dee], "2023-10-02T10:00+01:00", "2023-10-02T11:00+01:00")
    visit(scheme, manager, harbour, [cal, dee], "2023-10-03T10:00+01:00", "2023-10-03T11:00+01:00")

    assert scheme_hours(scheme, FY2023)["visit_hours"] == Decimal("4.00")
