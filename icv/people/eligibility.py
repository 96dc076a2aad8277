"""Who may go on a visit: one rule for recording a visit, planning one and claiming a slot.

A visitor who is in probation or active may visit a custody suite; a dog unit needs an active
member of the animal welfare scheme (after probation). The answer is a reason a person reads,
or None when they may go.
"""

from icv.models import Person

VISITING_STATUSES = ("probation", "active")


def why_may_not_visit(person: Person, site_kind: str) -> str | None:
    if not person.has_role("visitor"):
        return f"{person.name} is not a visitor."
    if person.status not in VISITING_STATUSES:
        return f"{person.name} is not an active visitor."
    if site_kind == "dog_unit" and not (person.aws and person.status == "active"):
        return (
            f"{person.name} may not visit the dog unit: that needs the animal welfare scheme, "
            "after probation."
        )
    return None
