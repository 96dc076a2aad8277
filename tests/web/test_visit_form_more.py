"""The visit form beyond a plain custody visit, in a real browser at a phone's size: dog-unit
visits with their dogs' welfare needs, abandoned visits, denied and TACT detainees, phone
visits, the API's field errors on the new fields, and folding the long form away.

Each visit goes through the outbox to the API and is read back from it.
"""

import uuid
from datetime import date, datetime, timedelta

import pytest

from tests.support.browser import (
    SCREENSHOTS,
    bearer,
    local_input,
    reload_once_saved,
    screenshot,
    serious_violations,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
expect = sync_api.expect


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:5].upper()}"


def earlier(hours: int) -> datetime:
    return datetime.now().replace(second=0, microsecond=0) - timedelta(hours=hours)


def new_visit(page) -> str:
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    return page.url.rsplit("/", 1)[1]


def times(page, arrived: datetime, minutes: int = 60) -> None:
    page.get_by_label("Arrived at the station").fill(local_input(arrived))
    page.get_by_label("Admitted to the suite").fill(local_input(arrived + timedelta(minutes=2)))


def submit_and_read(page, server, visit_id: str) -> dict:
    page.get_by_role("button", name="Submit visit").click()
    expect(page.locator(f'[data-visit-id="{visit_id}"]')).to_contain_text("Sent")
    headers = bearer(server, "visitor")
    listed = server.request("GET", "/api/v1/visits?page_size=100", headers=headers).body
    assert [visit["id"] for visit in listed].count(visit_id) == 1
    return server.request("GET", f"/api/v1/visits/{visit_id}", headers=headers).body


def my_id(server) -> int:
    return server.request("GET", "/api/v1/me", headers=bearer(server, "visitor")).body["id"]


def phone_screen(page, name: str, top) -> None:
    """What the phone's screen shows with `top` at its top (the docs' screenshots)."""
    top.evaluate("element => window.scrollTo(0, element.getBoundingClientRect().top + scrollY)")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def choose_outcome(page, outcome: str) -> None:
    page.get_by_role("group", name="How the visit went").get_by_role("button", name=outcome).click()


def dog_card(page, ref: str):
    return page.locator(f'fieldset.dog[data-ref="{ref}"]')


def add_dog(page, ref: str) -> None:
    page.get_by_label("Dog's reference").fill(ref)
    page.get_by_role("button", name="Add dog").click()
    expect(dog_card(page, ref)).to_be_visible()


def answer_need(card, need_label: str, result: str) -> None:
    need = card.get_by_role("group", name=need_label, exact=True)
    need.get_by_role("button", name=result).click()


def dog_check_label(server, key: str) -> str:
    lists = server.request("GET", "/api/v1/checklists", headers=bearer(server, "visitor")).body
    return next(item["label"] for item in lists["dog"] if item["key"] == key)


# Dog-unit visits -------------------------------------------------------------------------------


def test_a_dog_unit_offers_only_partners_who_may_visit_it(phone, server):
    page = phone("visitor").page
    new_visit(page)
    colleagues = server.request("GET", "/api/v1/colleagues", headers=bearer(server, "visitor")).body
    me = my_id(server)

    page.get_by_label("Site", exact=True).select_option(label="Dog Unit")

    offered = (
        page.get_by_label("Partner")
        .locator("option")
        .evaluate_all("options => options.map(o => o.value).filter(Boolean).map(Number)")
    )
    allowed = [c["id"] for c in colleagues if c["may_visit_dog_unit"] and c["id"] != me]
    assert sorted(offered) == sorted(allowed)
    assert any(not c["may_visit_dog_unit"] for c in colleagues), "the demo has others too"
    expect(page.locator("main")).to_contain_text("Only visitors on the animal welfare scheme")


def test_a_dog_unit_visit_with_two_dogs_reaches_the_api_once_with_every_field(phone, server):
    visitor = phone("visitor")
    page = visitor.page
    visit_id = new_visit(page)
    rex, nell = unique("PD-REX"), unique("PD-NELL")
    arrived = earlier(3)
    temperature = dog_check_label(server, "kennel_temperature")
    water = dog_check_label(server, "water_available")

    page.get_by_label("Site", exact=True).select_option(label="Dog Unit")
    partner = page.get_by_label("Partner").locator("option").nth(1).get_attribute("value")
    page.get_by_label("Partner").select_option(partner)
    times(page, arrived)
    expect(page.get_by_label("Custody or cell reference")).to_have_count(0)
    add_dog(page, rex)
    add_dog(page, nell)
    expect(page.get_by_role("heading", name="Dogs (2)")).to_be_visible()
    first, second = dog_card(page, rex), dog_card(page, nell)
    first.get_by_role("button", name="Force kennels").click()
    for need in ("Environment (kennel, vehicle)", "Normal behaviour"):
        answer_need(first, need, "OK")
    answer_need(first, "Diet and water", "Concern")
    first.get_by_label(f"What is the concern? (Diet and water, {rex})").fill(
        "Feeding record not kept since Monday"
    )
    answer_need(first, "Housed with or apart from other animals", "Not checked")
    first.get_by_label(f"Notes on {rex}").fill("Handler on leave")
    second.get_by_role("button", name="Home kennel").click()
    answer_need(second, "Environment (kennel, vehicle)", "OK")
    page.get_by_label(water, exact=True).select_option("ok")
    page.get_by_label(temperature, exact=True).select_option("concern")
    page.get_by_label(f"What is the concern? ({temperature})").fill("Kennel 2 at 31 degrees")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=65)))
    reload_once_saved(page)
    expect(dog_card(page, rex).get_by_label(f"Notes on {rex}")).to_have_value("Handler on leave")
    screenshot(page, "visitor-dog-unit-visit")
    phone_screen(page, "visitor-dog-unit-visit-a-dog", dog_card(page, rex))
    assert serious_violations(page) == []

    visit = submit_and_read(page, server, visit_id)

    assert visit["visitor_ids"] == sorted([my_id(server), int(partner)])
    assert visit["detainees"] == []
    dogs = {dog["ref"]: dog for dog in visit["dogs"]}
    assert dogs[rex]["location"] == "force_kennels"
    assert dogs[rex]["notes"] == "Handler on leave"
    assert dogs[rex]["needs"] == {
        "environment": {"result": "ok"},
        "diet": {"result": "concern", "note": "Feeding record not kept since Monday"},
        "normal_behaviour": {"result": "ok"},
        "housed_with_or_apart": {"result": "not_checked"},
        "protection_from_pain_injury_disease": {"result": "not_checked"},
    }
    assert dogs[nell]["location"] == "home_kennel"
    assert dogs[nell]["needs"]["environment"] == {"result": "ok"}
    assert visit["checks"]["kennel_temperature"]["note"] == "Kennel 2 at 31 degrees"
    assert visit["checks"]["water_available"]["result"] == "ok"
    assert [
        (issue["check_key"], issue["urgent"], issue["description"]) for issue in visit["issues"]
    ] == [("kennel_temperature", True, f"{temperature}: Kennel 2 at 31 degrees")]
    assert visit["duration_minutes"] == 65


def test_a_dog_welfare_concern_without_its_note_comes_back_marked_on_the_note(phone):
    page = phone("visitor").page
    visit_id = new_visit(page)
    rex = unique("PD-REX")
    arrived = earlier(5)
    page.get_by_label("Site", exact=True).select_option(label="Dog Unit")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    times(page, arrived)
    add_dog(page, rex)
    dog_card(page, rex).get_by_role("button", name="Vehicle").click()
    answer_need(dog_card(page, rex), "Diet and water", "Concern")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=30)))

    page.get_by_role("button", name="Submit visit").click()

    card = page.locator(f'[data-visit-id="{visit_id}"]')
    expect(card).to_contain_text("Needs attention")
    card.get_by_role("link").click()
    note = page.get_by_label(f"What is the concern? (Diet and water, {rex})")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("Say what the concern is.")


# Outcomes --------------------------------------------------------------------------------------


def test_an_abandoned_visit_is_sent_with_its_reason_and_without_its_detainees(phone, server):
    page = phone("visitor").page
    visit_id = new_visit(page)
    ref = unique("CU")
    arrived = earlier(6)
    page.get_by_label("Site", exact=True).select_option(label="Suite B")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    page.get_by_label("Arrived at the station").fill(local_input(arrived))
    page.get_by_label("Custody or cell reference").fill(ref)
    page.get_by_role("button", name="Add detainee").click()

    choose_outcome(page, "Abandoned")
    expect(page.get_by_label("Custody or cell reference")).to_have_count(0)
    expect(page.get_by_label("Told (name)")).to_have_count(0)
    page.get_by_label("Why you abandoned it").select_option("wait_too_long")
    page.get_by_label("What happened (optional)").fill("Waited 50 minutes at the front desk")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=50)))
    screenshot(page, "visitor-abandoned-visit")
    phone_screen(page, "visitor-abandoned-visit-outcome", page.locator('[data-section="outcome"]'))
    assert serious_violations(page) == []

    visit = submit_and_read(page, server, visit_id)

    assert (visit["outcome"], visit["abandon_reason"], visit["abandon_note"]) == (
        "abandoned",
        "wait_too_long",
        "Waited 50 minutes at the front desk",
    )
    assert visit["detainees"] == [] and visit["feedback"] is None
    assert visit["admitted_at"] is None


def test_a_visit_cut_short_is_sent_with_why(phone, server):
    page = phone("visitor").page
    visit_id = new_visit(page)
    arrived = earlier(7)
    page.get_by_label("Site", exact=True).select_option(label="Suite A")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    times(page, arrived)
    choose_outcome(page, "Cut short")
    page.get_by_label("Why the visit was cut short").fill("Fire alarm: the suite was evacuated")
    page.get_by_label("Told (name)").fill("PS Amir Khan")
    page.get_by_label("Their rank").select_option("sergeant")
    page.get_by_label("What you told them").fill("We will come back this week.")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=20)))

    visit = submit_and_read(page, server, visit_id)

    assert (visit["outcome"], visit["curtail_reason"]) == (
        "curtailed",
        "Fire alarm: the suite was evacuated",
    )


# Detainees -------------------------------------------------------------------------------------


def train_visitor_for_tact(server) -> None:
    answer = server.request(
        "PATCH",
        f"/api/v1/people/{my_id(server)}",
        {"tact_trained_on": (date.today() - timedelta(days=30)).isoformat()},
        headers=bearer(server, "manager"),
    )
    assert answer.status == 200, answer.body


def test_a_custody_visit_with_a_denied_and_a_tact_detainee_keeps_every_field(phone, server):
    train_visitor_for_tact(server)
    page = phone("visitor").page
    visit_id = new_visit(page)
    denied, tact = unique("CU"), unique("CU")
    arrived = earlier(4)
    page.get_by_label("Site", exact=True).select_option(label="Suite A")
    page.get_by_label("Why you went alone").fill("Partner ill on the day")
    times(page, arrived)
    for ref in (denied, tact):
        page.get_by_label("Custody or cell reference").fill(ref)
        page.get_by_role("button", name="Add detainee").click()
    first = page.locator(f'fieldset.detainee[data-ref="{denied}"]')
    second = page.locator(f'fieldset.detainee[data-ref="{tact}"]')
    first.get_by_role("button", name="Denied").click()
    first.get_by_label(f"Why ({denied})").fill("Violent on arrival")
    rank = first.get_by_label(f"Rank of the officer who denied access ({denied})")
    assert "sergeant" not in rank.locator("option").evaluate_all("o => o.map(x => x.value)")
    rank.select_option("inspector")
    second.get_by_role("button", name="Seen").click()
    second.get_by_label(f"Held under terrorism legislation (TACT): {tact}").check()
    second.get_by_label(f"Vulnerable adult: {tact}").check()
    second.get_by_label(f"Appropriate adult ({tact})").select_option("present")
    page.get_by_label("Told (name)").fill("PS Amir Khan")
    page.get_by_label("Their rank").select_option("sergeant")
    page.get_by_label("What you told them").fill("All well.")
    page.get_by_label("Left the suite").fill(local_input(arrived + timedelta(minutes=45)))
    screenshot(page, "visitor-denied-and-tact-detainees")
    phone_screen(page, "visitor-denied-detainee", first)
    assert serious_violations(page) == []

    visit = submit_and_read(page, server, visit_id)

    by_ref = {entry["ref"]: entry for entry in visit["detainees"]}
    assert (by_ref[denied]["outcome"], by_ref[denied]["reason"]) == ("denied", "Violent on arrival")
    assert by_ref[denied]["denied_by_rank"] == "inspector"
    assert (by_ref[tact]["outcome"], by_ref[tact]["tact"], by_ref[tact]["vulnerable"]) == (
        "seen",
        True,
        True,
    )
    assert by_ref[tact]["appropriate_adult"] == "present"
    assert visit["tact_report_required"] is True
    assert visit["totals"]["denied"] == 1


# Remote visits and the long form ---------------------------------------------------------------


def test_a_phone_visit_needs_no_partner_and_is_sent_as_one(phone, server):
    page = phone("visitor").page
    visit_id = new_visit(page)
    started = earlier(8)
    page.get_by_label("Site", exact=True).select_option(label="Suite B")
    page.get_by_role("group", name="How you visited").get_by_role("button", name="By phone").click()
    expect(page.get_by_label("Why you went alone")).to_have_count(0)
    page.get_by_label("Call started").fill(local_input(started))
    page.get_by_label("Put through to the suite").fill(local_input(started + timedelta(minutes=1)))
    page.get_by_label("Call ended").fill(local_input(started + timedelta(minutes=25)))
    assert serious_violations(page) == []

    visit = submit_and_read(page, server, visit_id)

    assert (visit["mode"], visit["single_visitor_reason"], visit["slot"]) == ("phone", None, None)


def test_a_finished_section_folds_away_stays_folded_and_submit_stays_in_reach(phone):
    page = phone("visitor").page
    new_visit(page)
    page.get_by_label("Site", exact=True).select_option(label="Suite A")
    submit = page.get_by_role("button", name="Submit visit")
    expect(submit).to_be_in_viewport()

    page.locator('details[data-section="who"] > summary').click()
    expect(page.get_by_label("Why you went alone")).to_be_hidden()
    reload_once_saved(page)

    expect(page.get_by_role("heading", name="Where and who")).to_be_visible()
    expect(page.get_by_label("Why you went alone")).to_be_hidden()
    expect(page.get_by_role("button", name="Submit visit")).to_be_in_viewport()
