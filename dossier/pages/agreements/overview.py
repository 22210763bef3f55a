"""Wie doet wat, the overview tab: per domain, gaps, reviews, and who carries how much."""

from __future__ import annotations

import reflex as rx

from components.cards import pill, section_card
from components.styles import card_style, muted_text
from dossier.pages.agreements.common import status_pill
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import DomainRow, LoadRow, OverviewItem

# Two columns from a tablet on (992 px). A plain {"initial": ..., "md": ...} dict on an
# rx.el element is not turned into media queries; rx.breakpoints is.
TWO_COLUMNS = rx.breakpoints(initial="1fr", md="1fr 1fr")
# Bars of the load chart, with a legend in words below it.
LOAD_BARS = (
    ("responsible", "agreements.chart_responsible", "teal"),
    ("backup", "agreements.chart_backup", "amber"),
    ("shared", "agreements.chart_shared", "iris"),
)


def load_chart() -> rx.Component:
    bars = [
        rx.recharts.bar(
            data_key=key,
            stack_id="load",
            fill=rx.color(color, 9),
            name=S.t[label],
            is_animation_active=False,
        )
        for key, label, color in LOAD_BARS
    ]
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(horizontal=False, stroke_dasharray="3 3"),
        rx.recharts.x_axis(type_="number", allow_decimals=False),
        rx.recharts.y_axis(data_key="name", type_="category", width=120),
        *bars,
        data=S.load,
        layout="vertical",
        height=S.chart_height,
        custom_attrs={"accessibilityLayer": False},
    )
    legend = rx.hstack(
        *[
            rx.hstack(
                rx.box(width="12px", height="12px", border_radius="3px", bg=rx.color(color, 9)),
                rx.text(S.t[label], size="1"),
                align="center",
                spacing="1",
            )
            for _, label, color in LOAD_BARS
        ],
        wrap="wrap",
        spacing="4",
        aria_hidden="true",  # the same words are in the list below the chart
    )
    # The picture is one image for screen readers, named by the same counts in words.
    return rx.vstack(
        rx.box(chart, role="img", aria_label=S.load_summary, width="100%"),
        legend,
        spacing="2",
        width="100%",
    )


def load_item(person: LoadRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(person["name"], weight="medium"),
                rx.text(person["text"], size="2", style=muted_text),
                spacing="0",
                flex="1",
            ),
            rx.cond(person["overloaded"], pill(S.t["agreements.too_much"], "tomato")),
            align="center",
            width="100%",
        ),
        list_style="none",
        padding="6px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def load_section() -> rx.Component:
    return section_card(
        S.t["agreements.load_title"],
        rx.text(S.t["agreements.load_intro"], size="2"),
        rx.foreach(
            S.overloaded,
            lambda text: rx.callout(
                text, icon="triangle-alert", color_scheme="tomato", width="100%"
            ),
        ),
        rx.cond(S.load.length() > 0, load_chart()),  # type: ignore[attr-defined]
        rx.el.ul(rx.foreach(S.load, load_item), padding="0", margin="0", width="100%"),
        heading_id="wie-draagt-wat",
    )


def overview_item(item: OverviewItem) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(item["topic"], size="2", weight="medium"),
                rx.text(item["owner"], size="1", style=muted_text),
                spacing="0",
                flex="1",
            ),
            # The status says whether the review date passed or a change waits.
            rx.cond(
                item["gap"],
                pill(S.t["agreements.gap"], "tomato"),
                status_pill(item["status"], item["status_key"]),
            ),
            align="center",
            width="100%",
        ),
        list_style="none",
        padding="6px 0",
    )


def domain_section(domain: DomainRow) -> rx.Component:
    heading_id = "domein-" + domain["key"]
    return rx.el.section(
        rx.vstack(
            rx.heading(domain["name"], as_="h3", size="3", id=heading_id),
            rx.text(domain["summary"], size="1", style=muted_text),
            rx.cond(
                domain["items"].length() > 0,  # type: ignore[attr-defined]
                rx.el.ul(
                    rx.foreach(domain["items"], overview_item),
                    padding="0",
                    margin="0",
                    width="100%",
                ),
                rx.text(S.t["agreements.domain_empty"], size="2", style=muted_text),
            ),
            spacing="2",
            width="100%",
        ),
        aria_labelledby=heading_id,
        style=card_style,
    )


def overview_tab() -> rx.Component:
    return rx.vstack(
        load_section(),
        rx.heading(S.t["agreements.per_domain"], as_="h2", size="4"),
        rx.text(S.totals, size="2"),
        rx.box(
            rx.foreach(S.domains, domain_section),
            display="grid",
            grid_template_columns=TWO_COLUMNS,
            gap="10px",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
