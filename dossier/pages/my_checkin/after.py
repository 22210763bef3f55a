"""Mijn check-in: after sending, the picture row, and the calm refusals."""

from __future__ import annotations

import reflex as rx

from components.mood import mood_face
from dossier import routes
from dossier.pages.my_checkin.header import way_out
from dossier.state.my_checkin import MyCheckinState, PastFace

S = MyCheckinState
t = S.t


def thanks() -> rx.Component:
    return rx.el.section(
        rx.icon("heart", size=40, color=rx.color("tomato", 11), aria_hidden="true"),
        rx.el.h1(t["mine.thanks.title"], class_name="mc-title", id="mc-thanks-title"),
        rx.el.div(
            rx.el.p(t["mine.thanks.text"]),
            rx.el.p(
                rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
                rx.el.span(S.sent_readers),
                class_name="mc-readers",
            ),
            rx.cond(S.sent_talk != "", rx.el.p(S.sent_talk)),
            role="status",
            class_name="mc-thanks-text",
        ),
        rx.el.div(
            rx.button(
                rx.icon("smile-plus", size=20, aria_hidden="true"),
                t["mine.thanks.again"],
                type="button",
                on_click=S.new_checkin,
                size="3",
                class_name="mc-button",
            ),
            rx.cond(
                ~S.via_link,
                way_out(t["mine.to_tasks"], routes.TASKS, "list-checks"),
            ),
            class_name="mc-actions",
        ),
        class_name="mc-thanks",
        aria_labelledby="mc-thanks-title",
    )


def past_face(face: PastFace) -> rx.Component:
    return rx.el.li(
        mood_face(face["mood"], face["label"], size=36),
        rx.el.span(face["day"], aria_hidden="true", class_name="mc-past-day"),
        class_name="mc-past",
    )


def history() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t["mine.history.title"], class_name="mc-step-title", id="mc-history-title"),
        rx.el.p(t["mine.history.hint"], class_name="mc-hint"),
        rx.cond(
            S.past_faces.length() > 0,  # type: ignore[attr-defined]
            rx.el.ol(rx.foreach(S.past_faces, past_face), class_name="mc-history"),
            rx.el.p(t["mine.history.empty"], class_name="mc-hint"),
        ),
        class_name="mc-step mc-history-part",
        aria_labelledby="mc-history-title",
    )


def calm_message(title_key: str, text_key: str, link_key: str, href: str) -> rx.Component:
    return rx.el.section(
        rx.icon("leaf", size=36, color=rx.color("teal", 11), aria_hidden="true"),
        rx.el.h1(t[title_key], class_name="mc-title"),
        rx.el.p(t[text_key]),
        rx.cond(
            ~S.via_link,
            way_out(t[link_key], href, "arrow-right"),
        ),
        class_name="mc-thanks",
    )
