"""Which hosts and addresses the server may connect to when someone else names them.

A push endpoint is an address a browser gave us, so whoever sends it chooses where the
server connects. Nothing inside our own network may be reachable that way: not
loopback, not private or link-local ranges (169.254.169.254 is the cloud metadata
service), not the special ranges. Two places check:

* the name itself (`is_host_name`): an ordinary DNS name with at least two labels that
  no resolver reads as a number. `127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `10.1` and
  `2130706433` are all IPv4 addresses to `inet_aton`, to getaddrinfo and to a browser's
  URL parser (a host whose last label is a number is an IPv4 address), so they are
  refused with the literal addresses;
* the addresses it resolves to (`connectable`), looked up once, right before
  connecting: every answer must be a public address (`is_public`), and the connection
  is then made to exactly those answers, never to a second lookup, so a name that
  changes its answer in between (DNS rebinding) cannot lead inside.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketAddress = tuple[str, int]

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_NUMBER = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")  # what URL parsers read as a number
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class AddressRefused(Exception):
    """The host resolves to an address the server will not connect to. Deliberately not
    an OSError: HTTP libraries retry those, and this must end the request at once."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host = host
        self.address = address


def ip_literal(host: str) -> Address | None:
    """The address a host names directly, or None for a name: the usual IPv4 and IPv6
    forms (with or without brackets) and the legacy numeric IPv4 forms that
    `inet_aton` (and so getaddrinfo) accepts: `127.1`, `0x7f.0.0.1`, `0177.0.0.1`."""
    text = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    if not text or not all(ch.isalnum() or ch == "." for ch in text):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except OSError:
        return None


def is_host_name(host: str) -> bool:
    """An ordinary DNS name of two or more labels (letters, digits, hyphens; no empty
    label, so no trailing dot) that nothing reads as an IP address."""
    host = host.lower()
    if len(host) > 253 or ip_literal(host) is not None:
        return False
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return False
    return not _NUMBER.match(labels[-1])


def _embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to (mapped, 6to4, Teredo, NAT64)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if any(address in network for network in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [inner for inner in found if inner is not None]


def is_public(address: Address) -> bool:
    """An address on the public internet: not loopback, private, link-local, shared
    (100.64/10), multicast, reserved or unspecified, also not through an IPv6 form
    that carries such an IPv4 address (`::ffff:127.0.0.1`, 6to4, NAT64)."""
    if not address.is_global or address.is_multicast or address.is_reserved:
        return False
    return all(is_public(inner) for inner in _embedded_ipv4(address))


def is_loopback(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def connectable(
    host: str, port: int, *, loopback_names: Collection[str] = ()
) -> list[SocketAddress]:
    """Resolve `host` once and return the (address, port) pairs to connect to: every
    answer must be public, or, for a name in `loopback_names` (the local test push
    service outside production), loopback. Connect to these and nothing else.

    Raises AddressRefused when any answer is not allowed, and socket.gaierror when
    the name does not resolve."""
    local = host.lower().rstrip(".") in loopback_names
    targets: list[SocketAddress] = []
    for _family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        text = str(sockaddr[0])
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError as bad:  # getaddrinfo answers with numeric addresses only
            raise AddressRefused(host, text) from bad
        if not (is_loopback(address) if local else is_public(address)):
            raise AddressRefused(host, text)
        if (text, int(sockaddr[1])) not in targets:
            targets.append((text, int(sockaddr[1])))
    if not targets:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
    return targets
