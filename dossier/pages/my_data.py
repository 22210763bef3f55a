"""Gegevens downloaden (/gegevens): "Download ons dossier" for parents, "Download mijn
gegevens" for everybody. Each card asks for its export, shows a real progress bar while
the job builds, then a download link that works once, for 24 hours."""

from __future__ import annotations

import reflex as rx

from components.cards import loading, page_title, section_card
from components.styles import TOUCH_TARGET
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.my_data import MyDataState as S


def progress_bar(status: rx.Var, progress: rx.Var, label_id: str) -> rx.Component:
    busy = (status == "queued") | (status == "running")
    return rx.cond(
        busy,
        rx.el.progress(
            value=progress,
            max=100,
            aria_labelledby=label_id,
            custom_attrs={"data-export-progress": ""},
            style={"width": "100%", "height": "16px", "accent_color": "var(--teal-9)"},
        ),
    )


def export_card(
    *,
    key: str,
    title: rx.Var,
    text: rx.Var,
    button: rx.Var,
    on_ask: rx.EventHandler,
    status: rx.Var,
    status_text: rx.Var,
    progress: rx.Var,
    link: rx.Var,
) -> rx.Component:
    busy = (status == "queued") | (status == "running")
    status_id = f"export-{key}-status"
    return section_card(
        title,
        rx.text(text, size="2"),
        rx.text(
            status_text,
            size="2",
            weight="medium",
            id=status_id,
            role="status",
            custom_attrs={"data-export-status": status},
        ),
        progress_bar(status, progress, status_id),
        rx.cond(
            link != "",
            rx.el.a(
                rx.icon("download", size=18, aria_hidden="true"),
                S.t["mydata.download"],
                href=link,
                download=True,
                # A file, not a page of the app: the browser fetches it (no client routing).
                reload_document=True,
                on_click=S.follow_download,
                id=f"export-{key}-download",
                style={
                    "display": "inline-flex",
                    "align_items": "center",
                    "gap": "8px",
                    "min_height": TOUCH_TARGET,
                    "padding": "0 16px",
                    "border_radius": "var(--radius-3)",
                    "background": "var(--teal-9)",
                    "color": "white",
                    "font_weight": "600",
                    "text_decoration": "none",
                },
            ),
        ),
        rx.cond(
            ~busy & (link == ""),
            rx.button(
                rx.icon("package", size=16, aria_hidden="true"),
                rx.cond(status == "", button, S.t["mydata.again"]),
                on_click=on_ask,
                id=f"export-{key}-ask",
                min_height=TOUCH_TARGET,
                type="button",
            ),
        ),
        heading_id=f"export-{key}-title",
    )


def my_data_page() -> rx.Component:
    t = S.t
    return signed_in_page(
        routes.MY_DATA,
        page_title(t["mydata.title"], t["mydata.subtitle"]),
        rx.cond(S.closing, rx.callout(t["mydata.closing_note"], icon="info", color_scheme="amber")),
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.cond(
                    S.may_export_family,
                    export_card(
                        key="family",
                        title=t["mydata.family.title"],
                        text=t["mydata.family.text"],
                        button=t["mydata.family.button"],
                        on_ask=S.ask_family_export,
                        status=S.family_status,
                        status_text=S.family_status_text,
                        progress=S.family_progress,
                        link=S.family_link,
                    ),
                ),
                rx.cond(
                    S.may_export_person,
                    export_card(
                        key="person",
                        title=t["mydata.person.title"],
                        text=t["mydata.person.text"],
                        button=t["mydata.person.button"],
                        on_ask=S.ask_person_export,
                        status=S.person_status,
                        status_text=S.person_status_text,
                        progress=S.person_progress,
                        link=S.person_link,
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            loading(t["common.loading"]),
        ),
    )
