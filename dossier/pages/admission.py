""" "We gaan naar het ziekenhuis": the section at the top of /als-het-plotseling-moet and
the calm card at the top of the overview. The state is AdmissionState (read with the
page's loader and its live refresh: dossier/dossier.py and the pages' `refresh`)."""

from __future__ import annotations

import reflex as rx

from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, card_style, checkbox_style, muted_text
from dossier import routes
from dossier.state.admission import AdmissionState as S
from dossier.state.admission import ItemRow

# A tick must be easy with a thumb in a hurry: the whole row, well above 24 px.
TICK_ROW = {
    "display": "flex",
    "align_items": "center",
    "gap": "12px",
    "min_height": "52px",
    "padding": "6px 10px",
    "border_radius": "10px",
    "border": f"1px solid {rx.color('gray', 5)}",
    "cursor": "pointer",
    "width": "100%",
}
BIG_CHECKBOX = {**checkbox_style, "width": "28px", "height": "28px"}
ON_EDGE = {**card_style, "border_left": f"4px solid {rx.color('tomato', 9)}"}


def start_view() -> rx.Component:
    """Nothing on yet: the big button, and a confirmation that says who is told."""
    t = S.t
    return rx.el.section(
        rx.vstack(
            rx.text(t["admission.start_intro"], size="2", style=muted_text),
            confirm_dialog(
                rx.button(
                    rx.icon("hospital", size=22, aria_hidden="true"),
                    t["admission.start"],
                    size="4",
                    color_scheme="tomato",
                    background=rx.color("tomato", 11),
                    min_height="56px",
                    width="100%",
                    id="admission-start",
                ),
                title=t["admission.confirm_title"],
                description=[S.adm_told],
                cancel_label=t["admission.cancel"],
                confirm_label=t["admission.confirm_yes"],
                on_confirm=S.start_admission,
            ),
            spacing="3",
            width="100%",
        ),
        style=card_style,
        aria_label=t["admission.start"],
        id="admission-section",
    )


def item_row(item: ItemRow) -> rx.Component:
    """One thing to bring: tap anywhere on the row. A tap *sets* what this screen shows
    the other way (packed or not yet); two people ticking the same thing both succeed."""
    return rx.el.li(
        rx.el.label(
            rx.el.input(
                type="checkbox",
                checked=item["done"],
                on_change=S.tick_item(item["id"], ~item["done"]),
                style=BIG_CHECKBOX,
                custom_attrs={"data-item": item["id"]},
            ),
            rx.vstack(
                rx.text(
                    item["label"],
                    size="3",
                    weight="medium",
                    text_decoration=rx.cond(item["done"], "line-through", "none"),
                ),
                rx.cond(item["who"] != "", rx.text(item["who"], size="1", style=muted_text)),
                spacing="0",
            ),
            style=TICK_ROW,
        ),
        list_style="none",
        width="100%",
    )


def checklist() -> rx.Component:
    t = S.t
    return rx.vstack(
        rx.heading(t["admission.checklist"], as_="h3", size="3", id="admission-checklist"),
        rx.cond(
            S.adm_items,
            rx.el.ul(
                rx.foreach(S.adm_items, item_row),
                aria_labelledby="admission-checklist",
                style={"padding": "0", "margin": "0", "display": "grid", "gap": "8px"},
                width="100%",
            ),
            rx.text(t["admission.checklist_empty"], size="2", style=muted_text),
        ),
        spacing="2",
        width="100%",
    )


def end_button() -> rx.Component:
    t = S.t
    return confirm_dialog(
        rx.button(
            t["admission.end"],
            variant="outline",
            color_scheme="gray",
            min_height=TOUCH_TARGET,
            id="admission-end",
        ),
        title=t["admission.end_title"],
        description=[t["admission.end_text"]],
        cancel_label=t["admission.cancel"],
        confirm_label=t["admission.end_yes"],
        on_confirm=S.end_admission(S.adm_id),
        danger=False,
    )


def on_view() -> rx.Component:
    """The admission is on: since when, the live checklist, and ending it (parents)."""
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.icon("hospital", size=22, color=rx.color("tomato", 11), aria_hidden="true"),
                rx.heading(S.adm_since, as_="h2", size="5", id="admission-title"),
                align="center",
                spacing="2",
            ),
            rx.cond(S.adm_started_by != "", rx.text(S.adm_started_by, size="2")),
            rx.text(
                S.adm_packed,
                rx.cond(S.adm_packed != "", " · ", ""),
                S.adm_updated,
                size="2",
                style=muted_text,
                role="status",
                id="admission-status",
            ),
            rx.cond(S.adm_may_tick, checklist()),
            rx.cond(S.adm_may_end, end_button()),
            spacing="3",
            width="100%",
        ),
        style=ON_EDGE,
        aria_labelledby="admission-title",
        id="admission-section",
    )


def admission_section() -> rx.Component:
    """At the top of /als-het-plotseling-moet: the button, or the admission that is on."""
    return rx.cond(S.adm_on, on_view(), rx.cond(S.adm_may_start, start_view()))


def admission_overview_card() -> rx.Component:
    """At the top of everyone's overview while an admission is on: calm, one line."""
    t = S.t
    return rx.cond(
        S.adm_on,
        rx.el.section(
            rx.hstack(
                rx.icon("hospital", size=20, color=rx.color("tomato", 11), aria_hidden="true"),
                rx.vstack(
                    rx.heading(S.adm_since, as_="h2", size="3", id="admission-card-title"),
                    rx.cond(
                        S.adm_packed != "",
                        rx.text(S.adm_packed, size="2", style=muted_text, id="admission-packed"),
                    ),
                    spacing="1",
                    flex="1",
                ),
                rx.link(
                    t["admission.card_link"],
                    href=routes.EMERGENCY_PLAN,
                    weight="medium",
                    min_height=TOUCH_TARGET,
                    display="inline-flex",
                    align_items="center",
                ),
                align="center",
                wrap="wrap",
                width="100%",
            ),
            style=ON_EDGE,
            aria_labelledby="admission-card-title",
            id="admission-card",
            margin_bottom="12px",
        ),
    )
