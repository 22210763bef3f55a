"""Mijn check-in, the five steps and the send button."""

from __future__ import annotations

import reflex as rx

from components.checkin_form import choice_tile, face_choice, picture, step, step_error
from components.mood import MOOD_COLORS, MOOD_ICONS
from dossier.domain.checkins import NOTE_LIMIT
from dossier.models import Need
from dossier.state.my_checkin import AudienceOption, MyCheckinState, TalkOption

S = MyCheckinState
t = S.t


NEED_ICONS = {
    Need.TIME_WITH_PARENT: "heart-handshake",
    Need.SOMEONE_TO_TALK: "message-circle",
    Need.SOMETHING_FUN: "party-popper",
    Need.HELP_WITH_SCHOOL: "backpack",
    Need.REST: "bed",
    Need.KNOW_WHAT_HAPPENS: "lightbulb",
    Need.NOTHING: "thumbs-up",
}


def mood_step() -> rx.Component:
    return step(
        1,
        t["mine.mood.title"],
        rx.el.div(
            *[
                face_choice(
                    str(value),
                    t[f"mood.{value}"],
                    MOOD_ICONS[value],
                    MOOD_COLORS[value],
                    S.mood == str(value),
                    S.choose_mood(str(value)),
                )
                for value in (1, 2, 3, 4, 5)
            ],
            class_name="mc-faces",
        ),
        error=S.error_mood,
        name="mood",
    )


def needs_step() -> rx.Component:
    return step(
        2,
        t["mine.needs.title"],
        rx.el.div(
            *[
                choice_tile(
                    kind="checkbox",
                    name="need",
                    value=need.value,
                    label=t[f"need.{need.value}"],
                    icon=picture(icon),
                    checked=S.needs.contains(need.value),
                    on_change=S.toggle_need(need.value),
                )
                for need, icon in NEED_ICONS.items()
            ],
            class_name="mc-tiles",
        ),
        error=S.error_needs,
        hint=t["mine.needs.hint"],
        name="needs",
    )


def note_step() -> rx.Component:
    return step(
        3,
        t["mine.note.title"],
        rx.el.label(t["mine.note.label"], html_for="mc-note", class_name="mc-label"),
        rx.text_area(
            id="mc-note",
            value=S.note,
            on_change=S.set_note,
            max_length=NOTE_LIMIT,
            rows="3",
            size="3",
            width="100%",
            aria_describedby="mc-note-count",
            class_name="mc-note",
        ),
        rx.el.p(
            S.note.length(),
            f" / {NOTE_LIMIT} ",
            t["mine.note.chars"],
            id="mc-note-count",
            class_name="mc-hint",
        ),
        error=S.error_note,
        name="note",
    )


def audience_icon(value: rx.Var) -> rx.Component:
    return rx.match(
        value,
        ("parents", picture("users")),
        ("cm_home", picture("house")),
        ("cm_hospital", picture("hospital")),
        picture("user-round"),
    )


def audience_tile(option: AudienceOption) -> rx.Component:
    return choice_tile(
        kind="checkbox",
        name="audience",
        value=option["value"],
        label=option["label"],
        detail=option["names"],
        icon=audience_icon(option["value"]),
        checked=S.audience.contains(option["value"]),
        on_change=S.toggle_audience(option["value"]),
    )


def own_default() -> rx.Component:
    """From 12 the sibling may keep this choice as their own default."""
    return rx.cond(
        S.may_set_own_default,
        rx.el.div(
            rx.cond(
                S.is_my_default,
                rx.el.p(
                    rx.icon("circle-check", size=18, aria_hidden="true", flex_shrink="0"),
                    rx.el.span(
                        rx.cond(S.default_notice != "", S.default_notice, t["mine.default.is"])
                    ),
                    class_name="mc-default-note",
                    role="status",
                ),
                rx.button(
                    rx.icon("bookmark", size=18, aria_hidden="true"),
                    t["mine.default.make"],
                    type="button",
                    variant="soft",
                    on_click=S.save_my_default,
                    class_name="mc-button",
                ),
            ),
            step_error(S.error_default, "mc-default-error"),
            class_name="mc-default",
        ),
    )


def audience_step() -> rx.Component:
    return step(
        4,
        t["mine.audience.title"],
        rx.el.div(
            rx.foreach(S.audience_options, audience_tile),
            choice_tile(
                kind="checkbox",
                name="only_me",
                value="only_me",
                label=t["audience.nobody"],
                icon=picture("lock"),
                checked=S.only_me,
                on_change=S.choose_only_me,
            ),
            class_name="mc-tiles",
        ),
        rx.el.p(
            rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
            rx.el.span(S.readers_sentence),
            class_name="mc-readers",
            role="status",
            aria_live="polite",
            id="mc-readers",
        ),
        own_default(),
        error=S.error_audience,
        hint=t["mine.audience.hint"],
        name="audience",
    )


def talk_option(option: TalkOption) -> rx.Component:
    return choice_tile(
        kind="radio",
        name="talk_to",
        value=option["id"],
        label=option["label"],
        icon=picture("user-round"),
        checked=S.talk_to == option["id"],
        on_change=S.choose_talk_to(option["id"]),
    )


def talk_step() -> rx.Component:
    return step(
        5,
        t["mine.talk.title"],
        rx.el.div(
            choice_tile(
                kind="checkbox",
                name="wants_to_talk",
                value="yes",
                label=t["mine.talk.want"],
                icon=picture("message-circle-heart", "tomato"),
                checked=S.wants_to_talk,
                on_change=S.set_wants_to_talk(~S.wants_to_talk),
            ),
            class_name="mc-tiles mc-tiles-single",
        ),
        rx.cond(
            S.wants_to_talk,
            rx.cond(
                S.talk_options.length() > 0,  # type: ignore[attr-defined]
                rx.el.fieldset(
                    rx.el.legend(t["mine.talk.with"], class_name="mc-sublegend"),
                    rx.el.div(rx.foreach(S.talk_options, talk_option), class_name="mc-tiles"),
                    class_name="mc-substep",
                ),
                rx.el.p(t["mine.talk.nobody"], class_name="mc-hint"),
            ),
        ),
        error=S.error_talk,
        name="talk",
    )


def send_part() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t["mine.send.title"], class_name="mc-step-title"),
        rx.el.p(
            rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
            rx.el.span(S.readers_sentence),
            class_name="mc-readers mc-readers-final",
        ),
        step_error(S.error_form, "mc-form-error"),
        rx.button(
            rx.cond(
                S.sending,
                rx.spinner(size="3"),
                rx.icon("send", size=20, aria_hidden="true"),
            ),
            rx.cond(S.sending, t["mine.sending"], t["mine.send"]),
            type="submit",
            size="4",
            disabled=S.sending,
            aria_describedby="mc-readers",
            class_name="mc-button mc-send",
        ),
        class_name="mc-send-part",
        aria_label=t["mine.send.title"],
    )


def checkin_form() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t["mine.title"], class_name="mc-title"),
        rx.el.p(t["mine.intro"], class_name="mc-intro"),
        rx.el.form(
            mood_step(),
            needs_step(),
            note_step(),
            audience_step(),
            talk_step(),
            send_part(),
            on_submit=[S.start_sending, S.send_checkin],
            class_name="mc-form",
            novalidate=True,
        ),
    )
