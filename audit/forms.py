from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class EventFilter(forms.Form):
    """What the events page and its CSV are narrowed to; every field may stay empty."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Part of its name, also of an organisation that no longer exists."),
    )

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("“From” is after “Until”: swap the dates."))
        return data

    def filter(self, events):
        """`events` narrowed to the form's (valid) choices."""
        data = self.cleaned_data
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("organisation"):
            events = events.filter(organisation_name__icontains=data["organisation"])
        return events
