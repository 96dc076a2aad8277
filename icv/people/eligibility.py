"""Who may go on a visit, and with whom: one rule for recording a visit, planning one and
claiming a slot.

A visitor who is in probation or active may visit a custody suite; a dog unit needs an active
member of the animal welfare scheme (after probation). The answer is a reason a person reads,
or None when they may go.

Governance adds, when the caller knows the day and the site: a visitor whose vetting has lapsed
by that day may not go (`icv.people.vetting`), and a reviewed declaration of interest keeps a
visitor off the sites it names, or off every site when found not compatible
(`icv.people.declarations`). The day of a visit is its local arrival date; of a plan item or a
claim, the last day its slot can fall on in its week (`last_day_of_slot`), so that the
visitor's vetting holds whichever day of the slot they go.
"""

from datetime import date, timedelta
from itertools import combinations

from icv.models import Person
from icv.people.declarations import Bar, why_declared_interest_bars
from icv.people.vetting import why_vetting_lapsed
from icv.scheduling.slot_choice import Candidate, allowed_pair
from icv.sites.grids import grid_for

VISITING_STATUSES = ("probation", "active")


def why_may_not_visit(
    person: Person,
    site_kind: str,
    *,
    site_id: int | None = None,
    on: date | None = None,
    bar: Bar | None = None,
) -> str | None:
    """Why the person may not visit a site of this kind (this site, on this day, when given);
    `bar` is the person's `icv.people.declarations.bars_of` entry when the caller read it for
    many people at once."""
    if not person.has_role("visitor"):
        return f"{person.name} is not a visitor."
    if person.status not in VISITING_STATUSES:
        return f"{person.name} is not an active visitor."
    if site_kind == "dog_unit":
        reason = why_may_not_visit_dog_unit(person)
        if reason:
            return reason
    return why_governance_bars(person, site_id=site_id, on=on, bar=bar)


def why_may_not_visit_dog_unit(person: Person) -> str | None:
    """The animal welfare scheme's rule: only its members who have finished probation visit
    a dog unit (recording a visit, planning one and claiming a slot all ask this)."""
    if not (person.aws and person.status == "active"):
        return (
            f"{person.name} may not visit the dog unit: that needs the animal welfare scheme, "
            "after probation."
        )
    return None


def why_governance_bars(
    person: Person, *, site_id: int | None, on: date | None, bar: Bar | None
) -> str | None:
    """Vetting and declared interests: what keeps an otherwise eligible visitor away."""
    if on is not None:
        reason = why_vetting_lapsed(person, on)
        if reason:
            return reason
    return why_declared_interest_bars(person, site_id, bar)


def last_day_of_slot(site_kind: str, week_start: date, slot_day: int) -> date:
    """The last date in the week on which a slot of the site's grid can fall."""
    weekday = max(grid_for(site_kind).weekdays_of(slot_day))
    return week_start + timedelta(days=weekday - 1)


def why_may_not_go_together(people: list[Person]) -> str | None:
    """The planner's pair rule, for any visitors named together: never two probationers."""
    for first, second in combinations(people, 2):
        if not allowed_pair(candidate_of(first), candidate_of(second)):
            return (
                f"{first.name} and {second.name} are both in probation: a probationer visits "
                "with an appointed visitor."
            )
    return None


def candidate_of(person: Person) -> Candidate:
    return Candidate(person.id, person.status == "probation", person.buddy_id)


def tact_trained(person: Person, on: date) -> bool:
    return person.tact_trained_on is not None and person.tact_trained_on <= on
