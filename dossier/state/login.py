"""The login page: shows why the user is here (wrong password, expired, logged out)."""

from __future__ import annotations

import reflex as rx

from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES

NOTICES = {
    ("error", "invalid"): "login.error.invalid",
    ("error", "missing"): "login.error.missing",
    ("reason", "expired"): "login.expired",
    ("bye", "1"): "login.bye",
}


class LoginState(LocaleState):
    notice_key: str = ""
    is_error: bool = False

    @rx.event
    def load_login(self) -> None:
        self.init_locale()
        query = self.router.url.query_parameters
        self.notice_key = ""
        for (name, value), key in NOTICES.items():
            if query.get(name) == value:
                self.notice_key = key
                self.is_error = name == "error"

    @rx.var
    def notice(self) -> str:
        return self.t.get(self.notice_key, "") if self.notice_key else ""


PUBLIC_STATE_NAMES.add(LoginState.get_name())
