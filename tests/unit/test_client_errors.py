"""What a browser reports as an error reaches the server log as one escaped, bounded line,
and a script that keeps reporting is cut off (dossier/ops/client_errors.py)."""

from __future__ import annotations

import logging

import pytest

from dossier.ops import client_errors
from dossier.ops.client_errors import MAX_CHARS, ClientErrorLog, escape

FORGED = "TypeError: x is undefined\n2026-12-07 ERROR forged: admin signed in"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "dossier.ops.client_errors"]


@pytest.fixture(autouse=True)
def capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="dossier.ops.client_errors")


def test_a_forged_log_line_from_a_visitor_stays_on_one_escaped_line(caplog) -> None:
    ClientErrorLog(client=lambda: None)(Exception(FORGED))
    (line,) = lines(caplog)
    assert "\n" not in line and "\r" not in line
    assert "x is undefined\\n2026-12-07 ERROR forged: admin signed in" in line


def test_a_100_kb_report_is_cut_to_a_bounded_line(caplog) -> None:
    ClientErrorLog(client=lambda: None)(Exception("A" * 50_000 + "\n" + "B" * 50_000))
    (line,) = lines(caplog)
    assert len(line) < MAX_CHARS + 100
    assert "\n" not in line and line.endswith("… [100001 chars]")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mrood\x1b[0m", "\\x1b[31mrood\\x1b[0m"),  # no colours in the terminal
        ("a\rb", "a\\rb"),
        ("a\u2028b\u0085c", "a\\u2028b\\x85c"),  # Unicode line breaks
        ("a\x00b\tc", "a\\x00b\\tc"),
        ("C:\\pad", "C:\\\\pad"),  # a backslash cannot fake an escape
        ("Café 'x' \"y\"", "Café 'x' \"y\""),
    ],
)
def test_control_characters_are_written_as_escapes(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_one_client_gets_five_reports_a_minute_then_waits(caplog) -> None:
    clock = Clock()
    log = ClientErrorLog(clock=clock, client=lambda: "tablet-token")
    for number in range(8):
        log(Exception(f"error {number}"))
    assert len(lines(caplog)) == 5
    # Another client is not held up by this one.
    log(Exception("[SID: other-sid] Error: boom"))
    assert len(lines(caplog)) == 6
    assert "3 earlier reports dropped" in lines(caplog)[-1]  # said once, on the next line
    clock.now += 60
    log(Exception("error after a minute"))
    assert lines(caplog)[-1] == "browser error (client tablet-token): error after a minute"


def test_the_whole_process_logs_at_most_twenty_a_minute_whoever_sends_them(caplog) -> None:
    """New client tokens for every report (a script) do not get past the process limit."""
    clock = Clock()
    tokens = iter(range(10_000))
    log = ClientErrorLog(clock=clock, client=lambda: f"token-{next(tokens)}")
    for _ in range(500):
        log(Exception(FORGED))
    assert len(lines(caplog)) == 20
    assert log.dropped == 480
    clock.now += 3  # a token comes back every three seconds
    log(Exception("later"))
    assert len(lines(caplog)) == 21


def test_the_sid_of_reflex_s_own_report_is_the_client(caplog) -> None:
    log = ClientErrorLog(client=lambda: None)
    for _ in range(7):
        log(Exception("[SID: abc123] TypeError: boom"))
    assert len(lines(caplog)) == 5
    assert "client abc123" in lines(caplog)[0]


def test_a_forged_client_key_is_escaped_and_cut_too(caplog) -> None:
    ClientErrorLog(client=lambda: "x\ny" * 100)(Exception("boom"))
    (line,) = lines(caplog)
    assert "\n" not in line and len(line) < 150


def test_the_module_handler_is_a_named_function_with_the_signature_reflex_checks() -> None:
    import inspect

    handler = client_errors.handle_frontend_exception
    assert handler.__name__ != "<lambda>"
    assert list(inspect.signature(handler).parameters) == ["exception"]
