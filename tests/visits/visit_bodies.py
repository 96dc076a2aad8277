"""Bodies and request helpers shared by the tests of the visits API.

Times are fixed in the past (Tuesday 10 March 2026, GMT, so UTC and local time agree) unless a
test is about "now". The fixture sites are open from 1 April 2020.
"""

import json

from tests.support.records import count_rows

VISITS = "/api/v1/visits"
DAY = "2026-03-10"  # a Tuesday, before the clocks change on 29 March


def at(clock: str, day: str = DAY) -> str:
    return f"{day}T{clock}+00:00"


def custody_visit(site, *visitors, **fields) -> dict:
    """A complete custody-suite visit by `visitors`, admitted at once, with six detainees."""
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": at("10:00:00"),
        "admitted_at": at("10:03:00"),
        "departed_at": at("11:30:00"),
        "detainees": [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "seen", "juvenile": True, "appropriate_adult": "present"},
            {"ref": "C3", "outcome": "refused", "reason": "Wanted to sleep"},
            {"ref": "C4", "outcome": "not_offered", "reason": "With the nurse"},
            {"ref": "C5", "outcome": "unavailable", "reason": "In interview"},
            {"ref": "C6", "outcome": "asleep_observed"},
        ],
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered since arrest",
                "raised_by": "detainee",
                "detainee_ref": "C1",
                "resolved_during_visit": False,
            }
        ],
        "checks": {"cells_clean": {"result": "ok"}, "food_in_date": {"result": "ok"}},
        "feedback": {
            "to_name": "PS Sam Reid",
            "to_rank": "sergeant",
            "at": at("11:25:00"),
            "summary": "Told the custody sergeant what we found.",
        },
        **fields,
    }


def written_rows() -> tuple[int, int, int, int]:
    return (
        count_rows("visit"),
        count_rows("detainee_entry"),
        count_rows("issue"),
        count_rows("audit_event"),
    )


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def ids_of(response) -> list[str]:
    return [visit["id"] for visit in response.get_json()]


def etag(client, headers: dict, visit_id: str) -> str:
    response = client.get(f"{VISITS}/{visit_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def submitted_visit(client, record, headers: dict, body: dict) -> dict:
    created = record(headers, body)
    response = client.post(f"{VISITS}/{created['id']}/submit", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()
