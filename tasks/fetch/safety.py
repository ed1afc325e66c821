"""Which URLs the fetcher may request at all (issue 5, "Safety").

A feed or a redirect is untrusted input: an entry pointing at ``file:///etc/passwd`` or at the
cloud metadata address ``http://169.254.169.254/`` must never be requested, or a public feed
could read the crawler's own machine or network. So every URL, and every redirect hop, passes
:func:`check_url` first: only ``http``/``https``, and the host must resolve only to public
addresses unless the operator allowed it by name (``fetch.allow_hosts`` or the environment
variable ``LIQA_FETCH_ALLOW_HOSTS=127.0.0.1,localhost``; the tests use this for their loopback
server).

Known limit: the address is checked when the URL is checked and resolved again by the HTTP
client, so a DNS server that answers differently within a second (DNS rebinding) is not stopped
here; run the crawler without access to private networks if that matters.
"""
from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
ENV_ALLOW = "LIQA_FETCH_ALLOW_HOSTS"


class Refused(Exception):
    """A URL the fetcher will not request; ``rule`` is the quarantine rule name."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


def allowed_hosts(configured: Iterable[str] = ()) -> frozenset[str]:
    """Host names (or literal addresses) allowed to resolve to private addresses.

    The setting and the environment variable add up, so a test can allow its loopback server
    without editing the settings file.
    """
    names = [h for h in configured if h]
    names += os.environ.get(ENV_ALLOW, "").split(",")
    return frozenset(h.strip().lower().strip("[]") for h in names if h.strip())


def is_public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address on the public internet.

    ``is_global`` alone would let through shared/reserved ranges on some Python versions; the
    explicit list mirrors the issue: loopback, private, link-local (includes 169.254.169.254),
    unspecified, multicast, reserved. IPv4-mapped IPv6 is judged by its IPv4 part.
    """
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    bad = (addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_unspecified
           or addr.is_multicast or addr.is_reserved or not addr.is_global)
    return not bad


def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """All addresses ``host`` resolves to (a literal address resolves to itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused("dns_error", f"host {host!r} does not resolve: {exc}") from None
    out = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        out.append(ipaddress.ip_address(raw))
    return out


def check_url(url: str, allow: frozenset[str] = frozenset()) -> None:
    """Raise :class:`Refused` unless ``url`` is http(s) to a public host or an allowed name."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused("bad_url", f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise Refused("bad_scheme", f"scheme {scheme or '(none)'!r} is not fetched; only http and https are")
    host = (parts.hostname or "").lower()
    if not host:
        raise Refused("bad_url", f"URL {url!r} has no host")
    if host in allow:
        return
    port = port or (443 if scheme == "https" else 80)
    for addr in resolve(host, port):
        if not is_public(addr):
            raise Refused("blocked_address",
                          f"host {host!r} resolves to non-public address {addr}; allow it by name in fetch.allow_hosts")
