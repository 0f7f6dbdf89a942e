"""Forms for organisations (colleagues by name, a list only for platform staff), scans and
search. Colleagues are always members of the organisation's consultancy."""

import re

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultancies.models import Consultancy, consultancy_of, members_of

from .models import Organisation, Scan


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id the database cannot hold is refused before it is looked up.

    Django looks the posted ids up with `pk__in`, which sends them as they are: SQLite cannot
    even take an integer beyond 64 bits (OverflowError, a server error). The primary key's own
    validators know the range of its column in the database in use.
    """

    def _check_values(self, value):
        assert self.queryset is not None  # set when the field is made
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for pk in value:
            try:
                key.run_validators(key.to_python(pk))
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                ) from None
        # Private in Django, so django-stubs does not declare it.
        return super()._check_values(value)  # type: ignore[misc]


class BaseOrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "size_band"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A new organisation gets its creator's consultancy (platform staff choose one).
        self.consultancy: Consultancy | None = (
            self.instance.consultancy if self.instance.pk else consultancy_of(user)
        )

    def save(self, commit=True):
        if not self.instance.pk and self.consultancy is not None:
            self.instance.consultancy = self.consultancy
        return super().save(commit=commit)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the organisation a name."))
        return name


class OrganisationForm(BaseOrganisationForm):
    """A consultant's organisation form: colleagues are added by exact username or e-mail.

    A consultant never sees a list of every account, only the colleagues who already share the
    organisation (and may remove them). The consultant always keeps access.
    """

    remove_colleagues = ModelMultipleChoiceField(
        label=_("Colleagues with access"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You always keep access yourself."),
    )
    add_colleagues = forms.CharField(
        label=_("Add colleagues (username or e-mail)"),
        required=False,
        max_length=1000,
        help_text=_("Separate several with commas. They will see this organisation and its scans."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add_colleagues"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            colleagues = self.instance.consultants.exclude(pk=self.user.pk).order_by("username")
        else:
            colleagues = get_user_model().objects.none()
        if colleagues.exists():
            remove = self.fields["remove_colleagues"]
            assert isinstance(remove, forms.ModelMultipleChoiceField)  # declared so above
            remove.queryset = colleagues
            # The field's own labelling function, as Django allows; the stubs know it as a method.
            remove.label_from_instance = colleague_label  # type: ignore[method-assign,assignment]
        else:
            del self.fields["remove_colleagues"]

    def clean_add_colleagues(self):
        """The active accounts named, each by its exact username or its e-mail address.

        An unknown name gets the same message whether or not such an account exists but is
        inactive. An e-mail address is not unique in Django's user model; one that several
        accounts share is refused rather than attaching all of them.
        """
        User = get_user_model()
        accounts = User.objects.none() if self.consultancy is None else members_of(self.consultancy)
        found, errors = [], []
        for entry in re.split(r"[\s,;]+", self.cleaned_data["add_colleagues"]):
            if not entry:
                continue
            matches = list(accounts.filter(**{User.USERNAME_FIELD: entry}))
            if not matches:
                email = {f"{User.get_email_field_name()}__iexact": entry}
                matches = list(accounts.filter(**email)[:2])
            if len(matches) == 1:
                found.append(matches[0])
            elif not matches:
                message = _("No colleague with the username or e-mail “%(entry)s”.")
                errors.append(forms.ValidationError(message, params={"entry": entry}))
            else:
                message = _("Several accounts use “%(entry)s”; give the username instead.")
                errors.append(forms.ValidationError(message, params={"entry": entry}))
        if errors:
            raise forms.ValidationError(errors)
        return found

    def save(self, commit=True):
        organisation = super().save(commit=commit)
        if commit:
            organisation.consultants.remove(*self.cleaned_data.get("remove_colleagues", []))
            organisation.consultants.add(self.user, *self.cleaned_data["add_colleagues"])
        return organisation


class StaffOrganisationForm(BaseOrganisationForm):
    """Platform staff (superusers) see every organisation anyway; they choose its consultants
    from the members of its consultancy (and, for a new one, the consultancy)."""

    consultancy_choice = forms.ModelChoiceField(
        label=_("Consultancy"), queryset=Consultancy.objects.order_by("name")
    )

    class Meta(BaseOrganisationForm.Meta):
        fields = [*BaseOrganisationForm.Meta.fields, "consultants"]
        widgets = {"consultants": forms.CheckboxSelectMultiple}
        field_classes = {"consultants": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        consultants = self.fields["consultants"]
        assert isinstance(consultants, forms.ModelMultipleChoiceField)  # Meta.field_classes
        if self.instance.pk:
            del self.fields["consultancy_choice"]
            accounts = members_of(self.instance.consultancy)
        else:
            accounts = get_user_model().objects.filter(is_active=True, membership__isnull=False)
        consultants.queryset = accounts.order_by("username")
        self.fields["consultants"].required = False

    def clean(self):
        cleaned = super().clean() or {}
        if "consultancy_choice" in self.fields:
            self.consultancy = cleaned.get("consultancy_choice")
        chosen = cleaned.get("consultants") or []
        if self.consultancy is not None and any(
            consultancy_of(account) != self.consultancy for account in chosen
        ):
            self.add_error(
                "consultants", _("Only members of the organisation’s consultancy can see it.")
            )
        return cleaned


def organisation_form(user, *args, **kwargs) -> BaseOrganisationForm:
    """Only platform staff get a list of accounts; a consultant names the colleagues to add."""
    form_class = StaffOrganisationForm if user.is_superuser else OrganisationForm
    return form_class(*args, user=user, **kwargs)


def colleague_label(user) -> str:
    full_name = user.get_full_name()
    name = f"{full_name} ({user.get_username()})" if full_name else user.get_username()
    return gettext("Remove %(name)s") % {"name": name}


class ScanForm(forms.ModelForm):
    class Meta:
        model = Scan
        fields = ["title", "language"]
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form, its csrf token and button
        self.helper.disable_csrf = True
        self.helper.layout = Layout("title", InlineRadios("language"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100)
