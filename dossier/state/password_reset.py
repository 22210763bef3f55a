"""The public pages of getting back in: "Wachtwoord vergeten", the new password, and the
link that confirms an address. The forms post to dossier/api/password_reset.py; these
states only read the address bar and say where things stand.

Looking at a reset link does not use it; a dead link is counted against the IP like
the HTTP route counts it (`reset:<ip>`), so this page cannot be used to guess links.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier import routes
from dossier.db import session_scope
from dossier.domain import password_reset, throttle
from dossier.domain.email_confirmation import confirm_email
from dossier.domain.mail_tokens import MAX_TOKEN_LENGTH, LinkUnusable
from dossier.i18n import translate
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES, current_login
from dossier.state.off_loop import off_loop

FORGOT_ERRORS = {"missing": "forgot.error.missing", "throttled": "forgot.error.throttled"}
RESET_ERRORS = {
    "missing": "reset.error.missing",
    "mismatch": "reset.error.mismatch",
    "too_short": "password.too_short",
    "too_long": "password.too_long",
    "throttled": "forgot.error.throttled",
}


def _client_ip(state: rx.State) -> str:
    login = current_login()
    if login is not None:
        return login.ip
    ip = state.router.session.client_ip or state.router.headers.raw_headers.get(
        "asgi-scope-client", ""
    )
    return str(ip or "")


class PasswordForgottenState(LocaleState):
    sent: bool = False
    error_key: str = ""

    @rx.event
    def load_forgotten(self) -> None:
        self._init_locale()
        query = self.router.url.query_parameters
        self.sent = query.get("sent") == "1"
        self.error_key = FORGOT_ERRORS.get(str(query.get("error", "")), "")


class PasswordResetState(LocaleState):
    token: str = ""  # already in the address bar; needed again in the form
    live: bool = False
    error_key: str = ""
    loaded: bool = False

    @rx.event
    @off_loop
    def load_reset(self) -> None:
        self._init_locale()
        query = self.router.url.query_parameters
        token = str(query.get("token", ""))[:MAX_TOKEN_LENGTH]
        self.error_key = RESET_ERRORS.get(str(query.get("error", "")), "")
        keys = throttle.reset_keys(ip=_client_ip(self))
        if throttle.check(keys) is not None:
            live = False  # the link is not even looked at
        else:
            with session_scope() as session:
                live = password_reset.link_is_live(session, token)
            if not live and token:
                throttle.fail(keys)
        self.token = token if live else ""
        self.live = live
        self.loaded = True


class ConfirmEmailState(LocaleState):
    @rx.event
    @off_loop
    def load_confirm(self) -> Any:
        """Use the link, then go on: signed in to the overview, else to the login page."""
        self._init_locale()
        token = str(self.router.url.query_parameters.get("token", ""))[:MAX_TOKEN_LENGTH]
        signed_in = current_login() is not None
        try:
            with session_scope() as session:
                confirm_email(session, token)
        except LinkUnusable:
            if signed_in:
                return [
                    rx.redirect(routes.OVERVIEW),
                    rx.toast.warning(translate(self.lang, "confirm.dead")),
                ]
            return rx.redirect(f"{routes.LOGIN}?confirmed=dead")
        if signed_in:
            return [
                rx.redirect(routes.OVERVIEW),
                rx.toast.success(translate(self.lang, "confirm.done")),
            ]
        return rx.redirect(f"{routes.LOGIN}?confirmed=1")


PUBLIC_STATE_NAMES.add(PasswordForgottenState.get_name())
PUBLIC_STATE_NAMES.add(PasswordResetState.get_name())
PUBLIC_STATE_NAMES.add(ConfirmEmailState.get_name())
