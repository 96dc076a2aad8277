"""the visit report: checklists, detainee welfare, denials, feedback, outcomes, TACT reports

Existing rows keep their meaning:
- a visit's checks were booleans: true becomes {"result": "ok"}, false {"result": "concern"}
  and null {"result": "not_checked"};
- an abandoned visit's free-text reason becomes the key `other`, its text the `abandon_note`;
- detainee entries get no observations ({}), and nothing about an appropriate adult or a
  denial (they were never recorded);
- schemes get 14 days to send a TACT report, and nobody is yet recorded as TACT trained.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:00:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD_VISIT_OUTCOMES = ("completed", "abandoned")
VISIT_OUTCOMES = ("completed", "curtailed", "abandoned")
OLD_DETAINEE_OUTCOMES = ("seen", "refused", "not_offered", "unavailable", "asleep_observed")
DETAINEE_OUTCOMES = (*OLD_DETAINEE_OUTCOMES, "denied")
ABANDON_REASONS = (
    "entry_refused",
    "suite_closed",
    "wait_too_long",
    "incident_in_suite",
    "visitors_unsafe",
    "other",
)
OLD_NOTIFICATION_KINDS = (
    "issue_raised",
    "urgent_concern",
    "tact_report",
    "issue_response",
    "issue_reopened",
)
NOTIFICATION_KINDS = (*OLD_NOTIFICATION_KINDS, "entry_refused")
CHECK_OF_BOOLEAN = {True: "ok", False: "concern", None: "not_checked"}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace_check(table: str, name: str, column: str, values: tuple[str, ...]) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), _in(column, values))


def _convert_checks(convert) -> None:
    connection = op.get_bind()
    visit = sa.table("visit", sa.column("id", sa.String), sa.column("checks", sa.JSON))
    for visit_id, checks in connection.execute(sa.select(visit.c.id, visit.c.checks)).all():
        if isinstance(checks, str):
            checks = json.loads(checks)
        if checks:
            connection.execute(
                visit.update().where(visit.c.id == visit_id).values(checks=convert(checks))
            )


def upgrade():
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "suite",
                "detainee",
                "dog",
                name="checklist_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_checklist_item_scheme_id_scheme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_item")),
        sa.UniqueConstraint(
            "scheme_id", "kind", "key", name="uq_checklist_item_scheme_id_kind_key"
        ),
    )
    with op.batch_alter_table("checklist_item") as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_item_scheme_id"), ["scheme_id"])

    op.create_table(
        "tact_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("detainee_ref", sa.String(length=40), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "due",
                "sent",
                name="tact_report_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("recordings_reviewed", sa.Boolean(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_tact_report_scheme_id_scheme")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_tact_report_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_tact_report_site_id_site")),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["person.id"], name=op.f("fk_tact_report_sent_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tact_report")),
        sa.UniqueConstraint(
            "visit_id", "detainee_ref", name="uq_tact_report_visit_id_detainee_ref"
        ),
    )
    with op.batch_alter_table("tact_report") as batch_op:
        batch_op.create_index(batch_op.f("ix_tact_report_scheme_id"), ["scheme_id"])

    # Added in place (the server default fills existing schemes): every other table refers to
    # these two, and SQLite would otherwise copy them.
    op.add_column(
        "scheme", sa.Column("tact_report_days", sa.Integer(), nullable=False, server_default="14")
    )
    op.add_column("person", sa.Column("tact_trained_on", sa.Date(), nullable=True))

    # Visits: outcomes, reasons and feedback.
    with op.batch_alter_table("visit") as batch_op:
        batch_op.add_column(sa.Column("curtail_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("abandon_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("feedback", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE visit SET abandon_note = abandon_reason, abandon_reason = 'other'"
        " WHERE abandon_reason IS NOT NULL"
    )
    with op.batch_alter_table("visit") as batch_op:
        batch_op.alter_column(
            "abandon_reason",
            existing_type=sa.Text(),
            type_=sa.String(length=20),
            existing_nullable=True,
        )
        batch_op.create_check_constraint(
            op.f("ck_visit_abandon_reason"), _in("abandon_reason", ABANDON_REASONS)
        )
    _replace_check("visit", "visit_outcome", "outcome", VISIT_OUTCOMES)
    _convert_checks(
        lambda checks: {key: {"result": CHECK_OF_BOOLEAN[value]} for key, value in checks.items()},
    )

    # Detainees: denials, appropriate adults and observations.
    with op.batch_alter_table("detainee_entry") as batch_op:
        batch_op.add_column(sa.Column("denied_by_rank", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("appropriate_adult", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("observations", sa.JSON(), nullable=True))
    op.execute("UPDATE detainee_entry SET observations = '{}'")
    with op.batch_alter_table("detainee_entry") as batch_op:
        batch_op.alter_column("observations", existing_type=sa.JSON(), nullable=False)
    _replace_check("detainee_entry", "detainee_outcome", "outcome", DETAINEE_OUTCOMES)
    _replace_check("notification", "notification_kind", "kind", NOTIFICATION_KINDS)


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'entry_refused'")
    _replace_check("notification", "notification_kind", "kind", OLD_NOTIFICATION_KINDS)
    op.execute("DELETE FROM detainee_entry WHERE outcome = 'denied'")
    _replace_check("detainee_entry", "detainee_outcome", "outcome", OLD_DETAINEE_OUTCOMES)
    with op.batch_alter_table("detainee_entry") as batch_op:
        batch_op.drop_column("observations")
        batch_op.drop_column("appropriate_adult")
        batch_op.drop_column("denied_by_rank")

    _convert_checks(
        lambda checks: {
            key: {"ok": True, "concern": False}.get((value or {}).get("result"))
            for key, value in checks.items()
        },
    )
    op.execute("UPDATE visit SET outcome = 'completed' WHERE outcome = 'curtailed'")
    _replace_check("visit", "visit_outcome", "outcome", OLD_VISIT_OUTCOMES)
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_constraint(op.f("ck_visit_abandon_reason"), type_="check")
        batch_op.alter_column(
            "abandon_reason",
            existing_type=sa.String(length=20),
            type_=sa.Text(),
            existing_nullable=True,
        )
    op.execute(
        "UPDATE visit SET abandon_reason = COALESCE(abandon_note, abandon_reason)"
        " WHERE abandon_reason IS NOT NULL"
    )
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_column("feedback")
        batch_op.drop_column("abandon_note")
        batch_op.drop_column("curtail_reason")

    # In place, not by copying the tables: every other table refers to these two.
    op.execute("ALTER TABLE person DROP COLUMN tact_trained_on")
    op.execute("ALTER TABLE scheme DROP COLUMN tact_report_days")
    with op.batch_alter_table("tact_report") as batch_op:
        batch_op.drop_index(batch_op.f("ix_tact_report_scheme_id"))
    op.drop_table("tact_report")
    with op.batch_alter_table("checklist_item") as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_item_scheme_id"))
    op.drop_table("checklist_item")
