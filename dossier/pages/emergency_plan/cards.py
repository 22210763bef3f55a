"""Als het plotseling moet: the parts as cards, a proposal side by side, the tablet's pane."""

from __future__ import annotations

import reflex as rx

from components.cards import IS_WIDE, SELECTED_STYLE, pane_hint
from components.history import history_list
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.state.emergency_plan import CallRow, ChangeRow, PartCard
from dossier.state.emergency_plan import EmergencyPlanState as S


def call_row(call: CallRow) -> rx.Component:
    """One contact: the name, the number as a tel: link, why or when."""
    return rx.el.li(
        rx.text(call["name"], size="2", weight="medium"),
        rx.cond(
            call["href"] != "",
            rx.link(
                rx.icon("phone", size=14, aria_hidden="true"),
                call["number"],
                href=call["href"],
                size="2",
                display="inline-flex",
                align_items="center",
                gap="6px",
                min_height="24px",
            ),
        ),
        rx.cond(call["note"] != "", rx.text(call["note"], size="1", style=muted_text)),
        padding="2px 0",
    )


def calls_list(calls) -> rx.Component:
    return rx.cond(
        calls,
        rx.el.ol(rx.foreach(calls, call_row), padding_left="20px", margin="0", width="100%"),
    )


def lines_list(lines) -> rx.Component:
    return rx.foreach(lines, lambda text: rx.text(text, size="2", white_space="pre-wrap"))


def changed_field(change: ChangeRow) -> rx.Component:
    """What it is now and what it becomes, side by side (stacked on a narrow phone)."""
    return rx.el.li(
        rx.text(change["name"], size="2", weight="medium"),
        rx.grid(
            rx.box(
                rx.text(S.t["plan.proposal.now"], size="1", style=muted_text),
                rx.text(change["old"], size="2", white_space="pre-wrap"),
            ),
            rx.box(
                rx.text(S.t["plan.proposal.becomes"], size="1", style=muted_text),
                rx.text(rx.el.strong(change["new"]), size="2", white_space="pre-wrap"),
            ),
            columns=rx.breakpoints(initial="1", xs="2"),
            spacing="3",
            width="100%",
        ),
        list_style="none",
        padding="4px 0",
    )


def proposal(card: PartCard) -> rx.Component:
    """A case manager's proposal on a part, with the parents' answer or her withdrawal."""
    return rx.cond(
        card["pending"],
        rx.box(
            rx.heading(card["proposal_title"], as_="h3", size="3"),
            rx.el.ul(rx.foreach(card["changes"], changed_field), padding="0", margin="0"),
            rx.cond(
                S.can_edit,
                rx.hstack(
                    rx.button(
                        S.t["plan.confirm"],
                        on_click=S.confirm_proposal(card["id"], card["version"]),
                        aria_label=S.t["plan.confirm"] + ": " + card["title"],
                        min_height=TOUCH_TARGET,
                    ),
                    rx.button(
                        S.t["plan.decline"],
                        on_click=S.decline_proposal(card["id"], card["version"]),
                        aria_label=S.t["plan.decline"] + ": " + card["title"],
                        variant="soft",
                        color_scheme="gray",
                        min_height=TOUCH_TARGET,
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.text(S.t["plan.proposal.waiting"], size="2", style=muted_text),
            ),
            rx.cond(
                card["mine"],
                rx.button(
                    S.t["plan.withdraw"],
                    on_click=S.withdraw_proposal(card["id"], card["version"]),
                    variant="soft",
                    color_scheme="gray",
                    min_height=TOUCH_TARGET,
                    margin_top="8px",
                ),
            ),
            class_name="plan-proposal",
            width="100%",
            padding="12px",
            border_radius="10px",
            border=f"1px solid {rx.color('amber', 8)}",
        ),
    )


def part_body(card: PartCard) -> rx.Component:
    return rx.vstack(
        calls_list(card["calls"]),
        rx.cond(
            card["section"] == "bring",
            rx.el.ul(
                rx.foreach(card["lines"], lambda line: rx.el.li(rx.text(line, size="2"))),
                padding_left="20px",
                margin="0",
            ),
            lines_list(card["lines"]),
        ),
        rx.cond(card["empty"], rx.text(S.t["plan.not_yet"], size="2", style=muted_text)),
        spacing="2",
        width="100%",
    )


def part_card(card: PartCard) -> rx.Component:
    selected = S.selected_id == card["id"]
    return rx.el.li(
        rx.vstack(
            rx.heading(card["title"], as_="h2", size="4"),
            rx.text(card["intro"], size="1", style=muted_text),
            part_body(card),
            proposal(card),
            rx.button(
                rx.cond(S.can_edit | S.can_propose, S.t["plan.edit"], S.t["plan.open"]),
                # On a tablet it shows the part in the pane instead of the dialog.
                on_click=S.open_part(card["id"], IS_WIDE),
                aria_label=rx.cond(S.can_edit | S.can_propose, S.t["plan.edit"], S.t["plan.open"])
                + ": "
                + card["title"],
                aria_current=rx.cond(selected, "true", "false"),
                variant=rx.cond(selected, "solid", "soft"),
                min_height=TOUCH_TARGET,
            ),
            spacing="2",
            width="100%",
        ),
        class_name="plan-card",
        data_section=card["section"],
        style={
            **card_style,
            "list_style": "none",
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
    )


def history() -> rx.Component:
    return history_list(S.history, S.t["plan.history"], ruled=True)


def selected_part(card: PartCard) -> rx.Component:
    return rx.vstack(
        rx.heading(card["title"], as_="h2", size="5"),
        part_body(card),
        rx.cond(
            S.can_edit | S.can_propose,
            rx.button(
                rx.icon("pencil", aria_hidden="true"),
                rx.cond(S.can_edit, S.t["plan.edit"], S.t["plan.propose"]),
                on_click=S.edit_selected,
                min_height=TOUCH_TARGET,
            ),
        ),
        history(),
        spacing="4",
        width="100%",
    )


def part_pane() -> rx.Component:
    return rx.cond(
        (S.selected_id != "") & (S.detail.length() > 0),  # type: ignore[attr-defined]
        rx.foreach(S.detail, selected_part),
        pane_hint(S.t["plan.pick"]),
    )
