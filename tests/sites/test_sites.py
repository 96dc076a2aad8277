"""Sites: custody suites and dog units. Managers write; everyone in the scheme reads.

An inspector sees only the sites they answer for, and another scheme's site is a 404 to all.
"""

import json
from datetime import date

import pytest

from icv.common.database import db
from icv.models import Site
from icv.sites import sites
from icv.sites.sites import update_site
from tests.support.problems import assert_problem
from tests.support.records import count_rows

SITES = "/api/v1/sites"

CUSTODY_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CUSTODY_BANDS = ["00:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"]


def site_url(site_or_id) -> str:
    site_id = getattr(site_or_id, "id", site_or_id)
    return f"{SITES}/{site_id}"


def new_suite(**fields) -> dict:
    return {"name": "Riverside Suite", "kind": "custody_suite", "cells": 24, **fields}


def names_in(response) -> list[str]:
    return [site["name"] for site in response.get_json()]


def pagination_of(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def rows_written() -> tuple[int, int]:
    return count_rows("site"), count_rows("audit_event")


# Creating sites ------------------------------------------------------------------------------


def test_manager_creates_a_custody_suite(client, login, manager):
    response = client.post(SITES, json=new_suite(status_on="2023-04-01"), headers=login(manager))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] > 0
    assert body["name"] == "Riverside Suite"
    assert body["kind"] == "custody_suite"
    assert body["cells"] == 24
    assert body["status"] == "open"
    assert body["status_history"] == [{"status": "open", "since": "2023-04-01"}]
    assert body["version"] == 1
    assert body["created_at"]
    assert body["updated_at"]


def test_created_site_is_answered_with_its_location_and_etag(client, login, manager):
    response = client.post(SITES, json=new_suite(), headers=login(manager))

    assert response.status_code == 201
    site_id = response.get_json()["id"]
    assert response.headers["Location"].endswith(f"{SITES}/{site_id}")
    assert response.headers["ETag"] == f'"site-{site_id}-v1"'


def test_created_custody_suite_has_a_grid_of_seven_days_by_five_bands(client, login, manager):
    response = client.post(SITES, json=new_suite(), headers=login(manager))

    grid = response.get_json()["grid"]
    assert grid == {"days": CUSTODY_DAYS, "bands": CUSTODY_BANDS}
    assert len(grid["days"]) * len(grid["bands"]) == 35


def test_manager_creates_a_dog_unit_with_its_own_grid(client, login, manager):
    response = client.post(
        SITES, json={"name": "Police Dog Unit", "kind": "dog_unit"}, headers=login(manager)
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["kind"] == "dog_unit"
    assert body["cells"] is None
    assert body["grid"] == {
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat/Sun"],
        "bands": ["07:00-13:00", "15:00-20:00"],
    }


def test_created_site_can_be_read_back(client, login, manager):
    headers = login(manager)
    created = client.post(SITES, json=new_suite(), headers=headers)

    response = client.get(created.headers["Location"], headers=headers)

    assert response.status_code == 200
    assert response.get_json() == created.get_json()


def test_site_name_is_stored_without_surrounding_spaces(client, login, manager):
    response = client.post(
        SITES, json=new_suite(name="  Riverside Suite  "), headers=login(manager)
    )

    assert response.status_code == 201
    assert response.get_json()["name"] == "Riverside Suite"


# Listing sites -------------------------------------------------------------------------------


def test_manager_lists_the_sites_of_their_scheme_by_name(
    client, login, manager, suite, second_suite, dog_unit
):
    response = client.get(SITES, headers=login(manager))

    assert response.status_code == 200
    assert names_in(response) == ["Central Suite", "Dog Unit", "Harbour Suite"]


def test_site_list_carries_its_totals_in_the_pagination_header(
    client, login, manager, suite, second_suite, dog_unit
):
    response = client.get(SITES, query_string={"page_size": 2}, headers=login(manager))

    assert len(response.get_json()) == 2
    pagination = pagination_of(response)
    assert pagination["total"] == 3
    assert pagination["page"] == 1
    assert pagination["page_size"] == 2
    assert pagination["total_pages"] == 2


def test_second_page_of_sites_holds_the_rest(client, login, manager, suite, second_suite, dog_unit):
    response = client.get(SITES, query_string={"page": 2, "page_size": 2}, headers=login(manager))

    assert names_in(response) == ["Harbour Suite"]
    assert pagination_of(response)["page"] == 2


def test_site_list_pages_by_twenty_by_default(client, login, manager, suite):
    response = client.get(SITES, headers=login(manager))

    assert pagination_of(response)["page_size"] == 20


def test_sites_filter_by_kind(client, login, manager, suite, second_suite, dog_unit):
    response = client.get(SITES, query_string={"kind": "dog_unit"}, headers=login(manager))

    assert response.status_code == 200
    assert names_in(response) == ["Dog Unit"]
    assert pagination_of(response)["total"] == 1


def test_sites_filter_by_status(client, login, manager, suite, second_suite):
    headers = login(manager)
    client.patch(site_url(second_suite), json={"status": "closed"}, headers=headers)

    response = client.get(SITES, query_string={"status": "closed"}, headers=headers)

    assert names_in(response) == ["Harbour Suite"]


def test_unknown_kind_filter_is_refused(client, login, manager, suite):
    response = client.get(SITES, query_string={"kind": "prison"}, headers=login(manager))

    assert_problem(response, 422, "kind")


def test_unknown_query_parameters_are_ignored(client, login, manager, suite, dog_unit):
    response = client.get(SITES, query_string={"colour": "blue"}, headers=login(manager))

    assert response.status_code == 200
    assert names_in(response) == ["Central Suite", "Dog Unit"]


def test_page_size_above_one_hundred_is_refused(client, login, manager, suite):
    response = client.get(SITES, query_string={"page_size": 101}, headers=login(manager))

    assert_problem(response, 422, "page_size")


def test_page_size_of_one_hundred_is_accepted(client, login, manager, suite):
    response = client.get(SITES, query_string={"page_size": 100}, headers=login(manager))

    assert response.status_code == 200
    assert pagination_of(response)["page_size"] == 100


# Who reads and who writes --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "visitor", "viewer"])
def test_scheme_members_other_than_inspectors_list_every_site(
    request, client, login, role, suite, second_suite, dog_unit
):
    person = request.getfixturevalue(role)

    response = client.get(SITES, headers=login(person))

    assert response.status_code == 200
    assert names_in(response) == ["Central Suite", "Dog Unit", "Harbour Suite"]


@pytest.mark.parametrize("role", ["manager", "visitor", "viewer"])
def test_scheme_members_other_than_inspectors_read_any_site(
    request, client, login, role, suite, second_suite
):
    person = request.getfixturevalue(role)

    response = client.get(site_url(second_suite), headers=login(person))

    assert response.status_code == 200
    assert response.get_json()["name"] == "Harbour Suite"


def test_inspector_lists_only_the_sites_they_answer_for(
    client, login, inspector, suite, second_suite, dog_unit
):
    response = client.get(SITES, headers=login(inspector))

    assert response.status_code == 200
    assert names_in(response) == ["Central Suite"]
    assert pagination_of(response)["total"] == 1


def test_inspector_reads_a_site_they_answer_for(client, login, inspector, suite):
    response = client.get(site_url(suite), headers=login(inspector))

    assert response.status_code == 200
    assert response.get_json()["id"] == suite.id


def test_inspector_does_not_see_sites_they_do_not_answer_for(
    client, login, inspector, second_suite
):
    response = client.get(site_url(second_suite), headers=login(inspector))

    assert_problem(response, 404)


@pytest.mark.parametrize("role", ["visitor", "inspector", "viewer"])
def test_only_managers_create_sites(request, client, login, role):
    person = request.getfixturevalue(role)
    before = rows_written()

    response = client.post(SITES, json=new_suite(), headers=login(person))

    assert_problem(response, 403)
    assert rows_written() == before


@pytest.mark.parametrize("role", ["visitor", "inspector", "viewer"])
def test_only_managers_change_sites(request, client, login, role, suite):
    person = request.getfixturevalue(role)
    before = count_rows("audit_event")

    response = client.patch(site_url(suite), json={"name": "Renamed"}, headers=login(person))

    assert_problem(response, 403)
    assert count_rows("audit_event") == before
    db.session.expire_all()
    assert db.session.get(Site, suite.id).name == "Central Suite"


def test_listing_sites_without_a_token_is_unauthorised(client, suite):
    response = client.get(SITES)

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_reading_a_site_without_a_token_is_unauthorised(client, suite):
    assert_problem(client.get(site_url(suite)), 401)


def test_creating_a_site_without_a_token_is_unauthorised(client, scheme):
    before = rows_written()

    response = client.post(SITES, json=new_suite())

    assert_problem(response, 401)
    assert rows_written() == before


def test_listing_sites_with_a_malformed_token_is_unauthorised(client, suite):
    response = client.get(SITES, headers={"Authorization": "Bearer not-a-token"})

    assert_problem(response, 401)


def test_reading_a_site_that_does_not_exist_is_not_found(client, login, manager):
    assert_problem(client.get(site_url(999999), headers=login(manager)), 404)


# Tenancy -------------------------------------------------------------------------------------


def test_manager_of_another_scheme_does_not_read_this_schemes_site(
    client, login, other_manager, suite
):
    response = client.get(site_url(suite), headers=login(other_manager))

    assert_problem(response, 404)


def test_manager_of_another_scheme_does_not_change_this_schemes_site(
    client, login, other_manager, suite
):
    before = count_rows("audit_event")

    response = client.patch(
        site_url(suite), json={"name": "Taken Over"}, headers=login(other_manager)
    )

    assert_problem(response, 404)
    assert count_rows("audit_event") == before
    db.session.expire_all()
    assert db.session.get(Site, suite.id).name == "Central Suite"


def test_manager_of_another_scheme_does_not_list_this_schemes_sites(
    client, login, other_manager, suite, dog_unit, other_suite
):
    response = client.get(SITES, headers=login(other_manager))

    assert names_in(response) == ["Southern Suite"]
    assert pagination_of(response)["total"] == 1


def test_site_is_created_in_the_managers_own_scheme(client, login, manager, other_manager):
    client.post(SITES, json=new_suite(), headers=login(manager))

    response = client.get(SITES, headers=login(other_manager))

    assert response.get_json() == []


def test_another_schemes_site_looks_exactly_like_a_missing_one(client, login, other_manager, suite):
    headers = login(other_manager)

    hidden = client.get(site_url(suite), headers=headers)
    missing = client.get(site_url(suite.id + 1000), headers=headers)

    assert_problem(hidden, 404)
    assert hidden.get_json() == missing.get_json()


def test_the_same_site_name_may_be_used_in_another_scheme(client, login, manager, other_suite):
    response = client.post(SITES, json=new_suite(name="Southern Suite"), headers=login(manager))

    assert response.status_code == 201, response.get_json()


# Bad input: each a problem naming the field, and nothing written -----------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (new_suite(name=""), "name"),
        (new_suite(name="   "), "name"),
        (new_suite(name="x" * 201), "name"),
        ({"kind": "custody_suite", "cells": 10}, "name"),
        (new_suite(kind="prison"), "kind"),
        ({"name": "Riverside Suite"}, "kind"),
        (new_suite(cells=0), "cells"),
        (new_suite(cells=1001), "cells"),
        (new_suite(cells="24"), "cells"),
        (new_suite(status="demolished"), "status"),
        (new_suite(status_on="1 April 2023"), "status_on"),
    ],
    ids=[
        "empty name",
        "blank name",
        "name too long",
        "no name",
        "unknown kind",
        "no kind",
        "no cells",
        "too many cells",
        "cells as text",
        "unknown status",
        "status_on not a date",
    ],
)
def test_invalid_site_is_refused_and_nothing_is_written(client, login, manager, body, field):
    headers = login(manager)
    before = rows_written()

    response = client.post(SITES, json=body, headers=headers)

    assert_problem(response, 422, field)
    assert rows_written() == before


def test_dog_unit_with_cells_is_refused_and_nothing_is_written(client, login, manager):
    headers = login(manager)
    before = rows_written()

    response = client.post(
        SITES, json={"name": "Police Dog Unit", "kind": "dog_unit", "cells": 4}, headers=headers
    )

    assert_problem(response, 422, "cells")
    assert rows_written() == before


@pytest.mark.parametrize("field", ["scheme_id", "id", "version", "grid", "created_at"])
def test_unknown_or_server_owned_field_in_a_new_site_is_refused(client, login, manager, field):
    headers = login(manager)
    before = rows_written()

    response = client.post(SITES, json=new_suite(**{field: 1}), headers=headers)

    assert_problem(response, 422, field)
    assert rows_written() == before


def test_scheme_of_a_new_site_cannot_be_chosen_by_the_client(client, login, manager, other_scheme):
    headers = login(manager)
    before = rows_written()

    response = client.post(SITES, json=new_suite(scheme_id=other_scheme.id), headers=headers)

    assert_problem(response, 422, "scheme_id")
    assert rows_written() == before


def test_duplicate_site_name_in_the_same_scheme_is_a_conflict(client, login, manager, suite):
    headers = login(manager)
    before = rows_written()

    response = client.post(SITES, json=new_suite(name="Central Suite"), headers=headers)

    assert_problem(response, 409, "name")
    assert rows_written() == before


def test_duplicate_name_with_surrounding_spaces_is_still_a_conflict(client, login, manager, suite):
    headers = login(manager)
    before = rows_written()

    response = client.post(SITES, json=new_suite(name=" Central Suite "), headers=headers)

    assert_problem(response, 409, "name")
    assert rows_written() == before


def test_renaming_a_site_to_another_sites_name_is_a_conflict(
    client, login, manager, suite, second_suite
):
    headers = login(manager)
    before = rows_written()

    response = client.patch(site_url(second_suite), json={"name": "Central Suite"}, headers=headers)

    assert_problem(response, 409, "name")
    assert rows_written() == before
    db.session.expire_all()
    assert db.session.get(Site, second_suite.id).name == "Harbour Suite"


def test_renaming_a_site_to_its_own_name_is_no_conflict(client, login, manager, suite):
    response = client.patch(site_url(suite), json={"name": "Central Suite"}, headers=login(manager))

    assert response.status_code == 200
    assert response.get_json()["version"] == suite.version


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "  "}, "name"),
        ({"cells": 0}, "cells"),
        ({"status": "demolished"}, "status"),
        ({"kind": "dog_unit"}, "kind"),
        ({"scheme_id": 2}, "scheme_id"),
        ({"id": 5}, "id"),
        ({"version": 7}, "version"),
        ({"status_history": []}, "status_history"),
    ],
    ids=[
        "empty name",
        "blank name",
        "no cells",
        "unknown status",
        "kind is fixed",
        "scheme_id",
        "id",
        "version",
        "status_history",
    ],
)
def test_invalid_site_change_is_refused_and_nothing_is_written(
    client, login, manager, suite, body, field
):
    headers = login(manager)
    before = rows_written()

    response = client.patch(site_url(suite), json=body, headers=headers)

    assert_problem(response, 422, field)
    assert rows_written() == before
    db.session.expire_all()
    site = db.session.get(Site, suite.id)
    assert (site.name, site.kind, site.cells, site.status, site.version) == (
        "Central Suite",
        "custody_suite",
        36,
        "open",
        1,
    )


def test_giving_a_dog_unit_cells_is_refused(client, login, manager, dog_unit):
    headers = login(manager)
    before = rows_written()

    response = client.patch(site_url(dog_unit), json={"cells": 3}, headers=headers)

    assert_problem(response, 422, "cells")
    assert rows_written() == before
    db.session.expire_all()
    assert db.session.get(Site, dog_unit.id).cells is None


def test_status_date_without_a_status_is_refused(client, login, manager, suite):
    headers = login(manager)
    before = rows_written()

    response = client.patch(site_url(suite), json={"status_on": "2024-01-01"}, headers=headers)

    assert_problem(response, 422, "status_on")
    assert rows_written() == before


def test_status_change_dated_before_the_last_one_is_refused(client, login, manager, suite):
    headers = login(manager)
    before = (*rows_written(), count_rows("site_status_change"))

    response = client.patch(
        site_url(suite), json={"status": "closed", "status_on": "2020-03-31"}, headers=headers
    )

    assert_problem(response, 422, "status_on")
    assert (*rows_written(), count_rows("site_status_change")) == before
    db.session.expire_all()
    assert db.session.get(Site, suite.id).status == "open"


def test_refused_status_change_leaves_the_rest_of_the_request_unapplied(
    client, login, manager, suite
):
    headers = login(manager)

    response = client.patch(
        site_url(suite),
        json={"name": "Renamed Suite", "status": "closed", "status_on": "2019-01-01"},
        headers=headers,
    )

    assert_problem(response, 422, "status_on")
    db.session.expire_all()
    assert db.session.get(Site, suite.id).name == "Central Suite"


def test_body_that_is_not_json_is_a_bad_request(client, login, manager):
    headers = login(manager)
    before = rows_written()

    response = client.post(
        SITES, data="{not json", headers={**headers, "Content-Type": "application/json"}
    )

    assert_problem(response, 400)
    assert rows_written() == before


# Changing a site and its status history ------------------------------------------------------


def test_manager_renames_a_site_and_changes_its_cells(client, login, manager, suite):
    response = client.patch(
        site_url(suite), json={"name": "Central Custody", "cells": 40}, headers=login(manager)
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["name"], body["cells"], body["version"]) == ("Central Custody", 40, 2)


def test_closing_a_suite_from_a_date_appends_to_its_status_history(client, login, manager, suite):
    response = client.patch(
        site_url(suite),
        json={"status": "closed", "status_on": "2023-09-04"},
        headers=login(manager),
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "closed"
    assert body["status_history"] == [
        {"status": "open", "since": "2020-04-01"},
        {"status": "closed", "since": "2023-09-04"},
    ]


def test_closing_a_suite_bumps_its_version(client, login, manager, suite):
    response = client.patch(
        site_url(suite),
        json={"status": "closed", "status_on": "2023-09-04"},
        headers=login(manager),
    )

    assert response.get_json()["version"] == 2
    assert response.headers["ETag"] == f'"site-{suite.id}-v2"'


def test_reopening_a_closed_suite_appends_another_entry(client, login, manager, suite):
    headers = login(manager)
    client.patch(
        site_url(suite), json={"status": "closed", "status_on": "2023-09-04"}, headers=headers
    )

    response = client.patch(
        site_url(suite), json={"status": "open", "status_on": "2023-10-02"}, headers=headers
    )

    assert [change["status"] for change in response.get_json()["status_history"]] == [
        "open",
        "closed",
        "open",
    ]
    assert response.get_json()["status"] == "open"


def test_status_change_without_a_date_takes_effect_today(client, login, manager, suite):
    response = client.patch(site_url(suite), json={"status": "closed"}, headers=login(manager))

    assert response.status_code == 200
    history = response.get_json()["status_history"]
    assert len(history) == 2
    assert history[-1]["status"] == "closed"
    assert history[-1]["since"] > "2020-04-01"


def test_resending_the_same_status_adds_no_history_entry(client, login, manager, suite):
    headers = login(manager)
    before = (count_rows("site_status_change"), count_rows("audit_event"))

    response = client.patch(
        site_url(suite), json={"status": "open", "status_on": "2024-01-01"}, headers=headers
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status_history"] == [{"status": "open", "since": "2020-04-01"}]
    assert response.get_json()["version"] == 1
    assert (count_rows("site_status_change"), count_rows("audit_event")) == before


def test_site_created_closed_starts_its_history_closed(client, login, manager):
    response = client.post(
        SITES,
        json=new_suite(status="closed", status_on="2024-02-01"),
        headers=login(manager),
    )

    assert response.status_code == 201
    assert response.get_json()["status_history"] == [{"status": "closed", "since": "2024-02-01"}]


# ETags ---------------------------------------------------------------------------------------


def test_reading_a_site_returns_its_etag(client, login, manager, suite):
    response = client.get(site_url(suite), headers=login(manager))

    assert response.headers["ETag"] == f'"site-{suite.id}-v1"'


def test_reading_an_unchanged_site_with_its_etag_is_not_modified(client, login, manager, suite):
    headers = login(manager)
    etag = client.get(site_url(suite), headers=headers).headers["ETag"]

    response = client.get(site_url(suite), headers={**headers, "If-None-Match": etag})

    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag


def test_reading_a_changed_site_with_an_old_etag_returns_it_in_full(client, login, manager, suite):
    headers = login(manager)
    old_etag = client.get(site_url(suite), headers=headers).headers["ETag"]
    client.patch(site_url(suite), json={"cells": 30}, headers=headers)

    response = client.get(site_url(suite), headers={**headers, "If-None-Match": old_etag})

    assert response.status_code == 200
    assert response.get_json()["cells"] == 30
    assert response.headers["ETag"] != old_etag


def test_change_with_a_stale_etag_is_refused_and_changes_nothing(client, login, manager, suite):
    headers = login(manager)
    stale = client.get(site_url(suite), headers=headers).headers["ETag"]
    client.patch(site_url(suite), json={"cells": 30}, headers=headers)
    before = rows_written()

    response = client.patch(
        site_url(suite), json={"name": "Lost Update"}, headers={**headers, "If-Match": stale}
    )

    assert_problem(response, 412)
    assert rows_written() == before
    db.session.expire_all()
    site = db.session.get(Site, suite.id)
    assert (site.name, site.cells, site.version) == ("Central Suite", 30, 2)


def test_change_with_the_current_etag_succeeds_and_changes_the_etag(client, login, manager, suite):
    headers = login(manager)
    current = client.get(site_url(suite), headers=headers).headers["ETag"]

    response = client.patch(
        site_url(suite), json={"name": "Central Custody"}, headers={**headers, "If-Match": current}
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Central Custody"
    assert response.headers["ETag"] != current
    assert response.headers["ETag"] == client.get(site_url(suite), headers=headers).headers["ETag"]


def test_wildcard_if_match_accepts_any_version(client, login, manager, suite):
    response = client.patch(
        site_url(suite), json={"cells": 30}, headers={**login(manager), "If-Match": "*"}
    )

    assert response.status_code == 200


def test_stale_etag_from_a_status_change_refuses_a_second_closing(client, login, manager, suite):
    headers = login(manager)
    etag = client.get(site_url(suite), headers=headers).headers["ETag"]
    first = client.patch(
        site_url(suite),
        json={"status": "closed", "status_on": "2023-09-04"},
        headers={**headers, "If-Match": etag},
    )

    second = client.patch(
        site_url(suite),
        json={"status": "closed", "status_on": "2023-09-11"},
        headers={**headers, "If-Match": etag},
    )

    assert first.status_code == 200
    assert_problem(second, 412)
    assert count_rows("site_status_change") == 2


def test_a_closure_says_since_when_and_until_when_a_reopening_is_recorded(suite):
    update_site(suite, None, {"status": "closed", "status_on": date(2024, 3, 1)})
    update_site(suite, None, {"status": "open", "status_on": date(2024, 6, 1)})

    assert sites.closed_since(suite, date(2024, 4, 1)) == date(2024, 3, 1)
    assert sites.closure(suite, date(2024, 4, 1)) == (
        "Central Suite is closed from 2024-03-01 until 2024-06-01."
    )
    assert sites.closed_since(suite, date(2024, 6, 2)) is None
