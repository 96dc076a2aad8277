"""The phone's home in one request (`GET /me/home`): what is coming up for the caller and what
waits for them, as their roles give it, with a validator answering 304 while nothing changed."""

from datetime import UTC, date, datetime, timedelta

import pytest

from icv.common.database import db
from icv.scheduling.claims import answer_claim, withdraw_claim
from icv.scheduling.plans import answer_item, create_plan
from icv.sites.periods import monday_of
from icv.sync import home
from icv.visits import issues
from tests.support.claims import MAY_2023, place_claim
from tests.support.visits import log_visit

HOME = "/api/v1/me/home"
MAY_8 = date(2023, 5, 8)
MAY_3 = date(2023, 5, 3)
MAY_DAY = "2023-05-01T10:00:00+01:00"
JUNE_DAY = "2023-06-05T10:00:00+01:00"
ISSUE = {
    "category": "food_and_drink",
    "description": "No hot drinks offered overnight.",
    "raised_by": "visitor",
    "resolved_during_visit": False,
}


def home_of(client, headers) -> dict:
    response = client.get(HOME, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def item_visitor_ids(item) -> list[int]:
    return [answer.person_id for answer in item.visitors]


@pytest.fixture
def visit(suite, manager, visitor, partner, inspector):
    return log_visit(suite, manager, [visitor, partner], MAY_DAY, issues=[ISSUE])


# Coming up -----------------------------------------------------------------------------------


def test_a_live_claim_of_the_coming_weeks_is_on_its_claimant_and_partners_home(
    suite, visitor, partner
):
    claim = place_claim(suite, visitor, MAY_8, partner=partner, now=MAY_2023)

    for person, other in ((visitor, partner), (partner, visitor)):
        [coming] = home.home_of(person, today=MAY_3).coming
        assert (coming.kind, coming.id, coming.site_name) == ("claim", claim.id, suite.name)
        assert coming.date == MAY_8 and coming.day == "Mon" and coming.with_ids == [other.id]
        assert coming.status == "pending"


def test_a_claim_offers_its_claimant_withdrawal_and_its_partner_accept_and_decline(
    suite, visitor, partner
):
    place_claim(suite, visitor, MAY_8, partner=partner, now=MAY_2023)

    assert home.home_of(visitor, today=MAY_3).coming[0].answers == ["withdraw"]
    assert home.home_of(partner, today=MAY_3).coming[0].answers == ["accept", "decline"]


def test_a_partner_who_accepted_is_offered_only_to_decline(suite, visitor, partner):
    claim = place_claim(suite, visitor, MAY_8, partner=partner, now=MAY_2023)
    answer_claim(claim, partner, "accepted", today=MAY_3)

    assert home.home_of(partner, today=MAY_3).coming[0].answers == ["decline"]


def test_a_planned_visit_offers_accept_and_decline_until_it_is_accepted(
    scheme, manager, suite, visitor, partner
):
    plan = create_plan(scheme, manager, {"site_ids": [suite.id], "starts_on": MAY_8, "weeks": 1})
    [item] = plan.items
    named = [person for person in (visitor, partner) if person.id in item_visitor_ids(item)]

    assert home.home_of(named[0], today=MAY_3).coming[0].answers == ["accept", "decline"]
    answer_item(item, named[0], "accepted")
    assert home.home_of(named[0], today=MAY_3).coming[0].answers == ["decline"]


def test_the_answers_on_the_home_are_served(client, suite, visitor, partner, login):
    now = datetime.now(UTC)
    next_monday = monday_of(now.date()) + timedelta(weeks=1)
    place_claim(suite, visitor, next_monday, partner=partner, now=now)

    [coming] = home_of(client, login(partner))["coming"]

    assert coming["answers"] == ["accept", "decline"]


def test_a_claim_beyond_the_coming_weeks_or_withdrawn_is_not_on_the_home(suite, visitor):
    far = MAY_8 + timedelta(weeks=home.WEEKS_AHEAD + 1)
    place_claim(suite, visitor, far, now=MAY_2023)
    withdrawn = place_claim(suite, visitor, MAY_8, day="Tue", band="12:00-15:59", now=MAY_2023)
    withdraw_claim(withdrawn, visitor, today=MAY_3)

    assert home.home_of(visitor, today=MAY_3).coming == []


def test_another_visitors_claim_is_not_on_the_home(suite, visitor, third_visitor):
    place_claim(suite, third_visitor, MAY_8, now=MAY_2023)
    assert home.home_of(visitor, today=MAY_3).coming == []


def test_a_claim_already_past_this_week_shows_its_next_date_only_while_one_is_ahead(suite, visitor):
    place_claim(suite, visitor, MAY_8, day="Mon", now=MAY_2023)
    assert home.home_of(visitor, today=MAY_8).coming[0].date == MAY_8
    assert home.home_of(visitor, today=MAY_8 + timedelta(days=1)).coming == []


# What waits for the caller -------------------------------------------------------------------


def test_an_inspector_is_awaited_for_the_open_issues_of_their_suite(
    client, visit, inspector_headers
):
    part = home_of(client, inspector_headers)["issues"]
    assert part["awaiting"] == 1
    assert [issue["id"] for issue in part["latest"]] == [visit.issues[0].id]
    assert part["latest"][0]["site_name"] == "Central Suite"


def test_an_inspector_of_another_suite_is_awaited_for_nothing(
    client, visit, login, harbour_inspector
):
    part = home_of(client, login(harbour_inspector))["issues"]
    assert part == {"awaiting": 0, "latest": []}


def test_a_manager_is_awaited_for_the_overdue_issues_and_counts_them(
    client, visit, suite, manager_headers
):
    assert home_of(client, manager_headers)["issues"]["awaiting"] == 0
    visit.issues[0].raised_at -= timedelta(days=suite.scheme.acknowledge_days + 1)
    db.session.commit()

    found = home_of(client, manager_headers)
    assert found["issues"]["awaiting"] == 1
    assert found["issues"]["latest"][0]["overdue"] is True
    assert found["counts"]["overdue_issues"] == 1
    assert found["coming"] == []


def test_a_visitor_hears_of_an_issue_answered_since_their_latest_visit(
    client, visit, inspector, visitor_headers
):
    assert home_of(client, visitor_headers)["issues"]["awaiting"] == 0

    issues.acknowledge(visit.issues[0], inspector, "Hot drinks are now offered at 02:00.")

    part = home_of(client, visitor_headers)["issues"]
    assert part["awaiting"] == 1
    assert part["latest"][0]["response"] == "Hot drinks are now offered at 02:00."


def test_an_answer_before_the_visitors_next_visit_no_longer_awaits_them(
    client, visit, suite, manager, visitor, partner, inspector, visitor_headers
):
    issues.acknowledge(visit.issues[0], inspector, "Hot drinks are now offered at 02:00.")
    log_visit(suite, manager, [visitor, partner], JUNE_DAY)
    visit.issues[0].acknowledged_at = datetime.fromisoformat(MAY_DAY) + timedelta(days=2)
    db.session.commit()

    assert home_of(client, visitor_headers)["issues"]["awaiting"] == 0


def test_a_visitor_counts_their_drafts_and_never_sees_another_visitors(
    client, suite, visitor, partner, third_visitor, visitor_headers, login
):
    log_visit(suite, visitor, [visitor, partner], MAY_DAY, status="draft")

    assert home_of(client, visitor_headers)["counts"]["drafts"] == 1
    assert home_of(client, login(third_visitor))["counts"]["drafts"] == 0


def test_a_viewer_gets_notifications_only(client, visit, viewer_headers):
    found = home_of(client, viewer_headers)
    assert found["coming"] == [] and found["counts"] == {}
    assert found["issues"] == {"awaiting": 0, "latest": []}


def test_another_schemes_manager_sees_nothing_of_this_scheme(client, visit, other_manager_headers):
    found = home_of(client, other_manager_headers)
    assert found["issues"] == {"awaiting": 0, "latest": []}
    assert found["notifications"] == {"unread": 0, "latest": []}


def test_unread_notifications_are_counted_with_the_latest_few(client, visit, inspector_headers):
    part = home_of(client, inspector_headers)["notifications"]
    assert part["unread"] >= 1
    assert part["latest"][0]["kind"] == "issue_raised"
    assert len(part["latest"]) <= home.LATEST


# The validator -------------------------------------------------------------------------------


def test_an_unchanged_home_answers_its_validator_with_an_empty_304(
    client, visit, inspector_headers
):
    etag = client.get(HOME, headers=inspector_headers).headers["ETag"]

    response = client.get(HOME, headers={**inspector_headers, "If-None-Match": etag})

    assert response.status_code == 304 and response.get_data() == b""


def test_reading_a_notice_changes_the_homes_validator(client, visit, inspector_headers):
    etag = client.get(HOME, headers=inspector_headers).headers["ETag"]
    client.post("/api/v1/notifications", json={}, headers=inspector_headers)

    response = client.get(HOME, headers={**inspector_headers, "If-None-Match": etag})

    assert response.status_code == 200
    assert response.get_json()["notifications"]["unread"] == 0


def test_an_answered_issue_changes_the_visitors_validator(
    client, visit, inspector, visitor_headers
):
    etag = client.get(HOME, headers=visitor_headers).headers["ETag"]
    issues.acknowledge(visit.issues[0], inspector, "Hot drinks are now offered at 02:00.")

    response = client.get(HOME, headers={**visitor_headers, "If-None-Match": etag})

    assert response.status_code == 200
