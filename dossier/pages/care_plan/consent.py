"""Het zorgplan: consent to share it (a parent's yes, and the child's own from 12)."""

from __future__ import annotations

import reflex as rx

from components.cards import section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier.state.care_plan import CarePlanState as S


def consent_button(label, handler, *, soft: bool = False) -> rx.Component:
    return rx.button(
        label,
        on_click=handler,
        variant="soft" if soft else "solid",
        color_scheme="gray" if soft else None,
        min_height=TOUCH_TARGET,
    )


def parent_buttons() -> rx.Component:
    return rx.flex(
        rx.cond(
            S.parent_yes,
            consent_button(S.t["careplan.consent.withdraw"], S.withdraw_consent, soft=True),
            consent_button(S.t["careplan.consent.give"], S.give_consent),
        ),
        # A child of 12+ without an account: a parent records the child's own yes.
        rx.cond(
            S.child_needed & ~S.child_has_account,
            rx.cond(
                S.child_yes,
                consent_button(
                    S.withdraw_child_label,
                    S.withdraw_child_consent,
                    soft=True,
                ),
                consent_button(
                    S.give_child_label,
                    S.give_child_consent,
                ),
            ),
        ),
        gap="12px",
        wrap="wrap",
    )


def child_buttons() -> rx.Component:
    """The ill child of 12+ with an account gives their own yes here."""
    return rx.cond(
        S.child_needed,
        rx.cond(
            S.child_yes,
            consent_button(
                S.t["careplan.consent.withdraw_own"], S.withdraw_child_consent, soft=True
            ),
            consent_button(S.t["careplan.consent.give_own"], S.give_child_consent),
        ),
    )


def consent_panel() -> rx.Component:
    return rx.cond(
        S.is_parent | (S.is_child & S.child_needed) | S.whole,
        section_card(
            S.t["careplan.consent.title"],
            rx.cond(
                S.consent_holds,
                rx.text(S.t["careplan.consent.holds"], size="2"),
                rx.text(S.t["careplan.consent.none"], size="2", class_name="careplan-no-consent"),
            ),
            rx.foreach(S.consent_lines, lambda line: rx.text(line, size="2", style=muted_text)),
            rx.cond(S.is_parent, parent_buttons()),
            rx.cond(S.is_child, child_buttons()),
            heading_id="careplan-consent",
        ),
    )
