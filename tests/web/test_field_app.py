"""The field app in a real browser at a phone's size, as its people use it.

One gunicorn with the demo serves the module; each test opens its own browser context (its
own cookies, IndexedDB, caches and service worker), as a fresh phone would.
"""

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.browser import (
    DEMO_PASSWORDS,
    bearer,
    draft_saved,
    local_input,
    reload_once_saved,
    screenshot,
    serious_violations,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
expect = sync_api.expect


# The visitor records a visit offline ---------------------------------------------------------


def fill_visit(page, refs: list[str], arrived: datetime) -> None:
    page.get_by_label("Site", exact=True).select_option(label="Suite A")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    page.get_by_label("Arrived at the station").fill(local_input(arrived))
    page.get_by_label("Admitted to the suite").fill(local_input(arrived + timedelta(minutes=4)))
    expect(page.get_by_label("Reason given for the delay")).to_have_count(0)
    page.get_by_label("Admitted to the suite").fill(local_input(arrived + timedelta(minutes=12)))
    page.get_by_label("Reason given for the delay").fill("Staff handover at the desk")
    for ref in refs:
        page.get_by_label("Custody or cell reference").fill(ref)
        page.get_by_role("button", name="Add detainee").click()
    first, second, third = (page.locator(f'fieldset.detainee[data-ref="{ref}"]') for ref in refs)
    first.get_by_role("button", name="Seen").click()
    first.locator("select").nth(3).select_option("yes")  # the first observation
    second.get_by_role("button", name="Refused").click()
    second.get_by_label(f"Why ({refs[1]})").fill("Did not want to talk tonight")
    third.get_by_role("button", name="Asleep / observed").click()
    page.get_by_role("button", name="Add an issue").click()
    issue = page.locator("fieldset.issue").first
    issue.get_by_label("Category").select_option("food_and_drink")
    issue.get_by_label("What is it?").fill("No hot meal offered since 14:00")
    issue.get_by_role("button", name="A detainee").click()
    issue.get_by_label("Which detainee").select_option(refs[0])
    page.get_by_label("Cells clean", exact=True).select_option("ok")
    page.get_by_label("Told (name)").fill("PS Amir Khan")
    page.get_by_label("Their rank").select_option("sergeant")
    page.get_by_label("What you told them").fill("The hot meal was arranged at once.")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=70)))


def test_a_visit_recorded_offline_reaches_the_api_once_with_every_field(phone, server):
    visitor = phone("visitor")
    page = visitor.page
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    visitor.service_worker_in_control()
    visit_id = page.url.rsplit("/", 1)[1]
    refs = [f"CU/{uuid.uuid4().hex[:6].upper()}" for _ in range(3)]
    arrived = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2)

    visitor.context.set_offline(True)
    fill_visit(page, refs, arrived)
    reload_once_saved(page)
    expect(page.get_by_role("heading", name="Detainees (3)")).to_be_visible()
    expect(page.get_by_label("Reason given for the delay")).to_have_value(
        "Staff handover at the desk"
    )
    screenshot(page, "visitor-record-visit-offline")
    page.get_by_role("button", name="Submit visit").click()
    expect(page.locator(f'[data-visit-id="{visit_id}"]')).to_contain_text("Waiting to send")
    screenshot(page, "visitor-my-visits-waiting")
    visitor.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator(f'[data-visit-id="{visit_id}"]')).to_contain_text("Sent")

    headers = bearer(server, "visitor")
    visit = server.request("GET", f"/api/v1/visits/{visit_id}", headers=headers).body
    listed = server.request("GET", "/api/v1/visits?page_size=100", headers=headers).body
    assert [v["id"] for v in listed].count(visit_id) == 1
    assert sum(v["arrived_at"] == visit["arrived_at"] for v in listed) == 1
    assert visit["status"] == "submitted"
    assert visit["access_delay_minutes"] == 12
    assert visit["access_delay_reason"] == "Staff handover at the desk"
    assert visit["single_visitor_reason"] == "Partner ill on the day"
    assert [(d["ref"], d["outcome"]) for d in visit["detainees"]] == [
        (refs[0], "seen"),
        (refs[1], "refused"),
        (refs[2], "asleep_observed"),
    ]
    assert list(visit["detainees"][0]["observations"].values()) == ["yes"]
    assert visit["detainees"][1]["reason"] == "Did not want to talk tonight"
    assert [(i["category"], i["detainee_ref"], i["raised_by"]) for i in visit["issues"]] == [
        ("food_and_drink", refs[0], "detainee")
    ]
    assert visit["checks"] == {"cells_clean": {"result": "ok", "note": None}} or visit[
        "checks"
    ] == {"cells_clean": {"result": "ok"}}
    assert visit["feedback"]["to_name"] == "PS Amir Khan"
    assert visit["duration_minutes"] == 70


def test_sign_out_is_blocked_by_an_unsent_visit_and_then_leaves_no_detainee_ref(phone):
    visitor = phone("visitor")
    page = visitor.page
    page.get_by_role("link", name="Record a visit").click()
    ref = f"CU/{uuid.uuid4().hex[:6].upper()}"
    page.get_by_label("Custody or cell reference").fill(ref)
    page.get_by_role("button", name="Add detainee").click()
    expect(page.get_by_role("heading", name="Detainees (1)")).to_be_visible()
    draft_saved(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign out?")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("1 draft")
    screenshot(page, "visitor-sign-out-blocked")
    assert ref in visitor.local_traces()

    page.evaluate(
        """async () => { await new Promise((ok) => { const r = indexedDB.open("icv-field-app");
        r.onsuccess = () => { const t = r.result.transaction("visits", "readwrite");
        t.objectStore("visits").getAll().onsuccess = (e) => { for (const v of e.target.result)
        t.objectStore("visits").put({...v, state: "sent"}); }; t.oncomplete = () => {
        r.result.close(); ok(); }; }; }); }"""
    )
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    assert ref not in visitor.local_traces()
    assert page.evaluate("document.cookie") == ""


# Claims ----------------------------------------------------------------------------------------


def a_slot_with_another_site_open_that_week(slots: list[dict]) -> dict:
    """A refused claim is offered the other open sites of its week: a week with two is needed."""
    for slot in slots:
        if any(
            o["week_start"] == slot["week_start"] and o["site_id"] != slot["site_id"] for o in slots
        ):
            return slot
    raise AssertionError("no week of the coming four has two sites open")


def test_a_claim_refused_with_409_offers_alternatives_and_one_is_taken(phone, server):
    manager = bearer(server, "manager")
    for plan in server.request("GET", "/api/v1/plans?page_size=100", headers=manager).body:
        server.request("DELETE", f"/api/v1/plans/{plan['id']}", headers=manager)  # the demo's
    slots = server.request(
        "GET", "/api/v1/slots/open?weeks=4&page_size=100", headers=bearer(server, "visitor")
    ).body
    taken = a_slot_with_another_site_open_that_week(slots)
    day = date.fromisoformat(taken["dates"][0])
    visitor = phone("visitor")
    visitor.open("slots")
    first = (
        visitor.page.locator("li.slot")
        .filter(has_text=taken["site_name"])
        .filter(has_text=taken["band"])
        .filter(has_text=f"{day:%a} {day.day} {day:%b}")
        .first
    )
    expect(first).to_be_visible()
    claimed = server.request(
        "POST",
        "/api/v1/claims",
        {k: taken[k] for k in ("site_id", "week_start", "day", "band")},
        headers=bearer(server, "visitor"),
    )
    assert claimed.status == 201, claimed.body

    first.get_by_role("button").click()
    result = visitor.page.locator(".claim-result")
    expect(result).to_contain_text("already has its visit")
    alternative = result.locator("button.alternative").first
    expect(alternative).to_be_visible()
    screenshot(visitor.page, "visitor-claim-alternatives")
    alternative.click()

    expect(result).to_contain_text("Claimed:")
    mine = server.request("GET", "/api/v1/claims", headers=bearer(server, "visitor")).body
    assert len([claim for claim in mine if claim["status"] == "live"]) >= 2


# Manager ---------------------------------------------------------------------------------------


def test_the_heat_map_marks_exactly_the_uncovered_slots_of_coverage(phone, server):
    manager = phone("manager")
    manager.open("coverage")
    page = manager.page
    page.get_by_label("Financial year").select_option(label="2023/24")
    for site_id in ("1", "2"):
        page.get_by_label("Site", exact=True).select_option(site_id)
        table = page.locator(f'table.heat[data-site-id="{site_id}"]')
        expect(table).to_be_visible()
        coverage = server.request(
            "GET",
            f"/api/v1/coverage?site_id={site_id}&year=2023",
            headers=bearer(server, "manager"),
        ).body
        marked = table.locator("td.uncovered").evaluate_all(
            "cells => cells.map(c => [c.dataset.day, c.dataset.band])"
        )
        assert sorted(map(tuple, marked)) == sorted(
            (slot["day"], slot["band"]) for slot in coverage["uncovered"]
        )
        assert coverage["uncovered"], "the demo year leaves some slots uncovered"
    screenshot(page, "manager-coverage")


def test_a_manager_makes_a_plan_and_sees_it(phone):
    manager = phone("manager")
    manager.open("plans")
    manager.page.get_by_role("button", name="Make a plan").click()
    expect(manager.page.get_by_role("heading", name="The plan you made")).to_be_visible()
    screenshot(manager.page, "manager-plan")


# Inspector and visitor -----------------------------------------------------------------------


def raise_issue(server) -> int:
    now = datetime.now(UTC).replace(microsecond=0)
    body = {
        "id": str(uuid.uuid4()),
        "site_id": 1,
        "visitor_ids": [2],
        "single_visitor_reason": "Partner ill",
        "arrived_at": (now - timedelta(hours=3)).isoformat(),
        "admitted_at": (now - timedelta(hours=3)).isoformat(),
        "departed_at": (now - timedelta(hours=2)).isoformat(),
        "issues": [
            {
                "category": "cell_and_contents",
                "description": f"Cell 4 has no blanket ({uuid.uuid4().hex[:4]})",
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
        "feedback": {
            "to_name": "PS Khan",
            "to_rank": "sergeant",
            "at": (now - timedelta(hours=2)).isoformat(),
            "summary": "Blanket missing in cell 4",
        },
        "status": "submitted",
    }
    answer = server.request("POST", "/api/v1/visits", body, headers=bearer(server, "visitor"))
    assert answer.status == 201, answer.body
    return answer.body["issues"][0]["id"]


def test_an_inspector_acknowledges_and_the_visitor_sees_the_response(phone, server):
    issue_id = raise_issue(server)
    inspector = phone("inspector")
    inspector.open("issues")
    card = inspector.page.locator(f'li[data-issue-id="{issue_id}"]')
    card.get_by_label("Your response").fill("Blankets restocked in every cell at 21:00.")
    card.get_by_role("button", name="Acknowledge").click()
    expect(card).to_contain_text("Acknowledged")
    screenshot(inspector.page, "inspector-acknowledged")
    nav = inspector.page.get_by_role("navigation", name="Main")
    for refused in ("Coverage", "Plans", "Claims", "Open slots"):
        expect(nav.get_by_role("link", name=refused)).to_have_count(0)

    visitor = phone("visitor")
    visitor.open("issues")
    visitor.page.get_by_label("Show").select_option("acknowledged")
    expect(visitor.page.locator(f'li[data-issue-id="{issue_id}"]')).to_contain_text(
        "Blankets restocked in every cell at 21:00."
    )
    screenshot(visitor.page, "visitor-sees-the-response")


# Viewer ------------------------------------------------------------------------------------------


def test_a_viewer_opens_the_printable_report(phone):
    viewer = phone("viewer")
    viewer.open("stats")
    viewer.page.get_by_label("Financial year").select_option(label="2023/24")
    expect(viewer.page.locator("dl.figures")).to_contain_text("101")
    screenshot(viewer.page, "viewer-year-2023")
    with viewer.page.expect_popup() as popup:
        viewer.page.get_by_role("link", name="Open the printable report").click()
    report = popup.value
    report.wait_for_load_state()
    assert re.search(r"2023/24", report.content())
    assert "/api/v1/reports/annual/2023.html" in report.url
    report.close()


# Accessibility, and a screenshot of every screen -------------------------------------------------

SCREENS = {
    "visitor": ["home", "visit", "visits", "slots", "calendar", "hours", "issues", "notifications"],
    "manager": [
        "coverage",
        "uncovered",
        "plans",
        "claims",
        "issues",
        "people",
        "targets",
        "checklists",
        "notifications",
        "stats",
    ],
    "inspector": ["issues", "notifications"],
    "viewer": ["stats"],
}


def test_the_sign_in_screen_has_no_serious_accessibility_violation(phone):
    signed_out = phone()
    signed_out.page.goto("/")
    expect(signed_out.page.get_by_role("button", name="Sign in")).to_be_visible()
    screenshot(signed_out.page, "sign-in")

    assert serious_violations(signed_out.page) == []


@pytest.mark.parametrize("role", list(SCREENS))
def test_every_screen_has_no_serious_accessibility_violation(phone, role):
    person = phone(role)
    found = {}
    for name in SCREENS[role]:
        person.open(name)
        screenshot(person.page, f"{role}-{name}")
        found[name] = serious_violations(person.page)

    assert {name: violations for name, violations in found.items() if violations} == {}


def test_the_app_shows_each_role_only_what_the_api_allows(phone):
    expected = {
        "viewer": {"Statistics", "Security"},
        "inspector": {"Issues", "Notifications", "Security"},
    }
    for role, links in expected.items():
        person = phone(role)
        nav = person.page.get_by_role("navigation", name="Main").get_by_role("link")
        assert set(nav.all_inner_texts()) == links, role


# The outbox's answers ----------------------------------------------------------------------------


def start_visit(page, arrived: datetime) -> str:
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    page.get_by_label("Site", exact=True).select_option(label="Suite B")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    page.get_by_label("Arrived at the station").fill(local_input(arrived))
    page.get_by_label("Admitted to the suite").fill(local_input(arrived + timedelta(minutes=2)))
    return page.url.rsplit("/", 1)[1]


def test_a_visit_the_api_refuses_with_422_shows_the_fields_to_fix(phone):
    visitor = phone("visitor")
    page = visitor.page
    visit_id = start_visit(page, datetime.now().replace(second=0) + timedelta(hours=3))
    page.get_by_label("Left the suite").fill(
        local_input(datetime.now().replace(second=0) + timedelta(hours=4))
    )

    page.get_by_role("button", name="Submit visit").click()

    card = page.locator(f'[data-visit-id="{visit_id}"]')
    expect(card).to_contain_text("Needs attention")
    expect(card).to_contain_text("arrived_at")
    card.get_by_role("link").click()
    expect(page.get_by_label("Arrived at the station")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "visitor-visit-to-fix")


def test_a_visit_sent_after_the_sign_in_ended_asks_to_sign_in_and_then_goes(phone, server):
    visitor = phone("visitor")
    page = visitor.page
    arrived = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=5)
    visit_id = start_visit(page, arrived)
    page.get_by_label("Told (name)").fill("PS Amir Khan")
    page.get_by_label("Their rank").select_option("sergeant")
    page.get_by_label("What you told them").fill("All well.")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=50)))
    visitor.context.clear_cookies()

    page.get_by_role("button", name="Submit visit").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nothing you recorded is lost")
    email, password = DEMO_PASSWORDS["visitor"]
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()

    visitor.open("visits")
    expect(page.locator(f'[data-visit-id="{visit_id}"]')).to_contain_text("Sent")
    answer = server.request("GET", f"/api/v1/visits/{visit_id}", headers=bearer(server, "visitor"))
    assert answer.status == 200 and answer.body["status"] == "submitted"
