"""The family agenda ("Agenda"): lists by day, the appointment form, the phone's calendar link.

Thin: the domain checks and saves; this state turns what the form sent into an
AppointmentForm and the answers into text. Ids and versions in the form are only a
wish: the domain checks the gate, the family and the version again.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local, local_today
from dossier.domain import appointments as agenda_rules
from dossier.domain.appointments import (
    REMINDER_CHOICES,
    AppointmentConflict,
    AppointmentForm,
    InvalidAppointment,
)
from dossier.domain.calendar_feed import feed_token, feed_url, has_feed, webcal_url
from dossier.domain.errors import NotFound
from dossier.domain.families import member_names, members
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.past import PastDate, confirmed_field, read_confirmed
from dossier.i18n import catalogue, format_long_day
from dossier.models import AppointmentStatus
from dossier.permissions import Action, can, require
from dossier.presenters.rows import AppointmentRow, agenda_day_label, appointment_row
from dossier.state.base import AppState, guarded
from dossier.urls import backend_url

# The form's fields, each with its own inline message.
FORM_FIELDS = (
    "title",
    "day",
    "start",
    "end",
    "place",
    "with_whom",
    "attendees",
    "preparation",
    "reminders",
)
NO_ERRORS = dict.fromkeys(FORM_FIELDS, "")
ATTENDEE_PREFIX = "attendee-"
REMINDER_PREFIX = "reminder-"
DEFAULT_REMINDERS = ["1440", "120"]


class DayGroup(TypedDict):
    key: str  # the ISO date, also the heading's id
    label: str
    appointments: list[AppointmentRow]


class Choice(TypedDict):
    value: str
    label: str


def _checked(form_data: dict[str, Any], prefix: str) -> list[str]:
    """The ids of the ticked checkboxes named `<prefix><id>`."""
    return [
        name.removeprefix(prefix)
        for name, value in form_data.items()
        if isinstance(name, str) and name.startswith(prefix) and value not in ("", None, False)
    ]


def form_from(form_data: dict[str, Any]) -> AppointmentForm:
    def text(name: str) -> str:
        return str(form_data.get(name) or "")[:10_000]

    return AppointmentForm(
        title=text("title"),
        day=text("day"),
        start=text("start"),
        end=text("end"),
        place=text("place"),
        with_whom=text("with_whom"),
        attendees=_checked(form_data, ATTENDEE_PREFIX),
        preparation=text("preparation"),
        reminders=_checked(form_data, REMINDER_PREFIX),
    )


def _feed_address(token: str) -> str:
    """Absolute: the phone's calendar app needs the whole address."""
    path = backend_url(f"/api/calendar/{token}.ics")
    return path if "://" in path else feed_url(token)


class AgendaState(AppState):
    upcoming_days: list[DayGroup] = []
    past_days: list[DayGroup] = []
    loaded: bool = False
    can_edit: bool = False

    # The appointment form (a dialog). Inputs keep what was typed; `form_key` remounts
    # them with the values below when another appointment is opened.
    form_open: bool = False
    form_key: int = 0
    send_key: str = ""  # this form's one-time key (dossier/domain/once.py)
    saving: bool = False  # the save button shows it is busy
    form_id: str = ""
    form_version: str = ""
    form_cancelled: bool = False
    f_title: str = ""
    f_day: str = ""
    f_start: str = ""
    f_end: str = ""
    f_place: str = ""
    f_with_whom: str = ""
    f_preparation: str = ""
    f_attendees: list[str] = []
    f_reminders: list[str] = []
    member_choices: list[Choice] = []
    field_errors: dict[str, str] = dict(NO_ERRORS)
    form_error: str = ""
    _seen: dict[str, Any] = {}  # the appointment as opened, to name what others changed
    # A day that has already been: the form asks first ("Toch opslaan"); `past_ok` goes
    # back in a hidden field with the days confirmed, so the next send saves.
    past_question: str = ""
    past_ok: str = ""

    # The bar near the thumb after a delete: "Afspraak verwijderd" with an undo
    notice: str = ""
    undo_id: str = ""
    notice_seq: int = 0

    # The tablet's pane beside the list: the chosen appointment (none, or one row)
    selected_id: str = ""
    selected: list[AppointmentRow] = []

    # The personal calendar feed: the address is shown once, right after it is made.
    has_feed: bool = False
    feed_link: str = ""
    feed_webcal: str = ""

    @rx.var
    def reminder_choices(self) -> list[Choice]:
        return [
            {"value": str(m), "label": catalogue(self.lang).get(f"agenda.reminder.{m}", str(m))}
            for m in REMINDER_CHOICES
        ]

    # ----------------------------------------------------------------------------------
    # Lists
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_agenda(self) -> None:
        self.notice = self.undo_id = ""  # no bar (and undo) left from an earlier visit
        self._load_agenda()

    @rx.event
    @guarded
    def refresh_agenda(self) -> None:
        """Someone changed the dossier (live.js): the list again, the undo bar kept."""
        self._load_agenda()

    def _load_agenda(self) -> None:
        today = local_today()
        with self._work(fresh=True) as (session, actor):
            found = agenda_rules.agenda(session, actor)
            names = member_names(session, actor)
            self.can_edit = can(actor, Action.APPOINTMENT_EDIT)
            self.has_feed = has_feed(session, actor)

        def groups(days: list[agenda_rules.Day]) -> list[DayGroup]:
            return [
                {
                    "key": d.day.isoformat(),
                    "label": agenda_day_label(d.day, self.lang, today),
                    "appointments": [
                        appointment_row(a, self.lang, today, names) for a in d.appointments
                    ],
                }
                for d in days
            ]

        self.upcoming_days = groups(found.upcoming)
        self.past_days = groups(found.past)
        self._refresh_selected()
        self.loaded = True

    # ----------------------------------------------------------------------------------
    # The tablet's pane
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def select_appointment(self, appointment_id: str) -> None:
        """Show one appointment in the pane beside the list (read and logged as a view)."""
        if not appointment_id.isdigit():
            return
        today = local_today()
        with self._work() as (session, actor):
            appointment = agenda_rules.get_appointment(session, actor, int(appointment_id))
            row = appointment_row(appointment, self.lang, today, member_names(session, actor))
        self.selected_id = row["id"]
        self.selected = [row]

    def _refresh_selected(self) -> None:
        """After a (re)load the pane shows the appointment as the list now has it, from the
        rows just read; nothing when it is no longer in the list."""
        rows = [
            row
            for group in (*self.upcoming_days, *self.past_days)
            for row in group["appointments"]
            if row["id"] == self.selected_id
        ]
        self.selected = rows[:1]
        if not rows:
            self.selected_id = ""

    # ----------------------------------------------------------------------------------
    # The form
    # ----------------------------------------------------------------------------------

    def _reset_form(self) -> None:
        self.form_key += 1
        self.send_key = new_form_key()
        self.field_errors = dict(NO_ERRORS)
        self.form_error = ""
        self.form_cancelled = False
        self._seen = {}
        self.past_question = self.past_ok = ""

    def _load_choices(self, session, actor) -> None:
        self.member_choices = [
            {"value": str(m.membership_id), "label": m.name} for m in members(session, actor)
        ]

    @rx.event
    @guarded
    def open_new(self) -> None:
        with self._work() as (session, actor):
            require(actor, Action.APPOINTMENT_EDIT)
            self._load_choices(session, actor)
        self._reset_form()
        self.form_id = self.form_version = ""
        self.f_title = self.f_start = self.f_end = ""
        self.f_place = self.f_with_whom = self.f_preparation = ""
        self.f_day = local_today().isoformat()
        self.f_attendees = []
        self.f_reminders = list(DEFAULT_REMINDERS)
        self.form_open = True

    @rx.event
    @guarded
    def open_appointment(self, appointment_id: str) -> None:
        if not appointment_id.isdigit():
            return
        with self._work() as (session, actor):
            appointment = agenda_rules.open_for_edit(session, actor, int(appointment_id))
            self._load_choices(session, actor)
            seen = agenda_rules.snapshot(appointment)
        self._reset_form()
        self._seen = seen
        self.form_id = str(appointment.id)
        self.form_version = str(appointment.version)
        self.form_cancelled = appointment.status == AppointmentStatus.CANCELLED
        self.f_title = appointment.title
        start, end = local(appointment.starts_at), local(appointment.ends_at)
        self.f_day = start.date().isoformat()
        self.f_start, self.f_end = start.strftime("%H:%M"), end.strftime("%H:%M")
        self.f_place = appointment.place
        self.f_with_whom = appointment.with_whom
        self.f_preparation = appointment.preparation
        self.f_attendees = [str(i) for i in appointment.attendee_ids]
        self.f_reminders = [str(m) for m in appointment.reminder_minutes]
        self.form_open = True

    @rx.event
    def close_form(self) -> None:
        self._close_form()

    def _close_form(self) -> None:
        self.form_open = False
        self.field_errors = dict(NO_ERRORS)
        self.form_error = ""

    @rx.event
    def form_open_changed(self, is_open: bool) -> None:
        if not is_open:
            self._close_form()

    @rx.event
    def start_saving(self, _form: dict[str, Any]) -> None:
        """Runs just before save_appointment: the button shows it is busy while it runs."""
        self.saving = True

    @rx.event
    @guarded
    def save_appointment(self, form_data: dict[str, Any]) -> Any:
        self.saving = False  # whatever happens below, the button works again afterwards
        if not is_fresh_send(form_data if isinstance(form_data, dict) else {}, self.send_key):
            return None  # the second tap of a double tap: the first one saved already
        form = form_from(form_data)
        appointment_id = str(form_data.get("id") or "")
        version = str(form_data.get("version") or "")
        if appointment_id and not (appointment_id.isdigit() and version.isdigit()):
            return None
        self.field_errors = dict(NO_ERRORS)
        self.form_error = ""
        self.past_question = ""
        confirmed = read_confirmed(form_data.get("past_ok"))
        try:
            with self._work() as (session, actor):
                if appointment_id:
                    agenda_rules.update_appointment(
                        session,
                        actor,
                        appointment_id=int(appointment_id),
                        form=form,
                        expected_version=int(version),
                        seen=self._seen,
                        past_ok=confirmed,
                    )
                else:
                    agenda_rules.create_appointment(session, actor, form, past_ok=confirmed)
        except InvalidAppointment as problem:
            return self._show_problems(problem)
        except PastDate as past:
            return self._ask_past(past)
        except AppointmentConflict as conflict:
            return self._show_conflict(conflict, int(appointment_id))
        self.send_key = ""  # spent: a send still on its way changes nothing
        self.form_open = False
        self._load_agenda()
        return rx.toast.success(
            self._message("agenda.saved" if appointment_id else "agenda.created")
        )

    def _ask_past(self, past: PastDate) -> Any:
        """Hold the save and ask; what was typed stays, the form's key is not spent."""
        today = local_today()
        days = ", ".join(
            format_long_day(day, self.lang).split(" ", 1)[-1]
            + (f" {day.year}" if day.year != today.year else "")
            for day in past.days
        )
        self.past_question = self._message("agenda.past.question", day=days)
        self.past_ok = confirmed_field(past.days)
        return None

    @rx.event
    def change_past_date(self) -> Any:
        """The answer "Datum aanpassen": no save; the focus goes to the date, the rest stays."""
        self.past_question = self.past_ok = ""
        return rx.set_focus("appt-day")

    def _show_problems(self, problem: InvalidAppointment) -> Any:
        """Each message under its own field; what was typed stays in the form."""
        errors = dict(NO_ERRORS)
        for name, (key, params) in problem.errors.items():
            errors[name if name in errors else "title"] = self._message(key, **params)
        self.field_errors = errors
        self.form_error = self._message("agenda.check_fields")
        return None

    def _show_conflict(self, conflict: AppointmentConflict, appointment_id: int) -> Any:
        """Name what someone else changed; keep what was typed; a next save is on purpose."""
        if "status" in conflict.changed:
            message = self._message("agenda.conflict_cancelled")
        elif conflict.changed:
            fields = ", ".join(self._message(f"agenda.field.{f}") for f in conflict.changed)
            message = self._message("agenda.conflict", fields=fields)
        else:
            message = self._message("agenda.conflict_unknown")
        with self._work() as (session, actor):
            current = agenda_rules.get_appointment(session, actor, appointment_id)
            self._seen = agenda_rules.snapshot(current)
            self.form_version = str(current.version)
            self.form_cancelled = current.status == AppointmentStatus.CANCELLED
        self.form_error = message
        self._load_agenda()
        return rx.toast.warning(message)

    @rx.event
    @guarded
    def cancel_appointment(self, appointment_id: str, version: str) -> Any:
        if not (appointment_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work() as (session, actor):
                agenda_rules.cancel_appointment(
                    session,
                    actor,
                    appointment_id=int(appointment_id),
                    expected_version=int(version),
                    seen=self._seen,
                )
        except AppointmentConflict as conflict:
            return self._show_conflict(conflict, int(appointment_id))
        self.form_open = False
        self._load_agenda()
        return rx.toast.success(self._message("agenda.cancelled_done"))

    # ----------------------------------------------------------------------------------
    # Deleting one made by mistake, with an undo
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def delete_appointment(self, appointment_id: str, version: str) -> Any:
        """No question first: the bar near the thumb offers the undo instead."""
        if not (appointment_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work() as (session, actor):
                agenda_rules.delete_appointment(
                    session,
                    actor,
                    appointment_id=int(appointment_id),
                    expected_version=int(version),
                )
        except AppointmentConflict as conflict:
            return self._show_conflict(conflict, int(appointment_id))
        except NotFound:
            self._close_form()
            self._load_agenda()
            raise
        self._close_form()
        self._load_agenda()
        self._notify("agenda.deleted", appointment_id)
        return None

    @rx.event
    @guarded
    def restore_appointment(self, appointment_id: str) -> Any:
        if not appointment_id.isdigit():
            return None
        self.notice = self.undo_id = ""
        with self._work() as (session, actor):
            agenda_rules.restore_appointment(session, actor, appointment_id=int(appointment_id))
        self._load_agenda()
        self._notify("agenda.restored")
        return None

    def _notify(self, key: str, undo_id: str = "") -> None:
        """The bar near the thumb; it hides itself in the browser after a few seconds
        (components/notice_bar.py), so no timer event comes back here."""
        self.notice = self._message(key)
        self.undo_id = undo_id
        self.notice_seq += 1

    # ----------------------------------------------------------------------------------
    # The phone's calendar
    # ----------------------------------------------------------------------------------

    def _show_feed(self, token: str) -> None:
        self.feed_link = _feed_address(token)
        self.feed_webcal = webcal_url(self.feed_link)
        self.has_feed = True

    @rx.event
    @guarded
    def make_feed_link(self) -> Any:
        with self._work() as (session, actor):
            token = feed_token(session, actor)
        if token is None:  # made before (another tab?): it cannot be shown again
            self.has_feed = True
            return rx.toast.info(self._message("agenda.feed.exists"))
        self._show_feed(token)
        return rx.toast.success(self._message("agenda.feed.made"))

    @rx.event
    @guarded
    def renew_feed_link(self) -> Any:
        with self._work() as (session, actor):
            token = feed_token(session, actor, renew=True)
        self._show_feed(token or "")
        return rx.toast.success(self._message("agenda.feed.renewed"))

    @rx.event
    def close_feed_link(self) -> None:
        self.feed_link = ""
        self.feed_webcal = ""
