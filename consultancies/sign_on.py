"""Single sign-on per consultancy: an identity provider logs in members of its own consultancy
only (its application's settings name the consultancy: {"consultancy": "<slug>"}); one that
names none logs in nobody. Another consultancy's provider cannot log in our members, whatever
address it vouches for."""

from typing import Any

from allauth.socialaccount.models import SocialLogin

from cxscan.accounts import SocialAccountAdapter

from .models import membership_of


def provider_consultancy(sociallogin: SocialLogin) -> str | None:
    """The slug of the consultancy the identity provider's application names, if any."""
    provider = sociallogin.provider or sociallogin.account.get_provider()
    app = provider.app
    return (app.settings or {}).get("consultancy") if app is not None else None


class ConsultancySignOnAdapter(SocialAccountAdapter):
    def may_sign_on(self, sociallogin: SocialLogin, user: Any) -> bool:
        if not super().may_sign_on(sociallogin, user):
            return False
        membership = membership_of(user)
        named = provider_consultancy(sociallogin)
        return membership is not None and named is not None and membership.consultancy.slug == named
