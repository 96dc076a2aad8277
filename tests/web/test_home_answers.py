"""A visitor answers from their home what is coming up for them: a planned visit or a colleague's
claim naming them is accepted or declined, their own claim withdrawn, each a tap on its card."""

from datetime import date, timedelta

import pytest

from tests.support.browser import bearer, screenshot, serious_violations

sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
expect = sync_api.expect

HOME = "/api/v1/me/home"


def coming(server, kind: str) -> list[dict]:
    answer = server.request("GET", HOME, headers=bearer(server, "visitor"))
    return [entry for entry in answer.body["coming"] if entry["kind"] == kind]


def my_id(server) -> int:
    return server.request("GET", "/api/v1/me", headers=bearer(server, "visitor")).body["id"]


def a_claim_naming_the_visitor_as_partner(server) -> int:
    """The manager claims an open custody slot of the coming weeks for a colleague, with the demo
    visitor as partner (the first colleague the rules let go there with them)."""
    manager, visitor_id = bearer(server, "manager"), my_id(server)
    suites = {
        site["id"]
        for site in server.request("GET", "/api/v1/sites", headers=manager).body
        if site["kind"] == "custody_suite"
    }
    slots = server.request(
        "GET", "/api/v1/slots/open?weeks=3&page_size=100", headers=bearer(server, "visitor")
    ).body
    slot = max(
        (slot for slot in slots if slot["site_id"] in suites), key=lambda slot: slot["dates"][0]
    )
    colleagues = server.request("GET", "/api/v1/colleagues", headers=bearer(server, "visitor"))
    for colleague in colleagues.body:
        claimed = server.request(
            "POST",
            "/api/v1/claims",
            {
                **{key: slot[key] for key in ("site_id", "week_start", "day", "band")},
                "claimant_id": colleague["id"],
                "partner_id": visitor_id,
            },
            headers=manager,
        )
        if claimed.status == 201:
            return claimed.body["id"]
    raise AssertionError("no colleague may claim an open slot with the demo visitor")


def a_plan_item_naming_the_visitor(server) -> int:
    """A planned visit naming the demo visitor: the demo's plan, or the manager plans the coming
    weeks again until the planner's draw names them."""
    manager, sites = bearer(server, "manager"), None
    for seed in range(40):
        if items := coming(server, "plan_item"):
            return items[0]["id"]
        for plan in server.request("GET", "/api/v1/plans?page_size=100", headers=manager).body:
            server.request("DELETE", f"/api/v1/plans/{plan['id']}", headers=manager)
        sites = sites or [
            site["id"] for site in server.request("GET", "/api/v1/sites", headers=manager).body
        ]
        monday = coming_monday(server)
        body = {"site_ids": sites, "from": monday, "weeks": 4, "seed": seed}
        created = server.request("POST", "/api/v1/plans", body, headers=manager)
        assert created.status == 201, created.body
    raise AssertionError("no plan of forty named the demo visitor")


def coming_monday(server) -> str:
    today = server.request("GET", HOME, headers=bearer(server, "visitor")).body["today"]
    day = date.fromisoformat(today)
    return (day + timedelta(days=7 - day.weekday())).isoformat()


def card(page, kind: str, entry_id: int):
    return page.locator(f'[data-coming="{kind}-{entry_id}"]')


def test_a_partner_accepts_a_colleagues_claim_from_their_home(phone, server):
    claim_id = a_claim_naming_the_visitor_as_partner(server)
    page = phone("visitor").page
    offered = card(page, "claim", claim_id)
    expect(offered).to_contain_text("claimed it with you: awaiting your answer")

    offered.get_by_role("button", name="Accept").click()

    expect(card(page, "claim", claim_id)).to_contain_text("claimed it with you: you accepted")
    expect(card(page, "claim", claim_id).get_by_role("button", name="Accept")).to_have_count(0)
    screenshot(page, "visitor-home-answers")
    assert serious_violations(page) == []
    claim = server.request("GET", f"/api/v1/claims/{claim_id}", headers=bearer(server, "visitor"))
    assert claim.body["partner_response"] == "accepted"


def test_a_planned_visit_is_declined_from_the_home_and_leaves_it(phone, server):
    item_id = a_plan_item_naming_the_visitor(server)
    page = phone("visitor").page
    planned = card(page, "plan_item", item_id)
    expect(planned).to_contain_text("awaiting your answer")

    planned.get_by_role("button", name="Decline").click()

    expect(card(page, "plan_item", item_id)).to_have_count(0)
    assert item_id not in [entry["id"] for entry in coming(server, "plan_item")]


def test_withdrawing_an_own_claim_asks_first_and_keep_it_changes_nothing(phone, server):
    [own] = [entry for entry in coming(server, "claim") if entry["answers"] == ["withdraw"]][:1]
    page = phone("visitor").page
    mine = card(page, "claim", own["id"])

    mine.get_by_role("button", name="Withdraw").click()
    expect(mine).to_contain_text("Withdraw this claim?")
    mine.get_by_role("button", name="Keep it").click()
    expect(mine.get_by_role("button", name="Withdraw")).to_be_visible()
    assert own["id"] in [entry["id"] for entry in coming(server, "claim")]

    mine.get_by_role("button", name="Withdraw").click()
    mine.get_by_role("button", name="Yes, withdraw it").click()

    expect(card(page, "claim", own["id"])).to_have_count(0)
    claim = server.request("GET", f"/api/v1/claims/{own['id']}", headers=bearer(server, "visitor"))
    assert claim.body["status"] == "withdrawn"


def test_an_answer_offline_says_so_and_changes_nothing(phone, server):
    claim_id = a_claim_naming_the_visitor_as_partner(server)
    visitor = phone("visitor")
    offered = card(visitor.page, "claim", claim_id)
    expect(offered).to_be_visible()

    visitor.context.set_offline(True)
    offered.get_by_role("button", name="Decline").click()

    expect(offered).to_contain_text("You are offline")
    visitor.context.set_offline(False)
    claim = server.request("GET", f"/api/v1/claims/{claim_id}", headers=bearer(server, "visitor"))
    assert claim.body["partner_response"] == "pending"
