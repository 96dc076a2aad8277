"""merge the performance branch

Revision ID: 0012
Revises: 0009, 0011
Create Date: 2026-11-22 06:55:00

"""

revision = "0012"
down_revision = ("0009", "0011")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
