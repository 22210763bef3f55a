"""Outgoing e-mail and the single-use links it carries.

`MailOutbox` is the outbox (healthchecks style): a row written in the same transaction
as the reason for the mail, sent by a small worker after the commit (dossier/mail/).
Once sent, the bodies are wiped: a single-use link does not wait in the database.

`MailToken` is a link in a mail (confirm an address, set a new password): the mail holds
the random token, the database only its keyed hash (as for sessions and invitations).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import created_column, utc_column


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after retries


class TokenPurpose(StrEnum):
    CONFIRM = "confirm"  # "Bevestig je e-mailadres"
    RESET = "reset"  # "Wachtwoord vergeten"
    CLAIM = "claim"  # the owner of an address adds a provisional dossier (domain/provisional.py)


class MailOutbox(SQLModel, table=True):
    __tablename__ = "mail_outbox"

    id: int | None = Field(default=None, primary_key=True)
    # Whose mail it is: erasing the account erases its mails.
    user_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), index=True, nullable=True
        ),
    )
    kind: str = Field(max_length=40)  # "confirm", "reset", "reset_oidc"
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    # Wiped ("") once sent: the text may hold a single-use link.
    body_text: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    body_html: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    status: str = Field(default=MailStatus.PENDING, max_length=10)
    attempts: int = 0
    not_before: datetime = utc_column()
    lease_until: datetime | None = utc_column(nullable=True)
    lease_owner: str = Field(default="", max_length=64)
    last_error: str = Field(default="", max_length=300)
    created_at: datetime = created_column()
    sent_at: datetime | None = utc_column(nullable=True)

    __table_args__ = (sa.Index("ix_mail_outbox_due", "status", "not_before"),)


class MailToken(SQLModel, table=True):
    __tablename__ = "mail_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), index=True, nullable=False
        ),
    )
    purpose: str = Field(max_length=10)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    # The address the link was sent to: after a change of address the link is dead.
    email: str = Field(max_length=254)
    created_at: datetime = created_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
