"""The app's frontend exception handler is dossier/ops/client_errors.py, also on the path no
login guards: Reflex's state event `handle_frontend_exception`, which any visitor can send."""

from __future__ import annotations

import logging

import pytest
import reflex as rx
from reflex.state import FrontendEventExceptionState

from dossier.ops import client_errors

FORGED = "TypeError: boom\n2026-12-07 ERROR forged: admin signed in"


@pytest.fixture
def fresh_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_errors, "_log", client_errors.ClientErrorLog())


def test_the_app_hands_browser_errors_to_the_safe_handler() -> None:
    from dossier.dossier import app  # built per process, after the test's settings

    assert app.frontend_exception_handler is client_errors.handle_frontend_exception


def test_a_visitor_s_forged_report_through_the_state_event_is_one_escaped_line(
    caplog: pytest.LogCaptureFixture, fresh_limits: None
) -> None:
    from dossier.dossier import app  # noqa: F401  (registers the app the state event calls)

    caplog.set_level(logging.DEBUG)
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate([FrontendEventExceptionState.get_name()])
    for _ in range(3):
        list(state.handle_frontend_exception(FORGED, "at Page (page.js:1)"))
    list(state.handle_frontend_exception("x" * 100_000, ""))
    for _ in range(100):
        list(state.handle_frontend_exception(FORGED, ""))
    messages = [r.getMessage() for r in caplog.records]
    assert not any("\n2026-12-07" in message for message in messages)
    logged = [m for m in messages if m.startswith("browser error")]
    assert len(logged) == client_errors.PROCESS_RATE[0]  # the rest waits for the bucket
    assert logged[0].endswith("TypeError: boom\\n2026-12-07 ERROR forged: admin signed in")
    assert max(len(m) for m in logged) < client_errors.MAX_CHARS + 100
