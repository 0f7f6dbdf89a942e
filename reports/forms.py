"""What a share link shows the client besides the results, and which downloads it offers: chosen
when the link is made."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import DOWNLOADS, ShareLink

# A new link's downloads: both PDFs (what every link offered before the choice existed).
NEW_LINK_DOWNLOADS = {"full_pdf": True, "summary_pdf": True, "deck": False, "document": False}


class ShareLinkForm(forms.ModelForm):
    """Evidence: none or the file names only; notes: yes or no. Left out, both stay hidden.

    Downloads: a checkbox each. The share panel's form says it offers them (`downloads_chosen`),
    so an unticked box means "not offered", and none ticked leaves the results page alone. A post
    without that field (a page from before the choice existed) gets a new link's defaults: both
    PDFs, no deck, no document."""

    evidence = forms.ChoiceField(
        label=_("Evidence"),
        choices=ShareLink.Evidence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    downloads_chosen = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ShareLink
        fields = ["evidence", "notes", *DOWNLOADS]
        labels = {
            "notes": _("Show the notes typed with the answers"),
            "full_pdf": _("Report (PDF) with the answer appendix"),
            "summary_pdf": _("Summary only (PDF)"),
            "deck": pgettext_lazy("deck", "Deck (PowerPoint)"),
            "document": _("Word document (DOCX)"),
        }
        help_texts = {
            "full_pdf": _(
                "Choose none to share the results page only, without anything to download."
            ),
        }

    def clean_evidence(self) -> str:
        return self.cleaned_data["evidence"] or ShareLink.Evidence.NONE

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("downloads_chosen"):
            cleaned |= NEW_LINK_DOWNLOADS
        return cleaned
