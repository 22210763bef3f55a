"""Helpers for calling Reflex states directly, as the websocket would."""

from __future__ import annotations

from dossier.domain.once import FIELD
from dossier.models import Family
from dossier.state import gate
from tests.factories import World


def login_as(world: World, name: str, family: Family | None = None) -> gate.Login:
    """The login the session gate would hand a handler for this person (Gezin Alfa unless
    another family is named)."""
    return gate.Login(
        user_id=world.users[name].id,
        family_id=(family or world.alfa).id,
        session_id=0,
        ip="127.0.0.1",
        user_agent="pytest",
    )


def sent(state: object, form: dict[str, str]) -> dict[str, str]:
    """A form as the page sends it: with the one-time key of the form the state opened."""
    return {**form, FIELD: getattr(state, "send_key", "")}
