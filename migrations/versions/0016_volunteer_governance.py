"""volunteers' governance: vetting expiry, declarations of interest, training minimums

Existing rows keep their meaning:
- nobody has a vetting expiry recorded (null: no expiry known, so nobody is barred by it);
- every scheme gets the default minimums: 2 team meetings a year, the national training within
  probation, 1 refresher training a term, TACT training for TACT visits;
- there are no declarations and no reminders yet.

Revision ID: 0016
Revises: 0019
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0019"
branch_labels = None
depends_on = None

DECLARATION_KINDS = ("works_for_police", "family_in_police", "criminal_justice_work", "other")
DECLARATION_DECISIONS = ("accepted", "restricted_to_sites", "not_compatible")
OLD_NOTIFICATION_KINDS = (
    "issue_raised",
    "urgent_concern",
    "tact_report",
    "issue_response",
    "issue_reopened",
    "entry_refused",
    "invitation",
    "password_reset",
    "password_changed",
    "second_factor_reset",
)
NOTIFICATION_KINDS = (*OLD_NOTIFICATION_KINDS, "vetting_reminder")


def _scheme_minimums() -> tuple[sa.Column, ...]:
    return (
        sa.Column("min_team_meetings_per_year", sa.Integer(), server_default="2", nullable=False),
        sa.Column(
            "national_training_in_probation", sa.Boolean(), server_default=sa.true(), nullable=False
        ),
        sa.Column(
            "min_refresher_trainings_per_term", sa.Integer(), server_default="1", nullable=False
        ),
        sa.Column(
            "tact_training_for_tact_visits", sa.Boolean(), server_default=sa.true(), nullable=False
        ),
    )


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(20, *map(len, values)),
    )


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace_notification_kinds(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_constraint(op.f("ck_notification_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notification_notification_kind"), _in("kind", values)
        )


def upgrade():
    op.add_column("person", sa.Column("vetting_expires_on", sa.Date(), nullable=True))
    for column in _scheme_minimums():
        op.add_column("scheme", column)

    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(DECLARATION_KINDS, "declaration_kind"), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("decision", _enum(DECLARATION_DECISIONS, "declaration_decision"), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_declaration_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["person.id"], name=op.f("fk_declaration_recorded_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["person.id"], name=op.f("fk_declaration_reviewed_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_declaration_scheme_id_scheme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
    )
    op.create_index(op.f("ix_declaration_person_id"), "declaration", ["person_id"])
    op.create_index(op.f("ix_declaration_scheme_id"), "declaration", ["scheme_id"])
    op.create_table(
        "declaration_site",
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declaration.id"],
            name=op.f("fk_declaration_site_declaration_id_declaration"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_declaration_site_site_id_site"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("declaration_id", "site_id", name=op.f("pk_declaration_site")),
    )
    op.create_table(
        "vetting_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_vetting_reminder_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_reminder")),
        sa.UniqueConstraint(
            "person_id",
            "expires_on",
            "days_before",
            name=op.f("uq_vetting_reminder_person_id_expires_on_days_before"),
        ),
    )
    _replace_notification_kinds(NOTIFICATION_KINDS)


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'vetting_reminder'")
    _replace_notification_kinds(OLD_NOTIFICATION_KINDS)
    op.drop_table("vetting_reminder")
    op.drop_table("declaration_site")
    op.drop_index(op.f("ix_declaration_scheme_id"), table_name="declaration")
    op.drop_index(op.f("ix_declaration_person_id"), table_name="declaration")
    op.drop_table("declaration")
    for column in reversed(_scheme_minimums()):
        op.drop_column("scheme", column.name)
    op.drop_column("person", "vetting_expires_on")
