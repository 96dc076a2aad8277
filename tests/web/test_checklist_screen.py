"""The manager keeps the scheme's checklists from the app: adds an item, relabels one, retires
one; the next visit form on a visitor's phone asks exactly the active items, by their labels."""

import uuid

import pytest

from tests.support.browser import bearer, screenshot, serious_violations

sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
expect = sync_api.expect


def suite_checklist(server) -> list[dict]:
    answer = server.request("GET", "/api/v1/checklists", headers=bearer(server, "visitor"))
    return answer.body["suite"]


def open_checklists(phone):
    """The manager's Checklists screen with the suite's checklist unfolded."""
    manager = phone("manager")
    manager.open("checklists")
    manager.page.locator('details[data-kind="suite"] > summary').click()
    return manager.page


def test_an_item_added_relabelled_and_retired_in_the_app_is_what_a_visit_asks(phone, server):
    first, second = [item for item in suite_checklist(server) if item["active"]][:2]
    new_label = f"Hearing loop at the desk {uuid.uuid4().hex[:4]}"
    page = open_checklists(phone)
    suite = page.locator('details[data-kind="suite"]')

    suite.get_by_label("New item for Suite checks").fill(new_label)
    expect(suite).to_contain_text("Its key: hearing_loop_at_the_desk_")
    suite.get_by_role("button", name="Add to Suite checks").click()
    expect(suite.locator("input[data-key]").last).to_have_value(new_label)
    renamed = page.locator(f'[data-item="suite-{first["key"]}"]')
    renamed.get_by_role("textbox").fill(f"{first['label']} and dry")
    renamed.get_by_role("button", name="Save").click()
    expect(page.locator(f'[data-item="suite-{first["key"]}"] input')).to_have_value(
        f"{first['label']} and dry"
    )
    retired = page.locator(f'[data-item="suite-{second["key"]}"]')
    retired.get_by_role("button", name="Retire").click()
    expect(retired).to_contain_text("retired")
    expect(retired.get_by_role("button", name="Bring back")).to_be_visible()
    screenshot(page, "manager-checklists-suite")
    assert serious_violations(page) == []

    by_key = {item["key"]: item for item in suite_checklist(server)}
    assert by_key[first["key"]]["label"] == f"{first['label']} and dry"
    assert by_key[second["key"]]["active"] is False
    assert any(item["label"] == new_label and item["active"] for item in by_key.values())

    visitor = phone("visitor").page
    visitor.get_by_role("link", name="Record a visit").click()
    visitor.get_by_label("Site", exact=True).select_option(label="Suite A")
    expect(visitor.get_by_label(new_label, exact=True)).to_be_visible()
    expect(visitor.get_by_label(f"{first['label']} and dry", exact=True)).to_be_visible()
    expect(visitor.get_by_label(second["label"], exact=True)).to_have_count(0)


def test_a_retired_item_is_brought_back(phone, server):
    item = next(item for item in suite_checklist(server) if item["active"])
    page = open_checklists(phone)
    row = page.locator(f'[data-item="suite-{item["key"]}"]')
    row.get_by_role("button", name="Retire").click()
    expect(row.get_by_role("button", name="Bring back")).to_be_visible()

    row.get_by_role("button", name="Bring back").click()

    expect(row.get_by_role("button", name="Retire")).to_be_visible()
    assert next(one for one in suite_checklist(server) if one["key"] == item["key"])["active"]


def test_an_item_the_api_refuses_says_why_and_adds_nothing(phone, server):
    existing = suite_checklist(server)[0]
    before = len(suite_checklist(server))
    page = open_checklists(phone)
    suite = page.locator('details[data-kind="suite"]')

    suite.get_by_label("New item for Suite checks").fill(existing["key"].replace("_", " "))
    suite.get_by_role("button", name="Add to Suite checks").click()

    expect(suite.locator(".add-item .notice-error")).to_be_visible()
    assert len(suite_checklist(server)) == before


def test_a_visitor_is_not_offered_the_checklists_screen(phone):
    visitor = phone("visitor")
    visitor.page.goto("/#/checklists")
    expect(visitor.page.locator("main")).not_to_have_attribute("data-screen", "checklists")
    expect(visitor.page.get_by_role("link", name="Checklists")).to_have_count(0)


def test_a_screen_opened_while_the_landing_one_still_draws_is_not_drawn_over(phone):
    """The manager lands on Coverage (slow: a year's heat map) and opens Checklists at once:
    Coverage's late answer must not replace the screen now shown."""
    page = phone("manager").page

    page.goto("/#/checklists")
    expect(page.locator("main h1")).to_have_text("Checklists")
    page.wait_for_load_state("networkidle")

    expect(page.locator("main h1")).to_have_text("Checklists")
    expect(page.locator("main")).to_have_attribute("data-screen", "checklists")
    expect(page.locator("main table.heat")).to_have_count(0)
