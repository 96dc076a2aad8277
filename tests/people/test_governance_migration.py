"""Migration 0016 carries people and schemes over with their meaning: nobody has a vetting
expiry (so nobody is barred by one), every scheme gets the default training and meeting
minimums, and there are no declarations yet."""

import importlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import Person, Scheme
from icv.people import compliance
from icv.people.eligibility import why_may_not_visit

MIGRATION = importlib.import_module("migrations.versions.0016_volunteer_governance")


def test_0016_keeps_the_meaning_of_people_and_schemes_recorded_before_it(scheme, visitor):
    scheme_id, visitor_id = scheme.id, visitor.id
    db.session.remove()
    downgrade(revision=MIGRATION.down_revision)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scheme (name, timezone, hourly_rate, acknowledge_days,"
                " tact_report_days, created_at) VALUES ('Oldshire', 'Europe/London', 18.35, 7,"
                " 14, '2020-01-01 00:00:00+00:00')"
            )
        )

    upgrade(revision="heads")

    old = db.session.scalars(db.select(Scheme).where(Scheme.name == "Oldshire")).one()
    for kept in (old, db.session.get(Scheme, scheme_id)):
        assert compliance.minimums_of(kept) == compliance.Minimums(2, True, 1, True)
    person = db.session.get(Person, visitor_id)
    assert person.vetting_expires_on is None
    assert why_may_not_visit(person, "custody_suite", on=person.joined_on) is None
    assert db.session.execute(text("SELECT COUNT(*) FROM declaration")).scalar_one() == 0
