"""Als het plotseling moet, on paper: "voor op de koelkast", one A4 page.

Only whom to call (first the plan's list, then the emergency contacts of the network),
their numbers, and what to bring, with when it was last updated. Nothing private: no
arrangements for the brothers and sisters, no notes, no child's name. Standalone (no
header or menu), so it prints as one page; the "Afdrukken" button hides when printing.
"""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET, muted_text
from dossier import routes
from dossier.pages.layout import not_for_you
from dossier.state.base import AppState
from dossier.state.emergency_plan import CallRow
from dossier.state.emergency_plan import EmergencyPlanState as S

PRINT_CSS = """
@page { size: A4; margin: 12mm; }
.fridge-sheet { max-width: 720px; margin: 0 auto; padding: 16px; }
.fridge-sheet h1 { font-size: 24px; margin: 0; }
.fridge-sheet h2 { font-size: 17px; margin: 14px 0 4px; }
.fridge-sheet ol, .fridge-sheet ul { margin: 0; padding-left: 22px; }
.fridge-sheet li { margin: 2px 0; font-size: 15px; }
.fridge-sheet .bring { columns: 2; column-gap: 24px; }
@media print {
  .no-print { display: none !important; }
  .fridge-sheet { padding: 0; max-width: none; }
  .fridge-sheet li { font-size: 12pt; }
  .fridge-sheet a { color: black; text-decoration: none; }
}
"""


def sheet_contact(call: CallRow) -> rx.Component:
    return rx.el.li(
        rx.el.strong(call["name"]),
        rx.cond(
            call["number"] != "",
            rx.fragment(" · ", rx.el.a(call["number"], href=call["href"])),
        ),
    )


def contact_block(title: rx.Var, rows: rx.Var, heading_id: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title, id=heading_id),
        rx.cond(
            rows,
            rx.el.ol(rx.foreach(rows, sheet_contact)),
            rx.text(S.t["plan.print.nothing"], size="2"),
        ),
        aria_labelledby=heading_id,
    )


def sheet() -> rx.Component:
    return rx.el.main(
        rx.el.style(PRINT_CSS),
        rx.hstack(
            rx.link(
                rx.icon("arrow-left", aria_hidden="true"),
                S.t["plan.print.back"],
                href=routes.EMERGENCY_PLAN,
                display="inline-flex",
                align_items="center",
                gap="6px",
                min_height=TOUCH_TARGET,
            ),
            rx.spacer(),
            rx.button(
                rx.icon("printer", aria_hidden="true"),
                S.t["plan.print.button"],
                on_click=rx.call_script("window.print()"),
                min_height=TOUCH_TARGET,
            ),
            class_name="no-print",
            width="100%",
            align="center",
            margin_bottom="12px",
        ),
        rx.el.h1(S.t["plan.print.title"]),
        rx.text(S.t["plan.print.subtitle"], size="2", style=muted_text),
        contact_block(S.t["plan.print.first_call"], S.print_first, "sheet-first"),
        contact_block(S.t["plan.print.emergency"], S.print_emergency, "sheet-emergency"),
        rx.el.section(
            rx.el.h2(S.t["plan.print.bring"], id="sheet-bring"),
            rx.cond(
                S.print_bring,
                rx.el.ul(
                    rx.foreach(S.print_bring, lambda label: rx.el.li("☐ ", label)),
                    class_name="bring",
                    list_style="none",
                ),
                rx.text(S.t["plan.print.nothing"], size="2"),
            ),
            aria_labelledby="sheet-bring",
        ),
        rx.text(S.print_updated, size="1", style=muted_text, margin_top="12px"),
        class_name="fridge-sheet",
        lang=AppState.lang,
    )


def emergency_plan_print_page() -> rx.Component:
    return rx.cond(
        AppState.page_refused,
        rx.el.main(not_for_you(), padding="24px"),
        sheet(),
    )
