"""Issues raised at visits: categories, the lifecycle, overdue, and the themes they form.

Status moves:
    resolved_during_visit   closed at source (a blanket, toilet paper); may be reopened
    open -> acknowledged    the custody team has seen it, with a response
    open|acknowledged -> resolved   the force's response of what was done
    acknowledged|resolved|resolved_during_visit -> open   the manager reopens, with a reason
Any other move is a conflict. Every move is kept with who, when and the text.
"""

from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, func, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.errors import Conflict, Forbidden, RuleViolation
from icv.common.sql import days_between
from icv.models import Issue, IssueCategory, IssueEvent, Person, Scheme, Site, Visit, utcnow
from icv.notifications import outbox

DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("food_and_drink", "Food and drink"),
    ("cell_and_contents", "The cell and its contents"),
    ("healthcare", "Healthcare and medication"),
    ("legal_rights", "Legal rights and PACE"),
    ("hygiene", "Hygiene and washing"),
    ("clothing_and_bedding", "Clothing and bedding"),
    ("exercise", "Exercise and fresh air"),
    ("reading_and_religious", "Reading and religious material"),
    ("contact_and_calls", "Contact and phone calls"),
    ("custody_record", "Custody record"),
    ("staff_conduct", "Staff conduct"),
    ("appropriate_adult", "Appropriate adults"),
    ("other", "Other"),
)

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    "acknowledge": {"to": "acknowledged", "from": frozenset({"open"})},
    "resolve": {"to": "resolved", "from": frozenset({"open", "acknowledged"})},
    "reopen": {
        "to": "open",
        "from": frozenset({"acknowledged", "resolved", "resolved_during_visit"}),
    },
}


def initial_status(resolved_during_visit: bool) -> str:
    return "resolved_during_visit" if resolved_during_visit else "open"


# Categories ----------------------------------------------------------------------------------


def categories(scheme_id: int, *, include_retired: bool = False) -> list[dict]:
    """The scheme's categories: the defaults, as the scheme relabelled or retired them, then
    its own."""
    merged = {
        key: {"key": key, "label": label, "active": True} for key, label in DEFAULT_CATEGORIES
    }
    for row in db.session.scalars(
        select(IssueCategory).where(IssueCategory.scheme_id == scheme_id).order_by(IssueCategory.id)
    ):
        merged[row.key] = {"key": row.key, "label": row.label, "active": row.active}
    return [item for item in merged.values() if include_retired or item["active"]]


def active_category_keys(scheme_id: int) -> set[str]:
    return {item["key"] for item in categories(scheme_id)}


def save_category(scheme: Scheme, actor: Person, key: str, label: str, active: bool = True):
    """Adds a category, or relabels or retires one (issues keep the key they have)."""
    row = db.session.scalar(
        select(IssueCategory).where(IssueCategory.scheme_id == scheme.id, IssueCategory.key == key)
    )
    if row is None:
        row = IssueCategory(scheme_id=scheme.id, key=key)
        db.session.add(row)
    row.label, row.active = label, active
    audit.record(
        scheme.id, actor, "issue_category", key, "save", {"label": label, "active": active}
    )
    db.session.commit()
    return next(item for item in categories(scheme.id, include_retired=True) if item["key"] == key)


# Reading -------------------------------------------------------------------------------------


def overdue_condition(scheme: Scheme, now: datetime):
    """Open and not acknowledged within the scheme's days since it was raised (the visit was
    submitted) or, if it was reopened, since it was reopened."""
    deadline = now - timedelta(days=scheme.acknowledge_days)
    since = func.coalesce(Issue.reopened_at, Issue.raised_at)
    return and_(Issue.status == "open", since.is_not(None), since < deadline)


def is_overdue(issue: Issue, scheme: Scheme, now: datetime | None = None) -> bool:
    now = now or utcnow()
    since = issue.reopened_at or issue.raised_at
    return (
        issue.status == "open"
        and since is not None
        and since < now - timedelta(days=scheme.acknowledge_days)
    )


def issues_query(
    person: Person,
    *,
    site_id: int | None = None,
    status: str | None = None,
    category: str | None = None,
    year: int | None = None,
    overdue: bool | None = None,
    now: datetime | None = None,
) -> Select:
    """The issues `person` may see, narrowed to the filters given, the latest visit first."""
    scheme = person.scheme
    query = visibility.visible_issues(person)
    if site_id is not None:
        query = query.where(Issue.site_id == site_id)
    if status:
        query = query.where(Issue.status == status)
    if category:
        query = query.where(Issue.category == category)
    if year is not None:
        start, end = FinancialYear(year).utc_bounds(scheme.timezone)
        query = query.where(Visit.arrived_at >= start, Visit.arrived_at < end)
    if overdue is not None:
        condition = overdue_condition(scheme, now or utcnow())
        query = query.where(condition if overdue else ~condition)
    return query.order_by(Visit.arrived_at.desc(), Issue.id)


# The lifecycle -------------------------------------------------------------------------------


def _move(issue: Issue, actor: Person, action: str, text: str) -> Issue:
    if not (text or "").strip():
        field = "reason" if action == "reopen" else "response"
        raise RuleViolation(field, "Say what was done or why.")
    if issue.visit.status != "submitted":
        raise Conflict("The visit has not been submitted yet.")
    rule = TRANSITIONS[action]
    if issue.status not in rule["from"]:
        raise Conflict(
            f"An issue that is '{issue.status}' cannot be {rule['to']}.",
            {"status": [f"Not allowed from '{issue.status}'."]},
        )
    now = utcnow()
    issue.events.append(
        IssueEvent(
            actor_id=actor.id,
            action=action,
            from_status=issue.status,
            to_status=rule["to"],
            text=text.strip(),
            at=now,
        )
    )
    issue.status = rule["to"]
    if action == "acknowledge":
        issue.acknowledged_at = now
        issue.response = text.strip()
    elif action == "resolve":
        issue.acknowledged_at = issue.acknowledged_at or now
        issue.resolved_at = now
        issue.response = text.strip()
    else:
        issue.resolved_at = None
        issue.reopened_at = now
    return issue


def _check_answerer(issue: Issue, actor: Person) -> None:
    if not visibility.may_answer_issue(actor, issue):
        raise Forbidden("Only the site's inspectors and the scheme's managers answer its issues.")


def acknowledge(issue: Issue, actor: Person, response: str) -> Issue:
    _check_answerer(issue, actor)
    _move(issue, actor, "acknowledge", response)
    outbox.issue_answered(issue, actor)
    db.session.commit()
    return issue


def resolve(issue: Issue, actor: Person, response: str) -> Issue:
    _check_answerer(issue, actor)
    _move(issue, actor, "resolve", response)
    outbox.issue_answered(issue, actor)
    db.session.commit()
    return issue


def reopen(issue: Issue, actor: Person, reason: str, category: str | None = None) -> Issue:
    if category is not None and category != issue.category:
        recategorise(issue, actor, category, commit=False)
    _move(issue, actor, "reopen", reason)
    outbox.issue_reopened(issue, reason)
    db.session.commit()
    return issue


def recategorise(issue: Issue, actor: Person, category: str, *, commit: bool = True) -> Issue:
    if category not in active_category_keys(issue.scheme_id):
        raise RuleViolation("category", "Unknown issue category.")
    if category != issue.category:
        issue.events.append(
            IssueEvent(
                actor_id=actor.id,
                action="recategorise",
                from_status=issue.status,
                to_status=issue.status,
                text=f"{issue.category} -> {category}",
            )
        )
        issue.category = category
    if commit:
        db.session.commit()
    return issue


def mark_raised(issues: list[Issue], at: datetime) -> None:
    """Starts the clock on a submitted visit's issues: overdue counts from here."""
    for issue in issues:
        issue.raised_at = issue.raised_at or at
        if issue.status == "resolved_during_visit" and not issue.events:
            issue.resolved_at = at


# Themes --------------------------------------------------------------------------------------


def _median(values_query: Select) -> float | None:
    """The median of a one-column query, found in SQL by ordering and offsetting."""
    subquery = values_query.subquery()
    column = subquery.c[0]
    count = db.session.scalar(select(func.count()).select_from(subquery).where(column.is_not(None)))
    if not count:
        return None
    ordered = select(column).where(column.is_not(None)).order_by(column)
    middle = list(db.session.scalars(ordered.offset((count - 1) // 2).limit(2 - count % 2)))
    return round(float(sum(middle)) / len(middle), 1)


def summary(scheme: Scheme, year: int) -> dict:
    """Counts by category, quarter and site; top categories; resolved at source; medians."""
    fy = FinancialYear(year)
    start, end = fy.utc_bounds(scheme.timezone)
    in_year = and_(
        Issue.scheme_id == scheme.id,
        Visit.status == "submitted",
        Visit.arrived_at >= start,
        Visit.arrived_at < end,
    )
    base = select(Issue).join(Visit, Issue.visit_id == Visit.id).where(in_year)

    def grouped(column):
        query = (
            select(column, func.count(Issue.id))
            .select_from(Issue)
            .join(Visit, Issue.visit_id == Visit.id)
            .where(in_year)
            .group_by(column)
        )
        return db.session.execute(query).all()

    quarter_starts = fy.quarter_starts(scheme.timezone)
    quarter = case(
        (Visit.arrived_at < quarter_starts[1], 1),
        (Visit.arrived_at < quarter_starts[2], 2),
        (Visit.arrived_at < quarter_starts[3], 3),
        else_=4,
    )
    labels = {item["key"]: item["label"] for item in categories(scheme.id, include_retired=True)}
    by_category = sorted(
        (
            {"category": key, "label": labels.get(key, key), "count": n}
            for key, n in grouped(Issue.category)
        ),
        key=lambda item: (-item["count"], item["category"]),
    )
    by_quarter = dict.fromkeys((1, 2, 3, 4), 0) | dict(grouped(quarter))
    site_names = dict(
        db.session.execute(select(Site.id, Site.name).where(Site.scheme_id == scheme.id)).all()
    )
    by_site = [
        {"site_id": site_id, "name": site_names.get(site_id), "count": n}
        for site_id, n in sorted(grouped(Issue.site_id))
    ]
    totals = db.session.execute(
        select(
            func.count(Issue.id),
            func.sum(case((Issue.resolved_during_visit.is_(True), 1), else_=0)),
        )
        .select_from(Issue)
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_year)
    ).one()
    total, at_source = totals[0], int(totals[1] or 0)
    answered = base.where(Issue.resolved_during_visit.is_(False))
    return {
        "year": year,
        "label": fy.label,
        "total": total,
        "by_category": by_category,
        "by_quarter": [{"quarter": q, "count": n} for q, n in sorted(by_quarter.items())],
        "by_site": by_site,
        "top_categories": [item["category"] for item in by_category[:2]],
        "resolved_during_visit": at_source,
        "resolved_during_visit_percent": round(100 * at_source / total, 1) if total else None,
        "median_days_to_acknowledge": _median(
            answered.with_only_columns(days_between(Issue.acknowledged_at, Issue.raised_at))
        ),
        "median_days_to_resolve": _median(
            answered.with_only_columns(days_between(Issue.resolved_at, Issue.raised_at))
        ),
        "open": _count(base.where(Issue.status == "open")),
        "overdue": _count(base.where(overdue_condition(scheme, utcnow()))),
    }


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))
