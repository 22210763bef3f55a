"""OpenID Connect login for professionals (case managers, caregivers), with authlib.

Authorization code flow with PKCE (S256), `state` and `nonce`. The ID token is checked
here, not trusted: its signature against the provider's published keys, `iss` exactly
equal to the configured issuer, `aud` naming our client id (and `azp` when there are
several audiences), `nonce` equal to ours, and `exp`/`iat`. A person is known by the
pair issuer + subject, never by e-mail address.

Every failure raises `OidcError` with a short technical reason for the log and the
audit row; the user only ever sees a general message.

No Reflex here; the HTTP routes live in `dossier/api/oidc.py`.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from itsdangerous import BadData, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from dossier.settings import ConfigError, Settings, get_settings

logger = logging.getLogger(__name__)

CALLBACK_PATH = "/api/auth/oidc/callback"
SCOPE = "openid profile email"
PENDING_MAX_AGE = 10 * 60  # seconds a started login may take at the provider
HTTP_TIMEOUT = 10.0  # seconds, for discovery, keys and the token request
DISCOVERY_TTL = 3600  # seconds the provider's metadata and keys are kept
CLOCK_LEEWAY = 60  # seconds of clock difference we accept on exp / iat
KEYS_REFRESH_AFTER = 60  # seconds; an unknown signature fetches the keys again after this
# Asymmetric algorithms only: never "none", never HS* (that would make the secret a key).
ID_TOKEN_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")


class OidcError(Exception):
    """The login via the organisation failed; `reason` is for logs, never for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]


@dataclass(frozen=True, slots=True, kw_only=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingLogin:
    """What the browser keeps (signed, HttpOnly) between leaving and coming back."""

    state: str
    nonce: str
    code_verifier: str
    invite: str | None
    created: int


class Identity(NamedTuple):
    issuer: str
    subject: str
    name: str
    email: str


def config_from(settings: Settings | None = None) -> OidcConfig | None:
    """The configured provider, or None when login via an organisation is switched off."""
    settings = settings or get_settings()
    if not settings.oidc_enabled:
        return None
    issuer, client_id = settings.oidc_issuer, settings.oidc_client_id
    client_secret = settings.oidc_client_secret
    if not (issuer and client_id and client_secret):  # oidc_enabled says all three are set
        raise ConfigError("OIDC is on without DOSSIER_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET")
    return OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=f"{settings.origin}{CALLBACK_PATH}",
    )


def _required_config(config: OidcConfig | None) -> OidcConfig:
    config = config or config_from()
    if config is None:
        raise OidcError("OIDC is not configured")
    return config


# --- the pending login, sealed for the cookie -------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="oidc")


def seal_pending(pending: PendingLogin) -> str:
    return _serializer().dumps(asdict(pending))


def open_pending(value: str | None) -> PendingLogin:
    """The pending login from the cookie: signed by us and at most 10 minutes old."""
    if not value:
        raise OidcError("no pending login (cookie missing: replayed or expired callback?)")
    try:
        data = _serializer().loads(value, max_age=PENDING_MAX_AGE)
        return PendingLogin(**data)
    except (BadData, TypeError) as exc:
        raise OidcError(f"pending login unusable: {type(exc).__name__}") from exc


# --- the provider's metadata and keys, cached ---------------------------------------------


@dataclass(slots=True)
class _Provider:
    metadata: dict[str, Any]
    keys: KeySet
    fetched: float


_providers: dict[str, _Provider] = {}


def forget_providers() -> None:
    """Drop the cached metadata and keys (tests; or after a provider changed its keys)."""
    _providers.clear()


async def _get_json(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    response = await client.get(url, headers={"Accept": "application/json"})
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise OidcError(f"not a JSON object at {url}")
    return data


async def discover(config: OidcConfig, *, refresh: bool = False) -> _Provider:
    """The provider's metadata and signing keys (`/.well-known/openid-configuration`)."""
    cached = _providers.get(config.issuer)
    if cached and not refresh and time.monotonic() - cached.fetched < DISCOVERY_TTL:
        return cached
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False) as client:
            metadata = await _get_json(client, url)
            # OpenID Connect Discovery 4.3: the issuer in the document must be ours exactly.
            if metadata.get("issuer") != config.issuer:
                raise OidcError(
                    f"discovery issuer {metadata.get('issuer')!r} is not {config.issuer!r}"
                )
            scheme = config.issuer.split(":", 1)[0]
            for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(metadata.get(field), str):
                    raise OidcError(f"discovery document lacks {field}")
                if not metadata[field].startswith(f"{scheme}://"):  # no https -> http downgrade
                    raise OidcError(f"discovery {field} does not use {scheme}")
            jwks = await _get_json(client, metadata["jwks_uri"])
            keys = KeySet.import_key_set({"keys": jwks["keys"]})
    except OidcError:
        raise
    except (httpx.HTTPError, ValueError, JoseError) as exc:
        raise OidcError(f"discovery failed: {type(exc).__name__}: {exc}") from exc
    provider = _Provider(metadata=metadata, keys=keys, fetched=time.monotonic())
    _providers[config.issuer] = provider
    return provider


def _oauth_client(config: OidcConfig, metadata: Mapping[str, Any]) -> AsyncOAuth2Client:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = (
        "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    )
    return AsyncOAuth2Client(
        client_id=config.client_id,
        client_secret=config.client_secret,
        token_endpoint_auth_method=auth_method,
        scope=SCOPE,
        redirect_uri=config.redirect_uri,
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
    )


# --- the flow ------------------------------------------------------------------------------


async def start_login(
    invite_token: str | None, config: OidcConfig | None = None
) -> tuple[str, PendingLogin]:
    """Where to send the browser, and what it must bring back (kept in a signed cookie)."""
    config = _required_config(config)
    provider = await discover(config)
    pending = PendingLogin(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),  # 86 characters, within RFC 7636's 43-128
        invite=invite_token or None,
        created=int(time.time()),
    )
    client = _oauth_client(config, provider.metadata)
    try:
        url, _state = client.create_authorization_url(
            provider.metadata["authorization_endpoint"],
            state=pending.state,
            code_verifier=pending.code_verifier,
            nonce=pending.nonce,
        )
    finally:
        await client.aclose()
    return url, pending


async def finish_login(
    pending: PendingLogin, callback_params: Mapping[str, str], config: OidcConfig | None = None
) -> Identity:
    """Check the provider's answer and return who logged in, or raise OidcError."""
    config = _required_config(config)
    if not hmac.compare_digest(callback_params.get("state", "").encode(), pending.state.encode()):
        raise OidcError("state does not match the pending login")
    if "error" in callback_params:
        raise OidcError(f"provider answered error={callback_params['error'][:60]}")
    # RFC 9207: when the provider names itself in the answer, it must be our issuer.
    if "iss" in callback_params and callback_params["iss"] != config.issuer:
        raise OidcError("iss in the authorization response is not our issuer")
    code = callback_params.get("code", "")
    if not code:
        raise OidcError("no authorization code")
    provider = await discover(config)
    token = await _exchange_code(config, provider, code, pending.code_verifier)
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcError("token response has no id_token")
    decoded = await _verified_token(config, provider, id_token)
    claims = _check_claims(config, pending, decoded, access_token=token.get("access_token"))
    return _identity(claims)


async def _exchange_code(
    config: OidcConfig, provider: _Provider, code: str, code_verifier: str
) -> Mapping[str, Any]:
    client = _oauth_client(config, provider.metadata)
    try:
        return await client.fetch_token(
            provider.metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
        )
    except Exception as exc:  # any failure at the token endpoint is a refusal
        raise OidcError(f"code exchange failed: {type(exc).__name__}: {exc}") from exc
    finally:
        await client.aclose()


async def _verified_token(config: OidcConfig, provider: _Provider, id_token: str) -> jwt.Token:
    """The ID token, once its signature checks out against the provider's keys."""
    try:
        decoded = jwt.decode(id_token, provider.keys, algorithms=list(ID_TOKEN_ALGORITHMS))
    except (JoseError, ValueError) as exc:
        # The provider may have rotated its keys: fetch them again (at most once a minute).
        if time.monotonic() - provider.fetched < KEYS_REFRESH_AFTER:
            raise OidcError(f"id_token signature: {type(exc).__name__}") from exc
        provider = await discover(config, refresh=True)
        try:
            decoded = jwt.decode(id_token, provider.keys, algorithms=list(ID_TOKEN_ALGORITHMS))
        except (JoseError, ValueError) as exc:
            raise OidcError(f"id_token signature: {type(exc).__name__}") from exc
    return decoded


def _check_claims(
    config: OidcConfig, pending: PendingLogin, decoded: jwt.Token, *, access_token: object
) -> Mapping[str, Any]:
    claims = decoded.claims
    # The three checks that matter most are spelled out, exact and first.
    if claims.get("iss") != config.issuer:
        raise OidcError(f"id_token iss {str(claims.get('iss'))[:80]!r} is not our issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or config.client_id not in audiences:
        raise OidcError("id_token aud does not name our client id")
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OidcError("id_token has several audiences but azp is not our client id")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(
        nonce.encode(), pending.nonce.encode()
    ):
        raise OidcError("id_token nonce does not match the pending login")
    # Then authlib's own ID token rules: required claims, exp, iat, nbf, azp, at_hash.
    id_token = CodeIDToken(
        claims,
        decoded.header,
        options={
            "iss": {"essential": True, "value": config.issuer},
            "aud": {"essential": True, "value": config.client_id},
            "sub": {"essential": True},
            "nonce": {"essential": True, "value": pending.nonce},
        },
        params={
            "nonce": pending.nonce,
            "client_id": config.client_id,
            "access_token": access_token if isinstance(access_token, str) else None,
        },
    )
    try:
        id_token.validate(leeway=CLOCK_LEEWAY)
    except JoseError as exc:
        raise OidcError(f"id_token claims: {type(exc).__name__}: {exc}") from exc
    issued_at = claims.get("iat")
    if not isinstance(issued_at, int | float) or issued_at < time.time() - PENDING_MAX_AGE:
        raise OidcError("id_token was issued too long ago")
    return claims


def _identity(claims: Mapping[str, Any]) -> Identity:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise OidcError("id_token sub is missing or too long")
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) else ""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return Identity(
        issuer=claims["iss"],
        subject=subject,
        name=(name or email.split("@")[0] or "").strip()[:120],
        email=email[:254],
    )
