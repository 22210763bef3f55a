"""Errors the interface turns into a clear message in the user's language."""

from __future__ import annotations

from dossier.permissions import PermissionDenied


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


class NotFoundHere(NotFound, PermissionDenied):
    """An id of another family: refused and written to the access log as any refusal
    (it is a PermissionDenied), but answered exactly like an id that does not exist (it
    is a NotFound, with the same message), so ids tell nobody what another family has."""

    def __init__(self, denial: PermissionDenied) -> None:
        PermissionDenied.__init__(self, denial.actor, denial.action)
        self.args = (NotFound.message_key,)
        self.object_type, self.object_id = denial.object_type, denial.object_id
        self.user_id, self.family_id = denial.user_id, denial.family_id
        self.params = {}
