from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Membership
from .sign_on import validate_issuer


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.CONSULTANT
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InviteeAccount:
    """For the invitee's new account: the e-mail address is the one the invitation went to."""

    password = True  # False: the account gets no usable password

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["username"].widget.attrs["autofocus"] = True  # type: ignore[attr-defined]

    def save(self, commit=True):
        user = super().save(commit=False)  # type: ignore[misc]
        user.email = self.email
        if not self.password:
            user.set_unusable_password()
        if commit:
            user.save()
        return user


class NewMemberForm(InviteeAccount, auth_forms.BaseUserCreationForm):
    """The invitee's new account: a username, a name and a password (Django's validators)."""

    class Meta(auth_forms.BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")


class IdentityProviderForm(forms.Form):
    """The consultancy's OpenID Connect provider, as its owner enters it. The secret is
    write-only: never shown back, and left empty it keeps the stored one."""

    name = forms.CharField(
        label=_("Name on the login button"),
        max_length=40,
        help_text=_("The button reads “Log in with …” followed by this name."),
    )
    server_url = forms.CharField(
        label=_("Issuer URL"),
        max_length=200,
        help_text=_(
            "Your provider's issuer, such as https://login.example.com/realms/staff; the site "
            "reads its /.well-known/openid-configuration."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    client_id = forms.CharField(
        label=_("Client ID"),
        max_length=191,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )

    def __init__(self, *args, has_secret: bool, provider_id_taken: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        self.provider_id_taken = provider_id_taken
        if has_secret:
            self.fields["secret"].help_text = _(
                "A secret is stored; it is never shown. Leave this empty to keep it."
            )

    def clean_server_url(self) -> str:
        url = self.cleaned_data["server_url"]
        validate_issuer(url)
        return url

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if secret != secret.strip():
            raise forms.ValidationError(_("The secret may not start or end with a space."))
        if not secret and not self.has_secret:
            raise forms.ValidationError(_("Enter the client secret your provider gave."))
        return secret

    def clean(self):
        cleaned = super().clean()
        if self.provider_id_taken:
            raise forms.ValidationError(
                _(
                    "Another identity provider already uses this consultancy's short name; "
                    "ask platform staff to rename it in the admin."
                )
            )
        return cleaned


class SsoOnlyForm(forms.Form):
    sso_only = forms.BooleanField(label=_("Single sign-on only"), required=False)


class SsoMemberForm(InviteeAccount, forms.ModelForm):
    """The invitee's new account in a "single sign-on only" consultancy: a username and a name,
    no password (they log in through the consultancy's identity provider)."""

    password = False

    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name")
