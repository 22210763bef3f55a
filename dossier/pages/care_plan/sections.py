"""Het zorgplan: the list of sections, one section's content (in the pane on a tablet,
in the dialog on a phone), "wat is er veranderd" old beside new, a parent's
confirmation and the readers of the section."""

from __future__ import annotations

import reflex as rx

from components.cards import IS_WIDE, SELECTED_STYLE, pane_hint
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.state.care_plan import CarePlanState as S
from dossier.state.care_plan import ChangeRow, Choice, Line, SectionCard, SectionDetail


def section_card(card: SectionCard) -> rx.Component:
    selected = S.selected_id == card["id"]
    return rx.el.li(
        rx.vstack(
            rx.heading(card["title"], as_="h2", size="3"),
            rx.text(card["status"], size="1", style=muted_text),
            rx.cond(
                card["needs_confirm"],
                rx.badge(S.t["careplan.not_confirmed"], color_scheme="amber", size="2"),
            ),
            rx.button(
                S.t["careplan.open"],
                on_click=S.open_section(card["id"], IS_WIDE),
                aria_label=S.t["careplan.open"] + ": " + card["title"],
                aria_current=rx.cond(selected, "true", "false"),
                variant=rx.cond(selected, "solid", "soft"),
                min_height=TOUCH_TARGET,
            ),
            spacing="2",
            width="100%",
        ),
        class_name="careplan-card",
        data_section=card["key"],
        style={
            **card_style,
            "list_style": "none",
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
    )


def content_line(line: Line) -> rx.Component:
    return rx.box(
        rx.el.dt(line["label"], font_weight="500", font_size="14px"),
        rx.el.dd(line["value"], margin="0 0 8px 0", white_space="pre-wrap", font_size="16px"),
    )


def changed_field(change: ChangeRow) -> rx.Component:
    """Old and new side by side (stacked on a narrow phone)."""
    return rx.el.li(
        rx.text(change["name"], size="2", weight="medium"),
        rx.grid(
            rx.box(
                rx.text(S.t["careplan.changes.old"], size="1", style=muted_text),
                rx.text(change["old"], size="2", white_space="pre-wrap"),
                class_name="careplan-old",
            ),
            rx.box(
                rx.text(S.t["careplan.changes.new"], size="1", style=muted_text),
                rx.text(rx.el.strong(change["new"]), size="2", white_space="pre-wrap"),
                class_name="careplan-new",
            ),
            columns=rx.breakpoints(initial="1", xs="2"),
            spacing="3",
            width="100%",
        ),
        list_style="none",
        padding="4px 0",
    )


def confirm_box(detail: SectionDetail) -> rx.Component:
    """A parent: what changed since the last confirmation, then "Klopt, bevestigen"."""
    return rx.cond(
        detail["needs_confirm"],
        rx.box(
            rx.heading(S.t["careplan.changes.title"], as_="h3", size="3"),
            rx.cond(
                S.changes,
                rx.el.ul(
                    rx.foreach(S.changes, changed_field),
                    padding="0",
                    margin="0",
                    class_name="careplan-changes",
                ),
                rx.text(S.t["careplan.changes.none"], size="2"),
            ),
            rx.button(
                rx.icon("check", aria_hidden="true"),
                S.t["careplan.confirm"],
                on_click=S.confirm_section(detail["id"], detail["version"]),
                min_height=TOUCH_TARGET,
                margin_top="8px",
            ),
            width="100%",
            padding="12px",
            border_radius="10px",
            border=f"1px solid {rx.color('amber', 8)}",
        ),
    )


def visibility_choice(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="visibility",
            value=choice["value"],
            default_checked=choice["checked"],
            width="20px",
            height="20px",
        ),
        rx.text(choice["label"], as_="span", size="2"),
        display="flex",
        align_items="center",
        gap="8px",
        min_height=TOUCH_TARGET,
    )


def visibility_form(detail: SectionDetail) -> rx.Component:
    """The parents choose who reads this section (it reaches them only with consent)."""
    return rx.cond(
        S.is_parent,
        rx.form(
            rx.el.input(type="hidden", name="id", value=detail["id"]),
            rx.el.input(type="hidden", name="version", value=S.visibility_version),
            rx.el.fieldset(
                rx.el.legend(S.t["careplan.visibility.label"], font_weight="500"),
                rx.foreach(S.visibility_choices, visibility_choice),
                border="none",
                padding="0",
                margin="0",
            ),
            rx.button(
                S.t["careplan.save"],
                type="submit",
                variant="soft",
                min_height=TOUCH_TARGET,
            ),
            on_submit=S.save_visibility,
            reset_on_submit=False,
            key=S.visibility_version + detail["id"],
            width="100%",
        ),
    )


def section_view(detail: SectionDetail) -> rx.Component:
    """One section as the reader sees it: the content with labels and who changed it."""
    return rx.vstack(
        rx.cond(
            detail["recorded_text"] != "",
            rx.box(
                rx.text(detail["recorded_text"], size="2", weight="medium"),
                rx.text(S.t["careplan.hospital_leads"], size="2"),
                padding="8px 12px",
                border_radius="8px",
                background=rx.color("iris", 3),
                width="100%",
            ),
        ),
        rx.cond(
            detail["empty"],
            rx.text(S.t["careplan.empty_section"], size="2", style=muted_text),
            rx.el.dl(rx.foreach(detail["lines"], content_line), margin="0", width="100%"),
        ),
        rx.cond(
            detail["changed_text"] != "",
            rx.text(detail["changed_text"], size="1", style=muted_text),
        ),
        rx.cond(
            detail["confirmed_text"] != "",
            rx.text(detail["confirmed_text"], size="1", style=muted_text),
        ),
        rx.cond(
            detail["may_edit"],
            rx.button(
                rx.icon("pencil", aria_hidden="true"),
                S.t["careplan.edit"],
                on_click=S.edit_section,
                aria_label=S.t["careplan.edit"] + ": " + detail["title"],
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.cond(
            detail["treatment"] & ~detail["may_edit"] & S.whole,
            rx.text(S.t["careplan.treatment_only_hospital"], size="1", style=muted_text),
        ),
        confirm_box(detail),
        visibility_form(detail),
        spacing="3",
        width="100%",
    )


def selected_section(detail: SectionDetail) -> rx.Component:
    return rx.vstack(
        rx.heading(detail["title"], as_="h2", size="5"),
        section_view(detail),
        spacing="3",
        width="100%",
    )


def section_pane() -> rx.Component:
    return rx.cond(
        (S.selected_id != "") & (S.detail.length() > 0),  # type: ignore[attr-defined]
        rx.foreach(S.detail, selected_section),
        pane_hint(S.t["careplan.nothing_open"]),
    )
