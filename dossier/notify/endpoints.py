"""Which push endpoints the server posts to: the text of an endpoint, and the addresses
its host leads to.

An endpoint came from a browser, so whoever sent it chooses where the server connects.
`check_endpoint` checks the text (no DNS, so it may run on the event loop): an https URL
on a named host (no IP literals in any form, `127.1` and `0x7f.0.0.1` included, no
single-label or local names, no user:password); in production the host must be one of
the known push services (`PUSH_SERVICES`); outside production http://localhost and
http://127.0.0.1 are allowed as well, for the test push service. `connectable` checks
where the name leads, right before connecting (net_addresses.connectable).

The subscription rules (domain/push_devices.py) call `check_endpoint` before storing an
endpoint, and the sender calls it again before each send.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dossier.notify import net_addresses

MAX_ENDPOINT = 1000  # the column's length
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
LOCAL_SUFFIXES = (".local", ".localhost", ".internal")
# The push services browsers subscribe at (Chrome and other Chromium browsers, Firefox,
# Safari, Edge): in production an endpoint elsewhere is refused.
PUSH_SERVICES = frozenset({"fcm.googleapis.com", "updates.push.services.mozilla.com"})
PUSH_SERVICE_DOMAINS = (".push.apple.com", ".notify.windows.com")


class EndpointRefused(ValueError):
    """The endpoint may not be stored or posted to; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_endpoint(endpoint: object, *, allow_local: bool) -> str:
    """The endpoint when it may be stored and posted to. `allow_local` is True outside
    production (the test push service on http://127.0.0.1 or localhost); False applies
    the production rules, which also allow only the known push services. Only the text
    is checked here (no DNS: the route calls this on the event loop); the addresses a
    name leads to are checked when sending. Raises EndpointRefused."""
    if not isinstance(endpoint, str) or not endpoint:
        raise EndpointRefused("endpoint_missing")
    if len(endpoint) > MAX_ENDPOINT:
        raise EndpointRefused("endpoint_too_long")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) > 126 for ch in endpoint):
        raise EndpointRefused("endpoint_invalid")
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises on a bad port
    except ValueError as bad:
        raise EndpointRefused("endpoint_invalid") from bad
    if parts.username or parts.password or not host or parts.fragment:
        raise EndpointRefused("endpoint_invalid")
    if allow_local and host in LOCAL_HOSTS and parts.scheme in {"http", "https"}:
        return endpoint
    if parts.scheme != "https":
        raise EndpointRefused("endpoint_not_https")
    if not net_addresses.is_host_name(host) or host.endswith(LOCAL_SUFFIXES):
        raise EndpointRefused("endpoint_host")
    if not allow_local and not is_push_service(host):
        raise EndpointRefused("endpoint_host")
    return endpoint


def is_push_service(host: str) -> bool:
    """One of the known push services' hosts (the production rule)."""
    host = host.lower()
    return host in PUSH_SERVICES or host.endswith(PUSH_SERVICE_DOMAINS)


def connectable(host: str, port: int, *, allow_local: bool) -> list[tuple[str, int]]:
    """The checked addresses to connect to for an endpoint's host, looked up once
    (net_addresses.connectable): public ones only; outside production the local test
    push service's names may lead to loopback. Raises net_addresses.AddressRefused."""
    return net_addresses.connectable(host, port, loopback_names=LOCAL_HOSTS if allow_local else ())
