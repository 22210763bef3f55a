"""Sibling check-ins: only those the sibling shared with the reader."""

from __future__ import annotations

import reflex as rx

from dossier.domain.checkins import readable_checkins
from dossier.domain.families import member_names
from dossier.presenters import CheckInRow, checkin_row
from dossier.state.base import AppState, guarded


class CheckInsState(AppState):
    checkins: list[CheckInRow] = []
    loaded: bool = False

    @rx.event
    @guarded
    def load_checkins(self) -> None:
        with self._work(fresh=True) as (session, actor):
            checkins = readable_checkins(session, actor)
            names = member_names(session, actor)
        self.checkins = [checkin_row(c, names, self.lang) for c in checkins]
        self.loaded = True
