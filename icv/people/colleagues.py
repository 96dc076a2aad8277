"""Who a visitor may name as a partner on a visit or a claim: the scheme's visitors who may
visit (active or in probation), with only what choosing one needs (name, whether they may go
to the dog unit). A visitor sees no other record of theirs (`icv.visibility`)."""

from dataclasses import dataclass

from sqlalchemy import select

from icv.common.database import db
from icv.models import Person, PersonRole
from icv.people.eligibility import VISITING_STATUSES, why_may_not_visit


@dataclass(frozen=True)
class Colleague:
    id: int
    name: str
    may_visit_dog_unit: bool


def colleagues_of(person: Person) -> list[Colleague]:
    people = db.session.scalars(
        select(Person)
        .where(
            Person.scheme_id == person.scheme_id,
            Person.status.in_(VISITING_STATUSES),
            Person.role_rows.any(PersonRole.role == "visitor"),
        )
        .order_by(Person.name, Person.id)
    )
    return [
        Colleague(other.id, other.name, why_may_not_visit(other, "dog_unit") is None)
        for other in people
    ]
