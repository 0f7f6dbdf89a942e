from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .markdown import clean
from .models import MAX_LENGTH


class NarrativeForm(forms.Form):
    """One text. Emptying it removes the text; longer than MAX_LENGTH is refused, with its
    length, before anything is stored."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_text(self) -> str:
        text = clean(self.cleaned_data["text"])
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "A text can be at most %(limit)s characters long; this one has %(length)s. "
                    "Shorten it: nothing was saved."
                ),
                params={
                    "limit": number_format(MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(text), force_grouping=True),
                },
                code="too_long",
            )
        return text
