"""Wat ik belangrijk vind: the ill child's own page, in their own words.

The child sees the form and "Wie mag dit lezen?" with a box per adult; an adult the
child picked reads the words; anyone else a calm "not shared with you". Short sentences,
for a child of about 10 and older.
"""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import page_title, section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.child_page import ChildPageState as S
from dossier.state.child_page import Choice, Line, SharedPage

__all__ = ["child_page_page"]


def area(name: str, label: rx.Var, hint: rx.Var) -> rx.Component:
    field = f"child-{name}"
    return forms.labelled(
        label,
        field,
        rx.text_area(
            id=field,
            name=name,
            default_value=S.values[name],
            max_length=2000,
            rows="4",
            width="100%",
            size="3",
            **forms.error_props(S.errors[name], field, always_described=False),
        ),
        hint=forms.hint_text(hint),
        error=forms.field_error(S.errors[name], field),
    )


def reader_choice(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="reader_" + choice["value"],
            default_checked=choice["checked"],
            width="22px",
            height="22px",
        ),
        rx.text(choice["label"], as_="span", size="3"),
        display="flex",
        align_items="center",
        gap="10px",
        min_height=TOUCH_TARGET,
        class_name="child-reader",
    )


def writer() -> rx.Component:
    return rx.form(
        forms.once_field(S.send_key),
        rx.el.input(type="hidden", name="version", value=S.version),
        rx.vstack(
            rx.text(S.t["child_page.intro"], size="3"),
            rx.callout.root(
                rx.callout.icon(rx.icon("lock", aria_hidden="true")),
                rx.callout.text(S.t["child_page.private"]),
                color_scheme="teal",
                size="1",
            ),
            area("likes", S.t["child_page.field.likes"], S.t["child_page.hint.likes"]),
            area("important", S.t["child_page.field.important"], S.t["child_page.hint.important"]),
            area("worries", S.t["child_page.field.worries"], S.t["child_page.hint.worries"]),
            area(
                "want_known", S.t["child_page.field.want_known"], S.t["child_page.hint.want_known"]
            ),
            rx.el.fieldset(
                rx.el.legend(
                    rx.heading(S.t["child_page.who_reads"], as_="h2", size="4"),
                    padding="0",
                ),
                rx.text(S.t["child_page.who_reads_hint"], size="2", style=muted_text),
                rx.foreach(S.readers, reader_choice),
                forms.field_error(S.errors["readers"], "child-readers"),
                border="none",
                padding="0",
                margin="0",
                width="100%",
            ),
            rx.cond(
                S.alert != "",
                rx.callout.root(
                    rx.callout.text(S.alert), color_scheme="tomato", role="alert", size="1"
                ),
            ),
            rx.button(S.t["child_page.save"], type="submit", min_height=TOUCH_TARGET, size="3"),
            rx.cond(S.saved_text != "", rx.text(S.saved_text, size="1", style=muted_text)),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save_child_page,
        reset_on_submit=False,
        key=S.form_key,
        width="100%",
    )


def line(item: Line) -> rx.Component:
    return rx.box(
        rx.heading(item["label"], as_="h3", size="3"),
        rx.text(item["text"], size="3", white_space="pre-wrap"),
        width="100%",
    )


def shared_page(page: SharedPage) -> rx.Component:
    return section_card(
        page["title"],
        rx.text(page["updated"], size="1", style=muted_text),
        rx.foreach(page["lines"], line),
        rx.cond(page["lines"].length() == 0, rx.text(S.t["child_page.nothing_yet"], size="2")),  # type: ignore[attr-defined]
    )


def reader() -> rx.Component:
    return rx.cond(
        S.shared,
        rx.vstack(
            rx.text(S.t["child_page.reader_intro"], size="2", style=muted_text),
            rx.foreach(S.shared, shared_page),
            spacing="3",
            width="100%",
        ),
        rx.callout.root(
            rx.callout.icon(rx.icon("lock", aria_hidden="true")),
            rx.callout.text(S.t["child_page.not_shared"]),
            color_scheme="gray",
            size="2",
            class_name="child-page-not-shared",
        ),
    )


def child_page_page() -> rx.Component:
    return signed_in_page(
        routes.CHILD_PAGE,
        page_title(S.t["child_page.title"], S.t["child_page.subtitle"]),
        rx.cond(S.loaded, rx.cond(S.is_writer, writer(), reader())),
        refresh=S.refresh_child_page,
    )
