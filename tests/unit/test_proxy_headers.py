"""X-Forwarded-For/-Proto are believed only from the proxies in DOSSIER_TRUSTED_PROXIES."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from dossier.api import build_api
from dossier.domain.accounts import create_user
from dossier.middleware.proxy_headers import proxy_headers
from dossier.models import AuthThrottle
from dossier.settings import ConfigError, get_settings
from tests.factories import World

PROXY = "10.0.0.5"


def scope_seen(
    trusted: list[str],
    peer: str | None = PROXY,
    headers: list[tuple[bytes, bytes]] | None = None,
    kind: str = "http",
) -> Scope:
    """The scope the wrapped app receives for one request from `peer`."""
    seen: dict[str, Scope] = {}

    async def app(scope: Scope, _receive: Receive, _send: Send) -> None:
        seen["scope"] = scope

    scope = {
        "type": kind,
        "scheme": "ws" if kind == "websocket" else "http",
        "client": (peer, 41000) if peer else None,
        "headers": headers or [],
    }
    asyncio.run(proxy_headers(app, trusted)(scope, None, None))  # type: ignore[arg-type]
    return seen["scope"]


def xff(value: str, proto: str = "https") -> list[tuple[bytes, bytes]]:
    return [(b"x-forwarded-for", value.encode()), (b"x-forwarded-proto", proto.encode())]


def test_a_trusted_proxy_gives_the_right_most_untrusted_address_and_scheme() -> None:
    # The client claimed 1.1.1.1 itself; nginx appended the address it really saw.
    scope = scope_seen([PROXY], headers=xff("1.1.1.1, 203.0.113.7"))
    assert scope["client"] == ("203.0.113.7", 0)
    assert scope["scheme"] == "https"


def test_an_untrusted_peer_cannot_spoof_its_address_or_scheme() -> None:
    scope = scope_seen([PROXY], peer="198.51.100.9", headers=xff("203.0.113.7"))
    assert scope["client"] == ("198.51.100.9", 41000)
    assert scope["scheme"] == "http"


def test_by_default_nobody_is_trusted() -> None:
    assert get_settings().trusted_proxies == ()
    scope = scope_seen([], peer="127.0.0.1", headers=xff("203.0.113.7"))
    assert scope["client"] == ("127.0.0.1", 41000)


def test_a_network_trusts_every_proxy_in_it_and_ipv4_mapped_peers() -> None:
    assert scope_seen(["10.0.0.0/8"], headers=xff("203.0.113.7"))["client"][0] == "203.0.113.7"
    mapped = scope_seen(["10.0.0.0/8"], peer="::ffff:10.1.2.3", headers=xff("203.0.113.7"))
    assert mapped["client"][0] == "203.0.113.7"
    ipv6 = scope_seen(["2001:db8::/32"], peer="2001:db8::1", headers=xff("2001:db8:0::9, ::1"))
    assert ipv6["client"][0] == "::1"


def test_several_trusted_proxies_are_skipped_from_the_right() -> None:
    chain = "6.6.6.6, 203.0.113.7, 10.0.0.9, 192.168.1.2"  # CDN -> 10.0.0.9 -> 192.168.1.2
    scope = scope_seen([PROXY, "10.0.0.9", "192.168.0.0/16"], headers=xff(chain))
    assert scope["client"][0] == "203.0.113.7"
    # Repeated headers count as one list, in order.
    repeated = [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-for", b"203.0.113.7, 10.0.0.9")]
    assert scope_seen([PROXY, "10.0.0.9"], headers=repeated)["client"][0] == "203.0.113.7"
    # Only proxies in the chain: the furthest one.
    assert scope_seen([PROXY, "10.0.0.9"], headers=xff("10.0.0.9"))["client"][0] == "10.0.0.9"


@pytest.mark.parametrize(
    "value",
    ["", "unknown", "203.0.113.7,", "203.0.113.7:5555", "[2001:db8::1]", "999.1.1.1", "\xff"],
)
def test_malformed_forwarded_for_keeps_the_peer(value: str) -> None:
    headers = [(b"x-forwarded-for", value.encode("latin-1"))]
    assert scope_seen([PROXY], headers=headers)["client"] == (PROXY, 41000)


def test_junk_left_of_the_real_client_does_not_matter() -> None:
    scope = scope_seen([PROXY], headers=xff("junk, ::zz, 203.0.113.7"))
    assert scope["client"][0] == "203.0.113.7"


@pytest.mark.parametrize("proto", ["ftp", "", "javascript", "wss"])
def test_only_http_and_https_are_accepted_as_scheme(proto: str) -> None:
    assert scope_seen([PROXY], headers=xff("203.0.113.7", proto))["scheme"] == "http"


def test_the_scheme_without_forwarded_for_and_from_the_nearest_proxy() -> None:
    headers = [(b"x-forwarded-proto", b"http, HTTPS")]
    assert scope_seen([PROXY], headers=headers)["scheme"] == "https"


def test_websocket_scopes_get_the_client_and_a_ws_scheme() -> None:
    scope = scope_seen([PROXY], headers=xff("203.0.113.7"), kind="websocket")
    assert scope["client"] == ("203.0.113.7", 0)
    assert scope["scheme"] == "wss"
    plain = scope_seen([PROXY], headers=xff("203.0.113.7", "http"), kind="websocket")
    assert plain["scheme"] == "ws"


def test_no_client_and_lifespan_scopes_pass_untouched() -> None:
    assert scope_seen([PROXY], peer=None, headers=xff("203.0.113.7"))["client"] is None
    assert "client" not in scope_seen_lifespan()


def scope_seen_lifespan() -> Scope:
    seen: dict[str, Scope] = {}

    async def app(scope: Scope, _receive: Receive, _send: Send) -> None:
        seen["scope"] = scope

    asyncio.run(proxy_headers(app, [PROXY])({"type": "lifespan"}, None, None))  # type: ignore[arg-type]
    return seen["scope"]


def test_the_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,")
    get_settings.cache_clear()
    assert get_settings().trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
    monkeypatch.setenv("DOSSIER_TRUSTED_PROXIES", "proxy.local")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="DOSSIER_TRUSTED_PROXIES"):
        get_settings()


# --------------------------------------------------------------------------------------
# Through the real routes: the login throttle counts per forwarded client
# --------------------------------------------------------------------------------------


@pytest.fixture
def proxied(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("DOSSIER_TRUSTED_PROXIES", "10.0.0.0/8")
    get_settings.cache_clear()
    create_user(world.session, email="ouder@test.nl", name="Ouder", password="een lang wachtwoord")
    world.session.commit()
    app = proxy_headers(build_api())  # the list from the setting, as in dossier.py
    with TestClient(app, base_url="http://localhost:3000", client=(PROXY, 50000)) as client:
        yield client


def login_from(client: TestClient, ip: str, email: str, password: str) -> str:
    response = client.post(
        "/api/auth/login",
        data={"email": email, "password": password},
        headers={"x-forwarded-for": f"1.2.3.4, {ip}", "x-forwarded-proto": "https"},
        follow_redirects=False,
    )
    return response.headers["location"]


def test_one_clients_failures_do_not_lock_out_the_others(proxied: TestClient, db: Session) -> None:
    for i in range(20):
        assert login_from(proxied, "203.0.113.7", f"iemand{i}@test.nl", "fout").endswith("invalid")
    # The attacker waits; someone else behind the same proxy logs in.
    assert login_from(proxied, "203.0.113.7", "ouder@test.nl", "een lang wachtwoord").endswith(
        "error=throttled"
    )
    assert login_from(proxied, "198.51.100.9", "ouder@test.nl", "een lang wachtwoord").endswith("/")
    assert db.get(AuthThrottle, "ip:203.0.113.7") is not None
    assert db.get(AuthThrottle, f"ip:{PROXY}") is None
