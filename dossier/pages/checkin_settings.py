"""Check-in settings (parents): per brother or sister who reads along by default per age
band, how often a reminder comes, the personal check-in link; and adding a sibling."""

from __future__ import annotations

import reflex as rx

from components.cards import loading, page_title, pill, section_card
from components.styles import TOUCH_TARGET, check_row, checkbox_style, muted_text
from dossier import routes
from dossier.pages.checkin_links import links_section
from dossier.pages.layout import signed_in_page
from dossier.state.checkin_settings import (
    AudienceChoice,
    BandRow,
    ReminderChoice,
    SiblingRow,
)
from dossier.state.checkin_settings import CheckinSettingsState as S

FIELDSET = {"border": "none", "padding": "0", "margin": "0", "width": "100%"}
LEGEND = {"font_weight": "500", "padding": "0"}


def audience_box(choice: AudienceChoice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name=choice["name"],
            default_checked=choice["checked"],
            style=checkbox_style,
        ),
        rx.text(choice["label"], size="2"),
        style=check_row,
    )


def band_fieldset(band: BandRow) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(
            rx.hstack(
                rx.text(band["label"], weight="medium", size="2"),
                rx.cond(band["current"], pill(S.t["settings.band_now"], "teal")),
                align="center",
                spacing="2",
            ),
            style=LEGEND,
        ),
        rx.foreach(band["choices"], audience_box),
        style={**FIELDSET, "padding_top": "8px"},
    )


def reminder_radio(choice: ReminderChoice, sibling: SiblingRow) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="reminder",
            value=choice["value"],
            default_checked=sibling["reminder"] == choice["value"],
            style=checkbox_style,
        ),
        rx.text(choice["label"], size="2"),
        style=check_row,
    )


def sibling_form(sibling: SiblingRow) -> rx.Component:
    field_id = "birth-" + sibling["id"]
    error_id = "settings-error-" + sibling["id"]
    show_error = (S.error_id == sibling["id"]) & (S.error != "")
    return rx.form(
        rx.el.input(type="hidden", name="sibling", value=sibling["id"]),
        rx.el.input(type="hidden", name="version", value=sibling["version"]),
        rx.vstack(
            rx.el.label(S.t["settings.birth_date"], html_for=field_id, style=LEGEND),
            rx.input(
                id=field_id,
                name="birth_date",
                type="date",
                default_value=sibling["birth_date"],
                min="1990-01-01",
                max="2100-12-31",
                size="3",
                width="100%",
                aria_describedby=error_id,
            ),
            spacing="1",
            width="100%",
        ),
        rx.el.fieldset(
            rx.el.legend(S.t["settings.who_reads"], style=LEGEND),
            rx.text(S.t["settings.who_reads_hint"], size="2", style=muted_text),
            rx.cond(
                sibling["chose_own"],
                rx.callout(S.t["settings.chose_own"], icon="info", size="1", color_scheme="teal"),
            ),
            rx.foreach(sibling["bands"], band_fieldset),
            style=FIELDSET,
        ),
        rx.el.fieldset(
            rx.el.legend(S.t["settings.reminder"], style=LEGEND),
            rx.text(S.t["settings.reminder_hint"], size="2", style=muted_text),
            rx.foreach(S.reminder_choices, lambda c: reminder_radio(c, sibling)),
            style=FIELDSET,
        ),
        rx.text(
            rx.cond(show_error, S.error, ""),
            id=error_id,
            role="alert",
            size="2",
            color=rx.color("tomato", 11),
        ),
        rx.cond(
            S.saved_id == sibling["id"],
            rx.text(S.t["settings.saved"], role="status", size="2", color=rx.color("grass", 11)),
        ),
        rx.button(S.t["settings.save"], type="submit", size="3", min_height=TOUCH_TARGET),
        on_submit=S.save_settings,
        reset_on_submit=False,
        key=sibling["id"] + "-" + sibling["version"],
        style={"display": "flex", "flex_direction": "column", "gap": "14px"},
    )


def sibling_card(sibling: SiblingRow) -> rx.Component:
    heading_id = "sibling-" + sibling["id"]
    return rx.el.section(
        rx.vstack(
            rx.heading(sibling["name"], as_="h2", size="4", id=heading_id),
            rx.text(sibling["age_text"], size="2", style=muted_text),
            sibling_form(sibling),
            spacing="2",
            width="100%",
        ),
        aria_labelledby=heading_id,
        class_name="settings-card",
    )


def add_sibling_form() -> rx.Component:
    return section_card(
        S.t["settings.add_title"],
        rx.text(S.t["settings.add_hint"], size="2", style=muted_text),
        rx.form(
            rx.vstack(
                rx.el.label(S.t["settings.add_name"], html_for="sibling-name", style=LEGEND),
                rx.input(
                    id="sibling-name",
                    name="name",
                    required=True,
                    max_length=120,
                    size="3",
                    width="100%",
                    auto_complete="off",
                    aria_describedby="add-sibling-error",
                ),
                rx.el.label(S.t["settings.birth_date"], html_for="sibling-born", style=LEGEND),
                rx.input(
                    id="sibling-born",
                    name="birth_date",
                    type="date",
                    min="1990-01-01",
                    max="2100-12-31",
                    size="3",
                    width="100%",
                ),
                rx.text(
                    S.add_error,
                    id="add-sibling-error",
                    role="alert",
                    size="2",
                    color=rx.color("tomato", 11),
                ),
                rx.button(
                    S.t["settings.add_button"],
                    type="submit",
                    size="3",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=S.add_sibling,
            reset_on_submit=True,
            key=S.add_form_key.to_string(),
        ),
        heading_id="add-sibling",
    )


def checkin_settings_page() -> rx.Component:
    return signed_in_page(
        routes.CHECKIN_SETTINGS,
        page_title(S.t["settings.title"], S.t["settings.subtitle"]),
        rx.cond(
            ~S.loaded,
            loading(S.t["common.loading"]),
            rx.cond(
                S.may_manage,
                rx.vstack(
                    rx.cond(
                        S.siblings,
                        rx.el.div(rx.foreach(S.siblings, sibling_card), class_name="settings-grid"),
                        rx.text(S.t["settings.no_siblings"], size="2", style=muted_text),
                    ),
                    links_section(),
                    add_sibling_form(),
                    spacing="4",
                    width="100%",
                ),
                rx.text(S.t["settings.parents_only"], size="2", style=muted_text),
            ),
        ),
        refresh=S.load_settings,
    )
