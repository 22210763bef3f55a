"""The login page: shows why the user is here (wrong password, expired, logged out).

It also says whether login via an organisation (OIDC) is on: the button shows only then.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier.i18n import catalogue
from dossier.settings import get_settings
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES
from dossier.state.off_loop import off_loop

NOTICES = {
    ("error", "invalid"): "login.error.invalid",
    ("error", "missing"): "login.error.missing",
    ("error", "throttled"): "throttle.login",  # too many attempts: wait a little
    ("reason", "expired"): "login.expired",
    ("reason", "link"): "links.dead",  # a personal check-in link that no longer works
    ("bye", "1"): "login.bye",
    ("left", "1"): "leaving.done",  # after "Uit dit dossier stappen"
    ("left", "erased"): "leaving.done_erased",
    # The link in "Bevestig je e-mailadres", opened while signed out.
    ("confirmed", "1"): "confirm.login",
    ("confirmed", "dead"): "confirm.dead",
    # Login via an organisation: every refusal has error=oidc; "why" says more when it helps.
    ("error", "oidc"): "oidc.error.failed",
    ("why", "no_access"): "oidc.error.no_access",
    ("why", "invitation"): "oidc.error.invitation",
    ("why", "email_taken"): "oidc.error.email_taken",
}


class LoginState(LocaleState):
    notice_key: str = ""
    is_error: bool = False
    oidc_enabled: bool = False
    # This tab's session storage was cleared once on arriving here (see load_login).
    _storage_cleared: bool = False

    @rx.event
    @off_loop
    def load_login(self) -> Any:
        self._init_locale()
        self.oidc_enabled = get_settings().oidc_enabled
        query = self.router.url.query_parameters
        self.notice_key = ""
        for (name, value), key in NOTICES.items():
            if query.get(name) == value:
                self.notice_key = key
                self.is_error = "error" in query
        return self._forget_this_tab()

    def _forget_this_tab(self) -> Any:
        """Whoever signs in next in this tab starts with a new client token, so nothing of
        the previous person's tab can follow them (logout, an expired session, or a
        redirect here). Once per tab state: clearing makes Reflex load the page again."""
        if self._storage_cleared:
            return None
        self._storage_cleared = True
        return rx.clear_session_storage()

    @rx.var
    def notice(self) -> str:
        return catalogue(self.lang).get(self.notice_key, "") if self.notice_key else ""


PUBLIC_STATE_NAMES.add(LoginState.get_name())
