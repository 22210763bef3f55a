"""Appointments in the family's agenda."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field

from dossier.models.base import Versioned, created_column, json_column, utc_column

DEFAULT_REMINDERS_MINUTES = [24 * 60, 2 * 60]


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Appointment(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    title: str = Field(max_length=200)
    starts_at: datetime = utc_column(index=True)
    ends_at: datetime = utc_column()
    place: str = Field(default="", max_length=200)
    with_whom: str = Field(default="", max_length=200)  # a person or organisation
    attendee_ids: list[int] = json_column()  # memberships who go along
    preparation: str = Field(default="", max_length=4000)  # questions to ask
    reminder_minutes: list[int] = json_column(lambda: list(DEFAULT_REMINDERS_MINUTES))
    status: str = Field(default=AppointmentStatus.PLANNED, max_length=10)
    created_by_id: int | None = Field(default=None, foreign_key="membership.id")
    created_at: datetime = created_column()
    # Deleted (made by mistake): gone from every list, feed and reminder; kept for undo.
    deleted_at: datetime | None = utc_column(nullable=True)
