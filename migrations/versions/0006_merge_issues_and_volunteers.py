"""merge the issue-workflow and volunteers branches

Revision ID: 0006
Revises: 0003, 0004
Create Date: 2026-11-22 05:50:00

"""

revision = "0006"
down_revision = ("0003", "0004")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
