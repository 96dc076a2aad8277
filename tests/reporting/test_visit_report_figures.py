"""The visit report's figures in `GET /stats/annual`: juveniles, vulnerable adults and denials
among the detainees; each checklist item's answers; remote, curtailed and abandoned visits and
feedback; TACT. Each on a small set of visits recorded through the domain, with known answers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.common.database import db
from icv.models import TactReport
from icv.visits.recording import create_visit
from icv.visits.tact_reports import mark_sent
from tests.support.visits import at, feedback_before, make_visitors

STATS = "/api/v1/stats/annual"


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2, tact_trained_on=date(2020, 1, 6))


def seen(ref: str, **fields) -> dict:
    return {"ref": ref, "outcome": "seen", **fields}


def record(
    site,
    recorder,
    visitors,
    arrived: str = "2023-06-06T10:00:00+01:00",
    *,
    mode: str = "in_person",
    outcome: str = "completed",
    detainees: list[dict] | None = None,
    checks: dict | None = None,
    **more,
):
    """A submitted custody visit, admitted at once, with feedback when it is one that needs it."""
    arrived_at = at(arrived)
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "departed_at": arrived_at + timedelta(hours=1),
        "status": "submitted",
        "mode": mode,
        "outcome": outcome,
        "detainees": detainees or [],
        "checks": checks or {},
        **more,
    }
    if outcome != "abandoned":
        data["admitted_at"] = arrived_at + timedelta(minutes=2)
        if mode == "in_person":
            data["feedback"] = feedback_before(data["departed_at"])
    visit, created = create_visit(site.scheme, recorder, data)
    assert created
    return visit


def annual(client, headers) -> dict:
    response = client.get(f"{STATS}?year=2023", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# Detainees --------------------------------------------------------------------------------------


def test_juveniles_are_counted_in_cells_and_seen(client, suite, manager, manager_headers, pair):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen("C1", age_group="under_18", appropriate_adult="present"),
            {
                "ref": "C2",
                "outcome": "asleep_observed",
                "juvenile": True,
                "appropriate_adult": "requested",
            },
            seen("C3", age_group="25_34"),
        ],
    )

    assert annual(client, manager_headers)["detainees"]["juveniles"] == {"in_cells": 2, "seen": 1}


def test_vulnerable_adults_are_counted_in_cells_and_seen(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen("C1", vulnerable=True, appropriate_adult="present"),
            {
                "ref": "C2",
                "outcome": "refused",
                "reason": "Asleep",
                "vulnerable": True,
                "appropriate_adult": "not_needed",
            },
            {
                "ref": "C3",
                "outcome": "unavailable",
                "reason": "Interview",
                "vulnerable": True,
                "appropriate_adult": "requested",
            },
            seen("C4"),
        ],
    )

    assert annual(client, manager_headers)["detainees"]["vulnerable"] == {"in_cells": 3, "seen": 1}


def test_denied_detainees_are_in_cells_and_apart_not_offered(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen("C1"),
            {"ref": "C2", "outcome": "denied", "reason": "Violent", "denied_by_rank": "inspector"},
        ],
    )

    detainees = annual(client, manager_headers)["detainees"]

    assert (detainees["in_cells"], detainees["offered"], detainees["denied"]) == (2, 1, 1)
    assert detainees["percent_of_in_cells"]["denied"] == 50.0


def test_detainees_at_a_remote_visit_are_not_in_the_detainee_figures(
    client, suite, manager, manager_headers, pair
):
    record(suite, manager, pair, mode="video", detainees=[seen("C1")])

    detainees = annual(client, manager_headers)["detainees"]

    assert (detainees["in_cells"], detainees["seen"]) == (0, 0)


def test_detainees_at_a_curtailed_visit_are_counted(client, suite, manager, manager_headers, pair):
    record(
        suite, manager, pair, outcome="curtailed", curtail_reason="Alarm", detainees=[seen("C1")]
    )

    assert annual(client, manager_headers)["detainees"]["seen"] == 1


# Welfare ----------------------------------------------------------------------------------------


def test_each_detainee_checklist_item_counts_the_answers_of_those_seen(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen(
                "C1",
                gender="female",
                observations={
                    "female_officer_offered": "yes",
                    "rights_and_entitlements_given": "yes",
                },
            ),
            seen("C2", gender="female", observations={"female_officer_offered": "no"}),
            seen(
                "C3",
                gender="male",
                observations={
                    "female_officer_offered": "not_applicable",
                    "rights_and_entitlements_given": "unsure",
                },
            ),
        ],
    )

    detainee = annual(client, manager_headers)["welfare"]["detainee"]

    assert detainee["female_officer_offered"] == {
        "yes": 1,
        "no": 1,
        "unsure": 0,
        "not_applicable": 1,
    }
    assert detainee["rights_and_entitlements_given"] == {
        "yes": 1,
        "no": 0,
        "unsure": 1,
        "not_applicable": 0,
    }


def test_every_detainee_checklist_item_is_shown_with_zeros_when_unanswered(client, manager_headers):
    detainee = annual(client, manager_headers)["welfare"]["detainee"]

    assert len(detainee) == 13
    assert detainee["bedding_adequate"] == {"yes": 0, "no": 0, "unsure": 0, "not_applicable": 0}


def test_each_suite_checklist_item_counts_the_results_of_in_person_visits(
    client, suite, manager, manager_headers, pair
):
    concern = {"result": "concern", "note": "Two cells smelt of urine"}
    record(suite, manager, pair, "2023-06-06T10:00:00+01:00", checks={"cells_clean": concern})
    record(
        suite, manager, pair, "2023-06-13T10:00:00+01:00", checks={"cells_clean": {"result": "ok"}}
    )
    record(
        suite,
        manager,
        pair,
        "2023-06-20T10:00:00+01:00",
        checks={"cells_clean": {"result": "not_checked"}, "cctv_working": {"result": "ok"}},
    )

    suite_checks = annual(client, manager_headers)["welfare"]["suite"]

    assert suite_checks["cells_clean"] == {"ok": 1, "concern": 1, "not_checked": 1}
    assert suite_checks["cctv_working"] == {"ok": 1, "concern": 0, "not_checked": 0}


def test_a_remote_visits_checks_are_not_in_the_suite_figures(
    client, suite, manager, manager_headers, pair
):
    record(suite, manager, pair, mode="phone", checks={"cells_clean": {"result": "ok"}})

    suite_checks = annual(client, manager_headers)["welfare"]["suite"]

    assert suite_checks["cells_clean"] == {"ok": 0, "concern": 0, "not_checked": 0}


# Visits -----------------------------------------------------------------------------------------


def test_remote_visits_are_shown_apart_by_mode_and_not_in_the_total(
    client, suite, manager, manager_headers, pair
):
    record(suite, manager, pair, "2023-06-06T10:00:00+01:00", mode="phone")
    record(suite, manager, pair, "2023-06-07T10:00:00+01:00", mode="phone")
    record(suite, manager, pair, "2023-06-08T10:00:00+01:00", mode="video")
    record(suite, manager, pair, "2023-06-09T10:00:00+01:00")

    visits = annual(client, manager_headers)["visits"]

    assert visits["remote"] == {"phone": 2, "video": 1}
    assert visits["total"] == 1


def test_curtailed_visits_are_counted_apart_and_in_the_total(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        "2023-06-06T10:00:00+01:00",
        outcome="curtailed",
        curtail_reason="Fire alarm",
    )
    record(suite, manager, pair, "2023-06-13T10:00:00+01:00")

    visits = annual(client, manager_headers)["visits"]

    assert (visits["curtailed"], visits["total"]) == (1, 2)


def test_abandoned_visits_are_counted_by_reason_with_every_reason_shown(
    client, suite, manager, manager_headers, pair
):
    for day, reason in ((6, "entry_refused"), (13, "wait_too_long"), (20, "wait_too_long")):
        record(
            suite,
            manager,
            pair,
            f"2023-06-{day:02d}T10:00:00+01:00",
            outcome="abandoned",
            abandon_reason=reason,
        )

    visits = annual(client, manager_headers)["visits"]

    assert visits["abandoned_by_reason"] == {
        "entry_refused": 1,
        "suite_closed": 0,
        "wait_too_long": 2,
        "incident_in_suite": 0,
        "visitors_unsafe": 0,
        "other": 0,
    }
    assert visits["abandoned"] == 3


def test_feedback_recorded_counts_in_person_visits_that_took_place_with_feedback(
    client, suite, manager, manager_headers, pair
):
    record(suite, manager, pair, "2023-06-06T10:00:00+01:00")
    record(
        suite,
        manager,
        pair,
        "2023-06-13T10:00:00+01:00",
        outcome="curtailed",
        curtail_reason="Fire alarm",
    )
    record(suite, manager, pair, "2023-06-20T10:00:00+01:00", mode="phone")
    record(
        suite,
        manager,
        pair,
        "2023-06-27T10:00:00+01:00",
        outcome="abandoned",
        abandon_reason="suite_closed",
    )

    assert annual(client, manager_headers)["visits"]["feedback_recorded"] == 2


# TACT -------------------------------------------------------------------------------------------


def test_tact_counts_visits_detainees_seen_and_reports_due_and_sent(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        "2023-06-06T10:00:00+01:00",
        detainees=[seen("T1", tact=True), seen("T2", tact=True), seen("C3")],
    )
    record(
        suite,
        manager,
        pair,
        "2023-06-13T10:00:00+01:00",
        detainees=[
            seen("T4", tact=True),
            {"ref": "T5", "outcome": "asleep_observed", "tact": True},
        ],
    )
    record(suite, manager, pair, "2023-06-20T10:00:00+01:00", detainees=[seen("C6")])
    report = db.session.scalars(select(TactReport).where(TactReport.detainee_ref == "T4")).one()
    mark_sent(report, manager, date(2023, 6, 20))

    assert annual(client, manager_headers)["tact"] == {
        "visits": 2,
        "detainees_seen": 3,
        "reports_due": 2,
        "reports_sent": 1,
    }


def test_womens_welfare_counts_the_women_seen_offered_a_female_officer(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen("C1", gender="female", observations={"female_officer_offered": "yes"}),
            seen("C2", gender="female", observations={"female_officer_offered": "no"}),
            seen("C3", gender="male", observations={"female_officer_offered": "yes"}),
            {"ref": "C4", "outcome": "refused", "reason": "Asleep", "gender": "female"},
        ],
    )

    women = annual(client, manager_headers)["welfare"]["women"]

    assert (women["seen"], women["female_officer_offered"]) == (2, 1)


# The printable report ---------------------------------------------------------------------------


def test_the_report_says_how_many_women_seen_were_offered_a_female_officer(
    client, suite, manager, manager_headers, pair
):
    record(
        suite,
        manager,
        pair,
        detainees=[
            seen("C1", gender="female", observations={"female_officer_offered": "yes"}),
            seen("C2", gender="female", observations={"female_officer_offered": "no"}),
        ],
    )

    response = client.get("/api/v1/reports/annual/2023.html", headers=manager_headers)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<td>Offered to speak to a female officer</td><td>1 of 2 women seen</td>" in html


def test_the_report_has_the_visit_report_sections(client, manager_headers, manager, suite, pair):
    record(suite, manager, pair)

    response = client.get("/api/v1/reports/annual/2023.html", headers=manager_headers)

    html = response.get_data(as_text=True)
    for title in (
        "Children and vulnerable adults",
        "Denials of access",
        "Women's welfare",
        "Rights, entitlements and welfare of those seen",
        "The suites' condition",
        "Remote, curtailed and abandoned visits",
        "People held under terrorism legislation",
    ):
        assert f"<h2>{title}</h2>" in html


def test_the_csv_has_the_tact_table(client, suite, manager, manager_headers, pair):
    record(suite, manager, pair, detainees=[seen("T1", tact=True)])

    response = client.get("/api/v1/reports/annual/2023.csv", headers=manager_headers)

    lines = response.get_data(as_text=True).splitlines()
    at_tact = lines.index("TACT")
    assert lines[at_tact + 1 : at_tact + 3] == [
        "visits,detainees_seen,reports_due,reports_sent",
        "1,1,1,0",
    ]


def test_the_report_names_checklist_items_by_the_schemes_labels(
    client, manager_headers, manager, suite, pair
):
    record(suite, manager, pair)
    client.patch(
        "/api/v1/checklists/suite/items/cells_clean",
        headers=manager_headers,
        json={"label": "Cells clean and <dry>"},
    )

    response = client.get("/api/v1/reports/annual/2023.html", headers=manager_headers)

    assert "<td>Cells clean and &lt;dry&gt;</td>" in response.get_data(as_text=True)
