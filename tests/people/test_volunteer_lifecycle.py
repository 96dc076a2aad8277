"""A volunteer's path through the API: every move legal and illegal, with its dates and rules.

Moves are `PATCH /people/{id} {status, status_on?, status_note?, ...}`; each is kept in the
status history (`GET /people/{id}/status-history`).
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from icv.common.dates import add_months, local_today
from icv.models import PERSON_STATUSES
from icv.people.lifecycle import TRANSITIONS
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person, make_volunteer, move

PEOPLE = "/api/v1/people"
LEGAL_MOVES = sorted((old, new) for old, targets in TRANSITIONS.items() for new in targets)
# Resuming from a suspension goes back to what the person was: a person first recorded as
# suspended was an active volunteer, so for them suspended -> probation is refused.
ILLEGAL_MOVES = sorted(
    (old, new)
    for old in PERSON_STATUSES
    for new in PERSON_STATUSES
    if old != new and (new not in TRANSITIONS[old] or (old, new) == ("suspended", "probation"))
)
RESUMABLE_FROM_A_FIRST_RECORD = [move for move in LEGAL_MOVES if move != ("suspended", "probation")]


def person_url(person, *parts: str) -> str:
    return "/".join((PEOPLE, str(person.id), *parts))


def recorded_as(scheme, status: str):
    """A volunteer first recorded with `status` (a leaver with their leaving)."""
    extra = {"left_on": date(2021, 5, 1), "leave_reason": "Moved away"} if status == "left" else {}
    return make_volunteer(scheme, f"Vol {status}", date(2020, 1, 6), status=status, **extra)


def move_body(status: str, **fields) -> dict:
    if status == "left":
        fields = {"left_on": "2025-06-30", "leave_reason": "Took up paid work", **fields}
    return {"status": status, **fields}


def history(client, headers, person) -> list[dict]:
    response = client.get(person_url(person, "status-history"), headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def rows_written() -> tuple[int, int]:
    return count_rows("person_status_change"), count_rows("audit_event")


# Every move ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), RESUMABLE_FROM_A_FIRST_RECORD)
def test_a_legal_move_changes_the_status_and_is_kept_in_the_history(
    client, scheme, manager, login, old, new
):
    person = recorded_as(scheme, old)
    headers = login(manager)

    response = client.patch(person_url(person), headers=headers, json=move_body(new))

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == new
    latest = history(client, headers, person)[-1]
    assert (latest["from_status"], latest["to_status"]) == (old, new)
    assert latest["recorded_by_id"] == manager.id


@pytest.mark.parametrize(("old", "new"), ILLEGAL_MOVES)
def test_an_illegal_move_is_a_409_naming_status_and_writes_nothing(
    client, scheme, manager, login, old, new
):
    person = recorded_as(scheme, old)
    headers = login(manager)
    before = rows_written()

    response = client.patch(person_url(person), headers=headers, json=move_body(new))

    assert_problem(response, 409, "status")
    assert rows_written() == before
    assert client.get(person_url(person), headers=headers).get_json()["status"] == old


def test_a_suspended_probationer_resumes_probation(client, scheme, manager, login):
    person = make_volunteer(scheme, "Pat Probation", date(2026, 1, 5), status="probation")
    move(person, "suspended", date(2026, 2, 1))

    response = client.patch(
        person_url(person), headers=login(manager), json={"status": "probation"}
    )

    assert response.status_code == 200
    assert response.get_json()["probation_ends_on"] == "2026-07-05"


def test_a_suspended_probationer_cannot_skip_to_active(client, scheme, manager, login):
    person = make_volunteer(scheme, "Pat Probation", date(2026, 1, 5), status="probation")
    move(person, "suspended", date(2026, 2, 1))

    response = client.patch(person_url(person), headers=login(manager), json={"status": "active"})

    body = assert_problem(response, 409, "status")
    assert "probation" in body["errors"]["status"][0]


def test_resuming_from_suspension_keeps_the_term(client, scheme, manager, login):
    person = make_volunteer(scheme, "Sam Active", date(2024, 3, 1))
    move(person, "suspended", date(2025, 1, 6))

    response = client.patch(person_url(person), headers=login(manager), json={"status": "active"})

    assert response.get_json()["term_ends_on"] == "2027-03-01"
    assert response.get_json()["appointed_on"] == "2024-03-01"


# Dates of a move -------------------------------------------------------------------------------


def test_a_move_is_dated_today_by_default(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")
    headers = login(manager)

    client.patch(person_url(person), headers=headers, json={"status": "vetting"})

    today = local_today(scheme.timezone).isoformat()
    assert history(client, headers, person)[-1]["effective_on"] == today


def test_a_move_keeps_its_date_note_and_time_recorded(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")
    headers = login(manager)

    client.patch(
        person_url(person),
        headers=headers,
        json={"status": "vetting", "status_on": "2025-02-03", "status_note": "Interviewed"},
    )

    latest = history(client, headers, person)[-1]
    assert latest["effective_on"] == "2025-02-03"
    assert latest["note"] == "Interviewed"
    recorded_at = datetime.fromisoformat(latest["recorded_at"])
    assert abs(datetime.now(UTC) - recorded_at) < timedelta(minutes=1)


def test_the_first_record_starts_the_history(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")

    rows = history(client, login(manager), person)

    assert [(row["from_status"], row["to_status"], row["effective_on"]) for row in rows] == [
        (None, "applicant", "2020-01-06")
    ]


def test_a_move_dated_in_the_future_is_refused(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")
    tomorrow = local_today(scheme.timezone) + timedelta(days=1)
    before = rows_written()

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "vetting", "status_on": tomorrow.isoformat()},
    )

    assert_problem(response, 422, "status_on")
    assert rows_written() == before


def test_a_move_dated_before_the_last_move_is_refused(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")
    move(person, "vetting", date(2025, 3, 1))

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "probation", "status_on": "2025-02-28"},
    )

    body = assert_problem(response, 422, "status_on")
    assert "2025-03-01" in body["errors"]["status_on"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status_on": "2025-01-01"}, "status_on"), ({"status_note": "Why not"}, "status_note")],
)
def test_a_date_or_note_without_a_new_status_is_refused(
    client, scheme, manager, login, body, field
):
    person = recorded_as(scheme, "active")

    response = client.patch(person_url(person), headers=login(manager), json=body)

    assert_problem(response, 422, field)


# Probation and buddy ---------------------------------------------------------------------------


def test_probation_starts_service_and_ends_six_months_later(client, scheme, manager, login):
    person = recorded_as(scheme, "vetting")

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "probation", "status_on": "2025-08-31"},
    )

    body = response.get_json()
    assert body["joined_on"] == "2025-08-31"
    assert body["probation_ends_on"] == "2026-02-28"


def test_a_probation_end_given_with_the_move_is_kept(client, scheme, manager, login):
    person = recorded_as(scheme, "vetting")

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "probation", "status_on": "2025-09-01", "probation_ends_on": "2026-06-01"},
    )

    assert response.get_json()["probation_ends_on"] == "2026-06-01"


def test_a_probationer_gets_an_experienced_active_buddy(client, scheme, manager, login):
    buddy = make_volunteer(scheme, "Bea Buddy", date(2019, 4, 1))
    person = recorded_as(scheme, "vetting")

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "probation", "buddy_id": buddy.id},
    )

    assert response.status_code == 200
    assert response.get_json()["buddy_id"] == buddy.id


def test_a_buddy_with_a_year_of_service_exactly_is_accepted(client, scheme, manager, login):
    a_year_ago = add_months(local_today(scheme.timezone), -12)
    buddy = make_volunteer(scheme, "Bea Buddy", a_year_ago)
    person = recorded_as(scheme, "probation")

    response = client.patch(person_url(person), headers=login(manager), json={"buddy_id": buddy.id})

    assert response.status_code == 200


def test_a_buddy_with_less_than_a_year_of_service_is_refused(client, scheme, manager, login):
    not_quite = add_months(local_today(scheme.timezone), -12) + timedelta(days=1)
    buddy = make_volunteer(scheme, "New Buddy", not_quite)
    person = recorded_as(scheme, "probation")
    before = count_rows("audit_event")

    response = client.patch(person_url(person), headers=login(manager), json={"buddy_id": buddy.id})

    body = assert_problem(response, 422, "buddy_id")
    assert "year" in body["errors"]["buddy_id"][0]
    assert count_rows("audit_event") == before


@pytest.mark.parametrize(
    ("status", "roles"),
    [("suspended", ("visitor",)), ("probation", ("visitor",)), ("active", ("manager",))],
)
def test_a_buddy_must_be_an_active_visitor(client, scheme, manager, login, status, roles):
    buddy = make_person(
        scheme, *roles, email="buddy@northshire.example", status=status, joined_on=date(2015, 1, 5)
    )
    person = recorded_as(scheme, "probation")

    response = client.patch(person_url(person), headers=login(manager), json={"buddy_id": buddy.id})

    assert_problem(response, 422, "buddy_id")


def test_only_a_probationer_has_a_buddy(client, scheme, manager, visitor, login):
    person = recorded_as(scheme, "active")

    response = client.patch(
        person_url(person), headers=login(manager), json={"buddy_id": visitor.id}
    )

    assert_problem(response, 422, "buddy_id")


def test_a_buddy_who_leaves_later_does_not_block_other_edits(client, scheme, manager, login):
    buddy = make_volunteer(scheme, "Bea Buddy", date(2019, 4, 1))
    person = make_volunteer(
        scheme, "Pat Probation", date(2026, 1, 5), status="probation", buddy_id=buddy.id
    )
    move(buddy, "left", date(2026, 2, 1), leave_reason="Moved away")

    response = client.patch(person_url(person), headers=login(manager), json={"name": "Pat P"})

    assert response.status_code == 200


# Appointment and term --------------------------------------------------------------------------


def test_appointment_starts_a_three_year_term_and_ends_the_buddy(client, scheme, manager, login):
    buddy = make_volunteer(scheme, "Bea Buddy", date(2019, 4, 1))
    person = make_volunteer(
        scheme, "Pat Probation", date(2025, 9, 1), status="probation", buddy_id=buddy.id
    )

    response = client.patch(
        person_url(person),
        headers=login(manager),
        json={"status": "active", "status_on": "2026-03-02"},
    )

    body = response.get_json()
    assert body["appointed_on"] == "2026-03-02"
    assert body["term_ends_on"] == "2029-03-02"
    assert body["buddy_id"] is None


def test_a_volunteer_recorded_as_active_is_appointed_from_joining(client, scheme, manager, login):
    person = make_volunteer(scheme, "Old Hand", date(2024, 2, 29))

    body = client.get(person_url(person), headers=login(manager)).get_json()

    assert body["appointed_on"] == "2024-02-29"
    assert body["term_ends_on"] == "2027-02-28"


def test_staff_have_no_term(client, manager, login):
    body = client.get(person_url(manager), headers=login(manager)).get_json()

    assert body["term_ends_on"] is None


def test_a_term_ends_after_joining(client, scheme, manager, login):
    person = make_volunteer(scheme, "Old Hand", date(2020, 1, 6))

    response = client.patch(
        person_url(person), headers=login(manager), json={"term_ends_on": "2019-01-01"}
    )

    assert_problem(response, 422, "term_ends_on")


def test_only_someone_who_left_has_an_exit_interview(client, scheme, manager, login):
    person = make_volunteer(scheme, "Old Hand", date(2020, 1, 6))

    response = client.patch(
        person_url(person), headers=login(manager), json={"exit_interview_notes": "Would stay"}
    )

    assert_problem(response, 422, "exit_interview_notes")


def test_a_term_is_not_given_to_staff(client, manager, login):
    response = client.patch(
        person_url(manager), headers=login(manager), json={"term_ends_on": "2030-01-01"}
    )

    assert_problem(response, 422, "term_ends_on")


def test_a_term_in_its_final_year_is_renewed_from_its_end(client, scheme, manager, login):
    ends_on = local_today(scheme.timezone) + timedelta(days=100)
    person = make_volunteer(scheme, "Ren Ewal", date(2020, 1, 6), term_ends_on=ends_on)
    headers = login(manager)

    response = client.post(
        person_url(person, "renew-term"), headers=headers, json={"note": "Agreed at review"}
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["term_ends_on"] == add_months(ends_on, 36).isoformat()
    events = client.get(
        "/api/v1/audit", headers=headers, query_string={"entity": "person", "entity_id": person.id}
    ).get_json()
    renewal = next(event for event in events if event["action"] == "renew_term")
    assert renewal["reason"] == "Agreed at review"
    assert renewal["changes"]["term_ends_on"][0] == ends_on.isoformat()


def test_an_ended_term_is_renewed_from_its_end(client, scheme, manager, login):
    person = make_volunteer(scheme, "Late Renewal", date(2020, 1, 6))

    response = client.post(person_url(person, "renew-term"), headers=login(manager), json={})

    assert response.get_json()["term_ends_on"] == "2026-01-06"


def test_a_term_is_not_renewed_before_its_final_year(client, scheme, manager, login):
    ends_on = local_today(scheme.timezone) + timedelta(days=400)
    person = make_volunteer(scheme, "Too Soon", date(2020, 1, 6), term_ends_on=ends_on)
    before = count_rows("audit_event")

    response = client.post(person_url(person, "renew-term"), headers=login(manager), json={})

    assert_problem(response, 409, "term_ends_on")
    assert count_rows("audit_event") == before


def test_only_an_appointed_volunteer_is_renewed(client, scheme, manager, login):
    person = recorded_as(scheme, "probation")

    response = client.post(person_url(person, "renew-term"), headers=login(manager), json={})

    assert_problem(response, 409, "status")


def test_a_renewal_with_an_unknown_field_is_422(client, scheme, manager, login):
    person = make_volunteer(scheme, "Late Renewal", date(2020, 1, 6))

    response = client.post(
        person_url(person, "renew-term"), headers=login(manager), json={"years": 5}
    )

    assert_problem(response, 422, "years")


def test_people_whose_term_expires_soon_are_listed_soonest_first(client, scheme, manager, login):
    today = local_today(scheme.timezone)
    soon = make_volunteer(scheme, "Soon", date(2020, 1, 6), term_ends_on=today + timedelta(30))
    ended = make_volunteer(scheme, "Ended", date(2020, 1, 6), term_ends_on=today - timedelta(10))
    on_the_day = make_volunteer(
        scheme, "On The Day", date(2020, 1, 6), term_ends_on=today + timedelta(90)
    )
    make_volunteer(scheme, "Later", date(2020, 1, 6), term_ends_on=today + timedelta(91))
    leaver = make_volunteer(scheme, "Leaver", date(2020, 1, 6), term_ends_on=today + timedelta(5))
    move(leaver, "left", today, leave_reason="Moved away")

    response = client.get(PEOPLE, headers=login(manager), query_string={"term_expiring_within": 90})

    assert [body["id"] for body in response.get_json()] == [ended.id, soon.id, on_the_day.id]


def test_probationers_due_for_review_are_listed(client, scheme, manager, login):
    today = local_today(scheme.timezone)
    due = make_volunteer(
        scheme, "Due", today - timedelta(days=170), status="probation"
    )  # ends in about ten days
    make_volunteer(scheme, "Not Yet", today - timedelta(days=30), status="probation")

    response = client.get(
        PEOPLE, headers=login(manager), query_string={"probation_ending_within": 30}
    )

    assert [body["id"] for body in response.get_json()] == [due.id]


@pytest.mark.parametrize("parameter", ["term_expiring_within", "probation_ending_within"])
def test_a_negative_look_ahead_is_422(client, manager, login, parameter):
    response = client.get(PEOPLE, headers=login(manager), query_string={parameter: -1})

    assert_problem(response, 422, parameter)


# Leaving ---------------------------------------------------------------------------------------


def test_leaving_takes_effect_on_left_on_with_its_reason(client, scheme, manager, login):
    person = recorded_as(scheme, "active")
    headers = login(manager)

    response = client.patch(
        person_url(person),
        headers=headers,
        json={
            "status": "left",
            "left_on": "2025-06-30",
            "leave_reason": "Moved away",
            "exit_interview_notes": "Enjoyed it; would return",
        },
    )

    assert response.get_json()["exit_interview_notes"] == "Enjoyed it; would return"
    latest = history(client, headers, person)[-1]
    assert (latest["effective_on"], latest["leave_reason"]) == ("2025-06-30", "Moved away")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"leave_reason": "Moved"}, "left_on"),
        ({"left_on": "2025-06-30"}, "leave_reason"),
        ({"left_on": "2019-12-31", "leave_reason": "Moved"}, "left_on"),
        ({"left_on": "2099-01-01", "leave_reason": "Moved"}, "left_on"),
        (
            {"left_on": "2025-06-30", "leave_reason": "Moved", "status_on": "2025-06-01"},
            "status_on",
        ),
    ],
)
def test_a_bad_leaving_is_422_and_writes_nothing(client, scheme, manager, login, body, field):
    person = recorded_as(scheme, "active")
    before = rows_written()

    response = client.patch(
        person_url(person), headers=login(manager), json={"status": "left", **body}
    )

    assert_problem(response, 422, field)
    assert rows_written() == before


def test_exit_interview_notes_are_added_after_leaving(client, scheme, manager, login):
    person = recorded_as(scheme, "left")

    response = client.patch(
        person_url(person), headers=login(manager), json={"exit_interview_notes": "Held 3 May"}
    )

    assert response.get_json()["exit_interview_notes"] == "Held 3 May"


def test_a_left_volunteers_token_fails_at_once(client, scheme, manager, visitor, login):
    visitor_headers = login(visitor)
    move(visitor, "left", date(2026, 1, 31), leave_reason="Moved away")

    assert_problem(client.get("/api/v1/me", headers=visitor_headers), 401)


def test_a_left_volunteer_cannot_sign_in(client, scheme, manager, visitor):
    move(visitor, "left", date(2026, 1, 31), leave_reason="Moved away")

    response = client.post(
        "/api/v1/auth/login",
        json={"email": visitor.email, "password": "correct horse battery staple"},
    )

    assert_problem(response, 401)


def test_someone_who_left_comes_back_as_an_applicant_and_serves_anew(
    client, scheme, manager, login
):
    person = recorded_as(scheme, "left")
    headers = login(manager)
    for status, day in (("applicant", "2025-01-06"), ("vetting", "2025-02-03")):
        client.patch(person_url(person), headers=headers, json={"status": status, "status_on": day})

    response = client.patch(
        person_url(person),
        headers=headers,
        json={"status": "probation", "status_on": "2025-04-07"},
    )

    assert response.get_json()["joined_on"] == "2025-04-07"
    assert [row["to_status"] for row in history(client, headers, person)] == [
        "active",
        "left",
        "applicant",
        "vetting",
        "probation",
    ]


# Corrections follow into the history ------------------------------------------------------------


def test_correcting_joined_on_moves_the_first_record(client, scheme, manager, login):
    person = recorded_as(scheme, "active")
    headers = login(manager)

    client.patch(person_url(person), headers=headers, json={"joined_on": "2019-11-04"})

    assert history(client, headers, person)[0]["effective_on"] == "2019-11-04"


def test_correcting_left_on_moves_the_leaving(client, scheme, manager, login):
    person = recorded_as(scheme, "left")
    headers = login(manager)

    client.patch(
        person_url(person),
        headers=headers,
        json={"left_on": "2021-06-01", "leave_reason": "Ill health"},
    )

    latest = history(client, headers, person)[-1]
    assert (latest["effective_on"], latest["leave_reason"]) == ("2021-06-01", "Ill health")


def test_a_correction_that_would_disorder_the_history_is_refused(client, scheme, manager, login):
    person = recorded_as(scheme, "applicant")
    move(person, "vetting", date(2020, 3, 2))

    response = client.patch(
        person_url(person), headers=login(manager), json={"joined_on": "2020-04-01"}
    )

    assert_problem(response, 422, "joined_on")


# Privacy ---------------------------------------------------------------------------------------

PRIVATE = ("home_area", "gender", "birth_year", "left_on", "leave_reason", "exit_interview_notes")


def demographic_visitor(scheme):
    return make_volunteer(
        scheme,
        "Dee Mographic",
        date(2018, 5, 1),
        home_area="North",
        gender="female",
        birth_year=1970,
        password="correct horse battery staple",
    )


def test_a_visitor_reads_their_own_record_without_private_fields(client, scheme, login):
    person = demographic_visitor(scheme)

    body = client.get(person_url(person), headers=login(person)).get_json()

    assert body["name"] == "Dee Mographic"
    assert body["term_ends_on"] == "2021-05-01"
    assert not set(PRIVATE) & set(body)


def test_me_and_sign_in_show_no_private_fields_to_a_visitor(client, scheme, login):
    person = demographic_visitor(scheme)
    signed_in = client.post(
        "/api/v1/auth/login",
        json={"email": person.email, "password": "correct horse battery staple"},
    ).get_json()

    me = client.get("/api/v1/me", headers=login(person)).get_json()

    assert not set(PRIVATE) & set(me)
    assert not set(PRIVATE) & set(signed_in["user"])


def test_a_manager_sees_the_demographics(client, scheme, manager, login):
    person = demographic_visitor(scheme)

    body = client.get(person_url(person), headers=login(manager)).get_json()

    assert (body["home_area"], body["gender"], body["birth_year"]) == ("North", "female", 1970)


def test_status_history_of_another_schemes_person_is_not_found(
    client, manager, other_visitor, login
):
    response = client.get(person_url(other_visitor, "status-history"), headers=login(manager))

    assert_problem(response, 404)
