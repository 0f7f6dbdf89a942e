from django import forms
from django.utils.translation import gettext_lazy as _

from checklists.models import Area

from .models import NAME_MAX_LENGTH, Workshop


class StartForm(forms.ModelForm):
    """The consultant's choice of areas (all by default) and pace."""

    areas = forms.ModelMultipleChoiceField(
        label=_("Areas this workshop covers"),
        queryset=Area.objects.order_by("position"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one area."),
            "invalid_choice": _("Choose areas from the list."),
            "invalid_pk_value": _("Choose areas from the list."),
        },
    )

    class Meta:
        model = Workshop
        fields = ["areas", "pace", "hide_votes"]
        widgets = {"pace": forms.RadioSelect}


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Workshop code"), max_length=40)

    def clean_code(self) -> str:
        # People type codes in lower case, with spaces or a dash in the middle.
        return "".join(char for char in self.cleaned_data["code"].upper() if char.isalnum())


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Only the consultant sees it, never beside your votes on the screen."),
    )
