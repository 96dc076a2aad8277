"""A scheme's custody reference pattern: a detainee `ref` that does not match it whole is a 422
naming the entry's path; a scheme without one accepts any reference, as before."""

from icv.admin import custody_refs, settings
from icv.common.database import db
from tests.support.problems import assert_problem
from tests.visits.visit_bodies import VISITS, custody_visit, written_rows

PATTERN = r"C\d{1,3}"


def set_pattern(scheme, manager, pattern):
    settings.update_settings(scheme, manager, {"custody_ref_pattern": pattern})


def test_a_scheme_without_a_pattern_accepts_any_reference(
    client, visitor_headers, suite, visitor, partner
):
    body = custody_visit(suite, visitor, partner)
    body["detainees"][0]["ref"] = "24/000123/NS"
    body["issues"][0]["detainee_ref"] = "24/000123/NS"

    assert client.post(VISITS, headers=visitor_headers, json=body).status_code == 201


def test_references_matching_the_pattern_are_accepted(
    client, visitor_headers, scheme, manager, suite, visitor, partner
):
    set_pattern(scheme, manager, PATTERN)

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201, response.get_json()


def test_a_reference_not_matching_is_a_422_naming_each_entry_and_writes_nothing(
    client, visitor_headers, scheme, manager, suite, visitor, partner
):
    set_pattern(scheme, manager, PATTERN)
    body = custody_visit(suite, visitor, partner)
    body["detainees"][2]["ref"] = "JohnSmith"
    body["detainees"][4]["ref"] = "C1234"
    before = written_rows()

    response = client.post(VISITS, headers=visitor_headers, json=body)

    problem = assert_problem(response, 422, "detainees.2.ref", "detainees.4.ref")
    assert "detainees.0.ref" not in problem["errors"]
    assert written_rows() == before


def test_the_pattern_must_match_the_whole_reference(scheme, manager, ctx):
    set_pattern(scheme, manager, PATTERN)

    assert custody_refs.why_ref_refused(scheme.custody_ref_pattern, "C12") is None
    assert custody_refs.why_ref_refused(scheme.custody_ref_pattern, "XC12") is not None
    assert custody_refs.why_ref_refused(scheme.custody_ref_pattern, "C12X") is not None


def test_a_match_that_runs_out_of_time_refuses_the_reference(monkeypatch):
    monkeypatch.setattr(custody_refs, "MATCH_TIMEOUT_SECONDS", 1e-9)

    reason = custody_refs.why_ref_refused(r"(a|aa)+b", "a" * 40)

    assert reason == "The reference could not be checked against the scheme's pattern in time."


def test_an_amendment_that_leaves_the_detainees_alone_is_not_judged_by_a_newer_pattern(
    client, record, manager_headers, visitor_headers, scheme, manager, suite, visitor, partner
):
    created = record(visitor_headers, custody_visit(suite, visitor, partner))
    set_pattern(scheme, manager, r"[A-Z]{2}-\d{6}")
    db.session.expire_all()
    etag = client.get(f"{VISITS}/{created['id']}", headers=visitor_headers).headers["ETag"]

    response = client.patch(
        f"{VISITS}/{created['id']}",
        headers={**visitor_headers, "If-Match": etag},
        json={"notes": "Cells were cold"},
    )

    assert response.status_code == 200, response.get_json()
