"""Failed login and invitation attempts, counted per key (an IP or an account)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from dossier.models.base import utc_column


class AuthThrottle(SQLModel, table=True):
    __tablename__ = "auth_throttle"

    key: str = Field(primary_key=True, max_length=300)  # "ip:203.0.113.5", "account:a@b.nl"
    failures: int = 0
    window_started_at: datetime = utc_column()
    last_failure_at: datetime = utc_column()
