"""The private calendar feed: its secret, what it holds (only the owner's claims and plan
items, as slot windows in UTC), and valid iCalendar text."""

from datetime import date

import pytest

from api.framework.logs import redact
from icv.calendar import feed, ical
from icv.models import CalendarToken
from icv.people.people import update_person
from icv.scheduling.claims import answer_claim, withdraw_claim
from tests.support.claims import MAY_2023, MORNING, claim_body, place_claim, week_ahead
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_site, move
from tests.support.visits import make_visitors

TOKEN = "/api/v1/me/calendar-token"
MAY_8 = date(2023, 5, 8)


@pytest.fixture
def team(scheme):
    return make_visitors(scheme, 3)


def new_token(client, headers) -> str:
    response = client.post(TOKEN, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def feed_url(token: str) -> str:
    return f"/api/v1/calendar/{token}.ics"


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def events_of(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in unfolded(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def feed_of(person, today: date | None = None) -> str:
    """The person's feed as it reads on `today` (default: the Monday 1 May 2023)."""
    return feed.feed(person, today or MAY_2023.date(), "icv.example")


# The secret ----------------------------------------------------------------------------------


def test_a_visitor_gets_a_feed_secret_and_its_address(client, login, visitor):
    response = client.post(TOKEN, headers=login(visitor))

    assert response.status_code == 201
    body = response.get_json()
    assert len(body["token"]) >= 40
    assert body["url"].endswith(feed_url(body["token"]))
    assert response.headers["Cache-Control"] == "no-store"


def test_only_a_hash_of_the_secret_is_stored(client, login, visitor, ctx):
    token = new_token(client, login(visitor))

    row = ctx.get(CalendarToken, visitor.id)

    assert row.token_hash != token
    assert token not in row.token_hash
    assert count_rows("calendar_token") == 1


def test_the_feed_answers_without_a_sign_in(client, login, visitor):
    token = new_token(client, login(visitor))

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_new_secret_ends_the_old_one(client, login, visitor):
    headers = login(visitor)
    old = new_token(client, headers)

    new = new_token(client, headers)

    assert_problem(client.get(feed_url(old)), 404)
    assert client.get(feed_url(new)).status_code == 200
    assert count_rows("calendar_token") == 1


def test_an_unknown_secret_is_not_found(client, visitor):
    assert_problem(client.get(feed_url("not-a-secret-anyone-was-given")), 404)


def test_the_feed_stops_when_its_person_leaves(client, login, visitor):
    token = new_token(client, login(visitor))

    move(visitor, "left", date(2024, 1, 31), leave_reason="Moved away")

    assert_problem(client.get(feed_url(token)), 404)
    assert count_rows("calendar_token") == 0


def test_the_feed_stops_when_its_person_is_suspended_and_stays_stopped_after(
    client, login, visitor
):
    token = new_token(client, login(visitor))

    move(visitor, "suspended")
    move(visitor, "active")

    assert_problem(client.get(feed_url(token)), 404)


def test_the_feed_stops_when_its_person_is_no_longer_a_visitor(client, login, visitor, suite):
    token = new_token(client, login(visitor))

    update_person(visitor, None, {"roles": ["inspector"], "aws": False, "site_ids": [suite.id]})

    assert_problem(client.get(feed_url(token)), 404)


def test_a_new_secret_is_audited_without_the_secret(client, login, manager, visitor):
    token = new_token(client, login(visitor))

    events = client.get(
        f"/api/v1/audit?entity=calendar_token&entity_id={visitor.id}", headers=login(manager)
    ).get_json()

    assert [(event["actor_id"], event["action"]) for event in events] == [(visitor.id, "rotate")]
    assert token not in str(events)


# What the feed holds -------------------------------------------------------------------------


def test_the_feed_holds_the_visitors_claims_as_slot_windows_in_utc(suite, visitor):
    claim = place_claim(suite, visitor, MAY_8, "Mon", MORNING, now=MAY_2023)

    (event,) = events_of(feed_of(visitor))

    assert event["UID"] == f"claim-{claim.id}-20230508@icv.example"
    assert (event["DTSTART"], event["DTEND"]) == ("20230508T070000Z", "20230508T110000Z")
    assert event["SUMMARY"] == "Visit: Central Suite (claimed)"
    assert event["STATUS"] == "TENTATIVE"


def test_a_winter_slot_is_the_same_hours_in_utc(suite, visitor):
    winter = date(2023, 12, 4)
    place_claim(suite, visitor, winter, "Mon", "20:00-23:59", now=MAY_2023)

    (event,) = events_of(feed_of(visitor))

    assert (event["DTSTART"], event["DTEND"]) == ("20231204T200000Z", "20231205T000000Z")


def test_a_claim_accepted_by_the_partner_is_confirmed_in_both_their_feeds(suite, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)
    answer_claim(claim, team[0], "accepted", today=MAY_2023.date())

    assert [event["STATUS"] for event in events_of(feed_of(visitor))] == ["CONFIRMED"]
    assert [event["STATUS"] for event in events_of(feed_of(team[0]))] == ["CONFIRMED"]


def test_a_partner_who_declined_does_not_have_the_claim(suite, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)
    answer_claim(claim, team[0], "declined", today=MAY_2023.date())

    assert events_of(feed_of(team[0])) == []
    assert len(events_of(feed_of(visitor))) == 1


def test_a_withdrawn_claim_leaves_the_feed(suite, visitor):
    claim = place_claim(suite, visitor, MAY_8, now=MAY_2023)
    withdraw_claim(claim, visitor, today=MAY_2023.date())

    assert events_of(feed_of(visitor)) == []


def test_a_weekend_slot_at_the_dog_unit_is_an_event_on_each_day(dog_unit, visitor):
    place_claim(dog_unit, visitor, MAY_8, "Sat/Sun", "15:00-20:00", now=MAY_2023)

    events = events_of(feed_of(visitor))

    assert [event["DTSTART"] for event in events] == ["20230513T140000Z", "20230514T140000Z"]
    assert len({event["UID"] for event in events}) == 2


def test_the_feed_holds_plan_items_naming_the_visitor(client, login, manager, suite, team):
    plan = {"site_ids": [suite.id], "from": week_ahead().isoformat(), "weeks": 2, "seed": 4}
    body = client.post("/api/v1/plans", json=plan, headers=login(manager)).get_json()
    mine = [item for item in body["items"] if team[0].id in item["visitor_ids"]]

    events = events_of(
        client.get(feed_url(new_token(client, login(team[0])))).get_data(as_text=True)
    )

    assert sorted(event["UID"].split("@")[0] for event in events) == sorted(
        f"plan-item-{item['id']}-{item['dates'][0].replace('-', '')}" for item in mine
    )
    assert all(event["SUMMARY"] == "Visit: Central Suite (planned)" for event in events)


def test_a_plan_item_the_visitor_declined_is_not_in_their_feed(client, login, manager, suite, team):
    plan = {"site_ids": [suite.id], "from": week_ahead().isoformat(), "weeks": 1}
    (item,) = client.post("/api/v1/plans", json=plan, headers=login(manager)).get_json()["items"]
    person = next(person for person in team if person.id in item["visitor_ids"])
    headers = login(person)
    client.post(f"/api/v1/plan-items/{item['id']}/decline", headers=headers)

    assert events_of(client.get(feed_url(new_token(client, headers))).get_data(as_text=True)) == []


def test_the_feed_holds_nothing_of_anyone_else(client, login, suite, second_suite, visitor, team):
    own = client.post(
        "/api/v1/claims", json=claim_body(suite, week_ahead()), headers=login(visitor)
    ).get_json()
    other = client.post(
        "/api/v1/claims",
        json=claim_body(second_suite, week_ahead(), partner_id=team[1].id),
        headers=login(team[0]),
    ).get_json()

    text = client.get(feed_url(new_token(client, login(visitor)))).get_data(as_text=True)

    assert [event["UID"].split("-")[1] for event in events_of(text)] == [str(own["id"])]
    assert f"claim-{other['id']}-" not in text
    assert second_suite.name not in text


def test_an_event_never_names_the_other_visitor(suite, visitor, team):
    place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    text = feed_of(visitor) + feed_of(team[0])

    assert visitor.name not in text and team[0].name not in text


def test_claims_weeks_gone_by_leave_the_feed(suite, visitor):
    place_claim(suite, visitor, MAY_8, now=MAY_2023)

    assert events_of(feed_of(visitor, today=date(2023, 7, 3))) == []


# Valid iCalendar -----------------------------------------------------------------------------


def test_the_feed_is_valid_icalendar_text(client, login, scheme, visitor):
    site = make_site(scheme, "Northshire Central Custody Suite, Police HQ; Block B " * 2)
    client.post("/api/v1/claims", json=claim_body(site, week_ahead()), headers=login(visitor))

    raw = client.get(feed_url(new_token(client, login(visitor)))).get_data()

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    assert any(line.startswith(b" ") for line in physical)
    lines = unfolded(raw.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert {"VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"} <= set(lines)
    assert any(line.startswith("PRODID:") for line in lines)
    (event,) = events_of(raw.decode())
    assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"} <= set(event)
    assert "\\," in event["SUMMARY"] and "\\;" in event["SUMMARY"]


def test_text_values_are_escaped():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100

    folded = ical.fold(line)

    physical = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


# Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["inspector", "viewer", "manager"])
def test_only_visitors_get_a_feed_secret(request, client, login, suite, role):
    assert_problem(client.post(TOKEN, headers=login(request.getfixturevalue(role))), 403)
    assert count_rows("calendar_token") == 0


def test_a_feed_secret_needs_a_sign_in(client):
    assert client.post(TOKEN).status_code == 401


def test_the_access_log_never_holds_a_calendar_token():
    line = redact("GET /api/v1/calendar/Zq8-secret_token.ics HTTP/1.1")

    assert "Zq8-secret_token" not in line
    assert line == "GET /api/v1/calendar/[redacted] HTTP/1.1"
