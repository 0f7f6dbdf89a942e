from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, so you know which one to revoke later."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.user.api_tokens.active().count() >= ApiToken.MAX_ACTIVE_PER_USER:
            raise forms.ValidationError(
                _("You have %(count)d active tokens, the most there may be. Revoke one first.")
                % {"count": ApiToken.MAX_ACTIVE_PER_USER}
            )
        return super().clean()
