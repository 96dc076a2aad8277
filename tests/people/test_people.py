import json

import pytest

from icv.common.database import db
from icv.models import Person
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person

LOGIN = "/api/v1/auth/login"
PEOPLE = "/api/v1/people"


def new_visitor(**overrides) -> dict:
    return {
        "name": "Ada Lovelace",
        "email": "ada@northshire.example",
        "password": "a long enough password",
        "roles": ["visitor"],
        "status": "active",
        "joined_on": "2024-01-15",
        **overrides,
    }


def assert_nothing_written(before_people: int, before_audit: int) -> None:
    assert count_rows("person") == before_people
    assert count_rows("audit_event") == before_audit


# Creating ------------------------------------------------------------------------------------


def test_manager_creates_a_visitor(client, manager, login):
    response = client.post(PEOPLE, headers=login(manager), json=new_visitor(aws=True))

    assert response.status_code == 201
    body = response.get_json()
    assert body["roles"] == ["visitor"]
    assert body["aws"] is True
    assert body["status"] == "active"
    assert response.headers["Location"].endswith(f"/api/v1/people/{body['id']}")
    assert response.headers["ETag"]
    assert "password" not in body and "password_hash" not in body


def test_a_created_person_can_sign_in_with_their_password(client, manager, login):
    client.post(PEOPLE, headers=login(manager), json=new_visitor())

    response = client.post(
        "/api/v1/auth/login",
        json={"email": "ada@northshire.example", "password": "a long enough password"},
    )

    assert response.status_code == 200


def test_probation_ends_six_months_after_joining_by_default(client, manager, login):
    response = client.post(
        PEOPLE,
        headers=login(manager),
        json=new_visitor(status="probation", joined_on="2025-08-31"),
    )

    assert response.get_json()["probation_ends_on"] == "2026-02-28"


def test_inspector_is_created_with_their_sites(client, manager, suite, login):
    response = client.post(
        PEOPLE,
        headers=login(manager),
        json=new_visitor(roles=["inspector"], site_ids=[suite.id], email="insp@force.example"),
    )

    assert response.status_code == 201
    assert response.get_json()["site_ids"] == [suite.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": "   "}, "name"),
        ({"roles": []}, "roles"),
        ({"roles": ["overlord"]}, "roles.0"),
        ({"roles": ["admin"]}, "roles"),
        ({"status": "retired"}, "status"),
        ({"joined_on": "15/01/2024"}, "joined_on"),
        ({"password": "short"}, "password"),
        ({"aws": True, "roles": ["viewer"]}, "aws"),
        ({"roles": ["inspector"]}, "site_ids"),
        ({"status": "left"}, "leave_reason"),
        ({"status": "left", "leave_reason": "Moved"}, "left_on"),
        ({"birth_year": 2020}, "birth_year"),
        ({"buddy_id": 999999}, "buddy_id"),
        ({"id": 5}, "id"),
        ({"scheme_id": 2}, "scheme_id"),
        ({"version": 7}, "version"),
        ({"password_hash": "x"}, "password_hash"),
    ],
)
def test_bad_person_is_a_422_naming_the_field_and_writes_nothing(
    client, manager, login, overrides, field
):
    headers = login(manager)
    before = count_rows("person"), count_rows("audit_event")

    response = client.post(PEOPLE, headers=headers, json=new_visitor(**overrides))

    assert_problem(response, 422, field)
    assert_nothing_written(*before)


def test_every_bad_field_is_named_at_once(client, manager, login):
    response = client.post(PEOPLE, headers=login(manager), json={"email": "x", "roles": []})

    assert_problem(response, 422, "email", "roles", "name", "status", "joined_on")


def test_site_of_another_scheme_is_refused_for_an_inspector(client, manager, other_suite, login):
    response = client.post(
        PEOPLE,
        headers=login(manager),
        json=new_visitor(roles=["inspector"], site_ids=[other_suite.id]),
    )

    assert_problem(response, 422, "site_ids")


def test_buddy_must_be_an_active_visitor_of_the_scheme(client, manager, other_visitor, login):
    response = client.post(
        PEOPLE,
        headers=login(manager),
        json=new_visitor(status="probation", buddy_id=other_visitor.id),
    )

    assert_problem(response, 422, "buddy_id")


def test_probationer_gets_a_buddy(client, manager, visitor, login):
    response = client.post(
        PEOPLE, headers=login(manager), json=new_visitor(status="probation", buddy_id=visitor.id)
    )

    assert response.status_code == 201
    assert response.get_json()["buddy_id"] == visitor.id


def test_an_email_already_in_use_is_a_conflict(client, manager, visitor, login):
    before = count_rows("person"), count_rows("audit_event")

    response = client.post(
        PEOPLE, headers=login(manager), json=new_visitor(email=visitor.email.upper())
    )

    assert_problem(response, 409, "email")
    assert_nothing_written(*before)


def test_malformed_json_writes_nothing(client, manager, login):
    headers = {**login(manager), "Content-Type": "application/json"}
    before = count_rows("person"), count_rows("audit_event")

    response = client.post(PEOPLE, headers=headers, data='{"name": "Ada",')

    assert_problem(response, 400, "body")
    assert_nothing_written(*before)


@pytest.mark.parametrize("role_fixture", ["visitor", "inspector", "viewer"])
def test_only_managers_create_people(client, login, request, role_fixture):
    person = request.getfixturevalue(role_fixture)

    response = client.post(PEOPLE, headers=login(person), json=new_visitor())

    assert_problem(response, 403)


def test_creating_people_needs_a_token(client, ctx):
    assert_problem(client.post(PEOPLE, json=new_visitor()), 401)


# Reading -------------------------------------------------------------------------------------


def test_manager_lists_the_people_of_their_scheme_only(
    client, manager, visitor, other_visitor, login
):
    response = client.get(PEOPLE, headers=login(manager))

    assert response.status_code == 200
    ids = {person["id"] for person in response.get_json()}
    assert ids == {manager.id, visitor.id}
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_people_are_filtered_by_role(client, manager, visitor, viewer, login):
    response = client.get(PEOPLE, headers=login(manager), query_string={"role": "visitor"})

    assert [person["id"] for person in response.get_json()] == [visitor.id]


def test_people_are_paginated(client, manager, scheme, login):
    for number in range(5):
        make_person(scheme, "visitor", email=f"v{number}@northshire.example")

    response = client.get(PEOPLE, headers=login(manager), query_string={"page_size": 2, "page": 3})

    pagination = json.loads(response.headers["X-Pagination"])
    assert len(response.get_json()) == 2
    assert pagination["total"] == 6
    assert pagination["total_pages"] == 3
    assert pagination["page"] == 3
    assert pagination["page_size"] == 2


def test_unknown_query_parameters_are_ignored(client, manager, login):
    response = client.get(PEOPLE, headers=login(manager), query_string={"colour": "blue"})

    assert response.status_code == 200


def test_page_size_over_100_is_refused(client, manager, login):
    response = client.get(PEOPLE, headers=login(manager), query_string={"page_size": 101})

    assert_problem(response, 422, "page_size")


@pytest.mark.parametrize("role_fixture", ["visitor", "inspector", "viewer"])
def test_only_managers_list_people(client, login, request, role_fixture):
    person = request.getfixturevalue(role_fixture)

    assert_problem(client.get(PEOPLE, headers=login(person)), 403)


@pytest.mark.parametrize("role_fixture", ["visitor", "inspector", "viewer", "manager"])
def test_everyone_reads_their_own_record(client, login, request, role_fixture):
    person = request.getfixturevalue(role_fixture)

    response = client.get(f"{PEOPLE}/{person.id}", headers=login(person))

    assert response.status_code == 200
    assert response.get_json()["id"] == person.id


def test_a_visitor_cannot_read_another_persons_record(client, visitor, manager, login):
    assert_problem(client.get(f"{PEOPLE}/{manager.id}", headers=login(visitor)), 404)


def test_a_manager_reads_anyone_in_their_scheme(client, manager, visitor, login):
    response = client.get(f"{PEOPLE}/{visitor.id}", headers=login(manager))

    assert response.status_code == 200
    assert response.get_json()["email"] == visitor.email


def test_another_schemes_person_is_not_found(client, manager, other_visitor, login):
    response = client.get(f"{PEOPLE}/{other_visitor.id}", headers=login(manager))

    assert_problem(response, 404)
    assert response.get_json() == client.get(f"{PEOPLE}/999999", headers=login(manager)).get_json()


def test_a_cached_record_is_not_sent_again(client, manager, visitor, login):
    headers = login(manager)
    etag = client.get(f"{PEOPLE}/{visitor.id}", headers=headers).headers["ETag"]

    response = client.get(f"{PEOPLE}/{visitor.id}", headers={**headers, "If-None-Match": etag})

    assert response.status_code == 304


# Changing ------------------------------------------------------------------------------------


def test_manager_changes_a_persons_name(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=login(manager), json={"name": "Val Jones"}
    )

    assert response.status_code == 200
    assert response.get_json()["name"] == "Val Jones"
    assert response.get_json()["version"] == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "a new password nobody knows"}, "password"),
        ({"email": "someone.else@example.org"}, "email"),
        ({"status": "suspended", "status_note": "locked out"}, "status"),
        ({"roles": ["viewer"]}, "roles"),
    ],
    ids=["password", "email", "status", "manager-role"],
)
def test_a_manager_keeps_their_own_access_through_people(client, manager, login, change, field):
    headers = login(manager)

    response = client.patch(f"{PEOPLE}/{manager.id}", headers=headers, json=change)

    assert_problem(response, 422, field)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert (
        client.post(LOGIN, json={"email": manager.email, "password": PASSWORD}).status_code == 200
    )


def test_a_manager_corrects_their_own_name_through_people(client, manager, login):
    response = client.patch(
        f"{PEOPLE}/{manager.id}", headers=login(manager), json={"name": "Pat Manager"}
    )

    assert response.status_code == 200
    assert response.get_json()["name"] == "Pat Manager"


def test_a_password_the_manager_sets_signs_the_person_out_everywhere(
    client, manager, visitor, login
):
    visitor_headers = login(visitor)

    response = client.patch(
        f"{PEOPLE}/{visitor.id}",
        headers=login(manager),
        json={"password": "a new password to hand over"},
    )

    assert response.status_code == 200
    assert_problem(client.get("/api/v1/me", headers=visitor_headers), 401)
    new_sign_in = {"email": visitor.email, "password": "a new password to hand over"}
    assert client.post(LOGIN, json=new_sign_in).status_code == 200


@pytest.mark.parametrize(
    ("password", "says"),
    [("iloveyou123", "most common passwords"), ("ada@northshire.example!", "email address")],
    ids=["common", "own-email"],
)
def test_a_person_is_not_created_with_a_weak_password(client, manager, login, password, says):
    before_people, before_audit = count_rows("person"), count_rows("audit_event")

    response = client.post(PEOPLE, headers=login(manager), json=new_visitor(password=password))

    problem = assert_problem(response, 422, "password")
    assert says in json.dumps(problem)
    assert_nothing_written(before_people, before_audit)


def test_a_manager_sets_no_common_password_for_a_visitor(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=login(manager), json={"password": "password1234"}
    )

    assert_problem(response, 422, "password")
    old_sign_in = {"email": visitor.email, "password": PASSWORD}
    assert client.post(LOGIN, json=old_sign_in).status_code == 200


def test_a_stale_if_match_is_412_and_changes_nothing(client, manager, visitor, login):
    headers = login(manager)
    etag = client.get(f"{PEOPLE}/{visitor.id}", headers=headers).headers["ETag"]
    client.patch(f"{PEOPLE}/{visitor.id}", headers=headers, json={"name": "First edit"})

    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers={**headers, "If-Match": etag}, json={"name": "Second"}
    )

    assert_problem(response, 412)
    db.session.expire_all()
    assert db.session.get(Person, visitor.id).name == "First edit"


def test_the_current_if_match_is_accepted(client, manager, visitor, login):
    headers = login(manager)
    etag = client.get(f"{PEOPLE}/{visitor.id}", headers=headers).headers["ETag"]

    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers={**headers, "If-Match": etag}, json={"name": "New"}
    )

    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_changing_roles_bumps_the_version(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=login(manager), json={"roles": ["visitor", "viewer"]}
    )

    assert response.get_json()["roles"] == ["viewer", "visitor"]
    assert response.get_json()["version"] == 2


def test_an_illegal_status_move_is_a_conflict(client, manager, scheme, login):
    applicant = make_person(scheme, "visitor", email="app@northshire.example", status="applicant")

    response = client.patch(
        f"{PEOPLE}/{applicant.id}", headers=login(manager), json={"status": "active"}
    )

    assert_problem(response, 409, "status")


def test_leaving_needs_a_date_and_a_reason(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=login(manager), json={"status": "left"}
    )

    assert_problem(response, 422, "left_on", "leave_reason")


def test_leaving_is_recorded_with_its_reason(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}",
        headers=login(manager),
        json={"status": "left", "left_on": "2026-03-31", "leave_reason": "Moved away"},
    )

    assert response.status_code == 200
    assert response.get_json()["leave_reason"] == "Moved away"


def test_moving_into_probation_sets_its_end(client, manager, scheme, login):
    person = make_person(scheme, "visitor", email="vet@northshire.example", status="vetting")

    response = client.patch(
        f"{PEOPLE}/{person.id}", headers=login(manager), json={"status": "probation"}
    )

    assert response.status_code == 200
    assert response.get_json()["probation_ends_on"] is not None


def test_patch_with_an_unknown_field_is_422_and_writes_nothing(client, manager, visitor, login):
    headers = login(manager)
    before = count_rows("audit_event")

    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=headers, json={"name": "X", "scheme_id": 99}
    )

    assert_problem(response, 422, "scheme_id")
    assert count_rows("audit_event") == before
    db.session.expire_all()
    assert db.session.get(Person, visitor.id).name != "X"


def test_a_person_cannot_be_their_own_buddy(client, manager, visitor, login):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}", headers=login(manager), json={"buddy_id": visitor.id}
    )

    assert_problem(response, 422, "buddy_id")


def test_patching_another_schemes_person_is_not_found(client, manager, other_visitor, login):
    response = client.patch(
        f"{PEOPLE}/{other_visitor.id}", headers=login(manager), json={"name": "Hijacked"}
    )

    assert_problem(response, 404)


@pytest.mark.parametrize("role_fixture", ["visitor", "inspector", "viewer"])
def test_only_managers_change_people(client, login, request, role_fixture):
    person = request.getfixturevalue(role_fixture)

    response = client.patch(f"{PEOPLE}/{person.id}", headers=login(person), json={"name": "Me"})

    assert_problem(response, 403)


def test_changes_are_audited_with_old_and_new_values(client, manager, visitor, login):
    headers = login(manager)
    client.patch(f"{PEOPLE}/{visitor.id}", headers=headers, json={"name": "Val Jones"})

    events = client.get(
        "/api/v1/audit",
        headers=headers,
        query_string={"entity": "person", "entity_id": visitor.id},
    ).get_json()

    update = next(event for event in events if event["action"] == "update")
    assert update["changes"]["name"][1] == "Val Jones"
    assert update["actor_id"] == manager.id
