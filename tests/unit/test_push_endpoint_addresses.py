"""A push endpoint is an address a browser hands us: it must never lead the server into
its own network. Loopback written as a number in any form (`127.1`, `0x7f.0.0.1`,
`0177.0.0.1`), private and metadata addresses (`10.1`, `0xa9.0xfe.0xa9.0xfe`), IPv6
loopback and names that resolve inside are refused; in production only the known push
services are accepted, and a name is looked up once and only its checked, public
answers are connected to.

There is no DNS on the test machines (and tests must not depend on it), so where a
name has to resolve to a chosen address, `socket.getaddrinfo` is replaced for that
name only (`resolve_as`); `localhost` and numeric hosts still go to the real resolver.
"""

from __future__ import annotations

import socket

import pytest

from dossier.domain.push_devices import InvalidSubscription, check_endpoint
from dossier.notify import endpoints
from dossier.notify.net_addresses import AddressRefused

# What the old rules let through: loopback, a private and the metadata address as
# numbers, and names with a trailing dot. (IPv6 loopback, `localhost` and one-number
# forms were refused already; tests/integration/test_push_send_addresses.py sends to
# all of them.)
INSIDE = [
    "https://127.1/x",
    "https://0x7f.0.0.1/",
    "https://0177.0.0.1/",
    "https://10.1/",
    "https://0xa9.0xfe.0xa9.0xfe/",  # 169.254.169.254, the cloud metadata service
    "https://127.0.0.1./",
    "https://localhost./",
    "https://push.example.0x7f/",  # a last label that is a number makes it an address
]
PUSH_SERVICES = [
    "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABm",
    "https://web.push.apple.com/QGuQyavXutnMH",
    "https://wns2-am3p.notify.windows.com/w/?token=BQYAAAB",
]


def resolve_as(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    """`name` resolves to these addresses. Replaces getaddrinfo for those names only,
    because there is no DNS here; everything else goes to the real resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# -- what a browser sends (the subscribe route) -----------------------------------------


@pytest.mark.parametrize("endpoint", INSIDE)
def test_under_production_rules_an_endpoint_inside_the_network_is_refused(endpoint: str) -> None:
    with pytest.raises(InvalidSubscription) as refused:
        check_endpoint(endpoint, allow_local=False)
    assert refused.value.reason == "endpoint_host"


@pytest.mark.parametrize("endpoint", INSIDE[:6])
def test_loopback_written_as_a_number_is_refused_even_for_the_local_test_service(
    endpoint: str,
) -> None:
    """Outside production only the literal names localhost and 127.0.0.1 may be local."""
    with pytest.raises(InvalidSubscription) as refused:
        check_endpoint(endpoint, allow_local=True)
    assert refused.value.reason == "endpoint_host"
    assert check_endpoint("http://127.0.0.1:8123/push/1", allow_local=True)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://push.example.com/x",
        "https://fcm.googleapis.com.evil.example/fcm/send/x",
        "https://evilpush.apple.com.example/x",
        "https://notify.windows.com.example/x",
    ],
)
def test_in_production_any_other_host_is_refused(endpoint: str) -> None:
    """Anyone can make a name point anywhere; the push services' names are Google's,
    Mozilla's, Apple's and Microsoft's. Outside production the rule does not apply."""
    with pytest.raises(InvalidSubscription) as refused:
        check_endpoint(endpoint, allow_local=False)
    assert refused.value.reason == "endpoint_host"
    assert check_endpoint(endpoint, allow_local=True) == endpoint


# -- where a name leads (checked when sending) ------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.5",
        "192.168.1.10",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104  (an answer to refuse, not a bind)
        "224.0.0.1",
        "::1",
        "::ffff:127.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "fd00::1",
        "fe80::1",
    ],
)
def test_a_push_service_name_that_resolves_inside_the_network_is_not_connected_to(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    """getaddrinfo is replaced for this one name: there is no DNS here."""
    resolve_as(monkeypatch, {"fcm.googleapis.com": ["142.250.102.95", address]})
    for allow_local in (False, True):
        with pytest.raises(AddressRefused) as refused:
            endpoints.connectable("fcm.googleapis.com", 443, allow_local=allow_local)
        assert refused.value.address == address


@pytest.mark.parametrize("endpoint", PUSH_SERVICES)
def test_a_global_push_host_is_accepted_and_connected_at_the_addresses_that_were_checked(
    monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    """getaddrinfo is replaced for this one name: there is no DNS here."""
    host = endpoint.split("/")[2]
    resolve_as(monkeypatch, {host: ["142.250.102.95", "2a00:1450:400c:c00::5f"]})
    assert check_endpoint(endpoint, allow_local=False) == endpoint
    assert endpoints.connectable(host, 443, allow_local=False) == [
        ("142.250.102.95", 443),
        ("2a00:1450:400c:c00::5f", 443),
    ]


def test_localhost_leads_to_loopback_only_for_the_local_test_service() -> None:
    """Really resolved: localhost is in every hosts file."""
    with pytest.raises(AddressRefused):
        endpoints.connectable("localhost", 8123, allow_local=False)
    assert ("127.0.0.1", 8123) in endpoints.connectable("localhost", 8123, allow_local=True)
    assert endpoints.connectable("127.0.0.1", 8123, allow_local=True) == [("127.0.0.1", 8123)]
