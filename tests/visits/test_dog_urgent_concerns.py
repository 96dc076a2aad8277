"""Urgent dog concerns: a concern on water, kennel or vehicle temperature or the heat alarm
cannot wait. It becomes an urgent issue of the visit (`check_key` names the check), told at once,
in the inbox and by email, to the dog unit's inspectors and the managers (never to another
site's inspectors), once; while the visit is a draft the issue follows the check.
"""

import pytest

from icv.models import URGENT_DOG_CHECKS
from icv.notifications import delivery
from tests.support.dog_visits import dog_checks, dog_visit
from tests.support.mail_server import parsed
from tests.support.records import count_rows, make_person
from tests.visits.visit_bodies import VISITS, at, etag

NO_WATER = {"result": "concern", "note": "No water in kennel 3 since the morning"}


@pytest.fixture
def dog_sergeant(scheme, dog_unit):
    return make_person(
        scheme,
        "inspector",
        email="dog-sergeant@northshire.example",
        name="Dana Dogs",
        site_ids=[dog_unit.id],
    )


@pytest.fixture
def inbox(client, login):
    def read(person) -> list[dict]:
        response = client.get("/api/v1/notifications", headers=login(person))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return read


def urgent_body(dog_unit, visitors, **fields) -> dict:
    return dog_visit(
        dog_unit,
        visitors,
        at("10:00:00"),
        departed_at=None,
        checks=dog_checks(water_available=NO_WATER),
        **fields,
    )


@pytest.fixture
def urgent_draft(record, dog_unit, visitor, partner, visitor_headers, dog_sergeant, manager):
    return record(visitor_headers, urgent_body(dog_unit, (visitor, partner)))


def test_a_concern_on_water_tells_the_dog_units_inspectors_and_managers_at_once(
    inbox, urgent_draft, dog_sergeant, manager, inspector
):
    (issue,) = urgent_draft["issues"]

    assert urgent_draft["status"] == "draft"
    assert (issue["check_key"], issue["urgent"], issue["status"]) == (
        "water_available",
        True,
        "open",
    )
    assert issue["description"] == f"Fresh water available: {NO_WATER['note']}"
    for person in (dog_sergeant, manager):
        (message,) = inbox(person)
        assert (message["kind"], message["issue_id"]) == ("urgent_concern", issue["id"])
        assert message["subject"] == (
            "URGENT dog welfare concern at Dog Unit: Fresh water available"
        )
        assert NO_WATER["note"] in message["body"]
    assert inbox(inspector) == []


@pytest.mark.parametrize("key", URGENT_DOG_CHECKS)
def test_each_urgent_check_raises_an_urgent_issue(
    record, dog_unit, visitor, partner, visitor_headers, key
):
    concern = {"result": "concern", "note": "Too hot: 31 degrees"}
    body = dog_visit(
        dog_unit, (visitor, partner), at("10:00:00"), checks=dog_checks(**{key: concern})
    )

    visit = record(visitor_headers, body)

    assert [(i["check_key"], i["urgent"]) for i in visit["issues"]] == [(key, True)]


def test_a_concern_on_another_check_is_no_urgent_concern(
    record, inbox, dog_unit, visitor, partner, visitor_headers, dog_sergeant, manager
):
    checks = dog_checks(bedding={"result": "concern", "note": "Bedding wet"})

    visit = record(
        visitor_headers, dog_visit(dog_unit, (visitor, partner), at("10:00:00"), checks=checks)
    )

    assert visit["issues"] == []
    assert inbox(dog_sergeant) == [] and inbox(manager) == []


def test_a_visit_recorded_as_submitted_tells_its_urgent_concern_as_urgent_once(
    record, inbox, dog_unit, visitor, partner, visitor_headers, dog_sergeant, manager
):
    body = urgent_body(dog_unit, (visitor, partner), status="submitted")
    body["departed_at"] = at("11:00:00")

    visit = record(visitor_headers, body)

    assert visit["issues"][0]["status"] == "open"
    assert [m["kind"] for m in inbox(dog_sergeant)] == ["urgent_concern"]
    assert [m["kind"] for m in inbox(manager)] == ["urgent_concern"]


def test_urgent_dog_concerns_are_emailed_over_smtp(
    ctx, mail_server, urgent_draft, dog_sergeant, manager
):
    settings = delivery.MailSettings(
        smtp_url=f"smtp://127.0.0.1:{mail_server.port}",
        sender="icv@test.example",
        base_url="https://icv.example",
        timeout_seconds=5,
    )

    result = delivery.deliver_pending(settings)

    assert result == {"sent": 2, "failed": 0}
    mails = {tuple(e.rcpt_tos): parsed(e) for e in mail_server.received}
    assert set(mails) == {(dog_sergeant.email,), (manager.email,)}
    for mail in mails.values():
        assert mail["Subject"] == "URGENT dog welfare concern at Dog Unit: Fresh water available"
        text = mail.get_content()
        assert NO_WATER["note"] in text
        assert f"https://icv.example/api/v1/issues/{urgent_draft['issues'][0]['id']}" in text


def test_editing_the_draft_again_tells_the_concern_once(
    client, inbox, visitor_headers, urgent_draft, dog_sergeant
):
    response = client.patch(
        f"{VISITS}/{urgent_draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, urgent_draft["id"])},
        json={"notes": "The handler was told in person.", "issues": []},
    )

    assert response.status_code == 200, response.get_json()
    assert [i["id"] for i in response.get_json()["issues"]] == [urgent_draft["issues"][0]["id"]]
    assert len(inbox(dog_sergeant)) == 1


def test_submitting_does_not_tell_the_concern_again(
    client, inbox, visitor_headers, urgent_draft, dog_sergeant, manager
):
    client.patch(
        f"{VISITS}/{urgent_draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, urgent_draft["id"])},
        json={"departed_at": at("11:00:00")},
    )
    before = count_rows("notification")

    response = client.post(f"{VISITS}/{urgent_draft['id']}/submit", headers=visitor_headers)

    assert response.status_code == 200, response.get_json()
    assert count_rows("notification") == before
    assert response.get_json()["issues"][0]["status"] == "open"


def test_withdrawing_the_concern_from_a_draft_takes_its_issue_away(
    client, visitor_headers, urgent_draft
):
    response = client.patch(
        f"{VISITS}/{urgent_draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, urgent_draft["id"])},
        json={"checks": dog_checks()},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["issues"] == []
    assert count_rows("issue") == 0


def test_a_new_urgent_concern_in_a_draft_is_told_at_once(
    client, inbox, record, dog_unit, visitor, partner, visitor_headers, dog_sergeant
):
    draft = record(visitor_headers, dog_visit(dog_unit, (visitor, partner), at("10:00:00")))
    hot = {"result": "concern", "note": "Heat alarm did not sound in van 2"}

    response = client.patch(
        f"{VISITS}/{draft['id']}",
        headers={**visitor_headers, "If-Match": etag(client, visitor_headers, draft["id"])},
        json={"checks": dog_checks(vehicle_temperature_and_heat_alarm=hot)},
    )

    assert response.status_code == 200, response.get_json()
    (message,) = inbox(dog_sergeant)
    assert message["subject"].endswith("Vehicle temperature and heat alarm working")


def test_a_managers_amendment_adding_an_urgent_concern_tells_it_and_starts_its_clock(
    client,
    inbox,
    record,
    dog_unit,
    visitor,
    partner,
    visitor_headers,
    manager_headers,
    dog_sergeant,
):
    body = dog_visit(dog_unit, (visitor, partner), at("10:00:00"), status="submitted")
    visit = record(visitor_headers, body)
    cold = {"result": "concern", "note": "Kennel block heating off overnight"}

    response = client.patch(
        f"{VISITS}/{visit['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, visit["id"])},
        json={
            "checks": dog_checks(kennel_temperature=cold),
            "amendment_reason": "The visitors phoned in the kennel temperature.",
        },
    )

    assert response.status_code == 200, response.get_json()
    (issue,) = response.get_json()["issues"]
    assert issue["check_key"] == "kennel_temperature"
    stored = client.get(f"/api/v1/issues/{issue['id']}", headers=manager_headers).get_json()
    assert stored["raised_at"] is not None
    assert [m["kind"] for m in inbox(dog_sergeant)] == ["urgent_concern"]
