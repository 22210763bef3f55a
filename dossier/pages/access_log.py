"""Wie heeft wat bekeken: every look at and change of the family's dossier, in plain words."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import empty_state, item_list, page_title, pill
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.access_log import AccessLogRow
from dossier.state.access_log import AccessLogState as S


def filter_field(label_key: str, field_id: str, field: rx.Component) -> rx.Component:
    return forms.labelled(S.t[label_key], field_id, field, max_width="320px")


def person_select() -> rx.Component:
    return filter_field(
        "accesslog.person",
        "accesslog-person",
        forms.native_select(
            rx.el.option(S.t["accesslog.everyone"], value=""),
            forms.option_items(S.people),
            id="accesslog-person",
            value=S.person,
            on_change=S.choose_person,
        ),
    )


def period_select() -> rx.Component:
    return filter_field(
        "accesslog.period",
        "accesslog-period",
        forms.native_select(
            *[
                rx.el.option(S.t[f"accesslog.period.{value}"], value=value)
                for value in ("7", "30", "365", "custom")
            ],
            id="accesslog-period",
            value=S.period,
            on_change=S.choose_period,
        ),
    )


def date_field(label_key: str, name: str, value: rx.Var) -> rx.Component:
    return filter_field(
        label_key,
        f"accesslog-{name}",
        rx.input(
            id=f"accesslog-{name}",
            name=name,
            type="date",
            default_value=value,
            min="2000-01-01",
            max="2999-12-31",
            size="3",
            width="100%",
        ),
    )


def custom_dates() -> rx.Component:
    return rx.cond(
        S.custom_period,
        rx.form(
            rx.flex(
                date_field("accesslog.from", "date_from", S.date_from),
                date_field("accesslog.until", "date_to", S.date_to),
                rx.button(
                    S.t["accesslog.show"],
                    type="submit",
                    min_height=TOUCH_TARGET,
                    align_self="end",
                ),
                wrap="wrap",
                gap="3",
                width="100%",
            ),
            on_submit=S.show_dates,
            width="100%",
        ),
    )


def filters() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            rx.heading(S.t["accesslog.filters"], as_="h2", size="3", id="accesslog-filters"),
            rx.flex(person_select(), period_select(), wrap="wrap", gap="3", width="100%"),
            custom_dates(),
            spacing="3",
            width="100%",
        ),
        style=card_style,
        aria_labelledby="accesslog-filters",
    )


def log_item(row: AccessLogRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.el.time(row["when"], date_time=row["iso"], style={**muted_text, "fontSize": "14px"}),
            rx.flex(
                rx.text(row["sentence"], size="2"),
                rx.cond(row["denied"], pill(row["badge"], "tomato")),
                wrap="wrap",
                align="center",
                gap="2",
            ),
            spacing="1",
            width="100%",
        ),
        style={**card_style, "list_style": "none", "padding": "10px 12px"},
    )


def message() -> rx.Component:
    return rx.cond(
        S.error != "",
        rx.callout(S.error, icon="circle-alert", color_scheme="tomato", role="alert", width="100%"),
    )


def log_list() -> rx.Component:
    return rx.cond(
        S.refused,
        empty_state(S.t["accesslog.refused"], "lock"),
        rx.vstack(
            rx.el.section(
                item_list(
                    loaded=S.loaded,
                    items=S.rows,
                    render=log_item,
                    empty_text=S.t["accesslog.empty"],
                    loading_text=S.t["common.loading"],
                    empty_icon="eye",
                ),
                aria_label=S.t["accesslog.list"],
                width="100%",
            ),
            rx.cond(S.more_note != "", rx.text(S.more_note, size="2", style=muted_text)),
            spacing="3",
            width="100%",
        ),
    )


def access_log_page() -> rx.Component:
    return signed_in_page(
        routes.ACCESS_LOG,
        page_title(S.t["accesslog.title"], S.t["accesslog.subtitle"]),
        rx.cond(
            S.refused,
            rx.fragment(),
            rx.vstack(
                filters(),
                rx.text(S.t["accesslog.note"], size="2", style=muted_text),
                spacing="3",
                width="100%",
            ),
        ),
        message(),
        log_list(),
    )
