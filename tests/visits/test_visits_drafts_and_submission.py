"""A visit after it is created: editing a draft by PATCH under If-Match (428 without it, 412
when stale, no write when nothing changes, times and totals recomputed, audited, shared by the
pair), submitting it (naming what is missing, idempotent, under If-Match too), and amending a
submitted visit, which only a manager may do, with a reason, audited before and after.
"""

from datetime import datetime

import pytest

from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.visit_bodies import VISITS, at, custody_visit, etag, written_rows

# Editing drafts ------------------------------------------------------------------------------


def test_a_patch_without_if_match_is_a_428(client, draft, visitor_headers):
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{draft['id']}", headers=visitor_headers, json={"notes": "Quiet night"}
    )

    assert_problem(response, 428)
    assert written_rows() == before


def test_a_patch_with_a_stale_etag_is_a_412_and_changes_nothing(client, draft, visitor_headers):
    stale = etag(client, visitor_headers, draft["id"])
    first = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": stale},
        json={"notes": "First edit"},
    )
    assert first.status_code == 200
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": stale},
        json={"notes": "Second edit"},
    )

    assert_problem(response, 412)
    assert written_rows() == before
    current = client.get(f"{VISITS}/{draft['id']}", headers=visitor_headers).get_json()
    assert current["notes"] == "First edit"
    assert current["version"] == first.get_json()["version"]


def test_a_patch_with_the_current_etag_changes_the_draft_and_its_version(
    client, draft, visitor_headers
):
    current = etag(client, visitor_headers, draft["id"])

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": current},
        json={"departed_at": at("11:15:00")},
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] > draft["version"]
    assert response.headers["ETag"] != current
    assert draft["duration_minutes"] is None
    assert body["duration_minutes"] == 75
    assert body["status"] == "draft"


@pytest.mark.parametrize(
    "fields", [(), ("notes",), ("detainees", "arrived_at")], ids=["nothing", "notes", "entries"]
)
def test_a_patch_that_changes_nothing_writes_nothing(client, draft, visitor_headers, fields):
    same = {field: draft[field] for field in fields}
    current = etag(client, visitor_headers, draft["id"])
    before = count_rows("audit_event")

    response = client.patch(
        f"{VISITS}/{draft['id']}", headers={**visitor_headers, "If-Match": current}, json=same
    )

    assert response.status_code == 200
    assert response.headers["ETag"] == current
    assert response.get_json()["version"] == draft["version"]
    assert count_rows("audit_event") == before


def test_a_patch_of_the_times_recomputes_access_and_slot(client, draft, visitor_headers):
    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={
            "arrived_at": at("12:00:00"),
            "admitted_at": at("12:10:00"),
            "access_delay_reason": "Cell fight in progress",
        },
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["access_delay_minutes"] == 10
    assert body["access"] == "delay_6_15"
    assert body["slot"] == {"day": "Tue", "band": "12:00-15:59"}


def test_replacing_the_detainee_list_with_the_same_refs_works(
    client, draft, tact_trained, visitor_headers
):
    detainees = [  # C1, who raised the draft's issue, is still seen
        {"ref": "C1", "outcome": "seen", "tact": True},
        {"ref": "C2", "outcome": "refused", "reason": "Wanted to sleep"},
    ]

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={"detainees": detainees},
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(d["ref"], d["outcome"]) for d in body["detainees"]] == [
        ("C1", "seen"),
        ("C2", "refused"),
    ]
    assert body["totals"]["in_cells"] == 2
    assert body["totals"]["refused"] == 1
    assert body["tact_report_required"] is True
    assert count_rows("detainee_entry") == 2


def test_a_draft_edit_is_audited(client, manager_headers, draft, visitor, visitor_headers):
    client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={"notes": "Quiet night"},
    )

    events = client.get(
        "/api/v1/audit",
        headers=manager_headers,
        query_string={"entity": "visit", "entity_id": draft["id"]},
    ).get_json()

    assert [event["action"] for event in events] == ["update", "create"]
    assert events[0]["actor_id"] == visitor.id
    assert events[0]["changes"]["notes"] == [None, "Quiet night"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"departed_at": at("09:00:00")}, "departed_at", id="departed-before-arrival"),
        pytest.param({"arrived_at": "2026-03-10T10:00:00"}, "arrived_at", id="naive-arrival"),
        pytest.param({"visitor_ids": []}, "visitor_ids", id="no-visitors"),
        pytest.param(
            {"detainees": [{"ref": "C1", "outcome": "seen"}, {"ref": "C1", "outcome": "seen"}]},
            "detainees.1.ref",
            id="repeated-ref",
        ),
        pytest.param({"status": "submitted"}, "status", id="status-is-not-patched"),
        pytest.param({"version": 9}, "version", id="server-owned-version"),
    ],
)
def test_a_bad_patch_is_a_422_and_writes_nothing(client, draft, visitor_headers, changes, field):
    current = etag(client, visitor_headers, draft["id"])
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{draft['id']}", headers={**visitor_headers, "If-Match": current}, json=changes
    )

    assert_problem(response, 422, field)
    assert written_rows() == before
    assert etag(client, visitor_headers, draft["id"]) == current
    unchanged = client.get(f"{VISITS}/{draft['id']}", headers=visitor_headers).get_json()
    assert unchanged["arrived_at"] == draft["arrived_at"]
    assert unchanged["detainees"] == draft["detainees"]


def test_a_visitor_cannot_edit_themself_out_of_a_draft(
    client, draft, third_visitor, partner, visitor_headers
):
    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={"visitor_ids": [partner.id, third_visitor.id]},
    )

    assert_problem(response, 422, "visitor_ids")


def test_a_visitors_partner_edits_their_shared_draft(client, draft, partner, login):
    headers = login(partner)

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**headers, "If-Match": etag(client, headers, draft["id"])},
        json={"notes": "Added by my partner"},
    )

    assert response.status_code == 200
    assert response.get_json()["notes"] == "Added by my partner"


def test_a_cached_visit_is_not_sent_again(client, draft, visitor_headers):
    current = etag(client, visitor_headers, draft["id"])

    response = client.get(
        f"{VISITS}/{draft['id']}", headers={**visitor_headers, "If-None-Match": current}
    )

    assert response.status_code == 304


# Submitting ----------------------------------------------------------------------------------


def test_submitting_an_incomplete_draft_names_what_is_missing(client, draft, visitor_headers):
    before = written_rows()

    response = client.post(f"{VISITS}/{draft['id']}/submit", headers=visitor_headers)

    assert_problem(response, 422, "departed_at")
    assert written_rows() == before
    assert client.get(f"{VISITS}/{draft['id']}", headers=visitor_headers).get_json()["status"] == (
        "draft"
    )


def test_submitting_a_complete_draft(client, record, suite, visitor, partner, visitor_headers):
    created = record(visitor_headers, custody_visit(suite, visitor, partner))

    response = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "submitted"
    assert body["submitted_at"] is not None
    assert body["version"] > created["version"]


def test_submitting_again_changes_nothing(client, record, suite, visitor, partner, visitor_headers):
    created = record(visitor_headers, custody_visit(suite, visitor, partner))
    first = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)
    before = written_rows()

    again = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert written_rows() == before


def test_submitting_with_a_stale_etag_is_a_412(client, draft, visitor_headers):
    stale = etag(client, visitor_headers, draft["id"])
    client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": stale},
        json={"departed_at": at("11:00:00")},
    )

    response = client.post(
        f"{VISITS}/{draft['id']}/submit", headers={**visitor_headers, "If-Match": stale}
    )

    assert_problem(response, 412)


def test_a_complete_visit_may_be_created_already_submitted(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, status="submitted"),
    )

    assert response.status_code == 201
    assert response.get_json()["status"] == "submitted"
    assert response.get_json()["submitted_at"] is not None


def test_an_abandoned_visit_never_admitted_may_be_submitted(
    client, record, suite, visitor, partner, visitor_headers
):
    created = record(
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            outcome="abandoned",
            abandon_reason="wait_too_long",
            admitted_at=None,
            departed_at=at("11:05:00"),
            detainees=[],
            issues=[],
        ),
    )

    response = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert response.status_code == 200
    assert response.get_json()["status"] == "submitted"


def test_submitting_a_completed_visit_needs_the_time_of_admittance(
    client, record, suite, visitor, partner, visitor_headers
):
    created = record(visitor_headers, custody_visit(suite, visitor, partner, admitted_at=None))

    response = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert_problem(response, 422, "admitted_at")


# Amending submitted visits -------------------------------------------------------------------


def test_a_visitor_cannot_change_a_submitted_visit(client, submitted, visitor_headers):
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, submitted["id"])},
        json={"notes": "Forgot to say"},
    )

    assert_problem(response, 409)
    assert written_rows() == before


def test_a_manager_amendment_needs_a_reason(client, submitted, manager_headers):
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"departed_at": at("11:45:00")},
    )

    assert_problem(response, 422, "amendment_reason")
    assert written_rows() == before


def test_an_amendment_that_changes_nothing_is_refused(client, submitted, manager_headers):
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"notes": submitted["notes"], "amendment_reason": "Checked: all correct"},
    )

    assert_problem(response, 422, "amendment_reason")
    assert written_rows() == before


def test_a_manager_amends_a_submitted_visit_with_a_reason(client, submitted, manager_headers):
    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"departed_at": at("11:45:00"), "amendment_reason": "Departure mistyped"},
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "submitted"
    assert body["duration_minutes"] == 105
    assert body["version"] > submitted["version"]


def test_an_amendment_is_audited_with_who_why_and_before_and_after(
    client, submitted, manager, manager_headers
):
    client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"notes": "Cell 4 light broken", "amendment_reason": "Visitor's note added"},
    )

    response = client.get(
        "/api/v1/audit",
        headers=manager_headers,
        query_string={"entity": "visit", "entity_id": submitted["id"]},
    )

    amendments = [event for event in response.get_json() if event["action"] == "amend"]
    assert len(amendments) == 1
    amendment = amendments[0]
    assert amendment["actor_id"] == manager.id
    assert amendment["reason"] == "Visitor's note added"
    assert amendment["at"]
    assert amendment["changes"]["notes"] == [None, "Cell 4 light broken"]


def test_an_amended_time_is_audited_before_and_after(client, submitted, manager_headers):
    client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"departed_at": at("11:45:00"), "amendment_reason": "Departure mistyped"},
    )

    events = client.get(
        "/api/v1/audit",
        headers=manager_headers,
        query_string={"entity": "visit", "entity_id": submitted["id"]},
    ).get_json()

    (amendment,) = [event for event in events if event["action"] == "amend"]
    old, new = amendment["changes"]["departed_at"]
    assert datetime.fromisoformat(old) == datetime.fromisoformat(at("11:30:00"))
    assert datetime.fromisoformat(new) == datetime.fromisoformat(at("11:45:00"))
    assert set(amendment["changes"]) == {"departed_at"}


def test_a_manager_amendment_cannot_replace_the_issues(client, submitted, manager_headers):
    before = written_rows()

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"issues": [], "amendment_reason": "Issue raised in error"},
    )

    assert_problem(response, 422, "issues")
    assert written_rows() == before


def test_an_amendment_still_needs_if_match(client, submitted, manager_headers):
    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers=manager_headers,
        json={"notes": "x", "amendment_reason": "Typo"},
    )

    assert_problem(response, 428)
