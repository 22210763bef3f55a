"""The link in the owner's claim mail: add a provisional dossier to one's own account.

Public (the link may be opened signed out); the handler itself asks who is signed in.
Signed in as the owner of the address: the dossier is theirs, and they land in it.
Signed in as someone else: a calm no, nothing changes. Signed out: log in first, then
open the link again (the link is not used until then). See dossier/domain/provisional.py.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier import routes
from dossier.domain.access import unit_of_work
from dossier.domain.families import set_current_family
from dossier.domain.mail_tokens import MAX_TOKEN_LENGTH
from dossier.domain.provisional import ClaimOutcome, claim
from dossier.i18n import translate
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES, current_login
from dossier.state.off_loop import off_loop

# What the page says: "" while checking, else one of these.
SIGNED_OUT, NOT_YOURS, DEAD = "signed_out", "not_yours", "dead"


class ClaimState(LocaleState):
    status: str = ""

    @rx.event
    @off_loop
    def load_claim(self) -> Any:
        self._init_locale()
        self.status = ""
        token = str(self.router.url.query_parameters.get("token", ""))[:MAX_TOKEN_LENGTH]
        login = current_login()
        if login is None or login.checkin_link_id is not None:
            self.status = SIGNED_OUT
            return None
        with unit_of_work() as session:
            found = claim(
                session, token, user_id=login.user_id, ip=login.ip, user_agent=login.user_agent
            )
            if found.outcome is ClaimOutcome.CLAIMED and found.family_id is not None:
                set_current_family(session, session_id=login.session_id, family_id=found.family_id)
        if found.outcome is ClaimOutcome.CLAIMED:
            return [
                rx.redirect(routes.OVERVIEW),
                rx.toast.success(translate(self.lang, "claim.done")),
            ]
        self.status = NOT_YOURS if found.outcome is ClaimOutcome.NOT_YOURS else DEAD
        return None


PUBLIC_STATE_NAMES.add(ClaimState.get_name())
