"""The overview page: my tasks, the coming days, agreements that need attention, siblings."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

import reflex as rx

from dossier import routes
from dossier.clock import local_today
from dossier.domain.families import member_names
from dossier.domain.members import TeamContact
from dossier.domain.network import tel_href
from dossier.domain.overview import Overview, build_overview
from dossier.domain.reachability import absence_sentence, is_announced, reach_line
from dossier.permissions import Action, can
from dossier.presenters.rows import (
    AgreementRow,
    AppointmentRow,
    CheckInRow,
    SignalRow,
    TaskRow,
    agreement_row,
    appointment_row,
    checkin_row,
    signal_row,
    task_row,
)
from dossier.state.base import AppState, guarded
from dossier.state.starting import StartingOverview


class TeamRow(TypedDict):
    id: str
    name: str
    role: str  # "Casemanager ziekenhuis", or the relation when one is given ("Huisarts")
    phone: str
    phone_href: str  # "" without a number


class EmergencyRow(TypedDict):
    id: str
    name: str
    meta: str  # "Familie / buren · mobiel"
    phone: str  # as typed: "06-12345678"
    phone_href: str  # "tel:+31612345678"


class OverviewState(StartingOverview, AppState):
    my_tasks: list[TaskRow] = []
    my_more: str = ""  # "En nog 3 andere taken van jou." when there are more than shown
    my_overdue: int = 0
    open_tasks: int = 0
    appointments: list[AppointmentRow] = []
    agreements: list[AgreementRow] = []
    checkins: list[CheckInRow] = []
    signals: list[SignalRow] = []
    team: list[TeamRow] = []
    # Issue 19: the "Bij spoed" card, and under each case manager her reachability and,
    # when she is away, who stands in (by membership id; others have no entry).
    emergency: list[EmergencyRow] = []
    team_reach: dict[str, str] = {}
    team_away: dict[str, str] = {}
    loaded: bool = False

    @rx.event
    @guarded
    def load_overview(self) -> Any:
        today = local_today()
        with self._work(fresh=True) as (session, actor):
            if can(actor, Action.CHECKIN_CREATE):
                # A brother or sister's home is their own check-in, not the adults' page.
                return rx.redirect(routes.MY_CHECKIN)
            if self._read_waiting(session, actor):  # issue 17: waits for its parents
                self.loaded = True
                return None
            overview = build_overview(session, actor, today=today)
            names = member_names(session, actor)
            self._read_first_steps(session, actor)  # issue 17: Eerste stappen, the question
        lang = self.lang
        self.my_tasks = [task_row(t, names, lang, today) for t in overview.my_tasks]
        self.my_more = self._more_text(overview.my_open - len(overview.my_tasks))
        self.my_overdue = overview.my_overdue
        self.open_tasks = overview.open_tasks
        self.appointments = [appointment_row(a, lang, today) for a in overview.appointments]
        self.agreements = [agreement_row(a, names, lang) for a in overview.agreements]
        self.checkins = [checkin_row(c, names, lang) for c in overview.checkins]
        self.signals = [signal_row(s, names, lang) for s in overview.signals]
        self.team = [self._team_row(c) for c in overview.team]
        self._show_network(overview, today)
        self.loaded = True
        return None

    def _more_text(self, more: int) -> str:
        if more <= 0:
            return ""
        if more == 1:
            return self._message("overview.more_tasks_one")
        return self._message("overview.more_tasks", count=more)

    def _team_row(self, contact: TeamContact) -> TeamRow:
        role = self._message(f"role.{contact.role}")
        return {
            "id": str(contact.membership_id),
            "name": contact.name,
            "role": f"{role} · {contact.relation}" if contact.relation else role,
            "phone": contact.phone,
            "phone_href": contact.phone_href,
        }

    def _show_network(self, overview: Overview, today: date) -> None:
        """Issue 19: the "Bij spoed" card and the case managers' reachability lines."""
        lang = self.lang
        rows: list[EmergencyRow] = []
        for contact in overview.emergency:
            first = (contact.phones or [{}])[0]
            kind = self._message(f"network.kind.{contact.kind}")
            rows.append(
                {
                    "id": str(contact.id),
                    "name": contact.name,
                    "meta": " · ".join(p for p in (kind, str(first.get("label") or "")) if p),
                    "phone": str(first.get("typed") or ""),
                    "phone_href": tel_href(str(first.get("number") or "")),
                }
            )
        self._keep(emergency=rows)
        reach, away = {}, {}
        for person in overview.reach:
            key = str(person.membership_id)
            reach[key] = reach_line(person.hours, lang)
            shown = next((a for a in person.away if is_announced(a.absence, today)), None)
            if shown is not None:
                first_name = person.name.split(" ")[0]
                away[key] = absence_sentence(
                    first_name, shown.absence, shown.stand_in, lang, today=today
                )
        self._keep(team_reach=reach, team_away=away)
