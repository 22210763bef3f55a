"""Acting as the signed-in member, for every state: one way in, one way to say no.

`acting()` opens a transaction with the acting member, resolved again from the login
session (gate.current_login) and the database: never from anything the browser holds.
`answering(...)` runs an event handler beside the event loop (off_loop.py) and turns
what the domain refuses into an answer: an expired login always goes back to the login
page; everything else becomes a `Refusal` that each screen shows its own way (AppState
as a toast, the sibling's check-in screen in words on the screen).

A personal check-in link (a *link session*) may act only on the sibling's own screen:
the gate stops it before any other state (gate.LINK_STATE_NAMES), and `acting()` refuses
it again unless the caller is that screen (`link_session=True`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Literal

import reflex as rx
from sqlmodel import Session

from dossier import routes
from dossier.domain.access import actor_for, unit_of_work
from dossier.domain.errors import Conflict, DomainError
from dossier.permissions import Actor, PermissionDenied
from dossier.state.gate import Login, current_login
from dossier.state.off_loop import off_loop

EXPIRED = routes.LOGIN_EXPIRED


class NotSignedIn(Exception):
    """No live login session for this event."""


class NoFamily(Exception):
    """Signed in, but not (or no longer) a member of any family: the page says so calmly."""


def own_login() -> Login:
    """The signed-in person's login, for what is theirs and not a family's (their
    notifications, their caseload); a personal check-in link is not signed in here."""
    login = current_login()
    if login is None or login.checkin_link_id is not None:
        raise NotSignedIn()
    return login


@contextmanager
def acting(*, link_session: bool = False) -> Iterator[tuple[Session, Actor, Login]]:
    """A transaction with the acting member and their login.

    Only the sibling's check-in screen passes `link_session=True`; for every other
    state a session opened with a personal check-in link is not signed in at all (the
    gate already stops it before such a state's handler: this is the second lock).
    """
    login = current_login() if link_session else own_login()
    if login is None:
        raise NotSignedIn()
    if login.family_id is None:
        raise NoFamily()
    with unit_of_work() as session:
        actor = actor_for(
            session,
            user_id=login.user_id,
            family_id=login.family_id,
            ip=login.ip,
            user_agent=login.user_agent,
        )
        yield session, actor, login


RefusalKind = Literal["no_family", "denied", "not_found", "conflict", "invalid"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """What was refused, and the catalogue text that says so."""

    kind: RefusalKind
    key: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    error: DomainError | None = None  # a broken rule, for a screen that shows it per field

    @property
    def is_denial(self) -> bool:
        """Not allowed (or not there for this person), as opposed to a broken rule."""
        return self.kind in ("no_family", "denied", "not_found")


def refusal(error: NoFamily | PermissionDenied | DomainError) -> Refusal:
    if isinstance(error, NoFamily):
        return Refusal("no_family")
    if isinstance(error, PermissionDenied):
        if isinstance(error, DomainError):  # another family's id: said as "not found"
            return Refusal("not_found", error.message_key, error.params, error)
        return Refusal("denied", "error.denied")
    if isinstance(error, Conflict):
        return Refusal("conflict", "error.conflict", error=error)
    return Refusal("invalid", error.message_key, error.params, error)


def answering(
    answer: Callable[[Any, Refusal], Any],
    *,
    always: Callable[[Any], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator for event handlers: run beside the event loop, an expired login back
    to the login page, any other refusal answered by `answer(state, refusal)`;
    `always(state)` runs after the handler in every case."""

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(handler)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except NotSignedIn:
                return rx.redirect(EXPIRED)
            except (NoFamily, PermissionDenied, DomainError) as error:
                return answer(self, refusal(error))
            finally:
                if always is not None:
                    always(self)

        return off_loop(run)

    return decorate
