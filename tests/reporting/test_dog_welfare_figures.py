"""The animal welfare scheme's figures in the year's statistics and report: the dogs seen, where
(visits to home kennels), each welfare need and each dog-unit check with its results, and the
urgent concerns with how they were answered. Counted from submitted dog-unit visits of the
financial year only (2025/26 here: the visits are in March 2026)."""

from datetime import UTC, datetime, timedelta

import pytest

from icv.common.database import db
from icv.models import WELFARE_NEEDS, Issue
from tests.support.dog_visits import dog, dog_checks, dog_visit
from tests.support.records import make_person

YEAR = 2025
DIET = {"result": "concern", "note": "Feeding record not kept"}
TOLD = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def concern(note: str) -> dict:
    return {"result": "concern", "note": note}


@pytest.fixture
def dog_sergeant(scheme, dog_unit):
    return make_person(
        scheme,
        "inspector",
        email="dogs@northshire.example",
        name="Dana Dogs",
        site_ids=[dog_unit.id],
    )


@pytest.fixture
def dog_year(
    client, record, login, dog_unit, suite, visitor, partner, visitor_headers, dog_sergeant
):
    """Two submitted dog-unit visits with an urgent concern each, the first answered by an
    acknowledgement a day after being told, the second resolved three days after; a draft and a
    visit of the year before, which count for nothing."""
    pair = (visitor, partner)
    first = record(
        visitor_headers,
        dog_visit(
            dog_unit,
            pair,
            "2026-03-10T10:00:00+00:00",
            status="submitted",
            dogs=[dog("PD-REX", diet=DIET), dog("PD-NELL", location="home_kennel")],
            checks=dog_checks(water_available=concern("Bowls empty")),
        ),
    )
    second = record(
        visitor_headers,
        dog_visit(
            dog_unit,
            pair,
            "2026-03-03T10:00:00+00:00",
            status="submitted",
            dogs=[dog("pd-rex", location="vehicle"), dog("PD-ACE")],
            checks=dog_checks(
                kennel_temperature=concern("Heating off in block B"),
                bedding={"result": "not_checked"},
            ),
        ),
    )
    record(
        visitor_headers,
        dog_visit(dog_unit, pair, "2026-03-05T10:00:00+00:00", dogs=[dog("PD-DRAFT")]),
    )
    record(
        visitor_headers,
        dog_visit(dog_unit, pair, "2025-03-10T10:00:00+00:00", status="submitted"),
    )
    headers = login(dog_sergeant)
    acknowledged, resolved = first["issues"][0]["id"], second["issues"][0]["id"]
    for issue_id, action in ((acknowledged, "acknowledge"), (resolved, "resolve")):
        response = client.post(
            f"/api/v1/issues/{issue_id}/{action}", headers=headers, json={"response": "Done"}
        )
        assert response.status_code == 200, response.get_json()
    # When they were told and answered, fixed so that the days are known (resolving answers
    # an issue too).
    first_issue, second_issue = db.session.get(Issue, acknowledged), db.session.get(Issue, resolved)
    first_issue.notified_at = second_issue.notified_at = TOLD
    first_issue.acknowledged_at = TOLD + timedelta(days=1)
    second_issue.acknowledged_at = second_issue.resolved_at = TOLD + timedelta(days=3)
    db.session.commit()


def aws_figures(client, headers) -> dict:
    response = client.get(f"/api/v1/stats/annual?year={YEAR}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["aws"]


@pytest.mark.usefixtures("dog_year")
def test_the_dogs_seen_are_counted_once_each_and_where_they_were_seen(client, manager_headers):
    aws = aws_figures(client, manager_headers)

    assert (aws["visits"], aws["dogs_seen"], aws["dog_checks"]) == (2, 3, 4)
    assert aws["by_location"] == {"force_kennels": 2, "home_kennel": 1, "vehicle": 1}
    assert aws["home_kennel_visits"] == 1


@pytest.mark.usefixtures("dog_year")
def test_each_welfare_need_is_counted_with_its_results(client, manager_headers):
    needs = aws_figures(client, manager_headers)["needs"]

    assert needs["diet"] == {"ok": 3, "concern": 1, "not_checked": 0}
    assert needs["housed_with_or_apart"] == {"ok": 4, "concern": 0, "not_checked": 0}
    assert set(needs) == set(WELFARE_NEEDS)


@pytest.mark.usefixtures("dog_year")
def test_each_dog_unit_check_is_counted_with_its_results(client, manager_headers):
    aws = aws_figures(client, manager_headers)

    assert aws["checks"]["water_available"] == {"ok": 1, "concern": 1, "not_checked": 0}
    assert aws["checks"]["bedding"] == {"ok": 1, "concern": 0, "not_checked": 1}
    assert aws["checks"]["training_observed"] == {"ok": 2, "concern": 0, "not_checked": 0}
    assert aws["check_labels"]["water_available"] == "Fresh water available"


@pytest.mark.usefixtures("dog_year")
def test_urgent_concerns_are_counted_with_how_and_how_quickly_they_were_answered(
    client, manager_headers
):
    urgent = aws_figures(client, manager_headers)["urgent_concerns"]

    assert urgent == {
        "total": 2,
        "open": 0,
        "acknowledged": 1,
        "resolved": 1,
        "resolved_during_visit": 0,
        "answered": 2,
        "mean_days_to_answer": 2.0,
        "mean_days_to_resolve": 3.0,
        "by_check": [
            {"check": "kennel_temperature", "count": 1},
            {"check": "water_available", "count": 1},
        ],
    }


def test_a_year_without_dog_visits_has_every_figure_at_zero(client, manager_headers, dog_unit):
    aws = aws_figures(client, manager_headers)

    assert (aws["dogs_seen"], aws["dog_checks"], aws["home_kennel_visits"]) == (0, 0, 0)
    assert aws["needs"]["diet"] == {"ok": 0, "concern": 0, "not_checked": 0}
    assert aws["urgent_concerns"]["total"] == 0
    assert aws["urgent_concerns"]["mean_days_to_answer"] is None


@pytest.mark.usefixtures("dog_year")
def test_the_report_states_the_dogs_welfare(client, manager_headers):
    response = client.get(f"/api/v1/reports/annual/{YEAR}.html", headers=manager_headers)

    html = response.get_data(as_text=True)
    start = html.index("<h2>The dogs' welfare</h2>")
    dogs = html[start:]
    assert "Visitors checked 3 dogs (4 checks of a dog)" in dogs
    assert "home kennels on 1 visit." in dogs
    assert (
        "2 urgent concerns were told to the dog unit at once: 2 answered, on average 2.0 days "
        "after being told; 1 resolved and 0 still open."
    ) in dogs
    assert "<td>Fresh water available</td><td>1</td><td>1</td><td>0</td>" in dogs


@pytest.mark.usefixtures("dog_year")
def test_the_csv_has_the_dogs_welfare_tables(client, manager_headers):
    response = client.get(f"/api/v1/reports/annual/{YEAR}.csv", headers=manager_headers)

    body = response.get_data(as_text=True)
    assert (
        "Dogs' welfare needs\r\nneed,ok,concern,not_checked\r\nenvironment,4,0,0\r\ndiet,3,1,0"
        in body
    )
    assert "from: water_available,1" in body
