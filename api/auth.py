"""Who is calling: a bearer token in the Authorization header, and how often it may call."""

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from .models import ApiToken

# Per token, across all endpoints. A dashboard refreshing a few scans every minute stays far
# below it; a script looping without pause is slowed to it.
RATE = "120/m"


class BearerToken(HttpBearer):
    """`Authorization: Bearer cxs_…`. Returns the ApiToken (ninja puts it in `request.auth`);
    None (a 401) for a missing, unknown or revoked token or an inactive user."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return ApiToken.authenticate(token)


class PerTokenThrottle(SimpleRateThrottle):
    """Counts each token's requests in the cache (a sliding window). With the default local
    memory cache each server process counts on its own; a shared cache (Redis, Memcached)
    makes the limit hold across processes."""

    cache_format = "api.throttle:%(ident)s"

    def __init__(self):
        super().__init__(RATE)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"ident": request.auth.pk}
