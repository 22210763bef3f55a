"""Accepting an invitation: works before login; a signed-in user can join as themself."""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier.db import session_scope
from dossier.domain.families import set_current_family
from dossier.domain.invitations import InvitationUnusable, accept_invitation, check_invitation
from dossier.models import User
from dossier.settings import get_settings
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES, current_login
from dossier.state.off_loop import off_loop

ERRORS = {
    "missing": "invitation.error.missing",
    "email_taken": "invitation.error.email_taken",
    "email_invalid": "error.email_invalid",
    "too_short": "password.too_short",
    "too_long": "password.too_long",
    "name": "error.name_required",
    "throttled": "throttle.too_many",
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

    @rx.event
    @off_loop
    def load_invitation(self) -> None:
        self.init_locale()
        query = self.router.url.query_parameters
        self.token = str(query.get("t", ""))[:100]
        self.error_key = ERRORS.get(str(query.get("error", "")), "")
        self.oidc_enabled = bool(getattr(get_settings(), "oidc_issuer", ""))
        try:
            with session_scope() as session:
                found = check_invitation(session, self.token)
                login = current_login()
                user = session.get(User, login.user_id) if login else None
        except InvitationUnusable as exc:
            self.problem_key = exc.message_key
        else:
            self.problem_key = ""
            self.family_name = found.family_name
            self.role = found.role
            self.signed_in_as = user.name if user else ""
        self.loaded = True

    @rx.event
    @off_loop
    def join_as_me(self) -> Any:
        """A signed-in user (e.g. a case manager with a caseload) joins with one tap."""
        login = current_login()
        if login is None:
            return rx.redirect("/login")
        try:
            with session_scope() as session:
                user = session.get(User, login.user_id)
                membership = accept_invitation(
                    session,
                    token=self.token,
                    user=user,  # type: ignore[arg-type]
                    ip=login.ip,
                    user_agent=login.user_agent,
                )
                set_current_family(
                    session, session_id=login.session_id, family_id=membership.family_id
                )
        except InvitationUnusable as exc:
            self.problem_key = exc.message_key
            return None
        return rx.redirect("/")


PUBLIC_STATE_NAMES.add(InvitationState.get_name())
