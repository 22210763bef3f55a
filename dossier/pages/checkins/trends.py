"""Check-in for the adults: per sibling and period, the charts and the notes."""

from __future__ import annotations

import reflex as rx

from components.cards import empty_state, loading, pill, section_card
from components.mood import mood_face
from components.styles import link_button, muted_text
from dossier.pages.checkins.charts import mood_chart, needs_chart
from dossier.pages.checkins.signals import LIST
from dossier.state.checkins import CheckInsState as S
from dossier.state.checkins import NoteRow, SiblingOption

# On a tablet the mood over time gets the most room; the needs chart sits next to it.
CHART_COLUMNS = rx.breakpoints(initial="minmax(0, 1fr)", md="minmax(0, 3fr) minmax(0, 2fr)")


NOTE_LINE = f"1px solid {rx.color('gray', 4)}"


def sibling_item(option: SiblingOption) -> rx.Component:
    return rx.segmented_control.item(option["label"], value=option["value"])


def choices() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(S.t["trends.choose_sibling"], size="2", weight="medium", id="kies-kind"),
            rx.segmented_control.root(
                rx.foreach(S.siblings, sibling_item),
                value=S.sibling_id,
                on_change=[S.start_switch, S.choose_sibling],
                size="3",
                aria_labelledby="kies-kind",
                max_width="100%",
            ),
            spacing="1",
        ),
        rx.vstack(
            rx.text(S.t["trends.choose_period"], size="2", weight="medium", id="kies-periode"),
            rx.segmented_control.root(
                *[
                    rx.segmented_control.item(S.t[f"trends.period.{value}"], value=value)
                    for value in ("4w", "3m", "6m")
                ],
                value=S.period,
                on_change=[S.start_switch, S.choose_period],
                size="3",
                aria_labelledby="kies-periode",
            ),
            spacing="1",
        ),
        wrap="wrap",
        gap="4",
        width="100%",
    )


def note_item(note: NoteRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            mood_face(note["mood"], note["mood_label"], size=26),
            rx.vstack(
                rx.text(note["when"], size="1", style=muted_text),
                rx.text("“", note["text"], "”", size="2"),
                rx.cond(note["wants_to_talk"], pill(S.t["checkin.wants_to_talk"], "tomato")),
                spacing="1",
                flex="1",
            ),
            align="start",
            width="100%",
        ),
        style={"list_style": "none", "padding": "8px 0", "border_bottom": NOTE_LINE},
    )


def notes_section() -> rx.Component:
    return section_card(
        S.t["trends.notes_title"],
        rx.cond(
            S.notes,
            rx.el.ul(rx.foreach(S.notes, note_item), style={**LIST, "gap": "0"}),
            empty_state(S.t["trends.no_notes"], "message-circle"),
        ),
        heading_id="berichtjes",
    )


def download_link() -> rx.Component:
    return rx.cond(
        S.count > 0,
        rx.el.a(
            rx.icon("download", size=18, aria_hidden="true"),
            S.t["trends.download"],
            href=S.export_url,
            download=True,
            reload_document=True,  # a file: the browser fetches it, no client routing
            style=link_button,
        ),
    )


def trends_section() -> rx.Component:
    body = rx.cond(
        S.siblings,
        rx.vstack(
            choices(),
            rx.box(
                rx.cond(
                    S.switching,
                    loading(S.t["common.loading"]),
                    rx.text(S.shared_text, size="2", id="gedeeld"),
                ),
                aria_live="polite",
                min_height="24px",
            ),
            rx.el.div(
                mood_chart(),
                needs_chart(),
                style={
                    "display": "grid",
                    "grid_template_columns": CHART_COLUMNS,
                    "gap": "12px",
                    "width": "100%",
                    "opacity": rx.cond(S.switching, "0.5", "1"),
                },
            ),
            notes_section(),
            download_link(),
            spacing="4",
            width="100%",
        ),
        empty_state(S.t["trends.no_siblings"], "users"),
    )
    return rx.el.section(
        rx.heading(S.t["trends.title"], as_="h2", size="4", id="hoe-gaat-het"),
        body,
        aria_labelledby="hoe-gaat-het",
        style={"display": "grid", "gap": "12px", "width": "100%"},
    )
