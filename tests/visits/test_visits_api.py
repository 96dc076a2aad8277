"""The visits API: recording, editing, submitting and reading visits over HTTP.

Times are fixed in the past (Tuesday 10 March 2026, GMT, so UTC and local time agree) unless a
test is about "now". The fixture sites are open from 1 April 2020.
"""

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from icv.common.database import db
from icv.models import Visit
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person

VISITS = "/api/v1/visits"
DAY = "2026-03-10"  # a Tuesday, before the clocks change on 29 March
DETAINEE_KEYS = {
    "ref",
    "outcome",
    "reason",
    "gender",
    "age_group",
    "ethnicity",
    "juvenile",
    "vulnerable",
    "tact",
}


# Fixtures and builders -----------------------------------------------------------------------


@pytest.fixture
def probationer(scheme, visitor):
    return make_person(
        scheme,
        "visitor",
        email="new@northshire.example",
        name="Nell New",
        status="probation",
        aws=True,
        buddy_id=visitor.id,
        joined_on=date(2026, 1, 5),
    )


@pytest.fixture
def visitor_without_aws(scheme):
    return make_person(scheme, "visitor", email="noaws@northshire.example", name="Noel Noaws")


def at(clock: str, day: str = DAY) -> str:
    return f"{day}T{clock}+00:00"


def custody_visit(site, *visitors, **fields) -> dict:
    """A complete custody-suite visit by `visitors`, admitted at once, with six detainees."""
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": at("10:00:00"),
        "admitted_at": at("10:03:00"),
        "departed_at": at("11:30:00"),
        "detainees": [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "seen", "juvenile": True},
            {"ref": "C3", "outcome": "refused", "reason": "Wanted to sleep"},
            {"ref": "C4", "outcome": "not_offered", "reason": "With the nurse"},
            {"ref": "C5", "outcome": "unavailable", "reason": "In interview"},
            {"ref": "C6", "outcome": "asleep_observed"},
        ],
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered since arrest",
                "raised_by": "detainee",
                "detainee_ref": "C1",
                "resolved_during_visit": False,
            }
        ],
        "checks": {"cells_clean": True, "food_in_date": True},
        **fields,
    }


def dog_visit(site, *visitors, **fields) -> dict:
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": at("10:00:00"),
        "admitted_at": at("10:01:00"),
        "departed_at": at("11:00:00"),
        "dogs": [
            {
                "ref": "PD-REX",
                "kennel_ok": True,
                "vehicle_ok": True,
                "records_ok": True,
                "five_freedoms": {"hunger_and_thirst": True, "fear_and_distress": True},
            },
            {"ref": "PD-NELL", "kennel_ok": True, "vehicle_ok": False, "records_ok": True},
        ],
        "checks": {
            "kennels_ok": True,
            "vehicles_ok": False,
            "training_observed": True,
            "food_in_date": True,
        },
        **fields,
    }


def written_rows() -> tuple[int, int, int, int]:
    return (
        count_rows("visit"),
        count_rows("detainee_entry"),
        count_rows("issue"),
        count_rows("audit_event"),
    )


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def ids_of(response) -> list[str]:
    return [visit["id"] for visit in response.get_json()]


def etag(client, headers: dict, visit_id: str) -> str:
    response = client.get(f"{VISITS}/{visit_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def submitted_visit(client, record, headers: dict, body: dict) -> dict:
    created = record(headers, body)
    response = client.post(f"{VISITS}/{created['id']}/submit", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# Recording -----------------------------------------------------------------------------------


def test_a_pair_records_a_custody_visit(client, suite, visitor, partner, visitor_headers):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"{VISITS}/{body['id']}")
    assert response.headers["ETag"]
    assert body["site_id"] == suite.id
    assert body["visitor_ids"] == sorted([visitor.id, partner.id])
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["mode"] == "in_person"
    assert body["outcome"] == "completed"
    assert body["access_delay_minutes"] == 3
    assert body["access"] == "immediate"
    assert body["slot"] == {"day": "Tue", "band": "08:00-11:59"}
    assert body["in_handover"] is False
    assert body["duration_minutes"] == 90
    assert body["tact_report_required"] is False
    assert count_rows("visit") == 1


def test_totals_are_derived_from_the_detainee_entries(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.get_json()["totals"] == {
        "in_cells": 6,
        "offered": 3,
        "seen": 2,
        "refused": 1,
        "not_offered": 1,
        "unavailable": 1,
        "asleep_observed": 1,
    }


def test_a_detainee_held_under_terrorism_legislation_requires_a_tact_report(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner)
    body["detainees"][0]["tact"] = True

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["tact_report_required"] is True


def test_issues_raised_at_a_visit_are_stored_with_it(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    issues = response.get_json()["issues"]
    assert [(issue["category"], issue["status"]) for issue in issues] == [
        ("food_and_drink", "open")
    ]
    assert count_rows("issue") == 1


def test_an_arrival_at_handover_is_flagged(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=at("06:45:00"),
        admitted_at=at("06:48:00"),
        departed_at=at("08:00:00"),
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.get_json()["in_handover"] is True


def test_a_non_immediate_access_is_banded_and_keeps_its_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        admitted_at=at("10:16:30"),
        access_delay_reason="Shift handover",
        delay_authorised_by="Sgt Patel",
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    visit = response.get_json()
    assert response.status_code == 201
    assert visit["access_delay_minutes"] == 16
    assert visit["access"] == "delay_over_15"
    assert visit["access_delay_reason"] == "Shift handover"
    assert visit["delay_authorised_by"] == "Sgt Patel"


def test_two_aws_visitors_record_a_dog_unit_visit(
    client, dog_unit, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, partner)
    )

    assert response.status_code == 201
    body = response.get_json()
    assert [dog["ref"] for dog in body["dogs"]] == ["PD-REX", "PD-NELL"]
    assert body["dogs"][1]["vehicle_ok"] is False
    assert body["dogs"][0]["five_freedoms"] == {
        "hunger_and_thirst": True,
        "fear_and_distress": True,
    }
    assert body["checks"]["training_observed"] is True
    assert body["detainees"] == []
    assert body["slot"] == {"day": "Tue", "band": "07:00-13:00"}
    assert count_rows("dog_entry") == 2


def test_a_dog_unit_visit_outside_its_bands_has_no_slot_and_is_still_stored(
    client, dog_unit, visitor, partner, visitor_headers
):
    body = dog_visit(
        dog_unit,
        visitor,
        partner,
        arrived_at=at("13:30:00"),
        admitted_at=at("13:31:00"),
        departed_at=at("14:15:00"),
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["slot"] is None
    assert count_rows("visit") == 1
    stored = client.get(f"{VISITS}/{response.get_json()['id']}", headers=visitor_headers)
    assert stored.get_json()["slot"] is None


def test_an_abandoned_visit_is_kept_with_its_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        outcome="abandoned",
        abandon_reason="Suite shut for a fire alarm",
        admitted_at=None,
        departed_at=at("10:40:00"),
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    visit = response.get_json()
    assert visit["outcome"] == "abandoned"
    assert visit["abandon_reason"] == "Suite shut for a fire alarm"
    assert visit["admitted_at"] is None
    assert visit["access"] is None
    assert visit["totals"]["in_cells"] == 0
    assert count_rows("visit") == 1


@pytest.mark.parametrize("mode", ["phone", "video"])
def test_a_visit_may_be_made_remotely(client, suite, visitor, partner, visitor_headers, mode):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, mode=mode)
    )

    assert response.status_code == 201
    assert response.get_json()["mode"] == mode


def test_a_manager_records_a_visit_they_did_not_make(
    client, suite, visitor, partner, manager_headers
):
    response = client.post(
        VISITS, headers=manager_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201
    assert response.get_json()["visitor_ids"] == sorted([visitor.id, partner.id])


def test_a_probationer_visits_a_custody_suite_with_their_buddy(
    client, suite, visitor, probationer, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, probationer)
    )

    assert response.status_code == 201


def test_an_arrival_a_minute_ahead_of_the_server_clock_is_accepted(
    client, suite, visitor, partner, visitor_headers
):
    soon = datetime.now(UTC) + timedelta(minutes=1)
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=soon.isoformat(),
        admitted_at=None,
        departed_at=None,
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201


def test_a_visit_before_the_site_closed_is_accepted(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    closing = client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-11"},
    )
    assert closing.status_code == 200

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201


# Idempotent create ---------------------------------------------------------------------------


def test_the_same_create_again_returns_the_same_visit(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, id=str(uuid.uuid4()))
    first = client.post(VISITS, headers=visitor_headers, json=body)

    again = client.post(VISITS, headers=visitor_headers, json=body)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"] == body["id"]
    assert again.get_json()["version"] == first.get_json()["version"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert count_rows("visit") == 1
    assert count_rows("detainee_entry") == 6
    assert count_rows("issue") == 1


def test_the_same_create_with_the_times_in_another_offset_is_the_same_visit(
    client, suite, visitor, partner, visitor_headers
):
    visit_id = str(uuid.uuid4())
    client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id=visit_id)
    )
    same_instants = custody_visit(
        suite,
        visitor,
        partner,
        id=visit_id,
        arrived_at="2026-03-10T11:00:00+01:00",
        admitted_at="2026-03-10T11:03:00+01:00",
        departed_at="2026-03-10T12:30:00+01:00",
    )

    response = client.post(VISITS, headers=visitor_headers, json=same_instants)

    assert response.status_code == 200
    assert count_rows("visit") == 1


def test_a_different_body_under_a_used_id_is_a_conflict(
    client, suite, visitor, partner, visitor_headers
):
    visit_id = str(uuid.uuid4())
    client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id=visit_id)
    )
    before = written_rows()

    response = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, id=visit_id, notes="Another visit"),
    )

    assert_problem(response, 409, "id")
    assert written_rows() == before


def test_a_visit_sent_without_an_id_gets_a_server_uuid(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    visit_id = response.get_json()["id"]
    assert str(uuid.UUID(visit_id)) == visit_id


def test_a_client_id_that_is_not_a_uuid_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id="visit-1")
    )

    assert_problem(response, 422, "id")
    assert written_rows() == before


# Validation: each a 422 naming the field, writing nothing ------------------------------------


def _now_plus(minutes: int) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


CUSTODY_REFUSALS = [
    pytest.param({"arrived_at": "2026-03-10T10:00:00"}, "arrived_at", id="naive-arrival"),
    pytest.param({"admitted_at": "2026-03-10T10:03:00"}, "admitted_at", id="naive-admittance"),
    pytest.param({"admitted_at": at("09:59:00")}, "admitted_at", id="admitted-before-arrival"),
    pytest.param({"departed_at": at("10:02:00")}, "departed_at", id="departed-before-admitted"),
    pytest.param({"departed_at": at("22:01:00")}, "departed_at", id="visit-over-twelve-hours"),
    pytest.param({"visitor_ids": []}, "visitor_ids", id="no-visitors"),
    pytest.param({"visitor_ids": None}, "visitor_ids", id="null-visitors"),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "chatted"}]},
        "detainees.0.outcome",
        id="unknown-detainee-outcome",
    ),
    pytest.param(
        {
            "issues": [
                {
                    "category": "wifi",
                    "description": "No wifi",
                    "raised_by": "detainee",
                    "resolved_during_visit": False,
                }
            ]
        },
        "issues.0.category",
        id="unknown-issue-category",
    ),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "seen"}, {"ref": "C1", "outcome": "refused"}]},
        "detainees.1.ref",
        id="repeated-detainee-ref",
    ),
    pytest.param(
        {"detainees": [{"ref": "c7", "outcome": "seen"}, {"ref": "C7", "outcome": "seen"}]},
        "detainees.1.ref",
        id="repeated-detainee-ref-differing-in-case",
    ),
    pytest.param(
        {"detainees": [{"ref": "John Smith", "outcome": "seen"}], "issues": []},
        "detainees.0.ref",
        id="detainee-ref-that-is-a-name",
    ),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "seen", "name": "John Smith"}], "issues": []},
        "detainees.0.name",
        id="detainee-name-field",
    ),
    pytest.param(
        {"dogs": [{"ref": "PD-REX", "kennel_ok": True, "vehicle_ok": True, "records_ok": True}]},
        "dogs",
        id="dogs-at-a-custody-suite",
    ),
    pytest.param(
        {"outcome": "abandoned", "admitted_at": None, "detainees": [], "issues": []},
        "abandon_reason",
        id="abandoned-without-reason",
    ),
    pytest.param(
        {"outcome": "abandoned", "abandon_reason": "Refused entry", "admitted_at": None},
        "detainees",
        id="detainees-on-an-abandoned-visit",
    ),
    pytest.param(
        {"admitted_at": at("10:06:00")},
        "access_delay_reason",
        id="delayed-access-without-reason",
    ),
    pytest.param(
        {"admitted_at": at("10:06:00"), "access_delay_reason": "   "},
        "access_delay_reason",
        id="delayed-access-with-blank-reason",
    ),
    pytest.param(
        {
            "issues": [
                {
                    "category": "healthcare",
                    "description": "Medication late",
                    "raised_by": "detainee",
                    "detainee_ref": "C99",
                    "resolved_during_visit": False,
                }
            ]
        },
        "issues.0.detainee_ref",
        id="issue-about-a-detainee-not-listed",
    ),
    pytest.param({"mode": "carrier_pigeon"}, "mode", id="unknown-mode"),
    pytest.param({"status": "approved"}, "status", id="unknown-status"),
    pytest.param({"scheme_id": 2}, "scheme_id", id="unknown-field-scheme_id"),
    pytest.param({"status_history": []}, "status_history", id="unknown-field-status_history"),
    pytest.param({"totals": {"seen": 99}}, "totals", id="server-owned-totals"),
    pytest.param({"version": 3}, "version", id="server-owned-version"),
    pytest.param({"site_id": "1"}, "site_id", id="site-id-as-string"),
    pytest.param({"checks": {"kennels_ok": True}}, "checks.kennels_ok", id="dog-check-at-suite"),
    pytest.param(
        {"status": "submitted", "departed_at": None}, "departed_at", id="submitted-incomplete"
    ),
]


@pytest.mark.parametrize(("fields", "field"), CUSTODY_REFUSALS)
def test_a_bad_custody_visit_is_a_422_naming_the_field_and_writes_nothing(
    client, suite, visitor, partner, visitor_headers, fields, field
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, **fields)
    )

    assert_problem(response, 422, field)
    assert written_rows() == before


def test_an_arrival_more_than_five_minutes_ahead_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    before = written_rows()
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=_now_plus(10),
        admitted_at=None,
        departed_at=None,
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "arrived_at")
    assert written_rows() == before


def test_a_visit_of_exactly_twelve_hours_is_accepted(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, departed_at=at("22:00:00"))

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["duration_minutes"] == 720


def test_a_repeated_visitor_is_refused(client, suite, visitor, partner, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, visitor, partner)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_an_unknown_visitor_is_refused(client, suite, visitor, visitor_headers):
    before = written_rows()
    body = custody_visit(suite, visitor)
    body["visitor_ids"].append(999_999)

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_visitor_of_another_scheme_is_refused(
    client, suite, visitor, other_visitor, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, other_visitor)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("applicant", {}),
        ("vetting", {}),
        ("suspended", {}),
        ("left", {"left_on": date(2025, 12, 31), "leave_reason": "Moved away"}),
    ],
)
def test_a_visitor_who_is_not_active_is_refused(
    client, scheme, suite, visitor, visitor_headers, status, extra
):
    inactive = make_person(
        scheme, "visitor", email=f"{status}@northshire.example", status=status, **extra
    )
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, inactive)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_someone_who_is_not_a_visitor_cannot_be_named_as_one(
    client, suite, visitor, viewer, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, viewer)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_dog_unit_visit_needs_every_visitor_on_the_animal_welfare_scheme(
    client, dog_unit, visitor, visitor_without_aws, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, visitor_without_aws)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_probationer_on_the_animal_welfare_scheme_cannot_visit_a_dog_unit(
    client, dog_unit, visitor, probationer, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, probationer)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_detainees_at_a_dog_unit_are_refused(client, dog_unit, visitor, partner, visitor_headers):
    before = written_rows()
    body = dog_visit(dog_unit, visitor, partner, detainees=[{"ref": "C1", "outcome": "seen"}])

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "detainees")
    assert written_rows() == before


def test_custody_checks_at_a_dog_unit_are_refused(
    client, dog_unit, visitor, partner, visitor_headers
):
    before = written_rows()
    body = dog_visit(dog_unit, visitor, partner, checks={"cells_clean": True})

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "checks.cells_clean")
    assert written_rows() == before


def test_a_single_visitor_in_person_must_say_why_they_went_alone(
    client, suite, visitor, visitor_headers
):
    before = written_rows()

    response = client.post(VISITS, headers=visitor_headers, json=custody_visit(suite, visitor))

    assert_problem(response, 422, "single_visitor_reason")
    assert written_rows() == before


def test_a_single_visitor_in_person_with_a_reason_is_accepted(
    client, suite, visitor, visitor_headers
):
    body = custody_visit(suite, visitor, single_visitor_reason="Partner taken ill on the way")

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["single_visitor_reason"] == "Partner taken ill on the way"


def test_a_single_visitor_by_phone_needs_no_reason(client, suite, visitor, visitor_headers):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, mode="phone")
    )

    assert response.status_code == 201


def test_a_visit_to_a_closed_site_is_refused(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    closing = client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-01"},
    )
    assert closing.status_code == 200
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before


def test_a_visit_to_a_closed_site_says_since_when(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-01"},
    )

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    message = assert_problem(response, 422, "site_id")["errors"]["site_id"][0]
    assert "closed from 2026-03-01" in message


def test_a_site_of_another_scheme_is_refused(
    client, other_suite, visitor, partner, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(other_suite, visitor, partner)
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before


def test_an_unknown_site_is_refused(client, suite, visitor, partner, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, site_id=999_999),
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before


def test_a_visitor_cannot_record_a_visit_they_were_not_part_of(
    client, suite, visitor, partner, third_visitor, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, partner, third_visitor)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_every_bad_field_is_named_at_once(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(
        suite,
        visitor,
        partner,
        admitted_at=at("09:00:00"),
        outcome="abandoned",
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "admitted_at", "abandon_reason", "detainees")


def test_a_body_that_is_not_json_is_a_400_and_writes_nothing(client, suite, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS,
        headers={**visitor_headers, "Content-Type": "application/json"},
        data='{"site_id": 1,',
    )

    assert_problem(response, 400)
    assert written_rows() == before


# Editing drafts ------------------------------------------------------------------------------


@pytest.fixture
def draft(record, suite, visitor, partner, visitor_headers) -> dict:
    """A draft custody visit by `visitor` and `partner`, not yet departed."""
    return record(visitor_headers, custody_visit(suite, visitor, partner, departed_at=None))


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


def test_replacing_the_detainee_list_with_the_same_refs_works(client, draft, visitor_headers):
    detainees = [
        {"ref": "C1", "outcome": "refused"},
        {"ref": "C2", "outcome": "seen", "tact": True},
    ]

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={"detainees": detainees},
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(d["ref"], d["outcome"]) for d in body["detainees"]] == [
        ("C1", "refused"),
        ("C2", "seen"),
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
            abandon_reason="Waited over an hour",
            admitted_at=None,
            departed_at=at("11:05:00"),
            detainees=[],
            issues=[],
        ),
    )

    response = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert response.status_code == 200
    assert response.get_json()["status"] == "submitted"


# Submitted visits ----------------------------------------------------------------------------


@pytest.fixture
def submitted(client, record, suite, visitor, partner, visitor_headers) -> dict:
    return submitted_visit(client, record, visitor_headers, custody_visit(suite, visitor, partner))


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


# Access --------------------------------------------------------------------------------------


@pytest.fixture
def visit_of_pair(record, suite, visitor, partner, visitor_headers) -> dict:
    return record(visitor_headers, custody_visit(suite, visitor, partner))


def test_a_viewer_cannot_record_visits(client, suite, visitor, partner, viewer, login):
    before = written_rows()

    response = client.post(
        VISITS, headers=login(viewer), json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 403)
    assert written_rows() == before


def test_a_viewer_cannot_list_visits(client, viewer, login):
    assert_problem(client.get(VISITS, headers=login(viewer)), 403)


def test_a_viewer_cannot_read_a_visit(client, visit_of_pair, viewer, login):
    assert_problem(client.get(f"{VISITS}/{visit_of_pair['id']}", headers=login(viewer)), 403)


def test_an_inspector_cannot_record_visits(client, suite, visitor, partner, inspector, login):
    response = client.post(
        VISITS, headers=login(inspector), json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 403)


def test_an_inspector_cannot_edit_a_visit(client, submitted, inspector, login):
    headers = login(inspector)

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**headers, "If-Match": etag(client, headers, submitted["id"])},
        json={"notes": "Not my place", "amendment_reason": "Trying"},
    )

    assert_problem(response, 403)


def test_an_inspector_cannot_submit_a_visit(client, visit_of_pair, inspector, login):
    response = client.post(f"{VISITS}/{visit_of_pair['id']}/submit", headers=login(inspector))

    assert_problem(response, 403)


def test_an_inspector_reads_submitted_visits_at_their_site(client, submitted, inspector, login):
    headers = login(inspector)

    one = client.get(f"{VISITS}/{submitted['id']}", headers=headers)
    listed = client.get(VISITS, headers=headers)

    assert one.status_code == 200
    assert ids_of(listed) == [submitted["id"]]


def test_an_inspector_does_not_see_drafts(client, draft, submitted, inspector, login):
    headers = login(inspector)

    assert_problem(client.get(f"{VISITS}/{draft['id']}", headers=headers), 404)
    assert ids_of(client.get(VISITS, headers=headers)) == [submitted["id"]]
    assert ids_of(client.get(VISITS, headers=headers, query_string={"status": "draft"})) == []


def test_an_inspector_does_not_see_visits_at_other_sites(
    client, record, second_suite, visitor, partner, visitor_headers, inspector, login
):
    elsewhere = submitted_visit(
        client, record, visitor_headers, custody_visit(second_suite, visitor, partner)
    )
    headers = login(inspector)

    assert_problem(client.get(f"{VISITS}/{elsewhere['id']}", headers=headers), 404)
    assert ids_of(client.get(VISITS, headers=headers)) == []


def test_a_visitor_sees_only_visits_they_took_part_in(
    client,
    record,
    suite,
    visitor,
    partner,
    third_visitor,
    fourth_visitor,
    visit_of_pair,
    visitor_headers,
    manager_headers,
):
    others = record(manager_headers, custody_visit(suite, third_visitor, fourth_visitor))

    assert_problem(client.get(f"{VISITS}/{others['id']}", headers=visitor_headers), 404)
    assert ids_of(client.get(VISITS, headers=visitor_headers)) == [visit_of_pair["id"]]


def test_a_visitor_cannot_edit_or_submit_another_pairs_visit(
    client, record, suite, third_visitor, fourth_visitor, visitor_headers, manager_headers
):
    others = record(manager_headers, custody_visit(suite, third_visitor, fourth_visitor))
    manager_etag = etag(client, manager_headers, others["id"])

    patch = client.patch(
        f"{VISITS}/{others['id']}",
        headers={**visitor_headers, "If-Match": manager_etag},
        json={"notes": "Not mine"},
    )
    submit = client.post(f"{VISITS}/{others['id']}/submit", headers=visitor_headers)

    assert_problem(patch, 404)
    assert_problem(submit, 404)


def test_a_manager_sees_every_visit_of_the_scheme(
    client,
    record,
    suite,
    second_suite,
    visitor,
    partner,
    third_visitor,
    fourth_visitor,
    visitor_headers,
    manager_headers,
):
    ours = record(visitor_headers, custody_visit(suite, visitor, partner))
    theirs = record(manager_headers, custody_visit(second_suite, third_visitor, fourth_visitor))

    listed = client.get(VISITS, headers=manager_headers)

    assert sorted(ids_of(listed)) == sorted([ours["id"], theirs["id"]])
    assert client.get(f"{VISITS}/{ours['id']}", headers=manager_headers).status_code == 200


def test_another_schemes_manager_cannot_find_the_visit(client, visit_of_pair, other_manager, login):
    headers = login(other_manager)
    path = f"{VISITS}/{visit_of_pair['id']}"
    before = written_rows()

    assert_problem(client.get(path, headers=headers), 404)
    assert_problem(
        client.patch(path, headers={**headers, "If-Match": "*"}, json={"notes": "Hijack"}), 404
    )
    assert_problem(client.post(f"{path}/submit", headers=headers), 404)
    listed = client.get(VISITS, headers=headers)
    assert listed.get_json() == []
    assert pagination(listed)["total"] == 0
    assert written_rows() == before


def test_another_schemes_visit_looks_like_no_visit_at_all(
    client, visit_of_pair, other_manager, login
):
    headers = login(other_manager)

    theirs = client.get(f"{VISITS}/{visit_of_pair['id']}", headers=headers)
    missing = client.get(f"{VISITS}/{uuid.uuid4()}", headers=headers)

    assert theirs.get_json() == missing.get_json()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", ""), ("get", "/{id}"), ("patch", "/{id}"), ("post", "/{id}/submit")],
)
def test_every_visit_endpoint_needs_a_token(client, visit_of_pair, method, suffix):
    path = VISITS + suffix.format(id=visit_of_pair["id"])

    response = getattr(client, method)(path, json={})

    assert_problem(response, 401)


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "12345", "../people"])
def test_a_malformed_visit_id_is_not_found(client, manager_headers, bad_id):
    assert_problem(client.get(f"{VISITS}/{bad_id}", headers=manager_headers), 404)


def test_a_visitor_who_has_left_loses_access_to_their_visits_at_once(
    client, visit_of_pair, visitor, visitor_headers, manager_headers
):
    client.patch(
        f"/api/v1/people/{visitor.id}",
        headers=manager_headers,
        json={"status": "left", "left_on": "2026-03-31", "leave_reason": "Moved away"},
    )

    assert_problem(client.get(f"{VISITS}/{visit_of_pair['id']}", headers=visitor_headers), 401)


# Listing -------------------------------------------------------------------------------------


def test_visits_are_filtered_by_site(
    client, record, suite, second_suite, visitor, partner, visitor_headers
):
    here = record(visitor_headers, custody_visit(suite, visitor, partner))
    record(visitor_headers, custody_visit(second_suite, visitor, partner))

    response = client.get(VISITS, headers=visitor_headers, query_string={"site_id": suite.id})

    assert ids_of(response) == [here["id"]]


def test_visits_are_filtered_by_status(client, record, suite, visitor, partner, visitor_headers):
    draft_visit = record(visitor_headers, custody_visit(suite, visitor, partner))
    done = submitted_visit(
        client,
        record,
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            arrived_at=at("08:00:00"),
            admitted_at=at("08:01:00"),
            departed_at=at("09:00:00"),
        ),
    )

    drafts = client.get(VISITS, headers=visitor_headers, query_string={"status": "draft"})
    submitted_ones = client.get(
        VISITS, headers=visitor_headers, query_string={"status": "submitted"}
    )

    assert ids_of(drafts) == [draft_visit["id"]]
    assert ids_of(submitted_ones) == [done["id"]]


def test_visits_are_filtered_by_arrival_from_inclusive_to_exclusive(
    client, record, suite, visitor, partner, visitor_headers
):
    def visit_on(day: str) -> str:
        body = custody_visit(
            suite,
            visitor,
            partner,
            arrived_at=at("10:00:00", day),
            admitted_at=at("10:03:00", day),
            departed_at=at("11:00:00", day),
        )
        return record(visitor_headers, body)["id"]

    visit_on("2026-03-09")
    tenth = visit_on("2026-03-10")
    eleventh = visit_on("2026-03-11")
    visit_on("2026-03-12")

    response = client.get(
        VISITS,
        headers=visitor_headers,
        query_string={"from": at("10:00:00", "2026-03-10"), "to": at("10:00:00", "2026-03-12")},
    )

    assert ids_of(response) == [eleventh, tenth]  # newest arrival first


def test_the_arrival_range_respects_the_offset_given(
    client, record, suite, visitor, partner, visitor_headers
):
    visit = record(visitor_headers, custody_visit(suite, visitor, partner))  # 10:00 UTC

    # 10:30+01:00 is 09:30 UTC: the visit is after it.
    after = client.get(
        VISITS, headers=visitor_headers, query_string={"from": "2026-03-10T10:30:00+01:00"}
    )
    # 11:30+01:00 is 10:30 UTC: the visit is before it.
    before = client.get(
        VISITS, headers=visitor_headers, query_string={"from": "2026-03-10T11:30:00+01:00"}
    )

    assert ids_of(after) == [visit["id"]]
    assert ids_of(before) == []


@pytest.mark.parametrize("parameter", ["from", "to", "updated_since"])
def test_a_naive_time_in_the_query_is_a_422(client, visitor_headers, parameter):
    response = client.get(
        VISITS, headers=visitor_headers, query_string={parameter: "2026-03-10T10:00:00"}
    )

    assert_problem(response, 422, parameter)


def test_an_unknown_status_filter_is_a_422(client, visitor_headers):
    response = client.get(VISITS, headers=visitor_headers, query_string={"status": "lost"})

    assert_problem(response, 422, "status")


def test_updated_since_returns_only_later_changes_oldest_first(
    client, record, suite, visitor, partner, visitor_headers
):
    def visit_at(clock: str) -> dict:
        hour = int(clock[:2])
        return record(
            visitor_headers,
            custody_visit(
                suite,
                visitor,
                partner,
                arrived_at=at(clock),
                admitted_at=at(f"{hour:02}:03:00"),
                departed_at=at(f"{hour:02}:45:00"),
            ),
        )

    first, untouched, last = visit_at("08:00:00"), visit_at("09:00:00"), visit_at("10:00:00")
    synced_at = datetime.now(UTC)
    for visit in (last, first):  # changed after the sync: `last` first, then `first`
        response = client.patch(
            f"{VISITS}/{visit['id']}",
            headers={**visitor_headers, "If-Match": etag(client, visitor_headers, visit["id"])},
            json={"notes": "Edited offline"},
        )
        assert response.status_code == 200

    response = client.get(
        VISITS, headers=visitor_headers, query_string={"updated_since": synced_at.isoformat()}
    )

    assert ids_of(response) == [last["id"], first["id"]]
    assert untouched["id"] not in ids_of(response)


def test_submitting_counts_as_a_change_for_sync(
    client, record, suite, visitor, partner, visitor_headers
):
    visit = record(visitor_headers, custody_visit(suite, visitor, partner))
    synced_at = datetime.now(UTC)
    client.post(f"{VISITS}/{visit['id']}/submit", headers=visitor_headers)

    response = client.get(
        VISITS, headers=visitor_headers, query_string={"updated_since": synced_at.isoformat()}
    )

    assert ids_of(response) == [visit["id"]]


def test_visits_are_paginated_with_the_total_in_a_header(
    client, record, suite, visitor, partner, visitor_headers
):
    for hour in range(8, 13):
        record(
            visitor_headers,
            custody_visit(
                suite,
                visitor,
                partner,
                arrived_at=at(f"{hour:02}:00:00"),
                admitted_at=at(f"{hour:02}:02:00"),
                departed_at=at(f"{hour:02}:50:00"),
                detainees=[],
                issues=[],
            ),
        )

    response = client.get(VISITS, headers=visitor_headers, query_string={"page_size": 2, "page": 3})

    assert len(response.get_json()) == 1
    assert pagination(response)["total"] == 5
    assert pagination(response)["total_pages"] == 3
    assert pagination(response)["page"] == 3


def test_unknown_query_parameters_are_ignored(client, visit_of_pair, visitor_headers):
    response = client.get(VISITS, headers=visitor_headers, query_string={"colour": "blue"})

    assert ids_of(response) == [visit_of_pair["id"]]


# No names ------------------------------------------------------------------------------------


def test_detainee_entries_carry_only_the_documented_fields(client, visit_of_pair, visitor_headers):
    one = client.get(f"{VISITS}/{visit_of_pair['id']}", headers=visitor_headers).get_json()
    listed = client.get(VISITS, headers=visitor_headers).get_json()

    for entry in visit_of_pair["detainees"] + one["detainees"] + listed[0]["detainees"]:
        assert set(entry) == DETAINEE_KEYS


def test_a_stored_visit_matches_what_was_recorded(client, visit_of_pair, visitor_headers):
    db.session.expire_all()
    stored = db.session.get(Visit, visit_of_pair["id"])

    assert [entry.ref for entry in stored.detainees] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert stored.arrived_at == datetime.fromisoformat(at("10:00:00"))


# More edges ----------------------------------------------------------------------------------


def test_access_of_five_minutes_and_some_seconds_is_immediate_and_needs_no_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, admitted_at=at("10:05:59"))

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["access_delay_minutes"] == 5
    assert response.get_json()["access"] == "immediate"


def test_submitting_a_completed_visit_needs_the_time_of_admittance(
    client, record, suite, visitor, partner, visitor_headers
):
    created = record(visitor_headers, custody_visit(suite, visitor, partner, admitted_at=None))

    response = client.post(f"{VISITS}/{created['id']}/submit", headers=visitor_headers)

    assert_problem(response, 422, "admitted_at")


def test_a_visitor_issue_at_a_dog_unit_is_accepted_but_not_one_raised_by_a_detainee(
    client, dog_unit, visitor, partner, visitor_headers
):
    issue = {
        "category": "other",
        "description": "Kennel heater broken",
        "raised_by": "visitor",
        "resolved_during_visit": False,
        "urgent": True,
    }
    accepted = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, partner, issues=[issue])
    )
    refused = client.post(
        VISITS,
        headers=visitor_headers,
        json=dog_visit(
            dog_unit,
            visitor,
            partner,
            arrived_at=at("15:30:00"),
            admitted_at=at("15:31:00"),
            departed_at=at("16:00:00"),
            issues=[{**issue, "raised_by": "detainee"}],
        ),
    )

    assert accepted.status_code == 201
    assert accepted.get_json()["issues"][0]["urgent"] is True
    assert_problem(refused, 422, "issues.0.raised_by")


def test_replaying_a_create_does_not_show_the_visit_to_a_visitor_who_was_not_there(
    client, record, suite, third_visitor, fourth_visitor, visitor_headers, manager_headers
):
    body = custody_visit(suite, third_visitor, fourth_visitor, id=str(uuid.uuid4()))
    record(manager_headers, body)

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 409, "id")
    assert "detainees" not in response.get_json()
