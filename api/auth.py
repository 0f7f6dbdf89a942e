"""Who is calling: a bearer token in the Authorization header, and how often it may call."""

from typing import cast

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from cxscan import ratelimit

from .models import ApiToken

# Per token, across all endpoints. A dashboard refreshing a few scans every minute stays far
# below it; a script looping without pause is slowed to it.
RATE = "120/m"


class TokenRequest(HttpRequest):
    """A request that passed BearerToken: ninja has put its ApiToken in `auth` (a type for the
    checker only, as cxscan.requests.AuthenticatedHttpRequest)."""

    auth: ApiToken


class BearerToken(HttpBearer):
    """`Authorization: Bearer cxs_…`. Returns the ApiToken (ninja puts it in `request.auth`);
    None (a 401) for a missing, unknown or revoked token or an inactive user."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return ApiToken.authenticate(token)


class PerTokenThrottle(BaseThrottle):
    """Counts each token's requests per minute in an atomic database counter
    (cxscan.ratelimit), shared by every server process: the limit holds for parallel requests
    too, with or without a shared cache."""

    def __init__(self):
        num_requests, duration = SimpleRateThrottle(RATE).parse_rate(RATE)
        assert num_requests is not None and duration is not None  # RATE is set
        self.num_requests, self.duration = num_requests, duration
        self.retry_after: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        token = cast(TokenRequest, request).auth  # ninja throttles after authentication
        counted = ratelimit.hit(f"api:{token.pk}", self.num_requests, self.duration)
        self.retry_after = None if counted.allowed else counted.retry_after
        return counted.allowed

    def wait(self) -> float | None:
        return self.retry_after
