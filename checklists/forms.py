from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Scan


class BootstrapForm:
    """Give widgets Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id the database cannot hold is refused before it is looked up.

    Django looks the posted ids up with `pk__in`, which sends them as they are: SQLite cannot
    even take an integer beyond 64 bits (OverflowError, a server error). The primary key's own
    validators know the range of its column in the database in use.
    """

    def _check_values(self, value):
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
        return super()._check_values(value)


class OrganisationForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "size_band", "consultants"]
        widgets = {"consultants": forms.CheckboxSelectMultiple}
        field_classes = {"consultants": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["consultants"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        self.fields["consultants"].required = False
        self.fields["consultants"].help_text = _(
            "Colleagues who may also see this organisation. You always keep access yourself."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the organisation a name."))
        return name

    def save(self, commit=True):
        organisation = super().save(commit=commit)
        if commit and not self.user.is_staff:
            organisation.consultants.add(self.user)
        return organisation


class ScanForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = Scan
        fields = ["title", "language"]
        widgets = {"language": forms.RadioSelect}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100)
