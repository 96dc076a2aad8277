"""TACT reports: for each detainee held under terrorism legislation whom visitors saw, a copy of
the visit report goes to the Independent Reviewer of Terrorism Legislation.

A report is due from the day the visit was submitted, within the scheme's `tact_report_days`
(default 14); overdue after that until the manager records it sent. Amending the visit keeps
the reports in step: a detainee no longer recorded as seen loses a report not yet sent; a sent
report is never taken back.
"""

from datetime import date, timedelta

from sqlalchemy import Select, and_, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear, local_today, zone
from icv.common.errors import Conflict, RuleViolation
from icv.models import Person, Scheme, TactReport, Visit


def _refs_seen(visit: Visit) -> dict[str, str]:
    return {
        entry.ref.strip().upper(): entry.ref
        for entry in visit.detainees
        if entry.tact and entry.outcome == "seen"
    }


def sync(visit: Visit) -> None:
    """Brings a submitted visit's reports in step with its detainees, in the caller's
    transaction."""
    if visit.status != "submitted":
        return
    scheme = visit.site.scheme
    seen = _refs_seen(visit)
    existing = {
        report.detainee_ref.strip().upper(): report
        for report in db.session.scalars(select(TactReport).where(TactReport.visit_id == visit.id))
    }
    for key, report in existing.items():
        if key not in seen and report.status == "due":
            db.session.delete(report)
    submitted_on = (visit.submitted_at or visit.updated_at).astimezone(zone(scheme.timezone))
    for key, ref in seen.items():
        if key not in existing:
            db.session.add(
                TactReport(
                    scheme_id=visit.scheme_id,
                    visit_id=visit.id,
                    site_id=visit.site_id,
                    detainee_ref=ref,
                    visited_at=visit.arrived_at,
                    status="due",
                    due_on=submitted_on.date() + timedelta(days=scheme.tact_report_days),
                )
            )


def overdue_condition(today: date):
    return and_(TactReport.status == "due", TactReport.due_on < today)


def reports_query(
    person: Person, *, year: int | None = None, status: str | None = None, overdue=None
) -> Select:
    """The scheme's reports (managers), the latest visit first."""
    scheme = person.scheme
    query = visibility.visible_tact_reports(person)
    if year is not None:
        start, end = FinancialYear(year).utc_bounds(scheme.timezone)
        query = query.where(TactReport.visited_at >= start, TactReport.visited_at < end)
    if status:
        query = query.where(TactReport.status == status)
    if overdue is not None:
        condition = overdue_condition(local_today(scheme.timezone))
        query = query.where(condition if overdue else ~condition)
    return query.order_by(TactReport.visited_at.desc(), TactReport.id)


def is_overdue(report: TactReport) -> bool:
    today = local_today(report.site.scheme.timezone)
    return report.status == "due" and report.due_on < today


def mark_sent(
    report: TactReport,
    actor: Person,
    sent_on: date,
    recordings_reviewed: bool | None = None,
) -> TactReport:
    """Records the copy sent to the Independent Reviewer (once; a second time is a conflict)."""
    scheme: Scheme = report.site.scheme
    if report.status == "sent":
        raise Conflict(f"The report was already sent on {report.sent_on.isoformat()}.")
    visited_on = report.visited_at.astimezone(zone(scheme.timezone)).date()
    if sent_on < visited_on:
        raise RuleViolation("sent_on", "A report cannot be sent before the visit.")
    if sent_on > local_today(scheme.timezone):
        raise RuleViolation("sent_on", "A report cannot be sent in the future.")
    report.status, report.sent_on, report.sent_by_id = "sent", sent_on, actor.id
    if recordings_reviewed is not None:
        report.recordings_reviewed = recordings_reviewed
    audit.record(
        scheme.id,
        actor,
        "tact_report",
        report.id,
        "send",
        {"status": ["due", "sent"], "sent_on": sent_on.isoformat()},
    )
    db.session.commit()
    return report
