"""Mail as a real part: the words in the reader's language, a proper message, the settings
that say where mail goes, and the file mailer of development."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dossier.mail import transport
from dossier.mail.message import compose, render
from dossier.settings import ConfigError, get_settings

LINK = "https://dossier.test/wachtwoord-herstellen?token=SECRET-TOKEN-123"


def test_a_reset_mail_reads_in_dutch_with_the_link_and_no_health_details() -> None:
    mail = render("reset", "nl", name="Anna", link=LINK)
    assert mail.subject == "Een nieuw wachtwoord voor Gezinsdossier"
    assert mail.text.startswith("Hallo Anna,")
    assert LINK in mail.text
    assert "30 minuten" in mail.text
    assert 'href="https://dossier.test/wachtwoord-herstellen?token=SECRET-TOKEN-123"' in mail.html
    assert 'lang="nl"' in mail.html


def test_an_english_reader_gets_the_same_mail_in_english() -> None:
    mail = render("confirm", "en", name="Anna", link=LINK)
    assert mail.subject == "Confirm your e-mail address"
    assert "Hello Anna," in mail.text
    assert "7 days" in mail.text


def test_a_name_cannot_inject_html_into_the_mail() -> None:
    mail = render("confirm", "nl", name="<script>x</script>", link=LINK)
    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html


def test_the_oidc_hint_carries_no_link() -> None:
    mail = render("reset_oidc", "nl", name="Hanna")
    assert "http" not in mail.text
    assert "organisatie" in mail.text


def test_a_message_has_the_headers_and_a_text_and_an_html_part() -> None:
    rendered = render("reset", "nl", name="Anna", link=LINK)
    message = compose(
        sender="Gezinsdossier <noreply@dossier.test>",
        to="anna@test.nl",
        subject=rendered.subject,
        text=rendered.text,
        html_body=rendered.html,
        when=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
    )
    for header in ("From", "To", "Subject", "Date", "Message-ID"):
        assert message[header], header
    assert message["Message-ID"].endswith("@dossier.test>")
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("smtp://mail.example.nl:25", "unencrypted"),
        ("http://mail.example.nl", "must look like"),
        ("smtps://", "must look like"),
        ("smtp+starttls://mail.example.nl:abc", "no number"),
    ],
)
def test_a_wrong_smtp_address_stops_the_app_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, url: str, problem: str
) -> None:
    monkeypatch.setenv("DOSSIER_SMTP_URL", url)
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match=problem):
        get_settings()


def test_plain_smtp_is_allowed_to_this_machine_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_SMTP_URL", "smtp://127.0.0.1:1025")
    get_settings.cache_clear()
    assert get_settings().smtp_url == "smtp://127.0.0.1:1025"


def test_a_from_address_without_an_address_stops_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_MAIL_FROM", "Gezinsdossier")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="DOSSIER_MAIL_FROM"):
        get_settings()


def test_production_never_writes_mails_to_files(
    monkeypatch: pytest.MonkeyPatch, isolated_config: Path
) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    get_settings.cache_clear()
    rendered = render("reset", "nl", name="Anna", link=LINK)
    message = compose(
        sender="a@b.nl",
        to="anna@test.nl",
        subject=rendered.subject,
        text=rendered.text,
        html_body=rendered.html,
        when=datetime.now(UTC),
    )
    with pytest.raises(transport.MailNotSent, match="DOSSIER_SMTP_URL"):
        transport.send(message, get_settings())
    assert not (isolated_config / "mail").exists()


def test_without_smtp_a_newcomer_finds_the_mail_in_a_file_and_the_link_on_the_console(
    isolated_config: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rendered = render("reset", "nl", name="Anna", link=LINK)
    message = compose(
        sender="a@b.nl",
        to="anna@test.nl",
        subject=rendered.subject,
        text=rendered.text,
        html_body=rendered.html,
        when=datetime.now(UTC),
    )
    where = transport.send(message, get_settings(), name="1-reset")
    path = Path(where)
    assert path.parent == isolated_config / "mail" and path.suffix == ".eml"
    assert b"Subject:" in path.read_bytes()
    assert LINK in capsys.readouterr().err
    assert str(path) in caplog.text
    assert "SECRET-TOKEN-123" not in caplog.text  # the token never goes through logging


def test_an_smtp_server_that_is_not_there_is_a_failed_try_not_a_crash() -> None:
    rendered = render("confirm", "nl", name="Anna", link=LINK)
    message = compose(
        sender="a@b.nl",
        to="anna@test.nl",
        subject=rendered.subject,
        text=rendered.text,
        html_body=rendered.html,
        when=datetime.now(UTC),
    )
    with pytest.raises(transport.MailNotSent):
        transport._send_smtp(message, "smtp://127.0.0.1:9")  # the discard port: nobody there


def test_the_production_start_check_asks_for_smtp_and_a_from_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dossier import cli

    monkeypatch.setenv("DOSSIER_ENV", "production")
    for name, value in {
        "DOSSIER_SECRET_KEY": "s" * 48,
        "DOSSIER_ORIGIN": "https://dossier.example.nl",
        "REFLEX_DB_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/0",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("DOSSIER_SMTP_URL", "DOSSIER_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    assert cli.main(["preflight"]) == 2
    assert "DOSSIER_SMTP_URL, DOSSIER_MAIL_FROM" in capsys.readouterr().err
