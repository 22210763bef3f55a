"""Netwerk: "Het team" (the case managers' reachability) and, for a case manager,
"Mijn bereikbaarheid" (her working hours and absences, with a stand-in per family)."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.network.form import hours_fields, more_hours
from dossier.state.network import AbsenceRow, TeamRow
from dossier.state.network import NetworkState as S


def team_line(person: TeamRow) -> rx.Component:
    return rx.vstack(
        rx.text(person["name"], " · ", person["role"], size="2", weight="medium"),
        rx.text(person["line"], size="2", style=muted_text),
        rx.cond(
            person["away"] != "",
            rx.text(person["away"], size="2", weight="medium", color=rx.color("amber", 11)),
        ),
        spacing="0",
        width="100%",
    )


def team_section() -> rx.Component:
    return rx.cond(
        S.team,
        section_card(
            S.t["network.team"],
            rx.text(S.t["network.team_intro"], size="2", style=muted_text),
            rx.foreach(S.team, team_line),
            heading_id="het-team",
        ),
    )


def hours_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(S.t["reach.hours_title"], as_="h3", size="3"),
            rx.text(S.my_line, size="2", id="my-reach-line"),
            hours_fields("my_", S.my_days, S.my_from, S.my_to),
            more_hours("my_r2_", S.my_days2, S.my_from2, S.my_to2),
            forms.labelled(
                S.t["reach.note_label"],
                "my-note",
                rx.input(id="my-note", name="my_note", default_value=S.my_note, max_length=300),
            ),
            forms.field_error(S.reach_error, "my-hours", live=True),
            rx.button(S.t["reach.save_hours"], type="submit", min_height=TOUCH_TARGET),
            spacing="3",
            width="100%",
        ),
        key=S.hours_key,
        on_submit=S.save_hours,
        no_validate=True,
        width="100%",
    )


def stand_in_choice(absence: AbsenceRow) -> rx.Component:
    """Change who stands in here, later (a choice saves at once; the toast says so)."""
    select_id = "stand-in-" + absence["id"]
    return forms.labelled(
        S.t["reach.stand_in_short"],
        select_id,
        forms.native_select(
            forms.option_items(S.stand_in_options),
            id=select_id,
            value=absence["stand_in"],
            on_change=lambda choice: S.change_stand_in(absence["id"], choice),
        ),
    )


def absence_line(absence: AbsenceRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(absence["text"], size="2"),
            stand_in_choice(absence),
            spacing="1",
            flex="1",
        ),
        rx.icon_button(
            rx.icon("trash-2", aria_hidden="true"),
            on_click=S.delete_absence(absence["id"]),
            aria_label=S.t["reach.remove_absence"] + ": " + absence["text"],
            variant="soft",
            color_scheme="tomato",
            min_width=TOUCH_TARGET,
            min_height=TOUCH_TARGET,
        ),
        align="center",
        width="100%",
    )


def absence_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            forms.once_field(S.reach_send_key),
            rx.hstack(
                forms.labelled(
                    S.t["reach.absence_from"],
                    "away-from",
                    rx.input(id="away-from", name="away_from", type="date", size="3"),
                ),
                forms.labelled(
                    S.t["reach.absence_to"],
                    "away-to",
                    rx.input(id="away-to", name="away_to", type="date", size="3"),
                ),
                spacing="3",
                width="100%",
                wrap="wrap",
            ),
            forms.labelled(
                S.t["reach.stand_in_label"],
                "stand-in",
                forms.native_select(
                    forms.option_items(S.stand_in_options), id="stand-in", name="stand_in"
                ),
            ),
            forms.field_error(S.absence_error, "away", live=True),
            rx.button(S.t["reach.add_absence"], type="submit", min_height=TOUCH_TARGET),
            spacing="3",
            width="100%",
        ),
        key=S.absence_key,
        on_submit=S.save_absence,
        no_validate=True,
        width="100%",
    )


def my_reachability() -> rx.Component:
    return section_card(
        S.t["reach.mine"],
        rx.text(S.t["reach.mine_intro"], size="2", style=muted_text),
        hours_form(),
        rx.heading(S.t["reach.absences"], as_="h3", size="3"),
        rx.cond(
            S.my_absences,
            rx.foreach(S.my_absences, absence_line),
            rx.text(S.t["reach.no_absences"], size="2", style=muted_text),
        ),
        absence_form(),
        heading_id="mijn-bereikbaarheid",
    )
