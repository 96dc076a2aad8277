"""The demo as loaded on a pinned day: the day, the published figures, and a digest of what the
load wrote (counts and a few rows by natural keys, never ids, so two databases compare)."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.models import Claim, Issue, Person, PlanItem, Visit
from tests.support.records import count_rows

DEMO_TODAY = date(2026, 12, 2)
CURRENT_YEAR = FinancialYear.of(DEMO_TODAY)
PUBLISHED_YEAR = FinancialYear(2023)


def reference_figures() -> dict:
    """The published figures: ../shared/reference/fy2023-24.json, else the package's copy."""
    project = Path(__file__).resolve().parents[2]
    shared = project.parent / "shared" / "reference" / "fy2023-24.json"
    path = shared if shared.exists() else project / "icv" / "demo" / "reference-fy2023-24.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _emails(people) -> list[str]:
    return sorted(person.email for person in people)


def _email_of(person_id: int | None) -> str | None:
    return db.session.get(Person, person_id).email if person_id else None


def _visit_row(visit: Visit) -> tuple:
    return (
        visit.site.name,
        visit.arrived_at.isoformat(),
        visit.departed_at.isoformat(),
        _emails(visit.visitors),
        len(visit.detainees),
        [(issue.category, issue.status) for issue in visit.issues],
    )


def demo_digest() -> dict:
    """What the demo holds: rows per table, visits per year, and rows that show the present."""
    counts = {table.name: count_rows(table.name) for table in db.metadata.sorted_tables}
    visits = list(db.session.scalars(select(Visit).order_by(Visit.arrived_at)))
    by_year: dict[str, int] = {}
    for visit in visits:
        label = FinancialYear.of(visit.arrived_at.date()).label
        by_year[label] = by_year.get(label, 0) + 1
    people = db.session.scalars(select(Person).order_by(Person.email))
    claims = db.session.scalars(select(Claim).order_by(Claim.week_start, Claim.slot_day))
    items = db.session.scalars(
        select(PlanItem).order_by(PlanItem.week_start, PlanItem.site_id, PlanItem.slot_day)
    )
    waiting = db.session.scalars(
        select(Issue).where(Issue.status == "open").order_by(Issue.raised_at, Issue.description)
    )
    return {
        "counts": counts,
        "visits_by_year": by_year,
        "first_and_last_visits": [_visit_row(v) for v in visits[:3] + visits[-3:]],
        "people": [
            (
                p.email,
                p.name,
                p.status,
                p.joined_on,
                p.probation_ends_on,
                p.term_ends_on,
                p.left_on,
                _email_of(p.buddy_id),
            )
            for p in people
        ],
        "claims": [
            (
                c.site.name,
                c.week_start,
                c.slot_day,
                c.slot_band,
                _email_of(c.claimant_id),
                _email_of(c.partner_id),
                c.partner_response,
            )
            for c in claims
        ],
        "plan_items": [
            (
                i.site.name,
                i.week_start,
                i.slot_day,
                i.slot_band,
                sorted(_email_of(v.person_id) for v in i.visitors),
            )
            for i in items
        ],
        "waiting_issues": [(i.raised_at.isoformat(), i.category, i.description) for i in waiting],
    }


def fresh_sqlite_app(path: Path):
    """A second app on its own new SQLite file, migrated and empty."""
    from flask_migrate import upgrade

    from api import create_app
    from tests.support.app import app_config

    app = create_app(app_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
    return app
