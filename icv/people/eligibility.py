"""Who may go on a visit, and with whom: one rule for recording a visit, planning one and
claiming a slot.

A visitor who is in probation or active may visit a custody suite; a dog unit needs an active
member of the animal welfare scheme (after probation). The answer is a reason a person reads,
or None when they may go.
"""

from datetime import date
from itertools import combinations

from icv.models import Person
from icv.scheduling.slot_choice import Candidate, allowed_pair

VISITING_STATUSES = ("probation", "active")


def why_may_not_visit(person: Person, site_kind: str) -> str | None:
    if not person.has_role("visitor"):
        return f"{person.name} is not a visitor."
    if person.status not in VISITING_STATUSES:
        return f"{person.name} is not an active visitor."
    if site_kind == "dog_unit":
        return why_may_not_visit_dog_unit(person)
    return None


def why_may_not_visit_dog_unit(person: Person) -> str | None:
    """The animal welfare scheme's rule: only its members who have finished probation visit
    a dog unit (recording a visit, planning one and claiming a slot all ask this)."""
    if not (person.aws and person.status == "active"):
        return (
            f"{person.name} may not visit the dog unit: that needs the animal welfare scheme, "
            "after probation."
        )
    return None


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
