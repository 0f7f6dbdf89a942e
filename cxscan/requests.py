"""The request a view behind login_required receives, typed once.

Django types `request.user` as a user or AnonymousUser; behind login_required it is always our
User, so views there take an AuthenticatedHttpRequest and read `request.user.pk`, `.is_staff`,
its organisations... without checking for the anonymous user again. A type for the checker
only: Django still passes its own HttpRequest (as django-health-check and healthchecks do it).
"""

from typing import TypeGuard

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def is_logged_in(request: HttpRequest) -> TypeGuard[AuthenticatedHttpRequest]:
    """Whether a logged-in user made the request (for a view that serves visitors too)."""
    return request.user.is_authenticated
