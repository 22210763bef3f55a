"""starting a dossier (first steps, a case manager's pending start)

family: the ill child's year of birth, and whether the dossier was started in the app
(only those show "Eerste stappen"); membership: the card hidden, the app ticked as
installed, and a hospital case manager who started the dossier and waits for a parent's
yes (awaiting_consent); user: the address typed for a provisional account (claim_email:
someone started a dossier with an address that belongs to another account).

Revision ID: e3c2f7a4b9d5
Revises: d2b1e6f3a8c4
Create Date: 2026-12-07 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "e3c2f7a4b9d5"
down_revision: str | None = "d2b1e6f3a8c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBERSHIP_FLAGS = ("first_steps_hidden", "app_installed", "awaiting_consent")


def upgrade() -> None:
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_birth_year", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("started_in_app", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        for name in MEMBERSHIP_FLAGS:
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_email", sa.String(length=254), nullable=True))
        batch_op.create_index(batch_op.f("ix_user_claim_email"), ["claim_email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_claim_email"))
        batch_op.drop_column("claim_email")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        for name in reversed(MEMBERSHIP_FLAGS):
            batch_op.drop_column(name)
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("started_in_app")
        batch_op.drop_column("child_birth_year")
