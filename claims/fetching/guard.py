"""The guard against server-side request forgery: which URLs and addresses we may contact.

Names are resolved once here; the connection then goes to the checked addresses only
(see transport.py), so a second DNS answer can never point somewhere else.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import BlockedURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_PORTS = {"http": 80, "https": 443}
# Not caught by every Python's ipaddress properties, or addresses that carry an IPv4
# address inside an IPv6 one: refused outright rather than unwrapped.
_BLOCKED_NETWORKS = [
    ipaddress.ip_network(net)
    for net in (
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",
        "198.18.0.0/15",
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "2002::/16",  # 6to4
        "2001::/32",  # Teredo
        "::ffff:0:0/96",  # IPv4-mapped
        "::/96",  # IPv4-compatible (deprecated)
    )
]
# Anything inet_aton would read as an IPv4 address: 2130706433, 0x7f.1, 127.1, 0177.0.0.1.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower-case name or address, without brackets
    port: int
    addresses: tuple[str, ...]  # checked, in the order to try them

    @property
    def key(self) -> str:
        """The politeness key: the host, with the port when it is not the default one."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.key}"


def is_public(address: IPAddress) -> bool:
    if any(address in net for net in _BLOCKED_NETWORKS if net.version == address.version):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as a number means, in any spelling a resolver accepts."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError as exc:
            raise BlockedURL(_("This web address has an invalid host.")) from exc
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise BlockedURL(_("The host %(host)s could not be found.") % {"host": host}) from exc
    found: list[IPAddress] = []
    for *_rest, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise BlockedURL(_("This web address is not valid.")) from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BlockedURL(_("Only http and https web addresses can be fetched."))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BlockedURL(_("This web address has no host."))
    return scheme, host, port or DEFAULT_PORTS[scheme]


def _allowed(host: str, port: int) -> bool:
    shown = f"[{host}]" if ":" in host else host
    allow = {item.lower() for item in settings.FETCH_ALLOW}
    return f"{shown}:{port}" in allow or f"{host}:{port}" in allow


def check_url(url: str) -> Target:
    """Resolve the URL's host and refuse it unless every address it has is public."""
    scheme, host, port = _split(url)
    addresses = resolve(host, port)
    if not addresses:
        raise BlockedURL(_("The host %(host)s could not be found.") % {"host": host})
    if not _allowed(host, port):
        for address in addresses:
            if not is_public(address):
                raise BlockedURL(
                    _("%(host)s is a private or reserved address; it cannot be fetched.")
                    % {"host": host}
                )
    return Target(scheme, host, port, tuple(str(a) for a in addresses))
