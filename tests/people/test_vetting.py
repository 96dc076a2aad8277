"""Vetting expires: a manager records the date, lists who needs renewing, and a visitor whose
vetting has lapsed by the day is refused on a visit (422 naming visitor_ids), skipped by the
planner and refused a claim (409 saying why). The managers are reminded 60 and 30 days before,
in the inbox and by email, each reminder once per person and expiry date."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import local_today
from icv.models import Notification, PlanItemVisitor
from icv.notifications import delivery
from icv.people import people, vetting
from icv.scheduling import plans
from icv.scheduling.claims import ClaimRefused
from tests.support.claims import MAY_2023, place_claim
from tests.support.mail_server import parsed
from tests.support.problems import assert_problem
from tests.support.records import make_person
from tests.visits.visit_bodies import VISITS, custody_visit, written_rows

PEOPLE = "/api/v1/people"


def expire(person, on: date):
    return people.update_person(person, None, {"vetting_expires_on": on})


# The record ----------------------------------------------------------------------------------


def test_a_manager_sets_the_expiry_and_it_is_shown(client, manager_headers, visitor):
    response = client.patch(
        f"{PEOPLE}/{visitor.id}",
        headers={
            **manager_headers,
            "If-Match": client.get(f"{PEOPLE}/{visitor.id}", headers=manager_headers).headers[
                "ETag"
            ],
        },
        json={"vetting_expires_on": "2027-06-30"},
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["vetting_expires_on"] == "2027-06-30"


def test_a_new_person_may_be_given_an_expiry(client, manager_headers):
    body = {
        "name": "Vera Vetted",
        "email": "vera@example.org",
        "roles": ["visitor"],
        "status": "active",
        "joined_on": "2024-05-01",
        "vetting_expires_on": "2028-01-31",
    }

    response = client.post(PEOPLE, headers=manager_headers, json=body)

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["vetting_expires_on"] == "2028-01-31"


def test_expiring_within_lists_the_soon_and_the_lapsed_soonest_first(
    client, manager_headers, scheme, visitor, partner, third_visitor
):
    today = local_today(scheme.timezone)
    expire(visitor, today + timedelta(days=80))
    expire(partner, today - timedelta(days=3))
    expire(third_visitor, today + timedelta(days=200))

    response = client.get(f"{PEOPLE}?vetting_expiring_within=90", headers=manager_headers)

    assert [person["id"] for person in response.get_json()] == [partner.id, visitor.id]


def test_expiring_within_must_be_a_number_of_days(client, manager_headers):
    response = client.get(f"{PEOPLE}?vetting_expiring_within=-1", headers=manager_headers)

    assert_problem(response, 422, "vetting_expiring_within")


# Who may visit -------------------------------------------------------------------------------


def test_a_visitor_whose_vetting_lapsed_before_the_visit_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    expire(partner, date(2026, 3, 9))  # the visit is on 10 March 2026
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    body = assert_problem(response, 422, "visitor_ids")
    assert "vetting expired on 2026-03-09" in " ".join(body["errors"]["visitor_ids"])
    assert written_rows() == before


def test_vetting_valid_on_the_day_of_the_visit_is_enough(
    client, suite, visitor, partner, visitor_headers
):
    expire(partner, date(2026, 3, 10))

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_claim_by_a_lapsed_visitor_is_refused_saying_why(manager, suite, visitor, partner):
    expire(visitor, date(2023, 5, 1))  # the claimed Monday is 8 May 2023

    with pytest.raises(ClaimRefused) as refused:
        place_claim(suite, visitor, date(2023, 5, 8), now=MAY_2023, partner=partner)

    assert refused.value.status == 409
    assert "vetting expired" in refused.value.errors["claimant_id"][0]


def test_the_planner_skips_a_visitor_lapsed_by_the_week(scheme, manager, suite):
    keen = [
        make_person(scheme, "visitor", email=f"v{n}@northshire.example", name=f"Keen {n}")
        for n in range(3)
    ]
    expire(keen[0], date(2023, 5, 14))  # lapses before the plan's second week

    plan = plans.create_plan(
        scheme,
        manager,
        {"site_ids": [suite.id], "starts_on": date(2023, 5, 8), "weeks": 6, "seed": 4},
    )

    named = db.session.execute(
        select(PlanItemVisitor.person_id, plans.PlanItem.week_start)
        .join(plans.PlanItem, plans.PlanItem.id == PlanItemVisitor.plan_item_id)
        .where(plans.PlanItem.plan_id == plan.id)
    ).all()
    assert all(week == date(2023, 5, 8) for person_id, week in named if person_id == keen[0].id)
    assert len(plan.items) == 6


# Reminders -----------------------------------------------------------------------------------


def reminders(app, *args) -> str:
    result = app.test_cli_runner().invoke(args=["reminders", *args])
    assert result.exit_code == 0, result.output
    return result.output


def reminder_mail(mail_server) -> list:
    return [parsed(e) for e in mail_server.received if "Vetting of" in parsed(e)["Subject"]]


@pytest.fixture
def settings(mail_server):
    return delivery.MailSettings(
        smtp_url=f"smtp://127.0.0.1:{mail_server.port}",
        sender="icv@test.example",
        base_url="https://icv.example",
        timeout_seconds=5,
    )


def test_the_manager_is_reminded_60_days_before_by_inbox_and_email(
    app, scheme, manager, visitor, mail_server, settings
):
    expire(visitor, date(2026, 8, 30))

    reminders(app, "--today", "2026-07-01")  # 60 days before
    delivery.deliver_pending(settings)

    inbox = db.session.scalars(
        select(Notification).where(Notification.person_id == manager.id)
    ).all()
    assert [(n.kind, n.link) for n in inbox] == [
        ("vetting_reminder", f"/api/v1/people/{visitor.id}")
    ]
    mails = reminder_mail(mail_server)
    assert [m["To"] for m in mails] == [manager.email]
    assert "30 August 2026" in mails[0]["Subject"]


def test_a_second_run_sends_nothing(app, scheme, manager, visitor, mail_server, settings):
    expire(visitor, date(2026, 8, 30))
    reminders(app, "--today", "2026-07-01")
    delivery.deliver_pending(settings)

    reminders(app, "--today", "2026-07-01")
    reminders(app, "--today", "2026-07-02")
    delivery.deliver_pending(settings, now=datetime.now().astimezone() + timedelta(days=1))

    assert len(reminder_mail(mail_server)) == 1


def test_the_30_day_reminder_goes_once_after_the_60_day_one(
    app, scheme, manager, visitor, mail_server, settings
):
    expire(visitor, date(2026, 8, 30))
    for day in ("2026-07-01", "2026-07-31", "2026-08-01", "2026-08-15"):
        reminders(app, "--today", day)
    delivery.deliver_pending(settings)

    assert len(reminder_mail(mail_server)) == 2


def test_nothing_is_sent_earlier_than_60_days_before(app, scheme, manager, visitor):
    expire(visitor, date(2026, 8, 30))

    assert vetting.send_reminders(scheme, date(2026, 6, 30)) == 0


def test_a_late_first_run_sends_one_reminder_not_two(app, scheme, manager, visitor):
    expire(visitor, date(2026, 8, 30))

    assert vetting.send_reminders(scheme, date(2026, 8, 10)) == 1
    assert vetting.send_reminders(scheme, date(2026, 8, 11)) == 0


def test_a_new_expiry_date_gets_new_reminders(app, scheme, manager, visitor):
    expire(visitor, date(2026, 8, 30))
    vetting.send_reminders(scheme, date(2026, 7, 1))
    expire(visitor, date(2026, 9, 15))

    assert vetting.send_reminders(scheme, date(2026, 7, 20)) == 1


def test_a_leaver_is_not_reminded_of(app, scheme, manager, visitor):
    expire(visitor, date(2026, 8, 30))
    people.update_person(
        visitor,
        None,
        {"status": "left", "left_on": date(2026, 6, 1), "leave_reason": "Moved away"},
    )

    assert vetting.send_reminders(scheme, date(2026, 7, 1)) == 0
