"""Who-does-what agreements ("Wie doet wat")."""

from __future__ import annotations

import reflex as rx

from dossier.domain.agreements import list_agreements
from dossier.domain.families import member_names
from dossier.presenters import AgreementRow, agreement_row
from dossier.state.base import AppState, guarded


class AgreementsState(AppState):
    agreements: list[AgreementRow] = []
    loaded: bool = False

    @rx.event
    @guarded
    def load_agreements(self) -> None:
        with self._work() as (session, actor):
            agreements = list_agreements(session, actor)
            names = member_names(session, actor)
        self.agreements = [agreement_row(a, names, self.lang) for a in agreements]
        self.loaded = True
