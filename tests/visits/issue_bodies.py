"""Bodies and helpers shared by the tests of issues raised at visits.

Visits are recorded through the API, as a pair's phone would. Unless a test is about the
financial year, visits happen on Tuesday 10 March 2026 (GMT, so UTC and local time agree).
Times the API sets to "now" (raised, acknowledged, resolved) are moved in the database where a
test needs them at a known instant (`set_issue`).
"""

from datetime import UTC, datetime, timedelta

from icv.common.database import db
from icv.models import Issue
from tests.support.visits import feedback_before

ISSUES = "/api/v1/issues"
SUMMARY = "/api/v1/issues/summary"
CATEGORIES = "/api/v1/issue-categories"
MARCH_10 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
ACK = "Seen by the custody sergeant: hot drinks are now offered every two hours."
FIXED = "The detainee was given a hot drink and a meal at 11:40."


# Builders ------------------------------------------------------------------------------------


def raised(
    category: str = "food_and_drink",
    description: str = "No hot drink offered since arrest",
    *,
    resolved: bool = False,
    by: str = "detainee",
) -> dict:
    """One issue as a visit's body carries it; a detainee's issue names detainee C1."""
    item = {
        "category": category,
        "description": description,
        "raised_by": by,
        "resolved_during_visit": resolved,
    }
    if by == "detainee":
        item["detainee_ref"] = "C1"
    return item


def custody_visit(site, *visitors, issues=(), arrived: datetime = MARCH_10, **fields) -> dict:
    """A complete custody-suite visit by `visitors`, admitted at once, with two detainees."""
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=3)).isoformat(),
        "departed_at": (arrived + timedelta(minutes=90)).isoformat(),
        "detainees": [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "refused", "reason": "Wanted to sleep"},
        ],
        "issues": list(issues),
        "checks": {"cells_clean": {"result": "ok"}, "food_in_date": {"result": "ok"}},
        "feedback": feedback_before(arrived + timedelta(minutes=90)),
        **fields,
    }


def ids_of(visit: dict) -> list[int]:
    return [item["id"] for item in visit["issues"]]


def listed(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()]


def stored(issue_id: int) -> Issue:
    """The issue as the database now holds it (not as this session last saw it)."""
    db.session.expire_all()
    return db.session.get(Issue, issue_id)


def set_issue(issue_id: int, **values) -> None:
    """Moves an issue's times or status directly in the database, as if time had passed."""
    issue = stored(issue_id)
    for name, value in values.items():
        setattr(issue, name, value)
    db.session.commit()
