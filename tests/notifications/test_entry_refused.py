"""Visitors refused entry to a suite: submitting that abandoned visit tells the scheme's
managers at once, in their inbox and by email, as urgent."""

from icv.notifications import delivery
from tests.support.mail_server import parsed
from tests.visits.visit_bodies import VISITS, custody_visit


def refused_entry(suite, visitor, partner, reason="entry_refused", status="submitted"):
    return custody_visit(
        suite,
        visitor,
        partner,
        outcome="abandoned",
        admitted_at=None,
        abandon_reason=reason,
        abandon_note="The custody sergeant would not let us in: 'too busy'.",
        detainees=[],
        issues=[],
        feedback=None,
        status=status,
    )


def managers_notices(client, manager_headers) -> list[dict]:
    inbox = client.get("/api/v1/notifications", headers=manager_headers).get_json()
    return [notice for notice in inbox if notice["kind"] == "entry_refused"]


def test_refused_entry_tells_the_managers_at_once_by_email(
    client, ctx, mail_server, suite, visitor, partner, manager, visitor_headers, manager_headers
):
    created = client.post(
        VISITS, headers=visitor_headers, json=refused_entry(suite, visitor, partner)
    )
    assert created.status_code == 201, created.get_json()

    delivery.deliver_pending(
        delivery.MailSettings(
            smtp_url=f"smtp://127.0.0.1:{mail_server.port}",
            sender="icv@test.example",
            base_url="https://icv.example",
            timeout_seconds=5,
        )
    )

    [notice] = managers_notices(client, manager_headers)
    assert notice["subject"].startswith("URGENT")
    [message] = [parsed(e) for e in mail_server.received if e.rcpt_tos == [manager.email]]
    assert "refused entry" in message["Subject"]
    assert "too busy" in message.get_content()


def test_a_draft_of_refused_entry_tells_nobody_until_submitted(
    client, suite, visitor, partner, visitor_headers, manager_headers
):
    body = refused_entry(suite, visitor, partner, status="draft")
    client.post(VISITS, headers=visitor_headers, json=body)

    assert managers_notices(client, manager_headers) == []


def test_abandoning_for_another_reason_is_not_urgent(
    client, suite, visitor, partner, visitor_headers, manager_headers
):
    body = refused_entry(suite, visitor, partner, reason="wait_too_long")
    client.post(VISITS, headers=visitor_headers, json=body)

    assert managers_notices(client, manager_headers) == []
