"""Closing a dossier: the parents' request, the second parent's yes, 30 days to reopen.

One row per attempt. While `closed_at` is empty it is a request that waits for the other
parent (two active parents); once closed, `erase_after` says when the erasure job may
erase the family's content. Reopening sets `reopened_at`; a withdrawn or declined request
sets `cancelled_at`. The row is family content itself: the erasure removes it too.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from dossier.models.base import Versioned, created_column, utc_column

# Family.status of a dossier whose content was erased: only the bare row stays, with its
# name wiped, so the access log's family_id still points somewhere until the retention
# job removes the log rows (and then this row). Not a FamilyStatus: nobody is a member
# of it any more, so the gate never sees it.
FAMILY_ERASED = "erased"


class FamilyClosure(Versioned, table=True):
    __tablename__ = "family_closure"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    requested_by_id: int = Field(foreign_key="membership.id")
    requested_at: datetime = created_column()
    confirmed_by_id: int | None = Field(default=None, foreign_key="membership.id")
    closed_at: datetime | None = utc_column(nullable=True)
    erase_after: datetime | None = utc_column(nullable=True, index=True)
    cancelled_at: datetime | None = utc_column(nullable=True)
    reopened_at: datetime | None = utc_column(nullable=True)
    reopened_by_id: int | None = Field(default=None, foreign_key="membership.id")


class AuditRetention(Versioned, table=True):
    """Where the access log starts after the retention job removed older rows: the last
    removed row's id and hash, so `audit.verify_chain` checks the rest from there."""

    __tablename__ = "audit_retention"

    id: int | None = Field(default=None, primary_key=True)
    removed_up_to_id: int = 0
    removed_up_to_hash: str = Field(default="", max_length=64)
    removed_rows: int = 0
    at: datetime = created_column()
