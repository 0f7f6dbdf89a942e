"""The user of every request, read with their membership and its consultancy in one query.

Every page needs the membership (the access checks and `RequireMfaMiddleware` read it through
`membership_of`), so `get_user` fetches it along with the user instead of a second query. The
backend authenticates nobody itself (its `authenticate` is `BaseBackend`'s, which returns None):
passwords stay with the backends before it (axes, Django's, allauth's), so a failed login costs
no extra password hash. A login by any of them is then switched to this backend for the rest of
the session (`use_for_session`, on `user_logged_in`). Sessions that began before hold the
backend that logged them in; it stays in AUTHENTICATION_BACKENDS, so they stay valid (with the
second query) until their next login.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import BaseBackend

PATH = f"{__name__}.MembershipBackend"


class MembershipBackend(BaseBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membership__consultancy")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        # As Django's ModelBackend: an account made inactive is logged out.
        return user if getattr(user, "is_active", True) else None


def use_for_session(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: the session reads its user through `MembershipBackend`."""
    session = getattr(request, "session", None)
    if session is not None and session.get(BACKEND_SESSION_KEY) != PATH:
        session[BACKEND_SESSION_KEY] = PATH
