"""Accepting an invitation: works before login; a signed-in user can join as themself.

Checking a link over the websocket is limited exactly like the HTTP route
(dossier/api/invitations.py): the same per-IP counter (`invite:<ip>`, 20 dead links a
minute, in Redis when configured, else the database), so this page cannot be used to
guess links either. The IP is the one the session gate reads: the login's, else the
connection's. Only dead links count; a throttled client learns nothing about its link.

Someone already in the family (say a parent who opens a caregiver link) is told so and
nothing changes: the link stays unused for the person it was meant for.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier.db import session_scope
from dossier.domain import throttle
from dossier.domain.families import set_current_family
from dossier.domain.invitations import InvitationUnusable, accept_invitation, check_invitation
from dossier.models import User
from dossier.settings import get_settings
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES, Login, current_login
from dossier.state.off_loop import off_loop

THROTTLED = "throttle.too_many"
ERRORS = {
    "missing": "invitation.error.missing",
    "email_taken": "invitation.error.email_taken",
    "email_invalid": "error.email_invalid",
    "too_short": "password.too_short",
    "too_long": "password.too_long",
    "name": "error.name_required",
    "name_invisible": "error.invisible_text",
    "throttled": THROTTLED,
}


class InvitationState(LocaleState):
    token: str = ""  # already in the address bar; needed again in the form
    problem_key: str = ""
    error_key: str = ""
    family_name: str = ""
    role: str = ""
    signed_in_as: str = ""
    oidc_enabled: bool = False
    loaded: bool = False

    def _throttle_keys(self, login: Login | None) -> list[str]:
        """The HTTP route's keys, for the address the session gate reads."""
        if login is not None:
            ip = login.ip
        else:
            ip = self.router.session.client_ip or self.router.headers.raw_headers.get(
                "asgi-scope-client", ""
            )
        return throttle.invitation_keys(ip=str(ip or ""))

    @rx.event
    @off_loop
    def load_invitation(self) -> None:
        self._init_locale()
        query = self.router.url.query_parameters
        token = str(query.get("t", ""))[:100]
        self.error_key = ERRORS.get(str(query.get("error", "")), "")
        self.oidc_enabled = bool(getattr(get_settings(), "oidc_issuer", ""))
        self.token = self.family_name = self.role = self.signed_in_as = ""
        login = current_login()
        keys = self._throttle_keys(login)
        if throttle.check(keys) is not None:
            self.problem_key = THROTTLED  # the link is not even looked at
            self.loaded = True
            return
        try:
            with session_scope() as session:
                user = session.get(User, login.user_id) if login else None
                found = check_invitation(session, token, user=user)
                name = user.name if user else ""
        except InvitationUnusable as exc:
            if exc.dead_link and token:
                throttle.fail(keys)
            self.problem_key = exc.message_key
        else:
            self.problem_key = ""
            self.token = token
            self.family_name = found.family_name
            self.role = found.role
            self.signed_in_as = name
        self.loaded = True

    @rx.event
    @off_loop
    def join_as_me(self) -> Any:
        """A signed-in user (e.g. a case manager with a caseload) joins with one tap."""
        login = current_login()
        if login is None:
            return rx.redirect("/login")
        keys = self._throttle_keys(login)
        if throttle.check(keys) is not None:
            self.problem_key = THROTTLED
            return None
        try:
            with session_scope() as session:
                user = session.get(User, login.user_id)
                if user is None:  # the login's own user: gone only meanwhile
                    return rx.redirect("/login")
                membership = accept_invitation(
                    session,
                    token=self.token,
                    user=user,
                    ip=login.ip,
                    user_agent=login.user_agent,
                )
                set_current_family(
                    session, session_id=login.session_id, family_id=membership.family_id
                )
        except InvitationUnusable as exc:
            if exc.dead_link:
                throttle.fail(keys)
            self.problem_key = exc.message_key
            return None
        return rx.redirect("/")


PUBLIC_STATE_NAMES.add(InvitationState.get_name())
