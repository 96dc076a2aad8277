"""Visits and visitors for coverage, target and planning tests, written through the domain."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icv.visits.recording import create_visit
from tests.support.records import make_person

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    """An instant from ISO 8601 text with its offset."""
    return datetime.fromisoformat(text)


def feedback_before(departed: datetime) -> dict:
    """What visitors told the custody sergeant before leaving, five minutes before departure."""
    return {
        "to_name": "PS Sam Reid",
        "to_rank": "sergeant",
        "at": (departed - timedelta(minutes=5)).isoformat(),
        "summary": "Told the custody sergeant what we found.",
    }


def log_visit(
    site,
    recorder,
    visitors,
    arrived: str | datetime,
    *,
    outcome: str = "completed",
    status: str = "submitted",
    issues: list[dict] | None = None,
    detainees: list[dict] | None = None,
):
    """Records a visit the way the manager would, submitted unless told otherwise (an issue a
    detainee raised names one of `detainees` who was seen)."""
    arrived_at = at(arrived) if isinstance(arrived, str) else arrived
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "departed_at": arrived_at + timedelta(hours=1),
        "status": status,
        "outcome": outcome,
        "issues": [{"detainee_ref": None, "urgent": False, **issue} for issue in issues or []],
    }
    if detainees is not None:
        data["detainees"] = detainees
    if outcome == "completed":
        data["admitted_at"] = arrived_at + timedelta(minutes=2)
        if site.kind == "custody_suite":
            data["feedback"] = feedback_before(data["departed_at"])
    else:
        data["abandon_reason"] = "suite_closed"
    visit, created = create_visit(site.scheme, recorder, data)
    assert created
    return visit


def make_visitors(scheme, count: int, prefix: str = "visitor", **fields) -> list:
    """`count` active visitors, in the animal welfare scheme unless told otherwise."""
    fields.setdefault("aws", True)
    return [
        make_person(
            scheme,
            "visitor",
            email=f"{prefix}{number}@{scheme.name.lower()}.example",
            name=f"{prefix.title()} {number}",
            **fields,
        )
        for number in range(count)
    ]


def local_time(day: date, clock: str) -> str:
    """ISO text for a London wall-clock time on a day (the offset worked out for the date)."""
    local = datetime.combine(day, datetime.strptime(clock, "%H:%M").time(), LONDON)
    return local.isoformat()
