"""Join and vote attempts per client address, counted per minute (cxscan.ratelimit).

A whole room may sit behind one address (the client's office network), so the limits are set
for a room, not for one person; they stop scripts that try codes or flood votes. The counts are
atomic rows in the database, shared by every server process: the limit holds under parallel
requests, with or without a shared cache.
"""

from django.http import HttpRequest

from cxscan import ratelimit
from cxscan.client_address import client_ip

WINDOW_SECONDS = 60
LIMITS = {
    "code": 30,  # codes typed at /w/ or opened as /w/<code>/ that do not exist
    "join": 120,  # participants joining
    "vote": 3000,  # votes and comments: 50 a second from one network
}


def _key(request: HttpRequest, action: str) -> str:
    return f"workshops:{action}:{client_ip(request)}"


def exceeded(request: HttpRequest, action: str) -> bool:
    """Whether this address used up its attempts this minute (without counting one)."""
    return ratelimit.used(_key(request, action)) >= LIMITS[action]


def allow(request: HttpRequest, action: str) -> bool:
    """Count one attempt; False once the address made more than the limit this minute."""
    return ratelimit.hit(_key(request, action), LIMITS[action], WINDOW_SECONDS).allowed
