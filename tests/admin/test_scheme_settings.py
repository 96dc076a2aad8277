"""The scheme's settings through the API: everyone in it reads them, managers change them under
If-Match, each change audited, every bad value a 422 naming its field that writes nothing."""

import pytest

from icv.common.database import db
from icv.models import AuditEvent, Scheme
from tests.support.problems import assert_problem
from tests.support.records import count_rows

SCHEME = "/api/v1/scheme"


def current(client, headers) -> tuple[dict, str]:
    response = client.get(SCHEME, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json(), response.headers["ETag"]


def change(client, headers, body: dict, etag: str | None = None):
    if etag is None:
        etag = current(client, headers)[1]
    return client.patch(SCHEME, headers={**headers, "If-Match": etag}, json=body)


@pytest.mark.parametrize("who", ["visitor", "inspector", "viewer", "manager"])
def test_everyone_in_the_scheme_reads_its_settings(client, login, request, who):
    person = request.getfixturevalue(who)

    settings, _ = current(client, login(person))

    assert settings["name"] == "Northshire"
    assert settings["timezone"] == "Europe/London"
    assert (settings["acknowledge_days"], settings["tact_report_days"]) == (7, 14)
    assert settings["hourly_rate"] == 18.35
    assert settings["custody_ref_pattern"] is None
    assert (settings["visit_detail_retention_years"], settings["leaver_retention_years"]) == (3, 6)


def test_a_manager_reads_their_own_scheme_not_another(client, other_manager_headers, scheme):
    settings, _ = current(client, other_manager_headers)

    assert settings["name"] == "Southshire"


def test_a_manager_changes_settings_and_the_etag_moves_on(client, manager_headers):
    before, etag = current(client, manager_headers)

    response = change(
        client,
        manager_headers,
        {
            "name": "North Shire",
            "timezone": "Europe/Belfast",
            "acknowledge_days": 5,
            "tact_report_days": 10,
            "hourly_rate": 19.5,
            "custody_ref_pattern": r"[A-Z]{2}-\d{6}",
            "visit_detail_retention_years": 4,
            "leaver_retention_years": 7,
        },
        etag,
    )

    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["name"] == "North Shire"
    assert after["timezone"] == "Europe/Belfast"
    assert after["hourly_rate"] == 19.5
    assert after["custody_ref_pattern"] == r"[A-Z]{2}-\d{6}"
    assert (after["visit_detail_retention_years"], after["leaver_retention_years"]) == (4, 7)
    assert after["version"] == before["version"] + 1
    assert response.headers["ETag"] != etag


def test_a_change_is_audited_with_its_old_and_new_values(client, manager_headers, manager):
    change(client, manager_headers, {"acknowledge_days": 5})

    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "scheme")).one()
    assert (event.action, event.actor_id) == ("update", manager.id)
    assert event.changes == {"acknowledge_days": [7, 5]}
    assert client.get("/api/v1/audit?entity=scheme", headers=manager_headers).get_json()


def test_a_change_that_changes_nothing_keeps_the_version(client, manager_headers):
    _, etag = current(client, manager_headers)
    events = count_rows("audit_event")

    response = change(client, manager_headers, {"acknowledge_days": 7}, etag)

    assert response.status_code == 200
    assert response.headers["ETag"] == etag
    assert count_rows("audit_event") == events


def test_a_change_without_if_match_is_a_428(client, manager_headers):
    response = client.patch(SCHEME, headers=manager_headers, json={"acknowledge_days": 5})

    assert_problem(response, 428)
    assert db.session.get(Scheme, current(client, manager_headers)[0]["id"]).acknowledge_days == 7


def test_a_change_on_a_stale_etag_is_a_412(client, manager_headers):
    _, etag = current(client, manager_headers)
    change(client, manager_headers, {"acknowledge_days": 5}, etag)

    response = change(client, manager_headers, {"acknowledge_days": 3}, etag)

    assert_problem(response, 412)
    assert current(client, manager_headers)[0]["acknowledge_days"] == 5


@pytest.mark.parametrize("who", ["visitor", "inspector", "viewer"])
def test_only_managers_change_settings(client, login, request, who):
    headers = login(request.getfixturevalue(who))

    response = change(client, headers, {"acknowledge_days": 5})

    assert_problem(response, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Europe/Nowhere"}, "timezone"),
        ({"timezone": "GMT+1 please"}, "timezone"),
        ({"name": "  "}, "name"),
        ({"name": "Southshire"}, "name"),
        ({"acknowledge_days": 0}, "acknowledge_days"),
        ({"tact_report_days": 400}, "tact_report_days"),
        ({"hourly_rate": -1}, "hourly_rate"),
        ({"hourly_rate": 18.35555}, "hourly_rate"),
        ({"visit_detail_retention_years": 0}, "visit_detail_retention_years"),
        ({"leaver_retention_years": "six"}, "leaver_retention_years"),
        ({"custody_ref_pattern": "[A-Z"}, "custody_ref_pattern"),
        ({"custody_ref_pattern": "x" * 201}, "custody_ref_pattern"),
        ({"version": 9}, "version"),
        ({"id": 2}, "id"),
    ],
)
def test_a_bad_setting_is_a_422_naming_it_that_writes_nothing(
    client, manager_headers, other_scheme, body, field
):
    before, etag = current(client, manager_headers)
    events = count_rows("audit_event")

    response = change(client, manager_headers, body, etag)

    assert_problem(response, 422, field)
    assert current(client, manager_headers) == (before, etag)
    assert count_rows("audit_event") == events


@pytest.mark.parametrize("pattern", [r"^(a|aa)+$", r"(\d|\d\d)+/\d+", r"([A-Z]|[A-Z]{2})+-\d+"])
def test_a_pattern_that_backtracks_without_end_is_refused(client, manager_headers, pattern):
    response = change(client, manager_headers, {"custody_ref_pattern": pattern})

    body = assert_problem(response, 422, "custody_ref_pattern")
    assert "too long" in body["errors"]["custody_ref_pattern"][0]


@pytest.mark.parametrize("cleared", [None, ""])
def test_a_pattern_is_removed_with_null_or_empty(client, manager_headers, cleared):
    change(client, manager_headers, {"custody_ref_pattern": r"C\d+"})

    response = change(client, manager_headers, {"custody_ref_pattern": cleared})

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["custody_ref_pattern"] is None


def test_a_manager_sets_how_many_slots_the_planner_may_leave_uncovered(
    client, manager_headers, scheme
):
    response = change(client, manager_headers, {"planner_uncovered_allowance": 1})

    assert response.status_code == 200
    assert response.get_json()["planner_uncovered_allowance"] == 1
    assert db.session.get(Scheme, scheme.id).planner_uncovered_allowance == 1


def test_the_planner_may_not_be_allowed_to_leave_a_whole_monthly_grid_uncovered(
    client, manager_headers, scheme
):
    response = change(client, manager_headers, {"planner_uncovered_allowance": 12})

    assert_problem(response, 422, "planner_uncovered_allowance")
    assert db.session.get(Scheme, scheme.id).planner_uncovered_allowance == 0


def test_a_manager_sets_the_volunteers_training_minimums(client, manager_headers, scheme):
    response = change(
        client,
        manager_headers,
        {"min_team_meetings_per_year": 4, "tact_training_for_tact_visits": False},
    )

    assert response.status_code == 200
    stored = db.session.get(Scheme, scheme.id)
    assert (stored.min_team_meetings_per_year, stored.tact_training_for_tact_visits) == (4, False)


def test_a_manager_opts_the_scheme_in_to_benchmarks_named(client, manager_headers, scheme):
    response = change(client, manager_headers, {"benchmarking": True, "benchmarking_named": True})

    assert response.status_code == 200
    stored = db.session.get(Scheme, scheme.id)
    assert (stored.benchmarking, stored.benchmarking_named) == (True, True)


def test_a_scheme_not_taking_part_in_benchmarks_may_not_be_named(client, manager_headers, scheme):
    response = change(client, manager_headers, {"benchmarking_named": True})

    assert_problem(response, 422, "benchmarking_named")
    assert db.session.get(Scheme, scheme.id).benchmarking_named is False
