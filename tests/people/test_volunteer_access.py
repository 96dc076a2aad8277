"""Who may call each volunteer endpoint. Another scheme's records are a 404 (or not listed)."""

from datetime import date

import pytest

from tests.support.problems import assert_problem
from tests.support.records import make_volunteer, move

ROLES = ("manager", "visitor", "inspector", "viewer")


@pytest.fixture
def records(client, scheme, manager, login):
    """A volunteer (the `visitor`), a leaver, an activity and a meeting of the scheme."""
    volunteer = make_volunteer(scheme, "Val Unteer", date(2017, 5, 1))
    leaver = make_volunteer(scheme, "Lee Ver", date(2012, 5, 1))
    move(leaver, "left", date(2023, 9, 1), leave_reason="Moved away")
    headers = login(manager)
    activity = client.post(
        "/api/v1/activities",
        headers=headers,
        json={"person_id": volunteer.id, "kind": "training", "date": "2023-06-01", "hours": 3},
    ).get_json()
    meeting = client.post(
        "/api/v1/meetings",
        headers=headers,
        json={"date": "2023-07-03", "hours": 2, "attendee_ids": [volunteer.id]},
    ).get_json()
    return {"volunteer": volunteer, "activity": activity["id"], "meeting": meeting["id"]}


def endpoints(records) -> list[tuple[str, str, dict | None, dict[str, int]]]:
    """(method, path, body, {role: status}); a role not named gets 403. In this order a
    manager's deletes come after the reads of what they delete."""
    volunteer, activity, meeting = records["volunteer"], records["activity"], records["meeting"]
    new_activity = {"person_id": volunteer.id, "kind": "other", "date": "2023-06-02", "hours": 1}
    new_meeting = {"date": "2023-10-02", "hours": 2, "attendee_ids": [volunteer.id]}
    return [
        ("GET", "/api/v1/people/milestones?year=2023", None, {"manager": 200}),
        ("GET", f"/api/v1/people/{volunteer.id}/status-history", None, {"manager": 200}),
        ("POST", f"/api/v1/people/{volunteer.id}/renew-term", {}, {"manager": 200}),
        ("GET", "/api/v1/people?term_expiring_within=90", None, {"manager": 200}),
        ("GET", "/api/v1/volunteers/hours?year=2023", None, {"manager": 200, "viewer": 200}),
        ("GET", "/api/v1/volunteers/cohort?year=2023", None, {"manager": 200, "viewer": 200}),
        ("POST", "/api/v1/activities", new_activity, {"manager": 201}),
        ("GET", "/api/v1/activities", None, {"manager": 200, "visitor": 200}),
        # the activity is the volunteer's, not the signed-in visitor's: not theirs to see
        ("GET", f"/api/v1/activities/{activity}", None, {"manager": 200, "visitor": 404}),
        ("DELETE", f"/api/v1/activities/{activity}", None, {"manager": 204}),
        ("POST", "/api/v1/meetings", new_meeting, {"manager": 201}),
        ("GET", "/api/v1/meetings", None, {"manager": 200}),
        ("GET", f"/api/v1/meetings/{meeting}", None, {"manager": 200}),
        ("DELETE", f"/api/v1/meetings/{meeting}", None, {"manager": 204}),
        ("PATCH", "/api/v1/me", {"name": "Me Myself"}, dict.fromkeys(ROLES, 200)),
    ]


def call(client, method: str, path: str, body, headers=None):
    return client.open(path, method=method, json=body, headers=headers or {})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_only_what_it_is_allowed(client, login, request, records, role):
    headers = login(request.getfixturevalue(role))

    answers = [
        (method, path, call(client, method, path, body, headers).status_code)
        for method, path, body, _ in endpoints(records)
    ]

    expected = [
        (method, path, statuses.get(role, 403)) for method, path, _, statuses in endpoints(records)
    ]
    assert answers == expected


def test_every_endpoint_needs_a_token(client, records):
    for method, path, body, _ in endpoints(records):
        assert call(client, method, path, body).status_code == 401, (method, path)


def test_another_schemes_manager_cannot_reach_these_records(client, other_manager, login, records):
    headers = login(other_manager)
    volunteer = records["volunteer"]

    for path in (
        f"/api/v1/people/{volunteer.id}/status-history",
        f"/api/v1/activities/{records['activity']}",
        f"/api/v1/meetings/{records['meeting']}",
    ):
        assert_problem(client.get(path, headers=headers), 404)
    for path in (
        f"/api/v1/activities/{records['activity']}",
        f"/api/v1/meetings/{records['meeting']}",
    ):
        assert_problem(client.delete(path, headers=headers), 404)
    assert_problem(
        client.post(f"/api/v1/people/{volunteer.id}/renew-term", headers=headers, json={}), 404
    )


def test_another_schemes_manager_cannot_record_for_these_volunteers(
    client, other_manager, login, records
):
    headers = login(other_manager)
    volunteer = records["volunteer"]

    activity = client.post(
        "/api/v1/activities",
        headers=headers,
        json={"person_id": volunteer.id, "kind": "other", "date": "2023-06-02", "hours": 1},
    )
    meeting = client.post(
        "/api/v1/meetings",
        headers=headers,
        json={"date": "2023-10-02", "hours": 2, "attendee_ids": [volunteer.id]},
    )

    assert_problem(activity, 422, "person_id")
    assert_problem(meeting, 422, "attendee_ids")


def test_another_schemes_manager_sees_only_their_own_figures(client, other_manager, login, records):
    headers = login(other_manager)
    query = {"year": 2023}

    cohort = client.get("/api/v1/volunteers/cohort", headers=headers, query_string=query)
    hours = client.get("/api/v1/volunteers/hours", headers=headers, query_string=query)
    milestones = client.get("/api/v1/people/milestones", headers=headers, query_string=query)
    lists = [
        client.get(path, headers=headers) for path in ("/api/v1/activities", "/api/v1/meetings")
    ]

    assert (cohort.get_json()["at_start"], cohort.get_json()["leavers"]) == (0, [])
    assert (hours.get_json()["volunteer_hours"], hours.get_json()["people"]) == (0.0, [])
    assert milestones.get_json() == []
    assert [response.get_json() for response in lists] == [[], []]


def test_a_visitor_reads_only_their_own_activities(client, scheme, visitor, login, records):
    other_activity = records["activity"]
    headers = login(visitor)

    listed = client.get("/api/v1/activities", headers=headers)
    asked_for_another = client.get(
        "/api/v1/activities", headers=headers, query_string={"person_id": records["volunteer"].id}
    )

    assert listed.get_json() == []
    assert asked_for_another.get_json() == []
    assert_problem(client.get(f"/api/v1/activities/{other_activity}", headers=headers), 404)


def test_a_visitor_reads_their_own_activity(client, manager, visitor, login):
    activity = client.post(
        "/api/v1/activities",
        headers=login(manager),
        json={"person_id": visitor.id, "kind": "training", "date": "2023-06-01", "hours": 3},
    ).get_json()

    response = client.get(f"/api/v1/activities/{activity['id']}", headers=login(visitor))

    assert response.status_code == 200
    assert [
        item["id"] for item in client.get("/api/v1/activities", headers=login(visitor)).get_json()
    ] == [activity["id"]]


def test_the_manager_sees_leavers_by_name_and_a_viewer_counts_only(
    client, manager, viewer, login, records
):
    query = {"year": 2023}

    for_manager = client.get(
        "/api/v1/volunteers/cohort", headers=login(manager), query_string=query
    )
    for_viewer = client.get("/api/v1/volunteers/cohort", headers=login(viewer), query_string=query)

    assert for_manager.get_json()["leavers"] == [
        {"name": "Lee Ver", "left_on": "2023-09-01", "reason": "Moved away"}
    ]
    assert for_viewer.get_json()["left"] == 1
    assert "leavers" not in for_viewer.get_json()
    assert "Lee Ver" not in for_viewer.get_data(as_text=True)


def test_the_manager_lists_milestones_of_a_year(client, scheme, manager, login, records):
    response = client.get(
        "/api/v1/people/milestones", headers=login(manager), query_string={"year": 2023}
    )

    # Val (2017) reaches 6 years on 1 May 2023; Lee (2012) reached 11 before leaving.
    assert [(item["name"], item["years"], item["reached_on"]) for item in response.get_json()] == [
        ("Val Unteer", 6, "2023-05-01")
    ]
