"""Configuration read once from the environment (names as in the README).

Nothing here raises at import time: `get_settings()` raises `ConfigError` with a clear
message when the app starts in production without what it needs.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start with this configuration."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    production: bool
    data_dir: Path
    db_url: str
    redis_url: str | None
    origin: str
    secret_key: str
    session_idle_minutes: int
    session_absolute_hours: int
    # OpenID Connect for professionals: all three set, or none (then the button is hidden).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # Reverse proxies whose X-Forwarded-For/-Proto we believe (IPs or CIDRs); empty: none.
    trusted_proxies: tuple[str, ...] = ()
    # Outgoing mail (dossier/mail/): an smtp(s):// address, or None in development (then
    # mails are written to data/mail/). `mail_from` is the From header.
    smtp_url: str | None = None
    mail_from: str = "Gezinsdossier <noreply@localhost>"

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @property
    def secure_cookies(self) -> bool:
        return self.origin.startswith("https://")

    @property
    def session_cookie_name(self) -> str:
        # The __Host- prefix makes the browser insist on Secure, Path=/ and no Domain.
        return "__Host-dossier_session" if self.secure_cookies else "dossier_session"


def data_dir() -> Path:
    path = Path(os.environ.get("DOSSIER_DATA_DIR") or PROJECT_ROOT / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get("REFLEX_DB_URL") or f"sqlite:///{data_dir() / 'dossier.db'}"


def is_production() -> bool:
    return os.environ.get("DOSSIER_ENV", "development").lower() == "production"


def push_worker_enabled() -> bool:
    """The push outbox worker runs in every backend worker unless DOSSIER_PUSH_WORKER=0."""
    return os.environ.get("DOSSIER_PUSH_WORKER", "1").strip().lower() not in {"0", "false", "no"}


def _origin() -> str:
    origin = os.environ.get("DOSSIER_ORIGIN", "http://localhost:3000").rstrip("/")
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(
            f"DOSSIER_ORIGIN must look like https://dossier.example.nl, not {origin!r}"
        )
    return origin


def _secret_key(production: bool) -> str:
    key = os.environ.get("DOSSIER_SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigError("DOSSIER_SECRET_KEY must be at least 32 characters long.")
        return key
    if production:
        raise ConfigError(
            "DOSSIER_SECRET_KEY is not set. In production the app needs a secret key of at "
            'least 32 characters, for example: python -c "import secrets; '
            'print(secrets.token_urlsafe(48))"'
        )
    return _development_secret_key()


def _development_secret_key() -> str:
    """In development a key is made once and kept under data/, readable by the owner only."""
    path = data_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _oidc(production: bool) -> dict[str, str | None]:
    values = {
        "oidc_issuer": os.environ.get("DOSSIER_OIDC_ISSUER", "").strip() or None,
        "oidc_client_id": os.environ.get("DOSSIER_OIDC_CLIENT_ID", "").strip() or None,
        "oidc_client_secret": os.environ.get("DOSSIER_OIDC_CLIENT_SECRET", "") or None,
    }
    if any(values.values()) and not all(values.values()):
        raise ConfigError(
            "Set all three of DOSSIER_OIDC_ISSUER, DOSSIER_OIDC_CLIENT_ID and "
            "DOSSIER_OIDC_CLIENT_SECRET for login via an organisation, or none of them."
        )
    issuer = values["oidc_issuer"] or ""
    if issuer and production and not issuer.startswith("https://"):
        raise ConfigError("In production DOSSIER_OIDC_ISSUER must be an https:// address.")
    return values


def _trusted_proxies() -> tuple[str, ...]:
    """DOSSIER_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8"; a typo fails loudly, not silently."""
    raw = os.environ.get("DOSSIER_TRUSTED_PROXIES", "")
    values = tuple(item.strip() for item in raw.split(",") if item.strip())
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ConfigError(
                f"DOSSIER_TRUSTED_PROXIES must be IP addresses or networks such as "
                f"127.0.0.1 or 10.0.0.0/8, separated by commas; {value!r} is neither."
            ) from exc
    return values


SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps")


def _mail() -> tuple[str | None, str]:
    """DOSSIER_SMTP_URL and DOSSIER_MAIL_FROM (see dossier/mail/transport.py).

    A wrong value stops the app here. That production has both is the start check's
    job (`dossier preflight`, `make run-prod`), as for REFLEX_REDIS_URL; without SMTP a
    production app sends nothing at all (never files: links do not belong on disk)."""
    url = os.environ.get("DOSSIER_SMTP_URL", "").strip() or None
    sender = os.environ.get("DOSSIER_MAIL_FROM", "").strip()
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
            raise ConfigError(
                "DOSSIER_SMTP_URL must look like smtp+starttls://user:password@host:587 or "
                "smtps://user:password@host:465 (smtp:// without TLS only to 127.0.0.1)."
            )
        try:
            parts.port  # noqa: B018 - raises on a port that is no number
        except ValueError as exc:
            raise ConfigError("DOSSIER_SMTP_URL has a port that is no number.") from exc
        if parts.scheme == "smtp" and not _is_loopback(parts.hostname):
            raise ConfigError(
                "DOSSIER_SMTP_URL: smtp:// sends passwords and links unencrypted; use "
                "smtp+starttls:// or smtps:// (plain smtp:// only to 127.0.0.1 or localhost)."
            )
    if sender and ("@" not in sender or "\n" in sender or "\r" in sender):
        raise ConfigError(
            f"DOSSIER_MAIL_FROM must be an address such as noreply@dossier.example.nl, "
            f"not {sender!r}"
        )
    return url, sender or "Gezinsdossier <noreply@localhost>"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    production = is_production()
    origin = _origin()
    if production and not origin.startswith("https://"):
        raise ConfigError("In production DOSSIER_ORIGIN must be an https:// address.")
    smtp_url, mail_from = _mail()
    return Settings(
        production=production,
        data_dir=data_dir(),
        db_url=database_url(),
        redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
        origin=origin,
        secret_key=_secret_key(production),
        session_idle_minutes=_int_env("DOSSIER_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int_env("DOSSIER_SESSION_ABSOLUTE_HOURS", 12),
        trusted_proxies=_trusted_proxies(),
        **_oidc(production),
        smtp_url=smtp_url,
        mail_from=mail_from,
    )


# How long the access log is kept (days) before the retention job removes its rows, also
# those of erased dossiers. NEN 7513 asks to keep access logs as long as they are needed
# for control (checking who saw what, handling a complaint); five years is the usual term
# in Dutch care, and it outlives the dossier on purpose: a family may still ask who saw
# their data after it was closed.
AUDIT_RETENTION_DEFAULT_DAYS = 5 * 365 + 1


def audit_retention_days() -> int:
    return max(1, _int_env("DOSSIER_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DEFAULT_DAYS))
