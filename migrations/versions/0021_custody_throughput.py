"""custody throughput: the force's figure of people through custody in a financial year

A new table: existing rows are untouched, and no year has a figure until the manager records
one (the report then shows no throughput context, as before).

Revision ID: 0021
Revises: 0022
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "custody_throughput",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("detainees", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_custody_throughput_scheme_id_scheme")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["person.id"],
            name=op.f("fk_custody_throughput_recorded_by_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_throughput")),
        sa.UniqueConstraint("scheme_id", "year", name=op.f("uq_custody_throughput_scheme_id_year")),
    )
    op.create_index(
        op.f("ix_custody_throughput_scheme_id"), "custody_throughput", ["scheme_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_custody_throughput_scheme_id"), table_name="custody_throughput")
    op.drop_table("custody_throughput")
