"""Retention of what a leaver told the scheme about themself: their declarations of interest
and their ways of signing in go with their name, on the same day."""

from datetime import date

from sqlalchemy import select

from icv.admin import retention
from icv.common.database import db
from icv.models import Declaration, SecondFactor
from icv.people import declarations, second_factor
from tests.support.records import make_volunteer, move


def test_a_leavers_declarations_are_redacted_and_their_second_factor_removed(scheme, manager):
    leaver = make_volunteer(scheme, "Lee Ford", date(2015, 6, 1))
    declarations.declare(
        leaver,
        leaver,
        {
            "kind": "family_in_police",
            "detail": "My wife is a detective.",
            "declared_on": date(2016, 1, 4),
        },
    )
    second_factor.enrol(leaver)
    move(leaver, "left", date(2018, 3, 31), leave_reason="Moved away")

    retention.run(scheme, date(2025, 4, 1))

    [declaration] = db.session.scalars(
        select(Declaration).where(Declaration.person_id == leaver.id)
    )
    assert (declaration.kind, declaration.detail) == ("family_in_police", retention.MARKER)
    assert (
        db.session.scalar(select(SecondFactor).where(SecondFactor.person_id == leaver.id)) is None
    )
