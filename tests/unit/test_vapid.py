"""VAPID: the key pair (file in development, environment in production), the applicationServerKey
format, and the claims per push service (RFC 8292)."""

from __future__ import annotations

import base64
import json
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from dossier.cli import main
from dossier.notify import vapid
from dossier.notify.vapid import VapidConfigError
from dossier.settings import get_settings

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

# Endpoints as browsers hand them out (the tails are shortened).
FCM = "https://fcm.googleapis.com/fcm/send/dT3k1eX0:APA91bGx_example"
MOZILLA = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABnExample"
APPLE = "https://web.push.apple.com/QGuQyavXutnMH0_example"
EDGE = "https://wns2-am3p.notify.windows.com/w/?token=BQYAAAB_example"


@pytest.fixture(autouse=True)
def no_vapid_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (vapid.PRIVATE_KEY_ENV, vapid.SUBJECT_ENV):
        monkeypatch.delenv(name, raising=False)


def production(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    monkeypatch.setenv("DOSSIER_ENV", "production")
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


# -- claims ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "aud"),
    [
        (FCM, "https://fcm.googleapis.com"),
        (MOZILLA, "https://updates.push.services.mozilla.com"),
        (APPLE, "https://web.push.apple.com"),
        (EDGE, "https://wns2-am3p.notify.windows.com"),
        ("https://Push.Example.NL:443/abc", "https://push.example.nl"),  # default port dropped
        ("https://push.example.nl:8443/abc", "https://push.example.nl:8443"),
        ("http://127.0.0.1:51234/push/phone", "http://127.0.0.1:51234"),  # the test service
    ],
)
def test_aud_is_the_origin_of_each_push_service(endpoint: str, aud: str) -> None:
    assert vapid.claims_for(endpoint, NOW)["aud"] == aud


@pytest.mark.parametrize("endpoint", ["", "fcm.googleapis.com/fcm/send/x", "ftp://push.nl/x"])
def test_an_endpoint_that_is_no_web_address_has_no_claims(endpoint: str) -> None:
    with pytest.raises(ValueError):
        vapid.claims_for(endpoint, NOW)


def test_exp_is_twelve_hours_ahead_never_more_than_a_day() -> None:
    claims = vapid.claims_for(FCM, NOW)
    assert claims["exp"] == int((NOW + timedelta(hours=12)).timestamp())
    assert claims["exp"] <= int((NOW + vapid.MAX_CLAIMS_LIFETIME).timestamp())
    now_claims = vapid.claims_for(FCM)
    ahead = now_claims["exp"] - datetime.now(UTC).timestamp()  # type: ignore[operator]
    assert 11.9 * 3600 < ahead <= 12 * 3600


def test_every_send_gets_a_fresh_claims_dict() -> None:
    first, second = vapid.claims_for(FCM, NOW), vapid.claims_for(APPLE, NOW)
    first["aud"] = "changed by pywebpush"
    assert second["aud"] == "https://web.push.apple.com"
    assert vapid.claims_for(FCM, NOW)["aud"] == "https://fcm.googleapis.com"


def test_the_claims_are_signed_into_a_jwt_pywebpush_accepts() -> None:
    claims = vapid.claims_for(APPLE)
    header = vapid.load_keys().signer().sign(claims)["Authorization"]
    assert header.startswith("vapid t=")
    assert Vapid02.verify(header)  # signature verifies against the k= in the header
    assert f"k={vapid.public_key_b64url()}" in header


# -- sub ------------------------------------------------------------------------------


def test_sub_in_development_defaults_to_the_origin_as_https() -> None:
    assert vapid.claims_for(FCM, NOW)["sub"] == "https://localhost"


def test_sub_in_production_defaults_to_the_public_origin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch, DOSSIER_VAPID_PRIVATE_KEY=vapid.generate_keys().private_key_b64url)
    assert vapid.claims_for(APPLE, NOW)["sub"] == "https://dossier.example.nl"


@pytest.mark.parametrize(
    "subject", ["mailto:beheer@gezinsdossier.nl", "https://gezinsdossier.nl", "https://a.b.nl"]
)
def test_a_configured_mailto_or_https_subject_is_used(
    monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    production(monkeypatch, DOSSIER_VAPID_SUBJECT=subject)
    assert vapid.claims_for(MOZILLA, NOW)["sub"] == subject


@pytest.mark.parametrize(
    ("subject", "why"),
    [
        ("beheer@gezinsdossier.nl", "must start with mailto: or https://"),  # Apple: 403
        ("http://gezinsdossier.nl", "must start with mailto: or https://"),
        ("mailto:", "full address"),
        ("mailto:beheer", "full address"),
        ("https://gezinsdossier.nl/contact", "bare web address"),  # py_vapid refuses paths
        ("https://localhost", "real domain"),  # Apple refuses localhost
        ("mailto:dev@localhost", "real domain"),
        ("https://127.0.0.1", "real domain"),
        ("https://intranet", "full domain name"),
    ],
)
def test_anything_else_is_refused_with_a_clear_sentence(
    monkeypatch: pytest.MonkeyPatch, subject: str, why: str
) -> None:
    production(monkeypatch, DOSSIER_VAPID_SUBJECT=subject)
    with pytest.raises(VapidConfigError, match=why) as caught:
        vapid.claims_for(APPLE, NOW)
    assert "DOSSIER_VAPID_SUBJECT" in str(caught.value)


def test_localhost_is_fine_in_development_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(vapid.SUBJECT_ENV, "mailto:dev@localhost")
    assert vapid.claims_for(FCM, NOW)["sub"] == "mailto:dev@localhost"
    monkeypatch.setenv(vapid.SUBJECT_ENV, "dev@localhost")
    with pytest.raises(VapidConfigError):
        vapid.claims_for(FCM, NOW)


# -- the key pair ---------------------------------------------------------------------


def test_the_public_key_is_an_uncompressed_p256_point_in_base64url() -> None:
    key = vapid.public_key_b64url()
    assert "=" not in key and "+" not in key and "/" not in key
    raw = base64.urlsafe_b64decode(key + "=")
    assert len(raw) == 65 and raw[0] == 0x04  # 0x04 || x || y, what applicationServerKey takes
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    assert point.curve.name == "secp256r1"


def test_in_development_the_pair_is_made_once_and_kept_for_the_owner_only(
    isolated_config: Path,
) -> None:
    path = isolated_config / "vapid.json"
    assert not path.exists()  # nothing happens at import or before the first need
    first = vapid.public_key_b64url()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text())
    assert stored["public_key"] == first
    assert vapid.keys_from_b64url(stored["private_key"]).public_key_b64url == first
    vapid._keys_from_file.cache_clear()
    assert vapid.public_key_b64url() == first  # read back, not made again
    assert not list(isolated_config.glob(".vapid-*"))  # no temporary files left


def test_workers_starting_together_agree_on_one_pair(isolated_config: Path) -> None:
    keys: list[str] = []
    threads = [
        threading.Thread(target=lambda: keys.append(vapid.public_key_b64url())) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 6 and len(set(keys)) == 1
    assert json.loads((isolated_config / "vapid.json").read_text())["public_key"] == keys[0]


def test_the_env_format_is_the_raw_private_number_that_other_tools_use_too() -> None:
    keys = vapid.generate_keys()
    assert len(base64.urlsafe_b64decode(keys.private_key_b64url + "=")) == 32
    assert len(keys.private_key_b64url) == 43
    same = Vapid02.from_raw(keys.private_key_b64url.encode())  # py_vapid / web-push format
    assert vapid.VapidKeys(same.private_key).public_key_b64url == keys.public_key_b64url


def test_production_takes_the_key_from_the_environment_only(
    monkeypatch: pytest.MonkeyPatch, isolated_config: Path
) -> None:
    keys = vapid.generate_keys()
    production(monkeypatch, DOSSIER_VAPID_PRIVATE_KEY=keys.private_key_b64url)
    assert vapid.public_key_b64url() == keys.public_key_b64url
    assert not (isolated_config / "vapid.json").exists()  # nothing written to disk


def test_a_key_in_the_environment_wins_in_development_too(
    monkeypatch: pytest.MonkeyPatch, isolated_config: Path
) -> None:
    keys = vapid.generate_keys()
    monkeypatch.setenv(vapid.PRIVATE_KEY_ENV, keys.private_key_b64url)
    assert vapid.public_key_b64url() == keys.public_key_b64url
    assert not (isolated_config / "vapid.json").exists()


def test_production_without_a_key_fails_when_used_with_one_sentence(
    monkeypatch: pytest.MonkeyPatch, isolated_config: Path
) -> None:
    production(monkeypatch)
    with pytest.raises(VapidConfigError) as caught:
        vapid.public_key_b64url()
    message = str(caught.value)
    assert "DOSSIER_VAPID_PRIVATE_KEY is not set" in message and "dossier vapid --env" in message
    assert message.count(". ") == 0  # one sentence
    assert not (isolated_config / "vapid.json").exists()


@pytest.mark.parametrize("value", ["not a key!", "AAAA", "-----BEGIN PRIVATE KEY-----"])
def test_a_malformed_key_in_the_environment_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    production(monkeypatch, DOSSIER_VAPID_PRIVATE_KEY=value)
    with pytest.raises(VapidConfigError, match="base64url"):
        vapid.load_keys()


def test_a_broken_key_file_is_a_clear_error(isolated_config: Path) -> None:
    (isolated_config / "vapid.json").write_text("{}")
    with pytest.raises(VapidConfigError, match="dossier vapid --force"):
        vapid.load_keys()


# -- the command ----------------------------------------------------------------------


def test_dossier_vapid_makes_the_file_and_does_not_overwrite_it(
    isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vapid"]) == 0
    path = isolated_config / "vapid.json"
    first = path.read_text()
    assert json.loads(first)["public_key"] in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    assert main(["vapid"]) == 1
    assert "--force" in capsys.readouterr().err
    assert path.read_text() == first

    assert main(["vapid", "--force"]) == 0
    assert path.read_text() != first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert vapid.public_key_b64url() == json.loads(path.read_text())["public_key"]


def test_dossier_vapid_env_prints_the_two_lines_for_production(
    isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vapid", "--env", "--subject", "mailto:beheer@gezinsdossier.nl"]) == 0
    out = capsys.readouterr()
    lines = dict(line.split("=", 1) for line in out.out.strip().splitlines())
    assert set(lines) == {"DOSSIER_VAPID_PRIVATE_KEY", "DOSSIER_VAPID_SUBJECT"}
    assert lines["DOSSIER_VAPID_SUBJECT"] == "mailto:beheer@gezinsdossier.nl"
    keys = vapid.keys_from_b64url(lines["DOSSIER_VAPID_PRIVATE_KEY"])
    assert keys.public_key_b64url in out.err
    assert not (isolated_config / "vapid.json").exists()


def test_dossier_vapid_env_wants_a_real_contact(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vapid", "--env"]) == 2  # the development origin is localhost
    assert "--subject" in capsys.readouterr().err
    monkeypatch.setenv("DOSSIER_ORIGIN", "https://dossier.example.nl")
    get_settings.cache_clear()
    assert main(["vapid", "--env"]) == 0
    assert "DOSSIER_VAPID_SUBJECT=https://dossier.example.nl" in capsys.readouterr().out


def test_dossier_vapid_writes_no_file_in_production(
    monkeypatch: pytest.MonkeyPatch, isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    production(monkeypatch)
    assert main(["vapid"]) == 2
    assert "dossier vapid --env" in capsys.readouterr().err
    assert not (isolated_config / "vapid.json").exists()
