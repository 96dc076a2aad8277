"""Requests and weeks shared by the tests of claims over HTTP (`tests/support/claims.py` has
the weeks and the domain-level `place_claim`).
"""

from datetime import date

from tests.support.claims import MORNING, claim_body, week_ahead

CLAIMS = "/api/v1/claims"
WEEK, NEXT_WEEK = week_ahead(), week_ahead(1)
MAY_8 = date(2023, 5, 8)


def post_claim(client, headers, site, week=WEEK, day="Mon", band=MORNING, **fields):
    return client.post(CLAIMS, json=claim_body(site, week, day, band, **fields), headers=headers)


def claim_of(client, headers, site, week=WEEK, day="Mon", band=MORNING, **fields) -> dict:
    response = post_claim(client, headers, site, week, day, band, **fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, headers, claim: dict, what: str):
    return client.post(f"{CLAIMS}/{claim['id']}/{what}", headers=headers)
