"""The address of the person making a request, seen through the service's reverse proxies."""

import ipaddress

from django.conf import settings
from python_ipware.modern.parsers import parse_ip


def _address(token: str) -> str | None:
    """One address as PostgreSQL stores it (ports, brackets and IPv6 zones dropped), or None."""
    ip = parse_ip(token)
    if ip is None:
        return None
    return str(ipaddress.ip_address(ip.packed))


def client_address(request) -> str | None:
    """The client's address: `PROXY_COUNT` hops from the right of X-Forwarded-For.

    Each proxy appends the address it was connected from, so only the last PROXY_COUNT entries
    were written by the service's own proxies; anything to their left came from the client and
    is never read. With PROXY_COUNT=0 the header is ignored entirely. A header that is missing,
    too short (the request did not pass every proxy) or malformed where it matters gives the
    connection's own address instead (README: Signing in securely, docs/deployment.md).
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    if len(hops) < count:
        return remote
    return _address(hops[-count].strip()) or remote
