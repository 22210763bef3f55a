"""The real client behind a TLS reverse proxy (nginx, Caddy): X-Forwarded-For and -Proto.

Behind a proxy every request comes from the proxy, so the login throttle and the session
records would see one IP for everyone. This ASGI wrapper rewrites `scope["client"]` and
`scope["scheme"]` for http and websocket scopes, but ONLY when the direct peer is listed
in `DOSSIER_TRUSTED_PROXIES` (IPs or CIDRs; empty = trust nobody, nothing changes).

The client is the right-most address in X-Forwarded-For that is not a trusted proxy:
each proxy appends the address it saw, so everything to the left of that entry may be
made up by the client. Malformed values are ignored, never fatal.

granian's `wrap_asgi_with_proxy_headers` is close, but it takes any string as the client
(a malformed hop becomes the throttle key), only sets the scheme when X-Forwarded-For is
present and silently trusts unparsable "hosts" as literals; hence this small one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from dossier.settings import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = {"http": {"http": "http", "https": "https"}, "websocket": {"http": "ws", "https": "wss"}}


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """'10.0.0.1' or '10.0.0.0/8' (IPv4 or IPv6); raises ValueError on anything else."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def _address(value: str) -> Address | None:
    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; compare them as IPv4.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _is_trusted(ip: Address, trusted: tuple[Network, ...]) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def _header_values(scope: Scope, name: bytes) -> list[str]:
    """All values of one header, comma lists split; repeated headers count as one list."""
    items: list[str] = []
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            items.extend(value.decode("latin-1").split(","))
    return [item.strip() for item in items]


def forwarded_client(hops: list[str], trusted: tuple[Network, ...]) -> str | None:
    """The right-most hop that is not a trusted proxy; None when a hop on the way is junk."""
    last: Address | None = None
    for hop in reversed(hops):
        ip = _address(hop)
        if ip is None:
            return None  # we cannot tell who sent what from here on: keep the peer
        if not _is_trusted(ip, trusted):
            return str(ip)
        last = ip
    return str(last) if last is not None else None  # every hop a proxy: the furthest one


def forwarded_scheme(values: list[str], scope_type: str) -> str | None:
    """X-Forwarded-Proto as set by the nearest proxy (right-most): http or https only."""
    if not values:
        return None
    return _SCHEMES[scope_type].get(values[-1].lower())


def _peer_is_trusted(scope: Scope, trusted: tuple[Network, ...]) -> bool:
    client = scope.get("client")
    if not client or not isinstance(client[0], str):
        return False  # e.g. a Unix socket: no peer address to check
    ip = _address(client[0])
    return ip is not None and _is_trusted(ip, trusted)


def rewrite_scope(scope: Scope, trusted: tuple[Network, ...]) -> Scope:
    """A copy of `scope` with the forwarded client and scheme, or `scope` itself."""
    if scope["type"] not in _SCHEMES or not _peer_is_trusted(scope, trusted):
        return scope
    changes: dict[str, object] = {}
    if host := forwarded_client(_header_values(scope, b"x-forwarded-for"), trusted):
        changes["client"] = (host, 0)  # the client's port is not forwarded
    if scheme := forwarded_scheme(_header_values(scope, b"x-forwarded-proto"), scope["type"]):
        changes["scheme"] = scheme
    return {**scope, **changes} if changes else scope


def proxy_headers(app: ASGIApp, trusted: Iterable[str] | None = None) -> ASGIApp:
    """Wrap `app`; `trusted` defaults to DOSSIER_TRUSTED_PROXIES (read once, here)."""
    networks = parse_networks(get_settings().trusted_proxies if trusted is None else trusted)

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        await app(rewrite_scope(scope, networks) if networks else scope, receive, send)

    return wrapped
