"""Keeping personal data only as long as it is needed, per each scheme's retention settings.

- A visit's identifying detail goes `visit_detail_retention_years` (default 3) after the end of
  the financial year of its arrival (in the scheme's time zone): each detainee reference becomes
  an opaque token (`removed-<entry id>`, unique, so every per-visit uniqueness holds, and the
  same token replaces it in the visit's issues and TACT reports), so the demographics recorded
  with it are tied to nobody; its free text (notes, reasons, check and dog notes, the feedback's
  officer and summary, issue descriptions, responses and history, the messages and the audit
  trail about it) is replaced by `MARKER`.
- A person who left is anonymised `leaver_retention_years` (default 6) after leaving: their name
  becomes "Former visitor <id>", their email an address that reaches nobody, their password,
  sign-ins, calendar feed, exit interview and notes go.

What every figure is counted from stays: outcomes, demographics, checklist results, categories,
statuses, times, the reasons recorded for delays in access (a report's table), leavers' dates
and reasons, home area, gender and birth year (the cohort's representation by age band). So
the annual statistics of a purged year are the same before and after, figure by figure.

Work is done in batches of `BATCH_SIZE` visits (or people), each its own transaction with its
audit event; a run stopped half-way is finished by the next, and a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select, update

from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear, add_months, local_midnight, zone
from icv.models import (
    AccountToken,
    Activity,
    AuditEvent,
    AuthSession,
    CalendarToken,
    Declaration,
    DetaineeEntry,
    Issue,
    Notification,
    Person,
    PersonStatusChange,
    RecoveryCode,
    Scheme,
    SecondFactor,
    TactReport,
    Visit,
    utcnow,
)
from icv.visits.text_screening import FREE_TEXT_KEYS

MARKER = "[removed: retention period ended]"
BATCH_SIZE = 200
# Free text a report counts by (the reasons given for delays in access): kept.
KEPT_TEXT = frozenset({"access_delay_reason"})


@dataclass(frozen=True)
class Cutoffs:
    visits_before: datetime  # UTC: visits that arrived before it lose their detail
    first_kept_year: FinancialYear
    left_on_or_before: date  # people who left on or before it are anonymised


def cutoffs(scheme: Scheme, today: date) -> Cutoffs:
    first_kept = FinancialYear(FinancialYear.of(today).year - scheme.visit_detail_retention_years)
    return Cutoffs(
        visits_before=local_midnight(first_kept.first_day, scheme.timezone),
        first_kept_year=first_kept,
        left_on_or_before=add_months(today, -12 * scheme.leaver_retention_years),
    )


def _due_visits(scheme: Scheme, cut: Cutoffs):
    return select(Visit.id).where(
        Visit.scheme_id == scheme.id,
        Visit.arrived_at < cut.visits_before,
        Visit.redacted_at.is_(None),
    )


def _due_people(scheme: Scheme, cut: Cutoffs):
    return select(Person.id).where(
        Person.scheme_id == scheme.id,
        Person.status == "left",
        Person.left_on <= cut.left_on_or_before,
        Person.anonymised_at.is_(None),
    )


# What would go ------------------------------------------------------------------------------


def _years_of_visits(scheme: Scheme, cut: Cutoffs) -> list[FinancialYear]:
    first = db.session.scalar(
        select(func.min(Visit.arrived_at)).where(Visit.id.in_(_due_visits(scheme, cut)))
    )
    if first is None:
        return []
    start = FinancialYear.of(first.astimezone(zone(scheme.timezone)).date())
    return [FinancialYear(year) for year in range(start.year, cut.first_kept_year.year)]


def plan(scheme: Scheme, today: date) -> list[dict]:
    """What a run on `today` would remove or anonymise: `[{kind, year, count}]`, counts per
    kind and financial year (of the visit, or of leaving), never the data itself."""
    cut = cutoffs(scheme, today)
    rows = []
    for year in _years_of_visits(scheme, cut):
        start, end = year.utc_bounds(scheme.timezone)
        due = _due_visits(scheme, cut).where(Visit.arrived_at >= start, Visit.arrived_at < end)
        visits, refs, issues, tact = db.session.execute(
            select(
                select(func.count()).select_from(due.subquery()).scalar_subquery(),
                select(func.count(DetaineeEntry.id))
                .where(DetaineeEntry.visit_id.in_(due))
                .scalar_subquery(),
                select(func.count(Issue.id)).where(Issue.visit_id.in_(due)).scalar_subquery(),
                select(func.count(TactReport.id))
                .where(TactReport.visit_id.in_(due))
                .scalar_subquery(),
            )
        ).one()
        for kind, count in (
            ("visits", visits),
            ("detainee_refs", refs),
            ("issues", issues),
            ("tact_reports", tact),
        ):
            if count:
                rows.append({"kind": kind, "year": year.label, "count": int(count)})
    left_days = db.session.execute(
        select(Person.left_on, func.count())
        .where(Person.id.in_(_due_people(scheme, cut)))
        .group_by(Person.left_on)
    )
    people: dict[str, int] = {}
    for left_on, count in left_days:
        label = FinancialYear.of(left_on).label
        people[label] = people.get(label, 0) + int(count)
    rows += [{"kind": "people_who_left", "year": y, "count": n} for y, n in sorted(people.items())]
    return rows


# Removing it --------------------------------------------------------------------------------


def _redacted(value, key: str | None = None):
    """`value` with every free text (under a key of FREE_TEXT_KEYS) replaced by MARKER."""
    if isinstance(value, dict):
        return {k: _redacted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, key) for v in value]
    if isinstance(value, str) and key in FREE_TEXT_KEYS and key not in KEPT_TEXT and value:
        return MARKER
    return value


def _redact_columns(record) -> None:
    for column in record.__mapper__.column_attrs:
        key = column.key
        value = getattr(record, key)
        if isinstance(value, dict | list):
            cleaned = _redacted(value)
            if cleaned != value:
                setattr(record, key, cleaned)
        elif isinstance(value, str) and value and key in FREE_TEXT_KEYS - KEPT_TEXT:
            setattr(record, key, MARKER)


def _token(prefix: str, record_id: int) -> str:
    return f"removed-{prefix}{record_id}"


def _redact_visit(visit: Visit, now: datetime) -> tuple[int, list[int]]:
    tokens: dict[str, str] = {}
    for entry in visit.detainees:
        tokens[entry.ref.strip().upper()] = _token("", entry.id)
        entry.ref = _token("", entry.id)
        _redact_columns(entry)
    for dog in visit.dogs:
        _redact_columns(dog)
    _redact_columns(visit)
    issue_ids = []
    for issue in visit.issues:
        issue_ids.append(issue.id)
        if issue.detainee_ref:
            key = issue.detainee_ref.strip().upper()
            issue.detainee_ref = tokens.get(key, _token("i", issue.id))
        issue.description = MARKER
        if issue.response:
            issue.response = MARKER
        for event in issue.events:
            if event.text:
                event.text = MARKER
    for report in db.session.scalars(select(TactReport).where(TactReport.visit_id == visit.id)):
        report.detainee_ref = tokens.get(
            report.detainee_ref.strip().upper(), _token("t", report.id)
        )
    visit.redacted_at = visit.updated_at = now
    return len(visit.detainees), issue_ids


def _forget_audit(entity: str, ids: list) -> None:
    """The audit trail of the records keeps who did what when, not what they wrote."""
    if not ids:
        return
    about = (AuditEvent.entity == entity, AuditEvent.entity_id.in_([str(i) for i in ids]))
    db.session.execute(update(AuditEvent).where(*about).values(changes={}))
    db.session.execute(
        update(AuditEvent).where(*about, AuditEvent.reason.is_not(None)).values(reason=MARKER)
    )


def _redact_visits(scheme: Scheme, cut: Cutoffs) -> dict:
    done = {"visits": 0, "detainee_refs": 0, "issues": 0}
    while True:
        ids = list(
            db.session.scalars(_due_visits(scheme, cut).order_by(Visit.id).limit(BATCH_SIZE))
        )
        if not ids:
            return done
        now = utcnow()
        refs, issue_ids = 0, []
        for visit in db.session.scalars(select(Visit).where(Visit.id.in_(ids))):
            entries, issues = _redact_visit(visit, now)
            refs += entries
            issue_ids += issues
        db.session.execute(
            update(Notification)
            .where(
                or_(
                    Notification.visit_id.in_(ids),
                    Notification.issue_id.in_(issue_ids or [-1]),
                )
            )
            .values(body=MARKER)
        )
        _forget_audit("visit", ids)
        _forget_audit("issue", issue_ids)
        counts = {"visits": len(ids), "detainee_refs": refs, "issues": len(issue_ids)}
        audit.record(
            scheme.id,
            None,
            "retention",
            "visits",
            "redact",
            {**counts, "arrived_before": cut.visits_before},
        )
        db.session.commit()
        for key, count in counts.items():
            done[key] += count


def _anonymise(person: Person, now: datetime) -> None:
    person.name = f"Former visitor {person.id}"
    person.email = f"former-{person.id}@removed.invalid"
    person.password_hash = None
    person.exit_interview_notes = None
    person.anonymised_at = now


def _anonymise_people(scheme: Scheme, cut: Cutoffs) -> int:
    done = 0
    while True:
        ids = list(
            db.session.scalars(_due_people(scheme, cut).order_by(Person.id).limit(BATCH_SIZE))
        )
        if not ids:
            return done
        now = utcnow()
        for person in db.session.scalars(select(Person).where(Person.id.in_(ids))):
            _anonymise(person, now)
        for model, column in (
            (PersonStatusChange.note, PersonStatusChange.person_id),
            (Activity.notes, Activity.person_id),
            (Notification.body, Notification.person_id),
            (Declaration.detail, Declaration.person_id),
            (Declaration.review_note, Declaration.person_id),
        ):
            db.session.execute(
                update(model.class_)
                .where(column.in_(ids), model.is_not(None))
                .values({model.key: MARKER})
            )
        for signing_in in (AuthSession, CalendarToken, AccountToken, SecondFactor, RecoveryCode):
            db.session.execute(delete(signing_in).where(signing_in.person_id.in_(ids)))
        _forget_audit("person", ids)
        audit.record(
            scheme.id,
            None,
            "retention",
            "people",
            "anonymise",
            {"people": len(ids), "left_on_or_before": cut.left_on_or_before},
        )
        db.session.commit()
        done += len(ids)


def run(scheme: Scheme, today: date) -> dict:
    """Removes or anonymises what is due on `today`; returns how much, by kind."""
    cut = cutoffs(scheme, today)
    return {**_redact_visits(scheme, cut), "people_who_left": _anonymise_people(scheme, cut)}
