"""Wie heeft wat bekeken: the family's access log for parents, filtered by person and period.

The person and the dates come from the browser, so they are only filters: the domain
always limits the rows to the signed-in parent's own family.
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from dossier.clock import BadDay, local_today
from dossier.clock import parse_day as read_day
from dossier.domain.audit_log import FIRST_DAY, LAST_DAY, access_log, fold_views, log_people
from dossier.domain.errors import InvalidInput
from dossier.permissions import PermissionDenied
from dossier.presenters.access_log import (
    AccessLogRow,
    PersonOption,
    access_log_line,
    person_option,
)
from dossier.state.base import AppState, guarded

LIMIT = 500  # rows; repeated looks fold into one line, so this is still a short page
PERIODS = ("7", "30", "365", "custom")
CUSTOM = "custom"


def parse_day(text: str) -> date | None:
    """A day from a date field (ISO) or typed by hand (31-12-2026); None when empty."""
    try:
        return read_day(text, earliest=FIRST_DAY, latest=LAST_DAY)
    except BadDay as bad:
        raise InvalidInput("accesslog.error.date") from bad


class AccessLogState(AppState):
    rows: list[AccessLogRow] = []
    people: list[PersonOption] = []
    person: str = ""  # a user id, or "" for everyone
    period: str = "30"
    date_from: str = ""
    date_to: str = ""
    error: str = ""
    loaded: bool = False
    refused: bool = False
    more_note: str = ""  # says so when only the newest rows are shown

    @rx.var
    def custom_period(self) -> bool:
        return self.period == CUSTOM

    def _bounds(self) -> tuple[date | None, date | None]:
        if self.period != CUSTOM:
            days = int(self.period) if self.period.isdigit() else 30
            return local_today() - timedelta(days=days - 1), None
        since, until = parse_day(self.date_from), parse_day(self.date_to)
        if since and until and since > until:
            raise InvalidInput("accesslog.error.order")
        return since, until

    def _load(self) -> None:
        self.error = ""
        self.refused = False
        try:
            since, until = self._bounds()
            with self._work() as (session, actor):
                people = log_people(session, actor)
                entries = access_log(
                    session,
                    actor,
                    member_user_id=int(self.person) if self.person else None,
                    since=since,
                    until=until,
                    limit=LIMIT,
                )
        except InvalidInput as problem:
            self.rows, self.more_note, self.loaded = [], "", True
            self.error = self._message(problem.message_key)
            return
        except PermissionDenied:
            self.rows, self.people, self.more_note = [], [], ""
            self.refused = self.loaded = True
            raise
        today = local_today()
        self.people = [person_option(p, self.lang) for p in people]
        # Repeated looks fold into one line: a day of use is a few lines, not hundreds.
        self.rows = [access_log_line(line, self.lang, today) for line in fold_views(entries)]
        full = len(entries) >= LIMIT
        self.more_note = self._message("accesslog.more", count=LIMIT) if full else ""
        self.loaded = True

    @rx.event
    @guarded
    def load_log(self) -> None:
        self.loaded = False
        self.person = ""  # a fresh visit (maybe in another family) starts with everyone
        self._load()

    @rx.event
    @guarded
    def choose_person(self, value: str) -> None:
        self.person = value if value.isascii() and value.isdigit() and len(value) <= 12 else ""
        self._load()

    @rx.event
    @guarded
    def choose_period(self, value: str) -> None:
        self.period = value if value in PERIODS else "30"
        if self.period != CUSTOM:
            self._load()

    @rx.event
    @guarded
    def show_dates(self, form: dict) -> None:
        """The custom period's form: both dates are optional, each day counts fully."""
        self.date_from = str(form.get("date_from", ""))[:20]
        self.date_to = str(form.get("date_to", ""))[:20]
        self.period = CUSTOM
        self._load()
