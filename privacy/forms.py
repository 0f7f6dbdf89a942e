"""Confirmations: the organisation's name typed before it is erased, the password before an
account is deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    """The organisation's name, typed exactly (spaces around it and letter case aside)."""

    name = forms.CharField(label=_("Type the organisation's name to confirm"), max_length=200)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["name"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if name.casefold() != self.organisation.name.strip().casefold():
            raise forms.ValidationError(
                _("That is not the organisation's name. Nothing was erased."), code="mismatch"
            )
        return name


class DeleteAccountForm(forms.Form):
    """The user's password, asked again before their account is deleted."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Your account was not deleted."), code="wrong"
            )
        return password
