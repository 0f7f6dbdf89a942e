from django import forms
from django.contrib.auth import get_user_model
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


class OrganisationForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "size_band", "consultants"]
        widgets = {"consultants": forms.CheckboxSelectMultiple}

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
