"""Shared column types and mixins for the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Stores UTC without a zone (SQLite has none) and always hands back an aware UTC time."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def table_of(model: type[SQLModel]) -> sa.Table:
    """A table model's Core table, typed (for Core statements: upserts, bulk updates)."""
    # SQLModel's metaclass sets `__table__` on every table model but does not declare it.
    table = getattr(model, "__table__", None)
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model.__name__} is not a table model (table=True)")
    return table


class HasId(Protocol):
    """A table row with a database-made primary key (`None` until it is flushed)."""

    @property
    def id(self) -> int | None: ...


def saved_id(row: HasId) -> int:
    """The primary key of a row that is in the database: read from it, or flushed."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: add and flush it first")
    return row.id


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index))


def created_column() -> Any:
    return Field(default_factory=utcnow, sa_column=sa.Column(UTCDateTime(), nullable=False))


def json_column(default_factory: Any = list, *, nullable: bool = False) -> Any:
    return Field(default_factory=default_factory, sa_column=sa.Column(sa.JSON, nullable=nullable))


class Versioned(SQLModel):
    """Rows that people edit: every UPDATE checks and bumps `version`, so a stale save fails."""

    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    @classmethod
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": table_of(cls).c.version}


class CareDomain(StrEnum):
    """The areas of life a family's care touches (IZP domains, simplified for parents)."""

    CARE = "care"  # zorg en behandeling
    HOME = "home"  # wonen en hulpmiddelen
    MONEY = "money"  # geld en aanvragen (PGB, indicaties)
    SCHOOL = "school"  # school en dagbesteding
    FAMILY = "family"  # gezin, broers en zussen
    WISHES = "wishes"  # wensen en ACP
    AFTERCARE = "aftercare"  # nazorg
