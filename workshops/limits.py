"""Join and vote attempts per client address, counted in the cache per minute.

A whole room may sit behind one address (the client's office network), so the limits are set
for a room, not for one person; they stop scripts that try codes or flood votes.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from cxscan.accounts import client_ip

WINDOW_SECONDS = 60
LIMITS = {
    "code": 30,  # codes typed at /w/ or opened as /w/<code>/ that do not exist
    "join": 120,  # participants joining
    "vote": 3000,  # votes and comments: 50 a second from one network
}


def _key(request: HttpRequest, action: str) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    return f"workshops.limit:{action}:{client_ip(request)}:{window}"


def exceeded(request: HttpRequest, action: str) -> bool:
    """Whether this address used up its attempts this minute (without counting one)."""
    return (cache.get(_key(request, action)) or 0) >= LIMITS[action]


def allow(request: HttpRequest, action: str) -> bool:
    """Count one attempt; False once the address made more than the limit this minute."""
    key = _key(request, action)
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    return count <= LIMITS[action]
