"""The form that starts a follow-up of a completed scan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from checklists.models import Scan


class FollowUpForm(forms.Form):
    EMPTY, FROM_PREVIOUS = "empty", "previous"

    title = forms.CharField(label=_("Title"), max_length=Scan._meta.get_field("title").max_length)
    start = forms.ChoiceField(
        label=_("Start"),
        choices=[
            (
                FROM_PREVIOUS,
                _("From the previous answers: each one is marked until you confirm or change it"),
            ),
            (EMPTY, _("Empty: every statement unanswered")),
        ],
        initial=FROM_PREVIOUS,
        widget=forms.RadioSelect,
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the follow-up scan a title."))
        return title
