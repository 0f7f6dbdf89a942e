"""What a share link shows the client besides the results: chosen when the link is made."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ShareLink


class ShareLinkForm(forms.ModelForm):
    """Evidence: none or the file names only; notes: yes or no. Left out, both stay hidden."""

    evidence = forms.ChoiceField(
        label=_("Evidence"),
        choices=ShareLink.Evidence.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ShareLink
        fields = ["evidence", "notes"]
        labels = {"notes": _("Show the notes typed with the answers")}

    def clean_evidence(self) -> str:
        return self.cleaned_data["evidence"] or ShareLink.Evidence.NONE
