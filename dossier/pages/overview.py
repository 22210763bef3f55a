"""Overzicht: what needs me first, the coming days, open agreements, the siblings."""

from __future__ import annotations

import reflex as rx

from components.cards import empty_state, loading, page_title, pill, section_card
from components.first_steps import consent_card, first_steps_card, waiting_card
from components.install_hint import install_hint
from components.mood import mood_face
from components.styles import TOUCH_TARGET
from dossier import routes
from dossier.pages.admission import admission_overview_card
from dossier.pages.layout import signed_in_page
from dossier.presenters.rows import AgreementRow, AppointmentRow, CheckInRow, SignalRow, TaskRow
from dossier.state.admission import AdmissionState
from dossier.state.overview import EmergencyRow, TeamRow
from dossier.state.overview import OverviewState as S

# A line on a card is a link to the item itself (`?open=`): the whole line is the target.
LINE_LINK_STYLE = {
    "display": "flex",
    "align_items": "center",
    "gap": "8px",
    "width": "100%",
    "min_height": TOUCH_TARGET,
    "padding": "6px 8px",
    "margin": "0 -8px",
    "border_radius": "10px",
    "color": "inherit",
    "text_decoration": "none",
    "_hover": {"background": rx.color("gray", 3)},
}


def item_link(page: str, item_id: rx.Var, *children: rx.Component) -> rx.Component:
    return rx.link(*children, href=f"{page}?{routes.OPEN_PARAM}=" + item_id, style=LINE_LINK_STYLE)


def task_line(task: TaskRow) -> rx.Component:
    return item_link(
        routes.TASKS,
        task["id"],
        rx.text(task["title"], size="2", flex="1"),
        rx.cond(task["overdue"], pill(S.t["task.overdue"], "tomato")),
        rx.cond(task["comes_back"], pill(S.t["task.comes_back"], "amber")),
        rx.text(task["due"], size="1", color=rx.color("gray", 11), white_space="nowrap"),
    )


def appointment_line(appointment: AppointmentRow) -> rx.Component:
    return item_link(
        routes.AGENDA,
        appointment["id"],
        rx.vstack(
            rx.text(
                appointment["day"],
                " · ",
                appointment["time"],
                size="1",
                weight="bold",
                color=rx.color("teal", 11),
            ),
            rx.text(appointment["title"], size="2"),
            spacing="0",
        ),
    )


def agreement_line(agreement: AgreementRow) -> rx.Component:
    return item_link(
        routes.AGREEMENTS,
        agreement["id"],
        rx.text(agreement["topic"], size="2", flex="1"),
        pill(agreement["status"], "amber"),
    )


def team_line(person: TeamRow) -> rx.Component:
    """A name, what they do, and their number as a tap-to-call link."""
    return rx.hstack(
        rx.vstack(
            rx.text(person["name"], size="2", weight="medium"),
            rx.text(person["role"], size="1", color=rx.color("gray", 11)),
            reach_lines(person),  # issue 19
            spacing="0",
            flex="1",
        ),
        rx.cond(
            person["phone_href"] != "",
            rx.link(
                rx.icon("phone", size=16, aria_hidden="true"),
                person["phone"],
                href=person["phone_href"],
                aria_label=S.t["overview.call"] + " " + person["name"] + ", " + person["phone"],
                style={**LINE_LINK_STYLE, "width": "auto", "margin": "0", "white_space": "nowrap"},
            ),
            rx.text(S.t["overview.no_phone"], size="1", color=rx.color("gray", 11)),
        ),
        align="center",
        width="100%",
    )


def reach_lines(person: TeamRow) -> rx.Component:
    """Issue 19, under a case manager: "Niet voor spoed · bereikbaar ma-vr 8.30-17.00" and,
    when she is away, "Femke is afwezig tot 3 januari. Vervanger: Sanne Jansen."."""
    return rx.fragment(
        rx.cond(
            S.team_reach.contains(person["id"]),  # type: ignore[attr-defined]
            rx.text(S.team_reach[person["id"]], size="1", color=rx.color("gray", 11)),
        ),
        rx.cond(
            S.team_away.contains(person["id"]),  # type: ignore[attr-defined]
            rx.text(
                S.team_away[person["id"]], size="1", weight="medium", color=rx.color("amber", 11)
            ),
        ),
    )


def emergency_line(contact: EmergencyRow) -> rx.Component:
    """One "bij spoed" contact: the whole line a big tap-to-call button."""
    return rx.cond(
        contact["phone_href"] != "",
        rx.link(
            rx.icon("phone", size=20, aria_hidden="true"),
            rx.vstack(
                rx.text(contact["name"], size="3", weight="bold"),
                rx.text(contact["meta"], " · ", contact["phone"], size="2"),
                spacing="0",
                align="start",
            ),
            href=contact["phone_href"],
            aria_label=S.t["overview.call"] + " " + contact["name"] + ", " + contact["phone"],
            custom_attrs={"data-emergency-id": contact["id"]},
            style={
                **LINE_LINK_STYLE,
                "margin": "0",
                "min_height": "56px",
                "padding": "10px 14px",
                "background": rx.color("tomato", 3),
                "border": f"1px solid {rx.color('tomato', 7)}",
                "_hover": {"background": rx.color("tomato", 4)},
            },
        ),
        rx.text(contact["name"], " · ", S.t["overview.no_phone"], size="2"),
    )


def emergency_card() -> rx.Component:
    """Issue 19: "Bij spoed", at the top: whom to call, each a big tel: button."""
    return rx.cond(
        S.emergency,
        section_card(
            S.t["overview.emergency"],
            rx.text(S.t["overview.emergency_intro"], size="2"),
            rx.foreach(S.emergency, emergency_line),
            link=routes.NETWORK,
            link_label=S.t["overview.emergency_link"],
            heading_id="bij-spoed",
        ),
    )


def team_card() -> rx.Component:
    """Who to call: on the overview, not only in "Gezin en toegang" (members' view only)."""
    return rx.cond(
        S.team,
        section_card(
            S.t["overview.team"],
            rx.text(S.t["overview.team_intro"], size="1", color=rx.color("gray", 11)),
            rx.foreach(S.team, team_line),
            link=routes.MEMBERS,
            link_label=S.t["overview.team_link"],
            heading_id="ons-team",
        ),
    )


def checkin_line(checkin: CheckInRow) -> rx.Component:
    return rx.link(
        mood_face(checkin["mood"], checkin["mood_label"]),
        rx.vstack(
            rx.text(checkin["sibling"], size="2", weight="medium"),
            rx.text(checkin["when"], size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.cond(checkin["wants_to_talk"], pill(S.t["checkin.wants_to_talk"], "tomato")),
        href=routes.CHECKIN,
        style=LINE_LINK_STYLE,
    )


def signal_line(signal: SignalRow) -> rx.Component:
    """Picked up on the check-in page, where the signal is shown with what led to it."""
    return rx.link(
        rx.icon("hand-heart", size=18, color=rx.color("amber", 11), aria_hidden="true"),
        rx.vstack(
            rx.text(signal["text"], size="2", weight="medium"),
            rx.text(signal["when"], size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        href=routes.CHECKIN,
        style={**LINE_LINK_STYLE, "align_items": "start"},
    )


def signals_card() -> rx.Component:
    """Open signals shared with me, first on the page; picked up on the check-in page."""
    return rx.cond(
        S.signals,
        rx.box(
            section_card(
                S.t["trends.signals_title"],
                rx.foreach(S.signals, signal_line),
                link=routes.CHECKIN,
                link_label=S.t["trends.to_checkin"],
                heading_id="aandacht-nodig",
            ),
            border_left=f"4px solid {rx.color('amber', 9)}",
            border_radius="14px",
            width="100%",
        ),
    )


def summary() -> rx.Component:
    return rx.text(
        S.t["overview.open_tasks"],
        ": ",
        S.open_tasks,
        " · ",
        S.t["overview.my_overdue"],
        ": ",
        S.my_overdue,
        size="2",
    )


def cards() -> rx.Component:
    return rx.grid(
        section_card(
            S.t["overview.my_tasks"],
            rx.cond(
                S.my_tasks, rx.foreach(S.my_tasks, task_line), empty_state(S.t["overview.no_tasks"])
            ),
            rx.cond(S.my_more != "", rx.text(S.my_more, size="1", color=rx.color("gray", 11))),
            link=routes.TASKS,
            link_label=S.t["overview.all_tasks"],
            heading_id="mijn-taken",
        ),
        section_card(
            S.t["overview.coming_days"],
            rx.cond(
                S.appointments,
                rx.foreach(S.appointments, appointment_line),
                empty_state(S.t["overview.no_appointments"], "calendar"),
            ),
            link=routes.AGENDA,
            link_label=S.t["overview.to_agenda"],
            heading_id="komende-dagen",
        ),
        section_card(
            S.t["overview.agreements"],
            rx.cond(
                S.agreements,
                rx.foreach(S.agreements, agreement_line),
                empty_state(S.t["overview.no_agreements"], "check"),
            ),
            link=routes.AGREEMENTS,
            link_label=S.t["overview.to_agreements"],
            heading_id="afspraken-aandacht",
        ),
        section_card(
            S.t["overview.siblings"],
            rx.cond(
                S.checkins,
                rx.foreach(S.checkins, checkin_line),
                empty_state(S.t["overview.no_checkins"], "heart"),
            ),
            link=routes.CHECKIN,
            link_label=S.t["overview.to_checkins"],
            heading_id="broers-zussen",
        ),
        team_card(),
        columns={"initial": "1", "md": "2"},
        spacing="4",
        width="100%",
    )


def starting() -> rx.Component:
    """Issue 17: the parents' question about a case manager, then "Eerste stappen"."""
    return rx.fragment(
        consent_card(S.t, S.consent, on_answer=S.answer_consent),
        first_steps_card(
            S.t,
            S.first_steps,
            S.first_steps_count,
            on_hide=S.hide_first_steps,
            on_installed=S.tick_installed,
        ),
    )


def waiting() -> rx.Component:
    """Issue 17: a dossier a case manager started, before a parent is in (or said yes)."""
    return waiting_card(
        S.t,
        S.family_name,
        for_parents=S.waiting_for_parents,
        may_renew=S.may_renew_link,
        link=S.parent_link,
        qr=S.parent_qr,
        on_renew=S.renew_parent_link,
        on_close=S.close_parent_link,
    )


def intro() -> rx.Component:
    """What this page shows, in the prerendered HTML: on a slow phone it is on screen
    (the largest text at first paint) before the scripts and the family's data arrive.
    A dossier that waits for its parents shows the waiting card instead."""
    return rx.cond(
        S.waiting,
        rx.fragment(),
        rx.text(S.t["overview.intro"], size="3", color=rx.color("gray", 11), id="overview-intro"),
    )


def overview_page() -> rx.Component:
    return signed_in_page(
        routes.OVERVIEW,
        page_title(S.t["overview.title"], S.family_name),
        admission_overview_card(),  # issue 19: while an admission is on, first of all
        intro(),
        rx.cond(
            S.loaded,
            rx.cond(
                S.waiting,
                waiting(),
                rx.fragment(emergency_card(), starting(), signals_card(), summary(), cards()),
            ),
            loading(S.t["common.loading"]),
        ),
        # Last, below what needs attention: assets/install.js decides whether it shows.
        install_hint(S.t),
        refresh=[S.load_overview, AdmissionState.read_admission_card],
    )
