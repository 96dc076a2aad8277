"""Migration 0004 gives people recorded before it a status history built from their record."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from icv.common.database import db

VOLUNTEER_TABLES = {"person_status_change", "activity", "meeting"}
INSERT_PERSON = text(
    "INSERT INTO person (scheme_id, name, email, aws, status, joined_on, left_on, leave_reason,"
    " created_at, updated_at, version) VALUES (:scheme_id, :name, :email, false, :status,"
    " :joined_on, :left_on, :leave_reason, '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)"
)


def test_0004_builds_the_volunteer_tables(ctx):
    assert set(inspect(db.engine).get_table_names()) >= VOLUNTEER_TABLES


def test_0004_backfills_each_persons_history_from_their_record(scheme):
    scheme_id = scheme.id
    db.session.remove()
    downgrade(revision="0002")
    assert VOLUNTEER_TABLES.isdisjoint(inspect(db.engine).get_table_names())
    with db.engine.begin() as connection:
        for name, status, joined_on, left_on, reason in (
            ("Ann", "active", "2015-06-01", None, None),
            ("Ben", "left", "2012-03-05", "2023-09-30", "Moved away"),
            ("Cat", "vetting", "2024-02-01", None, None),
        ):
            connection.execute(
                INSERT_PERSON,
                {
                    "scheme_id": scheme_id,
                    "name": name,
                    "email": f"{name.lower()}@northshire.example",
                    "status": status,
                    "joined_on": joined_on,
                    "left_on": left_on,
                    "leave_reason": reason,
                },
            )

    upgrade(revision="heads")

    rows = db.session.execute(
        text(
            "SELECT p.name, c.from_status, c.to_status, c.effective_on, c.leave_reason"
            " FROM person_status_change c JOIN person p ON p.id = c.person_id ORDER BY c.id"
        )
    ).all()
    assert [(name, old, new, str(day), reason) for name, old, new, day, reason in rows] == [
        ("Ann", None, "active", "2015-06-01", None),
        ("Ben", None, "active", "2012-03-05", None),
        ("Cat", None, "vetting", "2024-02-01", None),
        ("Ben", "active", "left", "2023-09-30", "Moved away"),
    ]
