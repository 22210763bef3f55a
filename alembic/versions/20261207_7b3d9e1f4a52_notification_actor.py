"""notification: who caused it (the in-app list names them; a push never does)

Revision ID: 7b3d9e1f4a52
Revises: 5e7a0c3d9b21
Create Date: 2026-12-07 15:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "7b3d9e1f4a52"
down_revision: str | None = "5e7a0c3d9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_membership_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "notification_actor_membership_id_fkey",
            "membership",
            ["actor_membership_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint("notification_actor_membership_id_fkey", type_="foreignkey")
        batch_op.drop_column("actor_membership_id")
