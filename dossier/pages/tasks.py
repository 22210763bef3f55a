"""Taken: every task the reader may see, overdue first, one tap to complete."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters import TaskRow
from dossier.state.tasks import TasksState as S


def done_button(task: TaskRow) -> rx.Component:
    return rx.icon_button(
        rx.cond(
            task["done"],
            rx.icon("circle-check", aria_hidden="true"),
            rx.icon("circle", aria_hidden="true"),
        ),
        on_click=S.toggle_done(task["id"], task["version"], ~task["done"]),
        aria_label=rx.cond(task["done"], S.t["task.reopen"], S.t["task.complete"])
        + ": "
        + task["title"],
        aria_pressed=rx.cond(task["done"], "true", "false"),
        variant="ghost",
        radius="full",
        size="3",
        min_width=TOUCH_TARGET,
        min_height=TOUCH_TARGET,
    )


def task_item(task: TaskRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            done_button(task),
            rx.vstack(
                rx.text(
                    task["title"],
                    weight="medium",
                    text_decoration=rx.cond(task["done"], "line-through", "none"),
                ),
                rx.hstack(
                    pill(task["domain"], "teal"),
                    rx.text(task["assignee"], size="1"),
                    rx.cond(task["due"] != "", rx.text("· ", task["due"], size="1")),
                    rx.cond(task["overdue"], pill(S.t["task.overdue"], "tomato")),
                    wrap="wrap",
                    align="center",
                    spacing="2",
                ),
                rx.cond(
                    task["waiting_for"] != "",
                    rx.text(task["waiting_for"], size="1", color=rx.color("gray", 11)),
                ),
                spacing="1",
                flex="1",
            ),
            rx.text(task["status"], size="1", color=rx.color("gray", 11)),
            align="start",
            width="100%",
        ),
        style={**card_style, "list_style": "none", "padding": "10px 12px"},
    )


def tasks_page() -> rx.Component:
    return signed_in_page(
        routes.TASKS,
        page_title(S.t["tasks.title"], S.t["tasks.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.tasks,
            render=task_item,
            empty_text=S.t["tasks.empty"],
            loading_text=S.t["common.loading"],
        ),
    )
