"""Training and meetings: each volunteer of the year against the scheme's minimums, with the
figures; managers only (viewers read the counts in the annual statistics, never names)."""

from datetime import date
from decimal import Decimal

from icv.common.database import db
from icv.people import activities, compliance
from tests.support.records import make_volunteer, move
from tests.support.visits import log_visit

URL = "/api/v1/volunteers/compliance?year=2024"


def training(scheme, person, on: date):
    activities.record_activity(
        scheme, None, {"person_id": person.id, "kind": "training", "date": on, "hours": Decimal(3)}
    )


def meeting(scheme, people, on: date):
    activities.record_meeting(
        scheme, None, {"date": on, "hours": Decimal(2), "attendee_ids": [p.id for p in people]}
    )


def entry_of(figures: dict, person) -> dict:
    return next(e for e in figures["volunteers"] if e["person_id"] == person.id)


def test_meetings_and_training_are_counted_against_the_default_minimums(scheme):
    ann = make_volunteer(scheme, "Ann Able", date(2023, 1, 9), status="probation")
    move(ann, "active", date(2023, 7, 9))
    training(scheme, ann, date(2023, 2, 1))  # in probation: the national training
    training(scheme, ann, date(2024, 10, 1))  # after appointment: a refresher
    meeting(scheme, [ann], date(2024, 6, 3))
    meeting(scheme, [ann], date(2024, 11, 4))

    entry = entry_of(compliance.compliance(scheme, 2024), ann)

    assert entry["team_meetings"] == {"required": 2, "actual": 2, "met": True}
    assert (entry["national_training"]["actual"], entry["national_training"]["met"]) == (1, True)
    assert entry["refresher_training"] == {"required": 1, "actual": 1, "met": True}
    assert entry["tact_training"]["met"] is None  # no TACT visit: does not apply
    assert entry["all_met"] is True


def test_a_volunteer_short_of_meetings_and_training_is_not_met(scheme):
    bob = make_volunteer(scheme, "Bob Busy", date(2020, 1, 6))
    meeting(scheme, [bob], date(2024, 6, 3))

    entry = entry_of(compliance.compliance(scheme, 2024), bob)

    assert entry["team_meetings"] == {"required": 2, "actual": 1, "met": False}
    assert entry["national_training"]["met"] is False
    assert entry["refresher_training"]["met"] is False
    assert entry["all_met"] is False


def test_the_schemes_minimums_are_read_from_its_columns(scheme):
    cal = make_volunteer(scheme, "Cal Calm", date(2020, 1, 6))
    meeting(scheme, [cal], date(2024, 6, 3))
    scheme.min_team_meetings_per_year = 1
    scheme.min_refresher_trainings_per_term = 0
    db.session.commit()

    figures = compliance.compliance(scheme, 2024)

    assert figures["minimums"]["team_meetings_per_year"] == 1
    entry = entry_of(figures, cal)
    assert entry["team_meetings"]["met"] is True
    assert entry["refresher_training"]["met"] is None


def test_an_applicant_and_someone_who_left_before_the_year_are_not_listed(scheme):
    make_volunteer(scheme, "Dee Applicant", date(2024, 5, 1), status="applicant")
    eve = make_volunteer(scheme, "Eve Gone", date(2019, 1, 7))
    move(eve, "left", date(2024, 1, 31), leave_reason="Moved away")

    assert compliance.compliance(scheme, 2024)["volunteers"] == []


def test_managers_read_the_list_by_name(client, scheme, manager_headers):
    make_volunteer(scheme, "Fay Found", date(2020, 1, 6))

    response = client.get(URL, headers=manager_headers)

    assert response.status_code == 200
    assert [e["name"] for e in response.get_json()["volunteers"]] == ["Fay Found"]


def test_viewers_may_not_read_volunteers_by_name(client, viewer_headers):
    assert client.get(URL, headers=viewer_headers).status_code == 403


def test_the_annual_statistics_count_those_meeting_each_minimum(client, scheme, viewer_headers):
    gil = make_volunteer(scheme, "Gil Good", date(2020, 1, 6))
    make_volunteer(scheme, "Hal Half", date(2020, 1, 6))
    meeting(scheme, [gil], date(2024, 6, 3))
    meeting(scheme, [gil], date(2024, 9, 2))

    figures = client.get("/api/v1/stats/annual?year=2024", headers=viewer_headers).get_json()

    counts = figures["volunteers"]["compliance"]
    assert counts["volunteers"] == 2
    assert counts["team_meetings"] == {"applies_to": 2, "met": 1}
    assert "Gil Good" not in str(counts)


def test_a_visitor_on_a_tact_visit_needs_tact_training_by_then(scheme, manager, suite):
    trained = make_volunteer(
        scheme, "Ida Trained", date(2020, 1, 6), tact_trained_on=date(2021, 3, 1)
    )
    untrained = make_volunteer(scheme, "Jo Untrained", date(2020, 1, 6))
    log_visit(
        suite,
        manager,
        [trained, untrained],
        "2024-07-02T10:00:00+01:00",
        detainees=[{"ref": "T1", "outcome": "seen", "tact": True}],
    )

    figures = compliance.compliance(scheme, 2024)

    assert entry_of(figures, trained)["tact_training"]["met"] is True
    assert entry_of(figures, untrained)["tact_training"]["met"] is False
    assert entry_of(figures, untrained)["tact_training"]["first_tact_visit_on"] == date(2024, 7, 2)


def test_the_printable_report_counts_those_meeting_each_minimum(client, scheme, viewer_headers):
    kim = make_volunteer(scheme, "Kim Keen", date(2020, 1, 6))
    meeting(scheme, [kim], date(2024, 6, 3))
    meeting(scheme, [kim], date(2024, 9, 2))

    html = client.get("/api/v1/reports/annual/2024.html", headers=viewer_headers).get_data(
        as_text=True
    )

    assert "<tr><td>Team meetings in the year</td><td>1</td><td>1</td></tr>" in html
    assert "Kim Keen" not in html
