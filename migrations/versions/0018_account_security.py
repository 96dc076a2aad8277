"""account security: invitations and password resets, a second factor, step-up

Existing rows keep their meaning: everyone keeps their password and signs in as before;
nobody has a second factor; no scheme requires one; sign-ins made before this revision have
no confirmation time (a sensitive change asks them to confirm first).

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-05 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0014"
branch_labels = None
depends_on = None

OLD_NOTIFICATION_KINDS = (
    "issue_raised",
    "urgent_concern",
    "tact_report",
    "issue_response",
    "issue_reopened",
    "entry_refused",
)
NOTIFICATION_KINDS = (
    *OLD_NOTIFICATION_KINDS,
    "invitation",
    "password_reset",
    "password_changed",
    "second_factor_reset",
)
ACCOUNT_TOKEN_PURPOSES = ("invitation", "password_reset")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace_notification_kinds(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_constraint(op.f("ck_notification_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notification_notification_kind"), _in("kind", values)
        )


def upgrade():
    # In place: every other table refers to scheme (SQLite would copy it in batch mode).
    op.add_column(
        "scheme",
        sa.Column(
            "managers_need_second_factor",
            sa.Boolean(),
            nullable=False,
            server_default=sa.false(),
        ),
    )
    op.add_column(
        "auth_session", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                *ACCOUNT_TOKEN_PURPOSES,
                name="account_token_purpose",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_account_token_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_token_token_hash")),
    )
    op.create_index(
        op.f("ix_account_token_person_id"), "account_token", ["person_id"], unique=False
    )
    op.create_table(
        "second_factor",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_second_factor_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_second_factor")),
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_recovery_code_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint(
            "person_id", "code_hash", name=op.f("uq_recovery_code_person_id")
        ),
    )
    op.create_index(
        op.f("ix_recovery_code_person_id"), "recovery_code", ["person_id"], unique=False
    )
    _replace_notification_kinds(NOTIFICATION_KINDS)


def downgrade():
    op.execute(
        "DELETE FROM notification WHERE "
        + _in("kind", tuple(k for k in NOTIFICATION_KINDS if k not in OLD_NOTIFICATION_KINDS))
    )
    _replace_notification_kinds(OLD_NOTIFICATION_KINDS)
    op.drop_index(op.f("ix_recovery_code_person_id"), table_name="recovery_code")
    op.drop_table("recovery_code")
    op.drop_table("second_factor")
    op.drop_index(op.f("ix_account_token_person_id"), table_name="account_token")
    op.drop_table("account_token")
    with op.batch_alter_table("auth_session") as batch_op:
        batch_op.drop_column("confirmed_at")
    # In place, not by copying the table: every other table refers to it.
    op.execute("ALTER TABLE scheme DROP COLUMN managers_need_second_factor")
