"""Training, meetings and other volunteering: recorded by the manager, counted in hours."""

import json
from datetime import date, timedelta

import pytest

from icv.common.dates import local_today
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person, make_volunteer, move

ACTIVITIES = "/api/v1/activities"
MEETINGS = "/api/v1/meetings"


@pytest.fixture
def volunteer(scheme):
    return make_volunteer(scheme, "Val Unteer", date(2018, 5, 1))


def training(person, **fields) -> dict:
    return {
        "person_id": person.id,
        "kind": "training",
        "date": "2025-05-01",
        "hours": 2.5,
        **fields,
    }


def rows_written() -> tuple[int, int, int]:
    return count_rows("activity"), count_rows("meeting"), count_rows("audit_event")


# Activities ------------------------------------------------------------------------------------


def test_manager_records_an_activity(client, manager, volunteer, login):
    response = client.post(ACTIVITIES, headers=login(manager), json=training(volunteer))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["person_id"], body["kind"], body["date"], body["hours"]) == (
        volunteer.id,
        "training",
        "2025-05-01",
        2.5,
    )
    assert body["recorded_by_id"] == manager.id
    assert response.headers["Location"].endswith(f"{ACTIVITIES}/{body['id']}")


def test_an_activity_is_audited(client, manager, volunteer, login):
    headers = login(manager)
    activity_id = client.post(ACTIVITIES, headers=headers, json=training(volunteer)).get_json()[
        "id"
    ]

    events = client.get(
        "/api/v1/audit",
        headers=headers,
        query_string={"entity": "activity", "entity_id": activity_id},
    ).get_json()

    assert events[0]["action"] == "create"
    assert events[0]["changes"]["hours"] == "2.5"


@pytest.mark.parametrize("hours", [24, 0.25, "1.75"])
def test_hours_up_to_a_whole_day_are_accepted(client, manager, volunteer, login, hours):
    response = client.post(
        ACTIVITIES, headers=login(manager), json=training(volunteer, hours=hours)
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": 0}, "hours"),
        ({"hours": -1}, "hours"),
        ({"hours": 24.01}, "hours"),
        ({"hours": 1.234}, "hours"),
        ({"hours": "a lot"}, "hours"),
        ({"hours": None}, "hours"),
        ({"kind": "party"}, "kind"),
        ({"date": "01/05/2025"}, "date"),
        ({"person_id": "5"}, "person_id"),
        ({"person_id": 999999}, "person_id"),
        ({"notes": "   "}, "notes"),
        ({"meeting_id": 1}, "meeting_id"),
        ({"scheme_id": 2}, "scheme_id"),
    ],
)
def test_a_bad_activity_is_422_naming_the_field_and_writes_nothing(
    client, manager, volunteer, login, overrides, field
):
    headers = login(manager)
    before = rows_written()

    response = client.post(ACTIVITIES, headers=headers, json=training(volunteer, **overrides))

    assert_problem(response, 422, field)
    assert rows_written() == before


@pytest.mark.parametrize("missing", ["person_id", "kind", "date", "hours"])
def test_each_required_field_is_named_when_missing(client, manager, volunteer, login, missing):
    body = training(volunteer)
    del body[missing]

    assert_problem(client.post(ACTIVITIES, headers=login(manager), json=body), 422, missing)


def test_an_activity_in_the_future_is_refused(client, scheme, manager, volunteer, login):
    tomorrow = local_today(scheme.timezone) + timedelta(days=1)

    response = client.post(
        ACTIVITIES, headers=login(manager), json=training(volunteer, date=tomorrow.isoformat())
    )

    assert_problem(response, 422, "date")


def test_only_volunteers_time_is_recorded(client, manager, viewer, login):
    response = client.post(ACTIVITIES, headers=login(manager), json=training(viewer))

    assert_problem(response, 422, "person_id")


def test_no_activity_after_a_volunteer_left(client, manager, volunteer, login):
    move(volunteer, "left", date(2025, 4, 30), leave_reason="Moved away")

    response = client.post(ACTIVITIES, headers=login(manager), json=training(volunteer))

    assert_problem(response, 422, "person_id")


def test_an_activity_up_to_the_day_of_leaving_is_accepted(client, manager, volunteer, login):
    move(volunteer, "left", date(2025, 5, 1), leave_reason="Moved away")

    response = client.post(ACTIVITIES, headers=login(manager), json=training(volunteer))

    assert response.status_code == 201


def test_no_activity_before_someone_came_to_the_scheme(client, manager, volunteer, login):
    response = client.post(
        ACTIVITIES, headers=login(manager), json=training(volunteer, date="2018-04-30")
    )

    assert_problem(response, 422, "person_id")


def test_induction_training_before_probation_is_accepted(client, scheme, manager, login):
    recruit = make_volunteer(scheme, "Rae Cruit", date(2025, 1, 6), status="applicant")
    move(recruit, "vetting", date(2025, 2, 3))
    move(recruit, "probation", date(2025, 6, 2))

    response = client.post(
        ACTIVITIES, headers=login(manager), json=training(recruit, date="2025-05-20")
    )

    assert response.status_code == 201


def test_activities_are_listed_latest_first_and_filtered(client, manager, volunteer, login):
    headers = login(manager)
    for day, kind in (("2024-03-31", "training"), ("2024-04-01", "other"), ("2025-01-10", "other")):
        client.post(ACTIVITIES, headers=headers, json=training(volunteer, date=day, kind=kind))

    every = client.get(ACTIVITIES, headers=headers)
    in_2024 = client.get(ACTIVITIES, headers=headers, query_string={"year": 2024, "kind": "other"})

    assert [item["date"] for item in every.get_json()] == ["2025-01-10", "2024-04-01", "2024-03-31"]
    assert json.loads(every.headers["X-Pagination"])["total"] == 3
    assert [item["date"] for item in in_2024.get_json()] == ["2025-01-10", "2024-04-01"]


def test_activities_are_filtered_by_person(client, scheme, manager, volunteer, login):
    other = make_volunteer(scheme, "Oth Er", date(2018, 5, 1))
    headers = login(manager)
    client.post(ACTIVITIES, headers=headers, json=training(volunteer))
    client.post(ACTIVITIES, headers=headers, json=training(other))

    response = client.get(ACTIVITIES, headers=headers, query_string={"person_id": other.id})

    assert [item["person_id"] for item in response.get_json()] == [other.id]


def test_an_activity_is_taken_back(client, manager, volunteer, login):
    headers = login(manager)
    activity_id = client.post(ACTIVITIES, headers=headers, json=training(volunteer)).get_json()[
        "id"
    ]

    response = client.delete(f"{ACTIVITIES}/{activity_id}", headers=headers)

    assert response.status_code == 204
    assert count_rows("activity") == 0
    assert client.get(f"{ACTIVITIES}/{activity_id}", headers=headers).status_code == 404


# Meetings --------------------------------------------------------------------------------------


def meeting_body(*attendees, **fields) -> dict:
    return {
        "date": "2025-07-03",
        "hours": 2,
        "attendee_ids": [person.id for person in attendees],
        "notes": "Quarterly team meeting with the custody inspector",
        **fields,
    }


def test_a_team_meeting_is_recorded_once_with_its_attendees(
    client, scheme, manager, volunteer, login
):
    other = make_volunteer(scheme, "Oth Er", date(2018, 5, 1))
    headers = login(manager)

    response = client.post(MEETINGS, headers=headers, json=meeting_body(other, volunteer))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["attendee_ids"] == sorted([volunteer.id, other.id])
    assert (body["date"], body["hours"]) == ("2025-07-03", 2.0)
    assert response.headers["Location"].endswith(f"{MEETINGS}/{body['id']}")
    attendances = client.get(ACTIVITIES, headers=headers, query_string={"kind": "meeting"})
    assert sorted(item["person_id"] for item in attendances.get_json()) == body["attendee_ids"]
    assert {item["meeting_id"] for item in attendances.get_json()} == {body["id"]}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attendee_ids": []}, "attendee_ids"),
        ({"attendee_ids": [999999]}, "attendee_ids"),
        ({"hours": 25}, "hours"),
        ({"date": None}, "date"),
        ({"notes": " "}, "notes"),
        ({"minutes_taker": "Val"}, "minutes_taker"),
    ],
)
def test_a_bad_meeting_is_422_naming_the_field_and_writes_nothing(
    client, manager, volunteer, login, overrides, field
):
    headers = login(manager)
    before = rows_written()

    response = client.post(MEETINGS, headers=headers, json=meeting_body(volunteer, **overrides))

    assert_problem(response, 422, field)
    assert rows_written() == before


def test_an_attendee_listed_twice_is_refused(client, manager, volunteer, login):
    body = meeting_body(volunteer)
    body["attendee_ids"] *= 2

    assert_problem(client.post(MEETINGS, headers=login(manager), json=body), 422, "attendee_ids")


def test_staff_attendees_are_refused_by_name(client, manager, volunteer, login):
    response = client.post(MEETINGS, headers=login(manager), json=meeting_body(volunteer, manager))

    body = assert_problem(response, 422, "attendee_ids")
    assert manager.name in body["errors"]["attendee_ids"][0]


def test_meetings_are_listed_by_year(client, manager, volunteer, login):
    headers = login(manager)
    client.post(MEETINGS, headers=headers, json=meeting_body(volunteer, date="2024-03-28"))
    client.post(MEETINGS, headers=headers, json=meeting_body(volunteer, date="2024-06-27"))

    response = client.get(MEETINGS, headers=headers, query_string={"year": 2024})

    assert [item["date"] for item in response.get_json()] == ["2024-06-27"]


def test_a_meeting_is_taken_back_with_its_attendances(client, manager, volunteer, login):
    headers = login(manager)
    meeting_id = client.post(MEETINGS, headers=headers, json=meeting_body(volunteer)).get_json()[
        "id"
    ]

    response = client.delete(f"{MEETINGS}/{meeting_id}", headers=headers)

    assert response.status_code == 204
    assert (count_rows("meeting"), count_rows("activity")) == (0, 0)


def test_one_attendance_is_taken_back_from_a_meeting(client, scheme, manager, volunteer, login):
    other = make_volunteer(scheme, "Oth Er", date(2018, 5, 1))
    headers = login(manager)
    meeting = client.post(MEETINGS, headers=headers, json=meeting_body(volunteer, other)).get_json()
    wrong = client.get(ACTIVITIES, headers=headers, query_string={"person_id": other.id})

    client.delete(f"{ACTIVITIES}/{wrong.get_json()[0]['id']}", headers=headers)

    assert client.get(f"{MEETINGS}/{meeting['id']}", headers=headers).get_json()[
        "attendee_ids"
    ] == [volunteer.id]


def test_a_meeting_counts_in_each_attendees_hours(client, scheme, manager, volunteer, login):
    other = make_person(scheme, "visitor", email="o@northshire.example", joined_on=date(2018, 5, 1))
    headers = login(manager)
    client.post(MEETINGS, headers=headers, json=meeting_body(volunteer, other, date="2023-07-03"))

    body = client.get("/api/v1/volunteers/hours", headers=headers, query_string={"year": 2023})

    assert body.get_json()["activity_hours"] == 4.0
    assert [row["activity_hours"] for row in body.get_json()["people"]] == [2.0, 2.0]
