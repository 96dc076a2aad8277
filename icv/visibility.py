"""Who may see which records: one rule for every kind of record, read from the person's roles.

Roles add up: a person sees what any of their roles lets them see, never less.

- **Visits.** A manager sees the scheme's; a visitor, the visits they took part in (drafts
  included); an inspector, the submitted visits at the sites they are listed for.
- **Issues.** Those raised at a visit the person may see: visibility follows the visit.
- **Claims.** A manager sees the scheme's; a visitor, those naming them as claimant or partner.
- **Plans.** A manager sees the scheme's; a visitor, those with an item naming them. Inspectors
  and viewers never see claims or plans: a schedule seen by the police would make visits
  predictable.
- **Activities** (time given besides visits). A manager sees the scheme's; a visitor, their own.
- **Sites.** Managers, visitors and viewers see the scheme's; an inspector only, the sites they
  are listed for.
- **TACT reports.** A manager's only.
- **National accounts** (role `national`, of no scheme) see no record of any kind: they read
  only the cross-scheme benchmarks of the schemes that agreed (`icv.reporting.benchmarks`).
- **People.** A manager reads anyone of the scheme, whole; anyone else only their own record,
  without the private fields (`icv.people.people.PRIVATE_FIELDS`). Names and dates that could
  identify a volunteer in the figures (leavers, milestones, hours by person) are a manager's.

Every list starts from `visible_<records>(person)` and every single record is fetched with
`<record>_for(person, id)`, which answers 404 (never 403) for a record the person may not see,
including another scheme's, so that nobody learns it exists. `for_update=True` locks the row
until the transaction ends (PostgreSQL), so of two concurrent changes the second sees the first.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from icv.common.database import db
from icv.common.errors import NotFound
from icv.models import (
    Activity,
    Claim,
    Issue,
    Person,
    Plan,
    PlanItem,
    PlanItemVisitor,
    Site,
    TactReport,
    Visit,
)


def _any_of(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return or_(*conditions) if conditions else false()


def in_scheme_of(column, person: Person) -> ColumnElement[bool]:
    """Rows of the person's scheme; none for a person of no scheme (a national account), where
    `column == None` would otherwise read as IS NULL."""
    return column == person.scheme_id if person.scheme_id is not None else false()


def visit_condition(person: Person) -> ColumnElement[bool]:
    """Which of the scheme's visits the person may see (the scheme itself is checked apart)."""
    if person.has_role("manager"):
        return true()
    conditions = []
    if person.has_role("visitor"):
        conditions.append(Visit.visitors.any(Person.id == person.id))
    if person.has_role("inspector"):
        conditions.append(Visit.site_id.in_(person.site_ids) & (Visit.status == "submitted"))
    return _any_of(conditions)


def claim_condition(person: Person) -> ColumnElement[bool]:
    if person.has_role("manager"):
        return true()
    if person.has_role("visitor"):
        return claim_naming(person.id)
    return false()


def claim_naming(person_id: int) -> ColumnElement[bool]:
    return or_(Claim.claimant_id == person_id, Claim.partner_id == person_id)


def plan_item_naming(person_id: int) -> ColumnElement[bool]:
    return PlanItem.visitors.any(PlanItemVisitor.person_id == person_id)


def plan_condition(person: Person) -> ColumnElement[bool]:
    if person.has_role("manager"):
        return true()
    if person.has_role("visitor"):
        return Plan.items.any(plan_item_naming(person.id))
    return false()


def activity_condition(person: Person) -> ColumnElement[bool]:
    if person.has_role("manager"):
        return true()
    if person.has_role("visitor"):
        return Activity.person_id == person.id
    return false()


def site_condition(person: Person) -> ColumnElement[bool]:
    if person.has_role("manager", "visitor", "viewer"):
        return true()
    if person.has_role("inspector"):
        return Site.id.in_(person.site_ids)
    return false()


def person_condition(person: Person) -> ColumnElement[bool]:
    if person.has_role("manager"):
        return true()
    return Person.id == person.id


def sees_private_records(person: Person) -> bool:
    """Whole person records, and the names and dates behind the volunteer figures."""
    return person.has_role("manager")


def may_answer_issue(person: Person, issue: Issue) -> bool:
    """Seeing an issue is not answering it: a visitor who is also an inspector elsewhere
    answers only the issues at the sites they inspect."""
    return person.has_role("manager") or (
        person.has_role("inspector") and issue.site_id in person.site_ids
    )


@dataclass(frozen=True)
class PlanForVisitor:
    """What a visitor sees of a plan: its dates and the items naming them, nothing else."""

    id: int
    starts_on: date
    weeks: int
    include_handover: bool
    created_at: datetime
    items: list[PlanItem]


def plan_seen_by(person: Person, plan: Plan) -> Plan | PlanForVisitor:
    """A manager reads the whole plan; a visitor only the items naming them."""
    if person.has_role("manager"):
        return plan
    return PlanForVisitor(
        id=plan.id,
        starts_on=plan.starts_on,
        weeks=plan.weeks,
        include_handover=plan.include_handover,
        created_at=plan.created_at,
        items=[item for item in plan.items if person.id in item.visitor_ids],
    )


# Lists ---------------------------------------------------------------------------------------


def visible_visits(person: Person) -> Select:
    return select(Visit).where(in_scheme_of(Visit.scheme_id, person), visit_condition(person))


def visible_issues(person: Person) -> Select:
    return (
        select(Issue)
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_scheme_of(Issue.scheme_id, person), visit_condition(person))
    )


def visible_claims(person: Person) -> Select:
    return select(Claim).where(in_scheme_of(Claim.scheme_id, person), claim_condition(person))


def visible_plans(person: Person) -> Select:
    return select(Plan).where(in_scheme_of(Plan.scheme_id, person), plan_condition(person))


def visible_activities(person: Person) -> Select:
    return select(Activity).where(
        in_scheme_of(Activity.scheme_id, person), activity_condition(person)
    )


def may_see_visit(person: Person, visit_id: str) -> bool:
    query = visible_visits(person).where(Visit.id == str(visit_id)).with_only_columns(Visit.id)
    return db.session.scalar(query) is not None


def visible_sites(person: Person) -> Select:
    return select(Site).where(in_scheme_of(Site.scheme_id, person), site_condition(person))


def visible_people(person: Person) -> Select:
    return select(Person).where(in_scheme_of(Person.scheme_id, person), person_condition(person))


# One record ----------------------------------------------------------------------------------


def _one(query: Select, model, name: str, for_update: bool):
    if for_update:
        query = query.with_for_update(of=model)
    found = db.session.scalar(query)
    if found is None:
        raise NotFound(name)
    return found


def visit_for(person: Person, visit_id, *, for_update: bool = False) -> Visit:
    query = visible_visits(person).where(Visit.id == str(visit_id))
    return _one(query, Visit, "visit", for_update)


def issue_for(person: Person, issue_id: int, *, for_update: bool = False) -> Issue:
    query = visible_issues(person).where(Issue.id == issue_id)
    return _one(query, Issue, "issue", for_update)


def claim_for(person: Person, claim_id: int, *, for_update: bool = False) -> Claim:
    query = visible_claims(person).where(Claim.id == claim_id)
    return _one(query, Claim, "claim", for_update)


def plan_for(person: Person, plan_id: int, *, for_update: bool = False) -> Plan:
    query = visible_plans(person).where(Plan.id == plan_id)
    return _one(query, Plan, "plan", for_update)


def activity_for(person: Person, activity_id: int, *, for_update: bool = False) -> Activity:
    query = visible_activities(person).where(Activity.id == activity_id)
    return _one(query, Activity, "activity", for_update)


def visible_tact_reports(person: Person) -> Select:
    """TACT reports are the managers' to keep (the site's inspectors read the visits)."""
    return select(TactReport).where(
        in_scheme_of(TactReport.scheme_id, person),
        true() if person.has_role("manager") else false(),
    )


def tact_report_for(person: Person, report_id: int, *, for_update: bool = False) -> TactReport:
    query = visible_tact_reports(person).where(TactReport.id == report_id)
    return _one(query, TactReport, "TACT report", for_update)


def site_for(person: Person, site_id: int, *, for_update: bool = False) -> Site:
    query = visible_sites(person).where(Site.id == site_id)
    return _one(query, Site, "site", for_update)


def person_for(person: Person, person_id: int, *, for_update: bool = False) -> Person:
    query = visible_people(person).where(Person.id == person_id)
    return _one(query, Person, "person", for_update)
