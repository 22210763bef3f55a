"""Parents' check-in settings per brother or sister: who reads along by default per age
band, how often a gentle reminder comes, the birth date, and adding a sibling who has no
account. Thin: the domain checks the gate, the family and the version again."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

import reflex as rx

from dossier.clock import BadDay
from dossier.clock import parse_day as read_day
from dossier.domain.checkin_settings import (
    SiblingSettings,
    add_sibling,
    all_sibling_settings,
    present_audiences,
    save_parent_settings,
)
from dossier.domain.errors import DomainError, InvalidInput
from dossier.i18n import catalogue
from dossier.models import AgeBand, Audience, Reminder
from dossier.permissions import Action, can
from dossier.state.base import AppState, guarded
from dossier.state.checkin_links import CheckinLinksState

CHOICE_SEPARATOR = "__"  # checkbox names: "<band>__<audience>"


class AudienceChoice(TypedDict):
    name: str  # the checkbox's form name
    label: str
    checked: bool


class BandRow(TypedDict):
    band: str
    label: str
    current: bool
    choices: list[AudienceChoice]


class SiblingRow(TypedDict):
    id: str
    name: str
    age_text: str
    birth_date: str  # yyyy-mm-dd for the date input
    reminder: str
    # The sibling (12+) chose their own default; parents see that, not what it is.
    chose_own: bool
    version: str
    bands: list[BandRow]


class ReminderChoice(TypedDict):
    value: str
    label: str


def parse_date(text: str) -> date | None:
    try:
        return read_day(text.strip()[:10], typed=False)  # what the date input sends
    except BadDay as bad:
        raise InvalidInput("checkin.error.birth_date") from bad


def band_defaults_from(form_data: dict[str, Any]) -> dict[str, object]:
    chosen: dict[str, list[str]] = {band.value: [] for band in AgeBand}
    for name, value in form_data.items():
        band, _, audience = str(name).partition(CHOICE_SEPARATOR)
        if band in chosen and audience and value not in ("", None, False):
            chosen[band].append(audience)
    return dict(chosen)  # the same lists, as the loosely typed mapping the domain checks


class CheckinSettingsState(AppState):
    siblings: list[SiblingRow] = []
    loaded: bool = False
    may_manage: bool = False
    saved_id: str = ""  # the sibling whose settings were just saved
    error_id: str = ""
    error: str = ""
    add_error: str = ""
    add_form_key: int = 0

    @rx.var
    def reminder_choices(self) -> list[ReminderChoice]:
        return [
            {"value": r.value, "label": catalogue(self.lang)[f"reminder.{r.value}"]}
            for r in Reminder
        ]

    @rx.event
    @guarded
    def load_settings(self) -> None:
        self.loaded = True  # a refusal below still ends the spinner (and shows why)
        self.may_manage = False
        with self._work(fresh=True) as (session, actor):
            self.may_manage = can(actor, Action.CHECKIN_SETTINGS)
            present = present_audiences(session, actor.family_id)
            # No "next reminder at" here: it would tell when a private check-in happened.
            rows = [self._row(s, present) for s in all_sibling_settings(session, actor)]
        self.siblings = rows

    def _row(self, settings: SiblingSettings, present: list[Audience]) -> SiblingRow:
        age = settings.age
        age_text = (
            self._message("settings.age", age=age)
            if age is not None
            else catalogue(self.lang)["settings.no_age"]
        )
        return {
            "id": str(settings.sibling_id),
            "name": settings.name,
            "age_text": f"{age_text} · {catalogue(self.lang)[f'band.{settings.band.value}']}",
            "birth_date": settings.birth_date.isoformat() if settings.birth_date else "",
            "reminder": settings.reminder.value,
            "chose_own": settings.own_default is not None and settings.may_set_own_default,
            "version": str(settings.version),
            "bands": [
                {
                    "band": band.value,
                    "label": catalogue(self.lang)[f"band.{band.value}"],
                    "current": band is settings.band,
                    "choices": [
                        {
                            "name": f"{band.value}{CHOICE_SEPARATOR}{audience.value}",
                            "label": catalogue(self.lang)[f"audience.{audience.value}"],
                            "checked": audience in settings.band_defaults[band],
                        }
                        for audience in present
                    ],
                }
                for band in AgeBand
            ],
        }

    @rx.event
    @guarded
    def save_settings(self, form_data: dict[str, Any]) -> Any:
        sibling = str(form_data.get("sibling", ""))
        self.saved_id, self.error_id, self.error = "", sibling, ""
        try:
            with self._work() as (session, actor):
                save_parent_settings(
                    session,
                    actor,
                    sibling_id=int(sibling) if sibling.isdigit() else 0,
                    band_defaults=band_defaults_from(form_data),
                    reminder=str(form_data.get("reminder", "")),
                    birth_date=parse_date(str(form_data.get("birth_date", ""))),
                    expected_version=int(str(form_data.get("version", "0")) or 0),
                )
        except DomainError as problem:
            self.error = self._message(problem.message_key, **problem.params)
            return None
        self.error_id, self.saved_id = "", sibling
        return CheckinSettingsState.load_settings

    @rx.event
    @guarded
    def add_sibling(self, form_data: dict[str, Any]) -> Any:
        self.add_error = ""
        try:
            with self._work() as (session, actor):
                add_sibling(
                    session,
                    actor,
                    name=str(form_data.get("name", ""))[:1000],
                    birth_date=parse_date(str(form_data.get("birth_date", ""))),
                )
        except DomainError as problem:
            self.add_error = self._message(problem.message_key, **problem.params)
            return None
        self.add_form_key += 1
        # The new sibling also needs a row in the personal links section.
        return [CheckinSettingsState.load_settings, CheckinLinksState.load_links]
