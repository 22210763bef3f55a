"""audit: refusals from outside the family counted on one row (audit_repeat)

Revision ID: 5e7a0c3d9b21
Revises: c4f1e2d3a5b6
Create Date: 2026-12-07 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dossier.models.base

revision: str = "5e7a0c3d9b21"
down_revision: str | None = "c4f1e2d3a5b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_repeat",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("repeats", sa.Integer(), nullable=False),
        sa.Column("last_at", dossier.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["audit_event.id"]),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_event_family_user_at", ["family_id", "user_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_family_user_at")
    op.drop_table("audit_repeat")
