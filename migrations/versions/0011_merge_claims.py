"""merge the claims branch

Revision ID: 0011
Revises: 0008, 0010
Create Date: 2026-11-22 06:45:00

"""

revision = "0011"
down_revision = ("0008", "0010")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
