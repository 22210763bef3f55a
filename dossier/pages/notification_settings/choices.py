"""Instellingen voor meldingen: per topic push / only in the app / off, quiet hours, the
daily summary."""

from __future__ import annotations

import reflex as rx

from components.cards import section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.notification_settings.common import (
    CHOICE_ROW,
    CONTROL,
    ERROR_COLOUR,
    FIELDSET,
    LEGEND,
    OK_COLOUR,
)
from dossier.state.notification_settings import ChannelOption, TopicRow
from dossier.state.notification_settings import NotificationSettingsState as S


def channel_radio(option: ChannelOption, topic: TopicRow) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name=topic["field"],
            value=option["value"],
            default_checked=topic["channel"] == option["value"],
            style=CONTROL,
        ),
        rx.text(option["label"], size="2"),
        style=CHOICE_ROW,
    )


def topic_fieldset(topic: TopicRow) -> rx.Component:
    hint_id = "hint-" + topic["category"]
    return rx.el.fieldset(
        rx.el.legend(topic["label"], style=LEGEND),
        rx.text(topic["hint"], size="2", style=muted_text, id=hint_id),
        rx.el.div(
            rx.foreach(S.channel_options, lambda option: channel_radio(option, topic)),
            style={"display": "flex", "flex_wrap": "wrap", "column_gap": "20px"},
        ),
        aria_describedby=hint_id,
        style={**FIELDSET, "padding_top": "6px"},
    )


def time_field(label: rx.Var, name: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for="field-" + name, style=LEGEND),
        rx.input(
            id="field-" + name,
            name=name,
            type="time",
            default_value=value,
            required=True,
            size="3",
            width="140px",
            aria_describedby="settings-error",
        ),
        spacing="1",
    )


def choices_form() -> rx.Component:
    t = S.t
    return rx.form(
        rx.el.input(type="hidden", name="version", value=S.version),
        section_card(
            t["notif.channels.heading"],
            rx.text(t["notif.channels.hint"], size="2", style=muted_text),
            rx.foreach(S.topics, topic_fieldset),
            heading_id="channels-heading",
        ),
        section_card(
            t["notif.quiet.heading"],
            rx.text(t["notif.quiet.hint"], size="2", style=muted_text),
            rx.hstack(
                time_field(t["notif.quiet.start"], "quiet_start", S.quiet_start),
                time_field(t["notif.quiet.end"], "quiet_end", S.quiet_end),
                spacing="4",
                wrap="wrap",
            ),
            heading_id="quiet-heading",
        ),
        section_card(
            t["notif.summary.heading"],
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    name="daily_summary",
                    default_checked=S.daily_summary,
                    style=CONTROL,
                ),
                rx.text(t["notif.summary.toggle"], size="2"),
                style=CHOICE_ROW,
            ),
            rx.text(t["notif.summary.hint"], size="2", style=muted_text),
            time_field(t["notif.summary.at"], "summary_at", S.summary_at),
            heading_id="summary-heading",
        ),
        rx.text(S.error, id="settings-error", role="alert", size="2", color=ERROR_COLOUR),
        rx.cond(
            S.saved,
            rx.text(t["notif.settings.saved"], role="status", size="2", color=OK_COLOUR),
        ),
        rx.button(t["notif.settings.save"], type="submit", size="3", min_height=TOUCH_TARGET),
        on_submit=S.save_preferences,
        reset_on_submit=False,
        key=S.form_key.to_string() + "-" + S.version,
        style={"display": "flex", "flex_direction": "column", "gap": "16px", "width": "100%"},
    )
