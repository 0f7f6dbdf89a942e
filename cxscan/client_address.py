"""The client's address: whom a request comes from, for lockouts and rate limits.

Used by django-axes (settings.AXES_CLIENT_IP_CALLABLE), password reset limits and workshop limits.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, which lockouts count failures for.

    Behind our proxy every request comes from the proxy, which appends the address it saw to
    X-Forwarded-For: the last entry is that address, anything before it the client may have
    made up. Without a proxy X-Forwarded-For is the client's own claim and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:  # no header (a request that bypassed the proxy) or not an address
        return remote
