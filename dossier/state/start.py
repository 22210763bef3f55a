"""Start een gezinsdossier: the public page before POST /api/auth/start (no login).

Only what the address bar says is read here: why the server sent the person back
(`?error=`). Nothing is looked up. (An address already in use gets no page of its own:
see dossier/domain/provisional.py.)
"""

from __future__ import annotations

import reflex as rx

from dossier.clock import local_today
from dossier.domain.starting import OLDEST_CHILD_YEARS
from dossier.i18n import catalogue
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES
from dossier.state.off_loop import off_loop

ERRORS = {
    "missing": "start.error.missing",
    "name": "error.name_required",
    "invisible": "error.invisible_text",
    "email_invalid": "error.email_invalid",
    "too_short": "password.too_short",
    "too_long": "password.too_long",
    "too_long_text": "start.error.too_long",
    "family": "start.error.family_missing",
    "child": "start.error.child_missing",
    "year_missing": "start.error.year_missing",
    "year_format": "start.error.year_format",
    "year_future": "start.error.year_future",
    "year_old": "start.error.year_old",
    "throttled": "start.error.throttled",
}


class StartState(LocaleState):
    error_key: str = ""
    oldest_year: int = 0
    this_year: int = 0

    @rx.event
    @off_loop
    def load_start(self) -> None:
        self._init_locale()
        query = self.router.url.query_parameters
        self.error_key = ERRORS.get(str(query.get("error", "")), "")
        self.this_year = local_today().year
        self.oldest_year = self.this_year - OLDEST_CHILD_YEARS

    @rx.var
    def error(self) -> str:
        if not self.error_key:
            return ""
        text = catalogue(self.lang).get(self.error_key, "")
        return text.replace("{oldest}", str(self.oldest_year))


PUBLIC_STATE_NAMES.add(StartState.get_name())
