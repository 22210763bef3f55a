"""The link in the owner's claim mail: "Dossier toevoegen aan je account"."""

from __future__ import annotations

import reflex as rx

from dossier import routes
from dossier.pages.public_frame import public_frame
from dossier.state.claim import DEAD, NOT_YOURS, SIGNED_OUT
from dossier.state.claim import ClaimState as S


def _link(label: rx.Var, href: str) -> rx.Component:
    return rx.link(
        label,
        href=href,
        min_height="24px",
        display="inline-flex",
        align_items="center",
        weight="medium",
    )


def _said(text: rx.Var, icon: str, color: str) -> rx.Component:
    return rx.callout(text, icon=icon, color_scheme=color, role="status", width="100%")


def claim_page() -> rx.Component:
    return public_frame(
        S.t,
        S.lang,
        S.t["claim.title"],
        rx.match(
            S.status,
            (
                SIGNED_OUT,
                rx.vstack(
                    _said(S.t["claim.signed_out"], "log-in", "teal"),
                    _link(S.t["claim.to_login"], routes.LOGIN),
                    spacing="3",
                    width="100%",
                ),
            ),
            (
                NOT_YOURS,
                rx.vstack(
                    _said(S.t["claim.not_yours"], "info", "amber"),
                    rx.text(S.t["claim.not_yours_more"], size="2"),
                    _link(S.t["claim.to_overview"], routes.OVERVIEW),
                    spacing="3",
                    width="100%",
                ),
            ),
            (
                DEAD,
                rx.vstack(
                    _said(S.t["claim.dead"], "info", "amber"),
                    _link(S.t["claim.to_overview"], routes.OVERVIEW),
                    spacing="3",
                    width="100%",
                ),
            ),
            rx.hstack(rx.spinner(), rx.text(S.t["claim.checking"]), role="status", align="center"),
        ),
        on_language=S.set_language,
    )
