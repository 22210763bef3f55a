"""VAPID (RFC 8292): the server's own key pair for web push, and the claims of each send.

The key pair is a P-256 (prime256v1) elliptic-curve key. Its public half is the
`applicationServerKey` a browser subscribes with; a push service only accepts pushes
for that subscription when they are signed with the private half.

Where the private key lives:

- production (`DOSSIER_ENV=production`): only in `DOSSIER_VAPID_PRIVATE_KEY`, as the raw
  32-byte private number in base64url without padding (the format `dossier vapid --env`
  prints, and the same as the `privateKey` of the web-push npm tool). Nothing is written
  to disk. When it is missing, sending and serving the public key fail with one clear
  sentence; importing this module never does.
- development: `DOSSIER_VAPID_PRIVATE_KEY` when set, else `data/vapid.json` (readable by
  the owner only), made on first need or by `dossier vapid`.

The public key is always derived from the private key, so the two can never disagree.
A new key pair means every device has to subscribe again.

The claims of a JWT are made fresh for every send: `aud` is the origin of the push
service (FCM, Mozilla, Apple each have their own), `exp` 12 hours ahead (services refuse
more than 24), and `sub` is a contact address from `DOSSIER_VAPID_SUBJECT`: a
`mailto:` address or an `https:` page on a real domain (Apple refuses `localhost` and
bare e-mail addresses with 403 BadJwtToken). Without it the subject is the https
address of `DOSSIER_ORIGIN`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from dossier.settings import ConfigError, data_dir, get_settings, is_production

PRIVATE_KEY_ENV = "DOSSIER_VAPID_PRIVATE_KEY"
SUBJECT_ENV = "DOSSIER_VAPID_SUBJECT"
KEY_FILE_NAME = "vapid.json"
CLAIMS_LIFETIME = timedelta(hours=12)
MAX_CLAIMS_LIFETIME = timedelta(hours=24)  # RFC 8292 §2: services refuse more than this

_HOST = r"(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)"
_MAILTO = re.compile(rf"^mailto:[^@\s/:?]+@{_HOST}$")
_HTTPS = re.compile(rf"^https://{_HOST}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class VapidConfigError(ConfigError):
    """Web push cannot work with this configuration (one sentence that says what to do)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --------------------------------------------------------------------------------------
# The key pair
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VapidKeys:
    private_key: ec.EllipticCurvePrivateKey

    @property
    def public_key_b64url(self) -> str:
        """The uncompressed point (65 bytes, 0x04 || x || y), base64url without padding."""
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @property
    def private_key_b64url(self) -> str:
        """The raw private number (32 bytes), base64url without padding: the env format."""
        return b64url(self.private_key.private_numbers().private_value.to_bytes(32, "big"))

    def signer(self) -> Vapid02:
        """The py_vapid object pywebpush signs with."""
        return Vapid02(private_key=self.private_key)


def generate_keys() -> VapidKeys:
    return VapidKeys(ec.generate_private_key(ec.SECP256R1()))


def keys_from_b64url(text: str) -> VapidKeys:
    """Keys from the raw base64url private number; ValueError when it is not one."""
    try:
        raw = b64url_decode(text)
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return VapidKeys(ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1()))


def key_file() -> Path:
    return data_dir() / KEY_FILE_NAME


def write_key_file(keys: VapidKeys, *, overwrite: bool = False) -> Path:
    """Store the pair in data/vapid.json (0600). Without `overwrite` an existing file wins:
    FileExistsError. The file appears whole or not at all (written aside, then linked)."""
    path = key_file()
    content = json.dumps(
        {
            "private_key": keys.private_key_b64url,
            "public_key": keys.public_key_b64url,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        indent=2,
    )
    handle, temporary = tempfile.mkstemp(prefix=".vapid-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content + "\n")
        Path(temporary).chmod(0o600)
        if overwrite:
            Path(temporary).replace(path)
        else:
            os.link(temporary, path)  # atomic; fails when another process made it first
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def load_keys() -> VapidKeys:
    """The server's key pair (see the module text for where it comes from).

    Raises VapidConfigError in production without a usable DOSSIER_VAPID_PRIVATE_KEY.
    """
    value = os.environ.get(PRIVATE_KEY_ENV, "").strip()
    if value:
        return _keys_from_env(value)
    if is_production():
        raise VapidConfigError(
            f"{PRIVATE_KEY_ENV} is not set: run `dossier vapid --env` once and put the "
            "lines it prints in the server's environment to send web push."
        )
    path = key_file()
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another worker made it just now
            write_key_file(generate_keys())
    return _keys_from_file(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _keys_from_env(value: str) -> VapidKeys:
    try:
        return keys_from_b64url(value)
    except ValueError:
        raise VapidConfigError(
            f"{PRIVATE_KEY_ENV} must be the raw P-256 private key in base64url (43 "
            "characters), as printed by `dossier vapid --env`."
        ) from None


@lru_cache(maxsize=4)
def _keys_from_file(path: str, _mtime_ns: int) -> VapidKeys:
    try:
        stored = json.loads(Path(path).read_text(encoding="utf-8"))
        return keys_from_b64url(str(stored["private_key"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise VapidConfigError(
            f"{path} is not a valid VAPID key file: remove it or run `dossier vapid --force`."
        ) from None


def public_key_b64url() -> str:
    """The applicationServerKey for `PushManager.subscribe` (base64url, no padding)."""
    return load_keys().public_key_b64url


# --------------------------------------------------------------------------------------
# The claims
# --------------------------------------------------------------------------------------


def origin_of(endpoint: str) -> str:
    """scheme://host[:port] of a push endpoint: the `aud` claim (RFC 8292 §2)."""
    parts = urlsplit(endpoint)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError("a push endpoint must be an http(s) address")
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = parts.port
    return (
        f"{scheme}://{host}"
        if port in (None, _DEFAULT_PORTS[scheme])
        else f"{scheme}://{host}:{port}"
    )


def subject_problem(subject: str, *, production: bool) -> str | None:
    """Why `subject` cannot be the VAPID `sub`, or None when it can.

    `mailto:someone@domain` or `https://host` (no path or port, as py_vapid checks).
    In production the domain must be a real one: push services refuse `localhost`.
    """
    found = _MAILTO.match(subject) or _HTTPS.match(subject)
    if found is None:
        if subject.startswith("mailto:"):
            return "a mailto: subject needs a full address, like mailto:beheer@example.nl"
        if subject.startswith("https://"):
            return "an https: subject is a bare web address, like https://dossier.example.nl"
        return "the subject must start with mailto: or https://"
    host = found.group("host").lower()
    local = host == "localhost" or host.endswith(".localhost")
    if "." not in host and not local:
        return "the subject needs a full domain name, like example.nl"
    if production and (local or host.replace(".", "").isdigit()):
        return "the subject must be on a real domain (push services refuse localhost)"
    return None


def default_subject() -> str:
    """DOSSIER_VAPID_SUBJECT, else the https address of DOSSIER_ORIGIN (not checked)."""
    configured = os.environ.get(SUBJECT_ENV, "").strip()
    return configured or f"https://{urlsplit(get_settings().origin).hostname}"


def subject() -> str:
    """The `sub` claim: `default_subject()`, checked (VapidConfigError when unusable)."""
    configured = os.environ.get(SUBJECT_ENV, "").strip()
    value = default_subject()
    if problem := subject_problem(value, production=is_production()):
        name = SUBJECT_ENV if configured else f"{SUBJECT_ENV} (not set; from DOSSIER_ORIGIN)"
        raise VapidConfigError(f"{name} cannot be used for web push: {problem}.")
    return value


def claims_for(endpoint: str, now: datetime | None = None) -> dict[str, str | int]:
    """A fresh claims dict for one send to `endpoint` (pywebpush changes what it gets)."""
    moment = now or datetime.now(UTC)
    return {
        "sub": subject(),
        "aud": origin_of(endpoint),
        "exp": int((moment + CLAIMS_LIFETIME).timestamp()),
    }
