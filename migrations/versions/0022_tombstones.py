"""tombstones: what left a phone's lists, for delta sync

A new table only; no existing row changes meaning. Records removed before this revision have no
tombstone: a phone that last synced before it is told to reset (its sync time is older than the
person's last change or the tombstones kept), or simply fetches its lists afresh.

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op


revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tombstone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_tombstone_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_tombstone_scheme_id_scheme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tombstone")),
    )
    op.create_index(
        "ix_tombstone_scheme_id_kind_removed_at",
        "tombstone",
        ["scheme_id", "kind", "removed_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_tombstone_scheme_id_kind_removed_at", table_name="tombstone")
    op.drop_table("tombstone")
