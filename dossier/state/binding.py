"""A tab's loaded data belongs to the live login that loaded it, and to nobody else.

Reflex keeps each tab's state tree on the server under a client token (a per-tab id
the browser keeps in sessionStorage and sends in the websocket URL), not under the
login. So the tree a parent's tab loaded would be handed to whoever next sends that
token: after logout, after the session expired, to the sibling who signs in on the
same family tablet, to a parent who was just made a sibling.

Every state that can hold family data lives under a *bound* state: one that declares
`_login_key` (LocaleState). Before any event runs, and before a hydrate sends the tree,
the gate compares the login of this event with the key the tree was loaded under.
When they differ (none, revoked, expired, another person, family or role), the whole
subtree is loaded and put back to its defaults first, so the delta that follows
carries defaults, never the previous snapshot. Equal keys cost one comparison.
"""

from __future__ import annotations

from typing import Any

from reflex.state import BaseState

LOGIN_KEY = "_login_key"
ANONYMOUS = "anonymous"


def login_key(
    *,
    session_id: int,
    user_id: int,
    family_id: int | None,
    role: str | None,
    checkin_link_id: int | None,
) -> str:
    """Everything that decides what this tab may see: a change in any part resets it."""
    return f"{session_id}:{user_id}:{family_id}:{role}:{checkin_link_id}"


async def bind_to_login(state: Any, key: str) -> bool:
    """Reset every bound subtree of this tab that was loaded under another login.

    Returns whether anything was reset. `state` is any state of the tab's tree (the
    gate gets the root); objects that are not Reflex states are left alone.
    """
    if not isinstance(state, BaseState):
        return False
    root = state._get_root_state()
    reset = False
    # Only loaded subtrees can be sent; one that is not loaded is checked when it is.
    for bound in list(root.substates.values()):
        if LOGIN_KEY not in type(bound).__fields__ or getattr(bound, LOGIN_KEY) == key:
            continue
        await _load_subtree(root, type(bound))
        for child in bound.substates.values():
            _reset_to_defaults(child)
        setattr(bound, LOGIN_KEY, key)
        reset = True
    return reset


async def _load_subtree(root: BaseState, cls: type[BaseState]) -> None:
    """Every state under `cls`, also those a lazy state manager (Redis) has not loaded:
    a stale one left in storage would otherwise be sent later, unchecked."""
    for substate in cls.get_substates():
        await root.get_state(substate)
        await _load_subtree(root, substate)


def _reset_to_defaults(state: BaseState) -> None:
    """Reflex's own reset, but a field already at its default stays untouched, so a
    fresh tree is not marked dirty (and is not stored or sent again for nothing).

    Reflex sets a field's value on first access only: a field that was never read or
    set is at its default without holding a copy of it. It is left so (issue 18: asking
    every field of every state gave each new tab a copy of every default)."""
    cls = type(state)
    values = state.__dict__
    for name, field in cls.__fields__.items():
        if field._owner is not cls or name not in values:
            continue  # inherited: reset with the state that owns it; unset: the default
        default = field.default_value()
        if getattr(state, name) != default:
            setattr(state, name, default)
    for child in state.substates.values():
        _reset_to_defaults(child)
