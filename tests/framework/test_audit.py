"""The audit trail: who changed what in the manager's own scheme, newest first."""

import json

import pytest

from tests.support.problems import assert_problem

AUDIT = "/api/v1/audit"
SITES = "/api/v1/sites"


def create_site(client, headers, **fields) -> dict:
    body = {"name": "Riverside Suite", "kind": "custody_suite", "cells": 24, **fields}
    response = client.post(SITES, json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def site_events(client, headers, site_id=None) -> list[dict]:
    query = {"entity": "site"}
    if site_id is not None:
        query["entity_id"] = str(site_id)
    response = client.get(AUDIT, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_manager_sees_the_event_of_a_site_they_created(client, login, manager):
    headers = login(manager)
    site = create_site(client, headers)

    events = site_events(client, headers, site["id"])

    assert len(events) == 1
    event = events[0]
    assert event["entity"] == "site"
    assert event["entity_id"] == str(site["id"])
    assert event["action"] == "create"
    assert event["actor_id"] == manager.id
    assert event["at"]


def test_site_creation_event_records_what_was_created(client, login, manager):
    headers = login(manager)
    site = create_site(client, headers, status_on="2023-04-01")

    [event] = site_events(client, headers, site["id"])

    assert event["changes"] == {
        "name": "Riverside Suite",
        "kind": "custody_suite",
        "cells": 24,
        "status": "open",
        "status_on": "2023-04-01",
    }


def test_audit_filters_by_entity(client, login, manager):
    headers = login(manager)
    create_site(client, headers)

    response = client.get(AUDIT, query_string={"entity": "person"}, headers=headers)

    assert response.status_code == 200
    events = response.get_json()
    assert events, "the fixture's manager was created with an audit event"
    assert {event["entity"] for event in events} == {"person"}


def test_audit_filters_by_entity_id(client, login, manager):
    headers = login(manager)
    first = create_site(client, headers, name="First Suite")
    create_site(client, headers, name="Second Suite")

    events = site_events(client, headers, first["id"])

    assert [event["entity_id"] for event in events] == [str(first["id"])]
    assert events[0]["changes"]["name"] == "First Suite"


def test_audit_lists_events_newest_first(client, login, manager):
    headers = login(manager)
    site = create_site(client, headers)
    client.patch(f"{SITES}/{site['id']}", json={"cells": 30}, headers=headers)

    events = site_events(client, headers, site["id"])

    assert [event["action"] for event in events] == ["update", "create"]


def test_audit_list_carries_its_totals_in_the_pagination_header(client, login, manager):
    headers = login(manager)
    create_site(client, headers, name="First Suite")
    create_site(client, headers, name="Second Suite")

    response = client.get(AUDIT, query_string={"entity": "site", "page_size": 1}, headers=headers)

    assert len(response.get_json()) == 1
    pagination = json.loads(response.headers["X-Pagination"])
    assert (pagination["total"], pagination["page"], pagination["page_size"]) == (2, 1, 1)


def test_audit_ignores_unknown_query_parameters(client, login, manager):
    headers = login(manager)
    create_site(client, headers)

    response = client.get(AUDIT, query_string={"entity": "site", "colour": "blue"}, headers=headers)

    assert response.status_code == 200
    assert len(response.get_json()) == 1


def test_audit_refuses_an_overlong_entity_id(client, login, manager):
    response = client.get(AUDIT, query_string={"entity_id": "9" * 65}, headers=login(manager))

    assert_problem(response, 422, "entity_id")


def test_events_of_another_scheme_are_not_visible(client, login, manager, other_manager):
    site = create_site(client, login(manager))

    response = client.get(AUDIT, headers=login(other_manager))

    assert response.status_code == 200
    events = response.get_json()
    assert all(event["actor_id"] != manager.id for event in events)
    assert not [e for e in events if e["entity"] == "site" and e["entity_id"] == str(site["id"])]
    assert not [e for e in events if e["entity"] == "person" and e["entity_id"] == str(manager.id)]


def test_filtering_by_another_schemes_entity_id_finds_nothing(
    client, login, manager, other_manager
):
    site = create_site(client, login(manager))

    events = site_events(client, login(other_manager), site["id"])

    assert events == []


def test_other_schemes_site_changes_do_not_appear_in_this_schemes_trail(
    client, login, manager, other_manager
):
    create_site(client, login(other_manager), name="Southern Suite")

    assert site_events(client, login(manager)) == []


@pytest.mark.parametrize("role", ["visitor", "inspector", "viewer"])
def test_only_managers_read_the_audit_trail(request, client, login, role):
    person = request.getfixturevalue(role)

    response = client.get(AUDIT, headers=login(person))

    assert_problem(response, 403)


def test_audit_trail_without_a_token_is_unauthorised(client):
    assert_problem(client.get(AUDIT), 401)


def test_site_update_records_the_changed_fields_as_old_and_new(client, login, manager, suite):
    headers = login(manager)

    response = client.patch(
        f"{SITES}/{suite.id}", json={"name": "Central Custody", "cells": 40}, headers=headers
    )
    assert response.status_code == 200, response.get_json()

    [update] = [e for e in site_events(client, headers, suite.id) if e["action"] == "update"]
    assert update["actor_id"] == manager.id
    assert update["changes"] == {"name": ["Central Suite", "Central Custody"], "cells": [36, 40]}


def test_site_update_leaves_unchanged_fields_out_of_the_event(client, login, manager, suite):
    headers = login(manager)

    client.patch(
        f"{SITES}/{suite.id}", json={"name": "Central Suite", "cells": 40}, headers=headers
    )

    [update] = [e for e in site_events(client, headers, suite.id) if e["action"] == "update"]
    assert update["changes"] == {"cells": [36, 40]}


def test_status_change_records_old_and_new_status_with_its_date(client, login, manager, suite):
    headers = login(manager)

    client.patch(
        f"{SITES}/{suite.id}",
        json={"status": "closed", "status_on": "2023-09-04"},
        headers=headers,
    )

    [update] = [e for e in site_events(client, headers, suite.id) if e["action"] == "update"]
    assert update["changes"] == {"status": ["open", "closed"], "status_on": "2023-09-04"}


def test_change_that_changes_nothing_records_no_event(client, login, manager, suite):
    headers = login(manager)

    response = client.patch(
        f"{SITES}/{suite.id}", json={"name": "Central Suite", "status": "open"}, headers=headers
    )

    assert response.status_code == 200
    assert [e["action"] for e in site_events(client, headers, suite.id)] == ["create"]


def test_refused_change_records_no_event(client, login, manager, suite, second_suite):
    headers = login(manager)

    response = client.patch(
        f"{SITES}/{second_suite.id}", json={"name": "Central Suite"}, headers=headers
    )

    assert response.status_code == 409
    assert [e["action"] for e in site_events(client, headers, second_suite.id)] == ["create"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", [AUDIT, f"{AUDIT}/1", f"{AUDIT}?entity=site"])
def test_no_one_changes_or_deletes_the_trail_through_the_api(client, login, manager, method, path):
    headers = login(manager)
    create_site(client, headers)
    before = client.get(AUDIT, headers=headers).get_json()

    response = client.open(path, method=method, json={"action": "none"}, headers=headers)

    assert response.status_code in (404, 405)
    assert response.mimetype == "application/problem+json"
    assert client.get(AUDIT, headers=headers).get_json() == before
