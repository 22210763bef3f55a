"""The sibling's own check-in ("Hoe gaat het met je?"), for an account or a personal link.

This state derives from LocaleState, not from AppState, on purpose: a session opened
with a sibling's personal check-in link may only reach the states listed in
gate.LINK_STATE_NAMES, and this is the one it needs. The actor never comes from the
browser: every event resolves it again from the session (gate.current_login) and the
database. The choices on screen (mood, needs, who may read it, ...) are plain display
vars the browser can set; the domain checks all of them again when the check-in is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypedDict

import reflex as rx
from sqlmodel import Session

from dossier.clock import local_day
from dossier.domain.checkin_settings import (
    present_audiences,
    save_own_default,
    settings_for,
)
from dossier.domain.checkins import (
    adults_to_share_with,
    clean_mood,
    clean_needs,
    clean_note,
    own_checkins,
    record_checkin,
)
from dossier.domain.errors import Conflict, DomainError
from dossier.i18n import LOCALES, format_day, format_long_day, translate
from dossier.models import Audience, CheckIn, Need, Role, User
from dossier.permissions import Action, Actor, require
from dossier.state.acting import Refusal, acting, answering
from dossier.state.base import LocaleState
from dossier.state.gate import LINK_STATE_NAMES, current_login

NEEDS = [need.value for need in Need]
AUDIENCES = [audience.value for audience in Audience]

# Which step of the screen shows a refusal, by the catalogue key of its message.
STEP_OF_ERROR = {
    "checkin.error.mood": "mood",
    "checkin.error.need": "needs",
    "checkin.error.nothing_and_more": "needs",
    "checkin.error.note_too_long": "note",
    "checkin.error.audience": "audience",
    "checkin.error.talk_to": "talk",
    "checkin.error.talk_to_not_shared": "talk",
}


class AdultChoice(TypedDict):
    id: str
    name: str
    audience: str


class AudienceOption(TypedDict):
    value: str
    label: str
    names: str


class TalkOption(TypedDict):
    id: str
    label: str


class PastFace(TypedDict):
    mood: int
    label: str  # "Goed, maandag 3 november": the words a screen reader says
    day: str  # "ma 3 nov": what the row shows under the face


def join_names(names: list[str], and_word: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


def first_names(names: list[str]) -> list[str]:
    """Each adult by first name; the full name where two would read the same."""
    firsts = [name.split()[0] if name.split() else name for name in names]
    return [
        first if firsts.count(first) == 1 else full
        for first, full in zip(firsts, names, strict=True)
    ]


def _strings(values: object) -> list[str]:
    """What the browser holds, as a list of strings (the vars can be set from outside)."""
    if not isinstance(values, list | tuple):
        return []
    return [value for value in values if isinstance(value, str)]


def _on_screen(state: MyCheckinState, refusal: Refusal) -> None:
    """Not allowed (or no family, or another family's id): the screen says so calmly;
    a broken rule: next to the step it is about."""
    if refusal.is_denial or refusal.error is None:
        state.problem = state.problem or "denied"
        state.loaded = True
    else:
        state._show_error(refusal.error)


def _done_sending(state: MyCheckinState) -> None:
    state.sending = False


# Like base.guarded, but every message stays on this screen, in words (no toasts).
calm = answering(_on_screen, always=_done_sending)


class MyCheckinState(LocaleState):
    """Display only: the sibling, the adults they can share with, their choices so far."""

    loaded: bool = False
    problem: str = ""  # "" | "not_sibling" | "denied": the screen says so calmly
    via_link: bool = False  # opened with a personal check-in link: no way into the dossier
    first_name: str = ""

    present: list[str] = []  # audience groups with someone in this family
    adults: list[AdultChoice] = []
    default_audience: list[str] = []
    may_set_own_default: bool = False
    settings_version: int = 0
    default_notice: str = ""

    mood: str = ""  # "1".."5"
    needs: list[str] = []
    audience: list[str] = []
    wants_to_talk: bool = False
    talk_to: str = ""  # a membership id, as text
    note: str = ""

    error_mood: str = ""
    error_needs: str = ""
    error_note: str = ""
    error_audience: str = ""
    error_talk: str = ""
    error_default: str = ""
    error_form: str = ""

    sending: bool = False
    sent: bool = False
    sent_readers: str = ""
    sent_talk: str = ""

    # (mood, ISO time of the check-in), oldest first: labelled in the current language.
    _history: list[tuple[int, str]] = []

    # ----------------------------------------------------------------------------------
    # What the screen shows, in the chosen language
    # ----------------------------------------------------------------------------------

    def _message(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    def _group_words(self, group: str, count: int) -> str:
        """A child's words for the adults of a group: 'je ouders', 'uit het ziekenhuis'."""
        return self._message(f"mine.who.{group}.{'one' if count == 1 else 'many'}")

    def _readers(self, chosen: list[str]) -> str:
        """ "Dit lezen: Anna en Bram (je ouders), Hugo (helpt jullie gezin thuis)"."""
        parts = []
        for group in AUDIENCES:
            if group not in chosen or group not in self.present:
                continue
            names = [a["name"] for a in self.adults if a["audience"] == group]
            words = self._group_words(group, len(names))
            parts.append(f"{join_names(names, self._message('mine.and'))} ({words})")
        if not parts:
            return self._message("mine.only_you")
        return self._message("mine.readers", who=", ".join(parts))

    @rx.var
    def readers_sentence(self) -> str:
        return self._readers(_strings(self.audience))

    def _only_me(self) -> bool:
        return not [a for a in _strings(self.audience) if a in self.present]

    @rx.var
    def only_me(self) -> bool:
        return self._only_me()

    @rx.var
    def audience_options(self) -> list[AudienceOption]:
        return [
            {
                "value": group,
                "label": self._message(f"mine.tile.{group}"),
                "names": join_names(
                    [a["name"] for a in self.adults if a["audience"] == group],
                    self._message("mine.and"),
                ),
            }
            for group in AUDIENCES
            if group in self.present
        ]

    def _talk_options(self) -> list[TalkOption]:
        """Only adults who will also read this check-in can be asked to come and talk."""
        chosen = _strings(self.audience)
        options: list[TalkOption] = []
        for adult in self.adults:
            if adult["audience"] in chosen:
                words = self._group_words(adult["audience"], 1)
                label = self._message("mine.talk.option", name=adult["name"], words=words)
                options.append({"id": adult["id"], "label": label})
        return options

    @rx.var
    def talk_options(self) -> list[TalkOption]:
        return self._talk_options()

    @rx.var
    def is_my_default(self) -> bool:
        return sorted(_strings(self.audience)) == sorted(self.default_audience)

    @rx.var
    def past_faces(self) -> list[PastFace]:
        faces: list[PastFace] = []
        for mood, when in self._history:
            day = local_day(datetime.fromisoformat(when))
            faces.append(
                {
                    "mood": mood,
                    "label": self._message(
                        "mine.history.item",
                        mood=self._message(f"mood.{mood}"),
                        day=format_long_day(day, self.lang),
                    ),
                    "day": format_day(day, self.lang),
                }
            )
        return faces

    # ----------------------------------------------------------------------------------
    # The acting sibling, from the session; refusals become calm words
    # ----------------------------------------------------------------------------------

    @contextmanager
    def _work(self) -> Iterator[tuple[Session, Actor]]:
        """A transaction with the acting member: the one screen a link session may use."""
        with acting(link_session=True) as (session, actor, _login):
            yield session, actor

    def _clear_errors(self) -> None:
        for step in ("mood", "needs", "note", "audience", "talk", "default", "form"):
            setattr(self, f"error_{step}", "")

    def _show_error(self, error: DomainError) -> None:
        step = STEP_OF_ERROR.get(error.message_key, "form")
        setattr(self, f"error_{step}", self._message(error.message_key, **error.params))
        if step not in ("form", "default"):
            self.error_form = self._message("mine.not_sent")

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @calm
    def load_my_checkin(self) -> None:
        self.loaded = False
        self.problem = ""
        self.sent = False
        login = current_login()
        with self._work() as (session, actor):
            user = session.get(User, actor.user_id)
            if user is not None:
                self.lang = user.locale if user.locale in LOCALES else self.lang
                self.lang_cookie = self.lang
                self.first_name = (user.name.split() or [""])[0]
            # The gate marks a session opened with a personal check-in link.
            self.via_link = login is not None and login.checkin_link_id is not None
            if actor.role is not Role.SIBLING:
                self.problem = "not_sibling"  # the refusal below is still logged
            history = own_checkins(session, actor)  # refuses anyone but a sibling
            self._remember_history(history)
            self._read_settings(session, actor)
        self._fresh_form()
        self.loaded = True

    def _read_settings(self, session: Session, actor: Actor) -> None:
        settings = settings_for(session, actor.family_id, actor.membership_id)
        self.present = [a.value for a in present_audiences(session, actor.family_id)]
        adults = adults_to_share_with(session, actor.family_id)
        # First names, as a child says them ("Anna", not "Anna de Vries").
        names = first_names([a.name for a in adults])
        self.adults = [
            {"id": str(a.membership_id), "name": name, "audience": a.audience.value}
            for a, name in zip(adults, names, strict=True)
        ]
        # A default may name a group the family does not have (any more): leave it out.
        self.default_audience = [
            a.value for a in settings.default_audience if a.value in self.present
        ]
        self.may_set_own_default = settings.may_set_own_default
        self.settings_version = settings.version

    def _remember_history(self, history: list[CheckIn]) -> None:
        self._history = [(c.mood, c.created_at.isoformat()) for c in history]

    def _fresh_form(self) -> None:
        self.mood = ""
        self.needs = []
        self.audience = list(self.default_audience)
        self.wants_to_talk = False
        self.talk_to = ""
        self.note = ""
        self.sending = False
        self.sent = False
        self.sent_readers = ""
        self.sent_talk = ""
        self.default_notice = ""
        self._clear_errors()

    # ----------------------------------------------------------------------------------
    # Choosing (display only: nothing is read or written until "Versturen")
    # ----------------------------------------------------------------------------------

    @rx.event
    def choose_mood(self, mood: str) -> None:
        self.mood = str(mood)
        self.error_mood = ""

    @rx.event
    def toggle_need(self, need: str) -> None:
        """ "Niets nodig" unticks the others, and any other need unticks "niets nodig"."""
        chosen = _strings(self.needs)
        if need in chosen:
            chosen.remove(need)
        elif need == Need.NOTHING:
            chosen = [Need.NOTHING.value]
        else:
            chosen = [n for n in chosen if n != Need.NOTHING] + [need]
        self.needs = [n for n in NEEDS if n in chosen]
        self.error_needs = ""

    @rx.event
    def toggle_audience(self, group: str) -> None:
        chosen = _strings(self.audience)
        chosen = [a for a in chosen if a != group] if group in chosen else [*chosen, group]
        self._set_audience(chosen)

    @rx.event
    def choose_only_me(self) -> None:
        """ "Alleen voor mij": nobody else; ticking it off again brings back the default."""
        self._set_audience([] if not self._only_me() else list(self.default_audience))

    def _set_audience(self, chosen: list[str]) -> None:
        self.audience = [a for a in AUDIENCES if a in chosen]
        self.error_audience = ""
        self.default_notice = ""
        self.error_default = ""
        allowed = [option["id"] for option in self._talk_options()]
        if self.talk_to not in allowed:
            self.talk_to = ""  # the adult to talk to must also read it
        self._pick_the_only_adult()

    @rx.event
    def set_wants_to_talk(self, wants: bool) -> None:
        self.wants_to_talk = bool(wants)
        self.error_talk = ""
        self._pick_the_only_adult()

    def _pick_the_only_adult(self) -> None:
        options = self._talk_options()
        if self.wants_to_talk and not self.talk_to and len(options) == 1:
            self.talk_to = options[0]["id"]

    @rx.event
    def choose_talk_to(self, membership_id: str) -> None:
        self.talk_to = str(membership_id)
        self.error_talk = ""

    @rx.event
    def set_note(self, note: str) -> None:
        self.note = str(note)
        self.error_note = ""

    @rx.event
    def start_sending(self) -> None:
        """Runs just before send_checkin: the button shows it is busy."""
        self.sending = True

    # ----------------------------------------------------------------------------------
    # Sending, and the sibling's own default (from 12)
    # ----------------------------------------------------------------------------------

    @rx.event
    @calm
    def send_checkin(self) -> None:
        if self.sent:
            return  # a second tap that was already on its way: sent once is enough
        self._clear_errors()
        with self._work() as (session, actor):
            require(actor, Action.CHECKIN_CREATE)  # a refusal is logged before anything
            if not self._each_step_is_fine():
                return
            checkin = record_checkin(
                session,
                actor,
                mood=self.mood,
                needs=self.needs,
                note=self.note,
                audience=self.audience,
                wants_to_talk=self.wants_to_talk,
                talk_to_id=self.talk_to,
            )
            readers = [a for a in AUDIENCES if a in _strings(self.audience)]
            talk = next((a for a in self.adults if a["id"] == str(checkin.talk_to_id)), None)
            self._remember_history(own_checkins(session, actor))
        self.sent_readers = self._readers(readers)
        self.sent_talk = self._message("mine.thanks.talk", name=talk["name"]) if talk else ""
        self.sent = True

    def _each_step_is_fine(self) -> bool:
        """Every step's own message at once (the domain checks all of it again)."""
        for check, value in ((clean_mood, self.mood), (clean_needs, self.needs)):
            try:
                check(value)
            except DomainError as error:
                self._show_error(error)
        try:
            clean_note(self.note)
        except DomainError as error:
            self._show_error(error)
        return not self.error_form

    @rx.event
    @calm
    def save_my_default(self) -> None:
        """From 12: the readers ticked now are ticked by default next time."""
        self.default_notice = ""
        self.error_default = ""
        try:
            with self._work() as (session, actor):
                save_own_default(
                    session,
                    actor,
                    audience=self.audience,
                    expected_version=self.settings_version,
                )
                self._read_settings(session, actor)
        except Conflict:
            with self._work() as (session, actor):
                self._read_settings(session, actor)  # the newest version, for a second try
            self.error_default = self._message("error.conflict")
            return
        except DomainError as error:  # shown next to the button, not as a step's error
            self.error_default = self._message(error.message_key, **error.params)
            return
        self.default_notice = self._message("mine.default.saved")

    @rx.event
    def new_checkin(self) -> None:
        """After the thank-you: an empty form, with the default readers ticked again."""
        self._fresh_form()


LINK_STATE_NAMES.add(MyCheckinState.get_name())
