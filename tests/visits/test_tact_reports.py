"""TACT reports: each detainee held under terrorism legislation whom visitors saw is owed a copy
of the visit report for the Independent Reviewer, and the manager records it sent."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.common.database import db
from icv.models import Person, TactReport
from tests.support.problems import assert_problem
from tests.visits.visit_bodies import VISITS, custody_visit, etag

REPORTS = "/api/v1/tact-reports"


@pytest.fixture
def trained_pair(visitor, partner):
    db.session.get(Person, partner.id).tact_trained_on = date(2020, 1, 15)
    db.session.commit()
    return visitor, partner


def tact_visit(suite, pair, status="submitted", **detainee):
    entry = {"ref": "T1", "outcome": "seen", "tact": True, **detainee}
    return custody_visit(suite, *pair, detainees=[entry], issues=[], status=status)


def test_submitting_a_visit_that_saw_a_tact_detainee_makes_a_report_due(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))

    reports = client.get(REPORTS, headers=manager_headers).get_json()

    assert [(r["detainee_ref"], r["status"], r["overdue"]) for r in reports] == [
        ("T1", "due", False)
    ]
    assert reports[0]["due_on"] == (date.today() + timedelta(days=14)).isoformat()


def test_a_report_not_sent_within_the_schemes_days_is_overdue(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    report = db.session.scalars(select(TactReport)).one()
    report.due_on = date.today() - timedelta(days=1)
    db.session.commit()

    overdue = client.get(f"{REPORTS}?overdue=true", headers=manager_headers).get_json()

    assert [(r["detainee_ref"], r["overdue"]) for r in overdue] == [("T1", True)]


def test_a_draft_owes_no_report_until_it_is_submitted(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair, "draft"))

    assert client.get(REPORTS, headers=manager_headers).get_json() == []


def test_a_tact_detainee_who_refused_owes_no_report(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    body = tact_visit(suite, trained_pair, outcome="refused", reason="Did not want to talk")
    client.post(VISITS, headers=visitor_headers, json=body)

    assert client.get(REPORTS, headers=manager_headers).get_json() == []


def test_the_manager_records_the_report_sent(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    report_id = client.get(REPORTS, headers=manager_headers).get_json()[0]["id"]

    response = client.post(
        f"{REPORTS}/{report_id}/sent",
        headers=manager_headers,
        json={"sent_on": "2026-03-12", "recordings_reviewed": True},
    )

    assert response.status_code == 200, response.get_json()
    sent = response.get_json()
    assert (sent["status"], sent["sent_on"], sent["recordings_reviewed"], sent["overdue"]) == (
        "sent",
        "2026-03-12",
        True,
        False,
    )


def test_a_report_is_sent_once(client, suite, trained_pair, visitor_headers, manager_headers):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    report_id = client.get(REPORTS, headers=manager_headers).get_json()[0]["id"]
    client.post(
        f"{REPORTS}/{report_id}/sent", headers=manager_headers, json={"sent_on": "2026-03-12"}
    )

    again = client.post(
        f"{REPORTS}/{report_id}/sent", headers=manager_headers, json={"sent_on": "2026-03-13"}
    )

    assert_problem(again, 409)


def test_a_report_is_not_sent_before_the_visit(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    report_id = client.get(REPORTS, headers=manager_headers).get_json()[0]["id"]

    early = client.post(
        f"{REPORTS}/{report_id}/sent", headers=manager_headers, json={"sent_on": "2026-03-01"}
    )

    assert_problem(early, 422, "sent_on")
    assert db.session.get(TactReport, report_id).status == "due"


def test_reports_are_filtered_by_status(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))

    assert client.get(f"{REPORTS}?status=sent", headers=manager_headers).get_json() == []
    assert len(client.get(f"{REPORTS}?status=due", headers=manager_headers).get_json()) == 1


def test_a_tact_detainee_asleep_tells_the_manager_of_no_report(
    client, suite, trained_pair, visitor_headers, manager_headers, manager
):
    body = tact_visit(suite, trained_pair, outcome="asleep_observed")
    client.post(VISITS, headers=visitor_headers, json=body)

    inbox = client.get("/api/v1/notifications", headers=manager_headers).get_json()

    assert [n for n in inbox if n["kind"] == "tact_report"] == []


def amend_detainees(client, visit_id, headers, detainees):
    return client.patch(
        f"{VISITS}/{visit_id}",
        headers={**headers, "If-Match": etag(client, headers, visit_id)},
        json={"detainees": detainees, "amendment_reason": "T1 was asleep, not seen"},
    )


def test_an_amendment_that_no_longer_sees_the_detainee_withdraws_a_report_not_sent(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    visit = client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    asleep = [{"ref": "T1", "outcome": "asleep_observed", "tact": True}]

    amended = amend_detainees(client, visit.get_json()["id"], manager_headers, asleep)

    assert amended.status_code == 200, amended.get_json()
    assert client.get(REPORTS, headers=manager_headers).get_json() == []


def test_a_report_already_sent_is_kept_whatever_the_amendment(
    client, suite, trained_pair, visitor_headers, manager_headers
):
    visit = client.post(VISITS, headers=visitor_headers, json=tact_visit(suite, trained_pair))
    report_id = client.get(REPORTS, headers=manager_headers).get_json()[0]["id"]
    client.post(
        f"{REPORTS}/{report_id}/sent", headers=manager_headers, json={"sent_on": "2026-03-12"}
    )
    asleep = [{"ref": "T1", "outcome": "asleep_observed", "tact": True}]

    amend_detainees(client, visit.get_json()["id"], manager_headers, asleep)

    assert [r["status"] for r in client.get(REPORTS, headers=manager_headers).get_json()] == [
        "sent"
    ]
