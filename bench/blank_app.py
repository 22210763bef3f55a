"""The baseline: Reflex's blank template (`reflex init --template blank`), written here by
hand so the bench needs no network, plus one counter for the event round trip."""

from __future__ import annotations

from pathlib import Path

from bench.common import WORK_DIR

BLANK_DIR = WORK_DIR / "blank"
STATE = "reflex___state____state.blank___blank____counter_state"

RXCONFIG = """import reflex as rx

config = rx.Config(
    app_name="blank",
    telemetry_enabled=False,
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.TailwindV4Plugin(),
        rx.plugins.RadixThemesPlugin(),
    ],
)
"""

APP = '''"""Reflex's blank template, plus a counter (the benchmark's trivial state change)."""

import reflex as rx

from rxconfig import config


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.container(
        rx.color_mode.button(position="top-right"),
        rx.vstack(
            rx.heading("Welcome to Reflex!", size="9"),
            rx.text(
                "Get started by editing ",
                rx.code(f"{config.app_name}/{config.app_name}.py"),
                size="5",
            ),
            rx.link(
                rx.button("Check out our docs!"),
                href="https://reflex.dev/docs/getting-started/introduction/",
                is_external=True,
            ),
            rx.text(CounterState.count, id="count"),
            spacing="5",
            justify="center",
            min_height="85vh",
        ),
    )


app = rx.App()
app.add_page(index)
'''


def write_blank_app() -> Path:
    """The blank app's files (its .web and node_modules stay between runs)."""
    (BLANK_DIR / "blank").mkdir(parents=True, exist_ok=True)
    (BLANK_DIR / "assets").mkdir(exist_ok=True)
    files = {
        BLANK_DIR / "rxconfig.py": RXCONFIG,
        BLANK_DIR / "blank" / "__init__.py": "",
        BLANK_DIR / "blank" / "blank.py": APP,
    }
    for path, text in files.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    return BLANK_DIR
