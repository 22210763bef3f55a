"""Errors the interface turns into a clear message in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. `message_key` names the catalogue text to show."""

    message_key = "error.generic"

    def __init__(self, message_key: str | None = None, **params: object) -> None:
        super().__init__(message_key or self.message_key)
        if message_key:
            self.message_key = message_key
        self.params = params


class NotFound(DomainError):
    message_key = "error.not_found"


class Conflict(DomainError):
    """Someone else saved this item after it was opened here."""

    message_key = "error.conflict"


class InvalidInput(DomainError):
    message_key = "error.invalid"
