"""Who sees which claims and who may act on them: a visitor lists and reads the claims naming
them as claimant or partner, the manager every claim of the scheme (filtered by site);
inspectors and viewers are refused every claim endpoint, and each needs a sign-in; a manager
does not answer for a partner; another visitor or another scheme finds nothing.
"""

import pytest

from tests.scheduling.claim_requests import CLAIMS, NEXT_WEEK, answer, claim_of, post_claim
from tests.support.claims import claim_body
from tests.support.problems import assert_problem
from tests.support.records import count_rows

# What each person sees -----------------------------------------------------------------------


def test_a_visitor_lists_the_claims_naming_them_as_claimant_or_partner(
    client, login, suite, second_suite, visitor, team
):
    own = claim_of(client, login(visitor), suite)
    as_partner = claim_of(client, login(team[0]), second_suite, partner_id=visitor.id)
    claim_of(client, login(team[1]), suite, week=NEXT_WEEK, day="Tue")

    listed = client.get(CLAIMS, headers=login(visitor)).get_json()

    assert sorted(claim["id"] for claim in listed) == sorted([own["id"], as_partner["id"]])


def test_the_manager_lists_every_claim_of_the_scheme(client, login, as_manager, suite, team):
    claims = [
        claim_of(client, login(team[0]), suite),
        claim_of(client, login(team[1]), suite, week=NEXT_WEEK, day="Tue"),
    ]

    response = client.get(CLAIMS, headers=as_manager)

    assert [claim["id"] for claim in response.get_json()] == [claims[1]["id"], claims[0]["id"]]
    assert "X-Pagination" in response.headers


def test_the_manager_filters_claims_by_site(client, login, as_manager, suite, second_suite, team):
    claim_of(client, login(team[0]), suite)
    other = claim_of(client, login(team[1]), second_suite)

    listed = client.get(f"{CLAIMS}?site_id={second_suite.id}", headers=as_manager).get_json()

    assert [claim["id"] for claim in listed] == [other["id"]]


def test_a_visitor_does_not_see_a_claim_not_naming_them(client, login, suite, visitor, team):
    claim = claim_of(client, login(team[0]), suite, partner_id=team[1].id)

    assert_problem(client.get(f"{CLAIMS}/{claim['id']}", headers=login(visitor)), 404)
    assert client.get(CLAIMS, headers=login(visitor)).get_json() == []


def test_the_partner_reads_the_claim(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    response = client.get(f"{CLAIMS}/{claim['id']}", headers=login(team[0]))

    assert response.get_json()["id"] == claim["id"]


# Access --------------------------------------------------------------------------------------


def every_claim_request(claim: dict, site) -> list[tuple[str, str, dict | None]]:
    return [
        ("post", CLAIMS, claim_body(site, NEXT_WEEK, "Tue")),
        ("get", CLAIMS, None),
        ("get", f"{CLAIMS}/{claim['id']}", None),
        ("post", f"{CLAIMS}/{claim['id']}/accept", None),
        ("post", f"{CLAIMS}/{claim['id']}/decline", None),
        ("post", f"{CLAIMS}/{claim['id']}/withdraw", None),
    ]


@pytest.mark.parametrize("role", ["inspector", "viewer"])
def test_inspectors_and_viewers_are_refused_every_claim_endpoint(
    request, client, login, suite, visitor, team, role
):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)
    headers = login(request.getfixturevalue(role))

    for method, url, body in every_claim_request(claim, suite):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert_problem(response, 403)
        assert b"week_start" not in response.data
    assert count_rows("claim") == 1


def test_every_claim_endpoint_needs_a_sign_in(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    for method, url, body in every_claim_request(claim, suite):
        assert getattr(client, method)(url, json=body).status_code == 401


def test_a_manager_does_not_answer_for_the_partner(client, login, as_manager, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, as_manager, claim, "accept"), 403)
    assert_problem(answer(client, as_manager, claim, "decline"), 403)


def test_another_visitor_cannot_withdraw_a_claim(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite)

    assert_problem(answer(client, login(team[0]), claim, "withdraw"), 404)


def test_manager_of_another_scheme_sees_nothing_of_this_schemes_claims(
    client, login, suite, visitor, other_manager
):
    claim = claim_of(client, login(visitor), suite)
    headers = login(other_manager)

    assert client.get(CLAIMS, headers=headers).get_json() == []
    assert_problem(client.get(f"{CLAIMS}/{claim['id']}", headers=headers), 404)
    assert_problem(answer(client, headers, claim, "withdraw"), 404)


def test_manager_of_another_scheme_cannot_claim_this_schemes_sites(
    client, login, suite, other_manager, other_visitor
):
    response = post_claim(client, login(other_manager), suite, claimant_id=other_visitor.id)

    assert_problem(response, 422, "site_id")
    assert count_rows("claim") == 0


def test_a_visitor_of_another_scheme_cannot_answer_this_schemes_claims(
    client, login, suite, visitor, team, other_visitor
):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, login(other_visitor), claim, "accept"), 404)
