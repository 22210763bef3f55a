"""`make run-prod`: the start check refuses a half-configured production, then migrates."""

from __future__ import annotations

import subprocess

import pytest

from dossier import cli
from dossier.settings import PROJECT_ROOT, get_settings
from tests.integration.conftest import postgres_available

PRODUCTION = {
    "DOSSIER_ENV": "production",
    "DOSSIER_SECRET_KEY": "s" * 48,
    "DOSSIER_ORIGIN": "https://dossier.example.nl",
    "REFLEX_DB_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/0",
    "DOSSIER_SMTP_URL": "smtp+starttls://dossier:geheim@mail.example.nl:587",
    "DOSSIER_MAIL_FROM": "Gezinsdossier <noreply@dossier.example.nl>",
}


def preflight(monkeypatch: pytest.MonkeyPatch, **env: str | None) -> int:
    for name, value in {**PRODUCTION, **env}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return cli.main(["preflight"])


def test_everything_missing_is_named_at_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = dict.fromkeys(("DOSSIER_SECRET_KEY", "DOSSIER_ORIGIN", "REFLEX_REDIS_URL"))
    assert preflight(monkeypatch, **missing) == 2
    err = capsys.readouterr().err
    assert "DOSSIER_SECRET_KEY, DOSSIER_ORIGIN, REFLEX_REDIS_URL" in err


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DOSSIER_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"DOSSIER_ORIGIN": "http://dossier.example.nl"}, "https://"),
        ({"REFLEX_DB_URL": "sqlite:///x.db"}, "must be PostgreSQL"),
        ({"REFLEX_DB_URL": "postgresql+psycopg://postgres@127.0.0.1:1/x"}, "does not answer"),
        ({"REFLEX_REDIS_URL": "redis://127.0.0.1:1/0"}, "Redis at REFLEX_REDIS_URL"),
        ({"DOSSIER_ENV": "development"}, "DOSSIER_ENV must be 'production'"),
    ],
)
def test_a_wrong_setting_stops_the_start(
    env: dict[str, str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert preflight(monkeypatch, **env) == 2
    assert message in capsys.readouterr().err


@pytest.mark.postgres
def test_a_complete_production_setup_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    assert preflight(monkeypatch) == 0
    assert "Production settings ok" in capsys.readouterr().out


def test_make_run_prod_checks_then_migrates_then_serves_with_several_workers() -> None:
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run-prod", "WORKERS=3"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    steps = [line for line in dry if "dossier " in line or "reflex run" in line]
    assert steps[0].endswith("dossier preflight")
    assert steps[1].endswith("dossier migrate")
    assert "GRANIAN_WORKERS=3" in steps[2] and "reflex run --env prod" in steps[2]
