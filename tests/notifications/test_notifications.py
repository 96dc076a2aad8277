"""Notifications: who hears of what, the in-app inbox, and email delivered over real SMTP.

Visits are recorded through the API (Tuesday 10 March 2026, GMT). Email goes to an aiosmtpd
server the test starts on 127.0.0.1; "SMTP down" is a free port with nothing listening on it.
"""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from icv.common.database import db
from icv.models import Notification, Person, utcnow
from icv.notifications import delivery
from icv.people import people
from tests.support.dog_visits import dog, dog_checks
from tests.support.mail_server import MailServer, free_port, parsed
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person
from tests.support.visits import feedback_before

VISITS = "/api/v1/visits"
ISSUES = "/api/v1/issues"
INBOX = "/api/v1/notifications"
MARCH_10 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
SENDER = "icv@test.example"
BASE_URL = "https://icv.example"


# Builders ------------------------------------------------------------------------------------


def raised(
    category: str = "food_and_drink",
    description: str = "No hot drink offered since arrest",
    *,
    resolved: bool = False,
    **extra,
) -> dict:
    return {
        "category": category,
        "description": description,
        "raised_by": "visitor",
        "resolved_during_visit": resolved,
        **extra,
    }


def custody_visit(site, *visitors, issues=(), detainees=None, **fields) -> dict:
    """A complete custody-suite visit by `visitors`, admitted at once."""
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": MARCH_10.isoformat(),
        "admitted_at": (MARCH_10 + timedelta(minutes=3)).isoformat(),
        "departed_at": (MARCH_10 + timedelta(minutes=90)).isoformat(),
        "detainees": detainees
        if detainees is not None
        else [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "refused", "reason": "Wanted to sleep"},
        ],
        "issues": list(issues),
        "checks": {"cells_clean": {"result": "ok"}},
        "feedback": feedback_before(MARCH_10 + timedelta(minutes=90)),
        **fields,
    }


def dog_visit(site, *visitors, issues=(), **fields) -> dict:
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": MARCH_10.isoformat(),
        "admitted_at": (MARCH_10 + timedelta(minutes=1)).isoformat(),
        "departed_at": (MARCH_10 + timedelta(minutes=60)).isoformat(),
        "dogs": [dog("PD-REX", environment={"result": "concern", "note": "Kennel damp"})],
        "checks": dog_checks(kennel_clean_and_dry={"result": "concern", "note": "Damp"}),
        "issues": list(issues),
        **fields,
    }


def ids_of(visit: dict) -> list[int]:
    return [item["id"] for item in visit["issues"]]


def stored_notifications(**where) -> list[Notification]:
    """The outbox as the database now holds it, oldest first."""
    db.session.expire_all()
    query = select(Notification).order_by(Notification.id)
    for name, value in where.items():
        query = query.where(getattr(Notification, name) == value)
    return list(db.session.scalars(query))


def settings_for(port: int) -> delivery.MailSettings:
    return delivery.MailSettings(
        smtp_url=f"smtp://127.0.0.1:{port}",
        sender=SENDER,
        base_url=BASE_URL,
        timeout_seconds=5,
    )


@pytest.fixture
def down_server():
    """An SMTP server on a free port that is not started until the test says so."""
    server = MailServer(free_port())
    yield server
    server.stop()


# People and visits ---------------------------------------------------------------------------


@pytest.fixture
def second_inspector(scheme, suite):
    """Another inspector of Central Suite (the sergeant on the other shift)."""
    return make_person(
        scheme,
        "inspector",
        email="sergeant@northshire.example",
        name="Sam Sergeant",
        site_ids=[suite.id],
    )


@pytest.fixture
def dog_inspector(scheme, dog_unit):
    """The dog unit's sergeant."""
    return make_person(
        scheme,
        "inspector",
        email="dog-sergeant@northshire.example",
        name="Dana Dogs",
        site_ids=[dog_unit.id],
    )


@pytest.fixture
def tact_trained(partner):
    """`partner`, TACT trained since 2020, as a visit that sees a TACT detainee needs."""
    return people.update_person(partner, None, {"tact_trained_on": date(2020, 1, 1)})


@pytest.fixture
def submit(client):
    def post(headers: dict, visit_id: str) -> dict:
        response = client.post(f"{VISITS}/{visit_id}/submit", headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return post


@pytest.fixture
def inbox(client, login):
    """`inbox(person, **query)` -> the person's notifications, newest first."""

    def read(person, **query) -> list[dict]:
        response = client.get(INBOX, headers=login(person), query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return read


THREE_ISSUES = [
    raised("food_and_drink", "No hot drink offered since arrest"),
    raised("healthcare", "Medication not given on time"),
    raised("hygiene", "No toilet paper in cell 4", resolved=True),
]


@pytest.fixture
def draft(record, suite, visitor, partner, visitor_headers, inspector, second_inspector):
    """A draft visit to Central Suite: two unresolved issues, one resolved during the visit."""
    return record(visitor_headers, custody_visit(suite, visitor, partner, issues=THREE_ISSUES))


@pytest.fixture
def submitted(draft, submit, visitor_headers):
    return submit(visitor_headers, draft["id"])


# Who is told of a submitted visit ------------------------------------------------------------


def test_each_inspector_of_the_site_hears_of_each_unresolved_issue(
    inbox, inspector, second_inspector, submitted
):
    food, healthcare, _ = ids_of(submitted)

    for person in (inspector, second_inspector):
        messages = inbox(person)
        assert sorted(m["issue_id"] for m in messages) == sorted([food, healthcare])
        assert {m["kind"] for m in messages} == {"issue_raised"}
        by_issue = {m["issue_id"]: m for m in messages}
        assert by_issue[food]["link"] == f"/api/v1/issues/{food}"
        assert by_issue[healthcare]["link"] == f"/api/v1/issues/{healthcare}"
        assert "Central Suite" in by_issue[food]["subject"]
        assert "food_and_drink" in by_issue[food]["subject"]
        assert "healthcare" in by_issue[healthcare]["subject"]
        assert "No hot drink offered since arrest" in by_issue[food]["body"]
        assert all(m["visit_id"] == submitted["id"] for m in messages)
        assert all(m["read_at"] is None for m in messages)


def test_an_inspector_of_another_site_hears_nothing(inbox, harbour_inspector, submitted):
    assert inbox(harbour_inspector) == []


def test_an_issue_resolved_during_the_visit_notifies_nobody(submitted):
    at_source = ids_of(submitted)[2]

    assert stored_notifications(issue_id=at_source) == []


def test_the_visitors_and_manager_are_not_told_of_their_own_visit(
    inbox, visitor, partner, manager, submitted
):
    assert inbox(visitor) == []
    assert inbox(partner) == []
    assert inbox(manager) == []


def test_a_draft_notifies_nobody_until_it_is_submitted(
    inbox, submit, visitor_headers, inspector, draft
):
    assert count_rows("notification") == 0
    assert inbox(inspector) == []

    submit(visitor_headers, draft["id"])

    assert len(inbox(inspector)) == 2


def test_submitting_twice_does_not_notify_twice(client, visitor_headers, submitted):
    before = count_rows("notification")

    again = client.post(f"{VISITS}/{submitted['id']}/submit", headers=visitor_headers)

    assert again.status_code == 200
    assert before == 4  # two issues, two inspectors
    assert count_rows("notification") == before


def test_a_visit_created_submitted_notifies_at_once(
    record, inbox, suite, visitor, partner, visitor_headers, inspector
):
    created = record(
        visitor_headers,
        custody_visit(suite, visitor, partner, issues=THREE_ISSUES[:1], status="submitted"),
    )

    assert [m["issue_id"] for m in inbox(inspector)] == ids_of(created)


def test_a_tact_detainee_tells_the_manager_a_report_is_needed(
    record, inbox, suite, visitor, tact_trained, visitor_headers, manager, inspector
):
    created = record(
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            tact_trained,
            detainees=[{"ref": "T1", "outcome": "seen", "tact": True}],
            status="submitted",
        ),
    )

    messages = inbox(manager)
    assert [m["kind"] for m in messages] == ["tact_report"]
    assert messages[0]["visit_id"] == created["id"]
    assert messages[0]["link"] == f"/api/v1/visits/{created['id']}"
    assert "Central Suite" in messages[0]["subject"]
    assert inbox(inspector) == []


def test_a_tact_draft_tells_the_manager_only_when_submitted(
    record, submit, inbox, suite, visitor, tact_trained, visitor_headers, manager
):
    draft = record(
        visitor_headers,
        custody_visit(
            suite, visitor, tact_trained, detainees=[{"ref": "T1", "outcome": "seen", "tact": True}]
        ),
    )
    assert inbox(manager) == []

    submit(visitor_headers, draft["id"])

    assert [m["kind"] for m in inbox(manager)] == ["tact_report"]


# Urgent concerns at the dog unit -------------------------------------------------------------

URGENT = raised("other", "Dog left in a hot van with no water", urgent=True)


@pytest.fixture
def urgent_draft(record, dog_unit, visitor, partner, visitor_headers, dog_inspector, manager):
    return record(visitor_headers, dog_visit(dog_unit, visitor, partner, issues=[URGENT]))


def test_an_urgent_concern_tells_the_dog_units_inspectors_and_managers_while_still_a_draft(
    inbox, urgent_draft, dog_inspector, manager, inspector
):
    concern = ids_of(urgent_draft)[0]

    assert urgent_draft["status"] == "draft"
    for person in (dog_inspector, manager):
        messages = inbox(person)
        assert [(m["kind"], m["issue_id"]) for m in messages] == [("urgent_concern", concern)]
        assert "Dog Unit" in messages[0]["subject"]
        assert "Dog left in a hot van with no water" in messages[0]["body"]
        assert messages[0]["link"] == f"/api/v1/issues/{concern}"
    assert inbox(inspector) == []


def test_an_urgent_concern_is_not_told_again_on_submit(
    submit, inbox, visitor_headers, urgent_draft, dog_inspector, manager
):
    before = count_rows("notification")

    submit(visitor_headers, urgent_draft["id"])

    assert count_rows("notification") == before
    assert len(inbox(dog_inspector)) == 1
    assert len(inbox(manager)) == 1


def test_a_concern_not_flagged_urgent_waits_for_the_submission(
    record, submit, inbox, dog_unit, visitor, partner, visitor_headers, dog_inspector, manager
):
    draft = record(
        visitor_headers, dog_visit(dog_unit, visitor, partner, issues=[raised("other", "Kennel")])
    )
    assert inbox(dog_inspector) == []

    submit(visitor_headers, draft["id"])

    assert [m["kind"] for m in inbox(dog_inspector)] == ["issue_raised"]
    assert inbox(manager) == []


def test_a_draft_with_an_urgent_concern_can_still_be_edited_and_is_told_once(
    client, inbox, visitor_headers, urgent_draft, dog_inspector
):
    etag = client.get(f"{VISITS}/{urgent_draft['id']}", headers=visitor_headers).headers["ETag"]
    kept = {k: URGENT[k] for k in URGENT}

    response = client.patch(
        f"{VISITS}/{urgent_draft['id']}",
        headers={**visitor_headers, "If-Match": etag},
        json={"issues": [kept], "notes": "Sergeant told in person."},
    )

    assert response.status_code == 200, response.get_json()
    assert len(inbox(dog_inspector)) == 1


# Answers reach the visitors ------------------------------------------------------------------

ACK = "Seen by the custody sergeant: hot drinks now every two hours."
FIXED = "The detainee was given a hot drink and a meal at 11:40."


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_an_answer_tells_the_visits_visitors_with_the_response(
    client, inbox, inspector_headers, visitor, partner, inspector, submitted, action
):
    food = ids_of(submitted)[0]

    response = client.post(
        f"{ISSUES}/{food}/{action}", headers=inspector_headers, json={"response": ACK}
    )

    assert response.status_code == 200, response.get_json()
    for person in (visitor, partner):
        messages = inbox(person)
        assert [(m["kind"], m["issue_id"]) for m in messages] == [("issue_response", food)]
        assert ACK in messages[0]["body"]
        assert "Central Suite" in messages[0]["subject"]
        assert messages[0]["link"] == f"/api/v1/issues/{food}"
    assert "issue_response" not in {m["kind"] for m in inbox(inspector)}


def test_acknowledging_then_resolving_tells_the_visitors_twice(
    client, inbox, inspector_headers, visitor, submitted
):
    food = ids_of(submitted)[0]

    client.post(f"{ISSUES}/{food}/acknowledge", headers=inspector_headers, json={"response": ACK})
    client.post(f"{ISSUES}/{food}/resolve", headers=inspector_headers, json={"response": FIXED})

    bodies = [m["body"] for m in inbox(visitor)]  # newest first
    assert len(bodies) == 2
    assert FIXED in bodies[0]
    assert ACK in bodies[1]


def test_a_refused_answer_tells_nobody(client, inspector_headers, submitted):
    at_source = ids_of(submitted)[2]
    before = count_rows("notification")

    response = client.post(
        f"{ISSUES}/{at_source}/acknowledge", headers=inspector_headers, json={"response": ACK}
    )

    assert_problem(response, 409)
    assert count_rows("notification") == before


# The inbox -----------------------------------------------------------------------------------


def test_the_inbox_lists_the_unread_only_when_asked(client, login, inbox, inspector, submitted):
    newest, older = inbox(inspector)
    client.post(INBOX, headers=login(inspector), json={"read_ids": [older["id"]]})

    unread = inbox(inspector, unread="true")
    everything = inbox(inspector)

    assert [m["id"] for m in unread] == [newest["id"]]
    assert [m["id"] for m in everything] == [newest["id"], older["id"]]
    assert everything[1]["read_at"] is not None


def test_marking_read_by_id_marks_only_those(client, login, inbox, inspector, submitted):
    first, second = inbox(inspector)

    response = client.post(INBOX, headers=login(inspector), json={"read_ids": [first["id"]]})

    assert response.status_code == 200
    assert response.get_json() == {"marked_read": 1}
    assert [m["id"] for m in inbox(inspector, unread="true")] == [second["id"]]


def test_no_one_marks_another_persons_messages_read(
    client, login, inbox, inspector, second_inspector, submitted
):
    theirs = inbox(second_inspector)[0]

    response = client.post(INBOX, headers=login(inspector), json={"read_ids": [theirs["id"]]})

    assert response.status_code == 200
    assert response.get_json() == {"marked_read": 0}
    assert theirs["id"] in [m["id"] for m in inbox(second_inspector, unread="true")]
    assert len(inbox(inspector, unread="true")) == 2


def test_marking_read_without_ids_marks_all_of_the_callers_own(
    client, login, inbox, inspector, second_inspector, submitted
):
    response = client.post(INBOX, headers=login(inspector), json={})

    assert response.status_code == 200
    assert response.get_json() == {"marked_read": 2}
    assert inbox(inspector, unread="true") == []
    assert len(inbox(second_inspector, unread="true")) == 2


def test_marking_read_again_marks_nothing_more(client, login, inspector, submitted):
    headers = login(inspector)
    client.post(INBOX, headers=headers, json={})

    response = client.post(INBOX, headers=headers, json={})

    assert response.get_json() == {"marked_read": 0}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"read_ids": [1], "person_id": 1}, "person_id"),
        ({"read_ids": ["1"]}, "read_ids.0"),
        ({"read_ids": 1}, "read_ids"),
    ],
    ids=["unknown-field", "id-not-a-number", "ids-not-a-list"],
)
def test_a_malformed_mark_read_is_refused(client, login, inspector, submitted, body, field):
    response = client.post(INBOX, headers=login(inspector), json=body)

    assert_problem(response, 422, field)
    assert stored_notifications(read_at=None) == stored_notifications()


@pytest.mark.parametrize("role", ["manager", "visitor", "inspector", "viewer"])
def test_anyone_signed_in_reads_their_own_inbox(client, login, request, role):
    response = client.get(INBOX, headers=login(request.getfixturevalue(role)))

    assert response.status_code == 200
    assert response.get_json() == []
    assert "X-Pagination" in response.headers


def test_the_inbox_is_paginated(client, login, inspector, submitted):
    response = client.get(INBOX, headers=login(inspector), query_string={"page_size": 1})

    assert len(response.get_json()) == 1
    header = json.loads(response.headers["X-Pagination"])
    assert (header["total"], header["total_pages"]) == (2, 2)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_inbox_needs_a_token(client, method):
    response = getattr(client, method)(INBOX, json={} if method == "post" else None)

    assert_problem(response, 401)


# Email over SMTP -----------------------------------------------------------------------------


def test_the_inspector_receives_an_email_with_the_site_category_and_link(
    ctx, mail_server, inspector, submitted
):
    food = ids_of(submitted)[0]

    result = delivery.deliver_pending(settings_for(mail_server.port))

    assert result == {"sent": 4, "failed": 0}
    to_inspector = [parsed(e) for e in mail_server.received if e.rcpt_tos == [inspector.email]]
    assert len(to_inspector) == 2
    food_mail = next(m for m in to_inspector if "food_and_drink" in m["Subject"])
    text = food_mail.get_content()
    assert food_mail["From"] == SENDER
    assert food_mail["To"] == inspector.email
    assert "Central Suite" in food_mail["Subject"]
    assert "Central Suite" in text
    assert "food_and_drink" in text
    assert f"https://icv.example/api/v1/issues/{food}" in text
    assert all(e.mail_from == SENDER for e in mail_server.received)


def test_delivering_again_sends_nothing_more(ctx, mail_server, submitted):
    settings = settings_for(mail_server.port)
    delivery.deliver_pending(settings)

    again = delivery.deliver_pending(settings, now=utcnow() + timedelta(days=1))

    assert again == {"sent": 0, "failed": 0}
    assert len(mail_server.received) == 4


def test_delivered_notifications_are_marked_sent(ctx, mail_server, submitted):
    delivery.deliver_pending(settings_for(mail_server.port))

    rows = stored_notifications()
    assert len(rows) == 4
    assert {row.email_status for row in rows} == {"sent"}
    assert all(row.email_sent_at is not None and row.email_attempts == 1 for row in rows)
    assert all(row.read_at is None for row in rows)  # email is not reading in the app


def test_the_notify_command_delivers_what_is_pending(
    app, ctx, monkeypatch, mail_server, inspector, submitted
):
    monkeypatch.setitem(app.config, "ICV_SMTP_URL", f"smtp://127.0.0.1:{mail_server.port}")
    monkeypatch.setitem(app.config, "ICV_MAIL_FROM", SENDER)
    monkeypatch.setitem(app.config, "ICV_BASE_URL", BASE_URL)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["notify"])
    second = runner.invoke(args=["notify"])

    assert first.exit_code == 0, first.output
    assert "sent 4, failed 0" in first.output
    assert "sent 0, failed 0" in second.output
    assert len(mail_server.received) == 4
    links = [parsed(e).get_content() for e in mail_server.received]
    assert any(f"{BASE_URL}/api/v1/issues/{ids_of(submitted)[0]}" in text for text in links)


def test_without_smtp_settings_the_messages_wait_in_the_inbox(ctx, submitted):
    result = delivery.deliver_pending(
        delivery.MailSettings(smtp_url=None, sender=SENDER, base_url=BASE_URL)
    )

    assert result == {"sent": 0, "failed": 0}
    assert {row.email_status for row in stored_notifications()} == {"pending"}


# SMTP down: retried with backoff, delivered once ---------------------------------------------


@pytest.fixture
def one_pending(record, suite, visitor, partner, visitor_headers, inspector) -> Notification:
    """One issue, one inspector: exactly one email waiting."""
    record(
        visitor_headers,
        custody_visit(suite, visitor, partner, issues=THREE_ISSUES[:1], status="submitted"),
    )
    (row,) = stored_notifications()
    assert row.email_status == "pending"
    return row


def test_a_failed_send_stays_pending_and_waits_to_be_retried(ctx, down_server, one_pending):
    started = utcnow()

    result = delivery.deliver_pending(settings_for(down_server.port))

    assert result == {"sent": 0, "failed": 1}
    (row,) = stored_notifications()
    assert row.email_status == "pending"
    assert row.email_attempts == 1
    assert row.email_last_error
    assert row.email_next_attempt_at >= started + delivery.FIRST_RETRY
    assert row.email_sent_at is None


def test_nothing_is_retried_before_its_time(ctx, down_server, one_pending):
    settings = settings_for(down_server.port)
    delivery.deliver_pending(settings)
    (row,) = stored_notifications()
    down_server.start()

    again = delivery.deliver_pending(settings, now=row.email_next_attempt_at - timedelta(seconds=1))

    assert again == {"sent": 0, "failed": 0}
    assert down_server.received == []
    assert stored_notifications()[0].email_attempts == 1


def test_a_second_failure_waits_twice_as_long(ctx, down_server, one_pending):
    settings = settings_for(down_server.port)
    delivery.deliver_pending(settings)
    retry_at = stored_notifications()[0].email_next_attempt_at + timedelta(seconds=1)

    result = delivery.deliver_pending(settings, now=retry_at)

    assert result == {"sent": 0, "failed": 1}
    (row,) = stored_notifications()
    assert row.email_attempts == 2
    assert row.email_next_attempt_at == retry_at + 2 * delivery.FIRST_RETRY


def test_a_message_that_failed_is_delivered_once_the_server_is_back(
    ctx, down_server, inspector, one_pending
):
    settings = settings_for(down_server.port)
    delivery.deliver_pending(settings)
    retry_at = stored_notifications()[0].email_next_attempt_at + timedelta(seconds=1)
    down_server.start()

    delivered = delivery.deliver_pending(settings, now=retry_at)
    later = delivery.deliver_pending(settings, now=retry_at + timedelta(hours=2))

    assert delivered == {"sent": 1, "failed": 0}
    assert later == {"sent": 0, "failed": 0}
    assert len(down_server.received) == 1
    assert down_server.received[0].rcpt_tos == [inspector.email]
    (row,) = stored_notifications()
    assert (row.email_status, row.email_attempts, row.email_last_error) == ("sent", 2, None)


def test_a_run_stops_at_the_first_failure_and_the_rest_wait(ctx, down_server, submitted):
    result = delivery.deliver_pending(settings_for(down_server.port))

    assert result == {"sent": 0, "failed": 1}
    attempts = sorted(row.email_attempts for row in stored_notifications())
    assert attempts == [0, 0, 0, 1]


@pytest.mark.parametrize(
    "attempts, minutes",
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (30, 60)],
)
def test_the_retry_delay_doubles_up_to_an_hour(attempts, minutes):
    assert delivery.next_retry_delay(attempts) == timedelta(minutes=minutes)


def test_a_deployment_may_start_the_retries_sooner(ctx, down_server, one_pending):
    settings = replace(settings_for(down_server.port), first_retry=timedelta(seconds=5))
    started = utcnow()

    delivery.deliver_pending(settings)

    (row,) = stored_notifications()
    assert (
        started + timedelta(seconds=5) <= row.email_next_attempt_at < started + delivery.FIRST_RETRY
    )
    assert delivery.next_retry_delay(3, timedelta(seconds=5)) == timedelta(seconds=20)


def test_each_notification_keeps_one_message_id_across_attempts(ctx, submitted):
    notification = stored_notifications()[0]
    recipient = db.session.get(Person, notification.person_id)

    first = delivery._email(notification, recipient, settings_for(1))
    again = delivery._email(notification, recipient, settings_for(1))

    assert first["Message-ID"] == again["Message-ID"]


def test_the_email_gives_the_visit_time_in_the_schemes_local_time(ctx, inspector, submitted):
    body = stored_notifications(person_id=inspector.id)[0].body

    assert "UTC" not in body
    assert "March 2026 at" in body


def test_reopening_an_issue_tells_the_sites_inspectors(
    client, inbox, inspector, manager, login, submitted
):
    issue_id = submitted["issues"][0]["id"]
    client.post(
        f"/api/v1/issues/{issue_id}/resolve", json={"response": "Done"}, headers=login(inspector)
    )

    client.post(
        f"/api/v1/issues/{issue_id}/reopen",
        json={"reason": "Raised again at the next visit"},
        headers=login(manager),
    )

    reopened = [n for n in inbox(inspector) if n["kind"] == "issue_reopened"]
    assert len(reopened) == 1
    assert "Raised again at the next visit" in reopened[0]["body"]
