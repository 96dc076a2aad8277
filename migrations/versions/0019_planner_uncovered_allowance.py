"""the planner's uncovered allowance: slots of a site's grid a scheme accepts unvisited a year

Existing schemes keep today's planner: an allowance of 0 (every slot covered).

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-09 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    # In place (the server default fills existing schemes): SQLite would otherwise copy the table
    # every other table refers to.
    op.add_column(
        "scheme",
        sa.Column("planner_uncovered_allowance", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade():
    op.execute("ALTER TABLE scheme DROP COLUMN planner_uncovered_allowance")
