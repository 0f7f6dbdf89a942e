"""The results page's forms: targets per area and pillar (saved all or nothing), and starting
a follow-up of a completed scan."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from checklists.models import Scan, active_content_language

from .record import ScanResults
from .targets import Kind, Targets, save_targets

LEVELS = range(1, 6)  # what a target may be (the database checks it too)
PREFIXES = {Kind.AREA: "area-", Kind.PILLAR: "pillar-"}


class QuickSelect(forms.Select):
    """A select written out in Python. Django's widget templates render a template per option:
    for the ten selects of the targets form that took longer than the rest of the results page.

    The attributes are Django's own (id, aria-describedby for help and errors, aria-invalid);
    a field with an error also gets Bootstrap's is-invalid class.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        attrs = dict(widget["attrs"])
        if attrs.get("aria-invalid") == "true":
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


def now(reached, language: str) -> StrOrPromise:
    """The level a section has reached, under its select."""
    if reached is None:
        return _("Now: no level")
    return _("Now: %(level)s") % {"level": f"{reached.number} · {reached.name[language]}"}


class TargetsForm(forms.Form):
    """One select per area and per pillar of the results; empty means no target.

    A field that names no area or pillar of the results is refused, not ignored: it is a
    stale page or a forged request, and nothing of it should be half saved.
    """

    def __init__(self, results: ScanResults, targets: Targets, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = active_content_language()
        choices = [("", _("No target"))] + [
            (level.number, f"{level.number} · {level.name[language]}")
            for level in results.levels
            if level.number in LEVELS
        ]
        self.sections: dict[str, tuple[str, str]] = {}  # field name: (kind, code)
        for kind, sections in ((Kind.AREA, results.areas), (Kind.PILLAR, results.pillars)):
            for section in sections:
                name = f"{PREFIXES[kind]}{section.code}"
                reached = results.level(section.level)
                self.sections[name] = (kind, section.code)
                self.fields[name] = forms.TypedChoiceField(
                    label=section.name[language],
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=targets.of(kind).get(section.code),
                    widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
                    help_text=now(reached, language),
                )

    def clean(self):
        unknown = [
            key
            for key in self.data
            if key.startswith(tuple(PREFIXES.values())) and key not in self.fields
        ]
        if unknown:
            raise forms.ValidationError(
                _("There is no area or pillar “%(code)s” in these results. Reload the page."),
                code="unknown_section",
                params={"code": unknown[0].split("-", 1)[1][:60]},
            )
        return super().clean()

    def save(self, scan) -> bool:
        """Store the targets (all of them or, on an error, none); True if any changed.

        A section whose select was not sent keeps its target: a page opened before an area was
        added does not clear that area's target. An empty select clears it.
        """
        wanted = {
            section: self.cleaned_data[name]
            for name, section in self.sections.items()
            if name in self.data
        }
        return save_targets(scan, wanted)

    @property
    def helper(self) -> FormHelper:
        """Areas beside pillars, a section's name beside its select: compact enough to sit on
        the results page. The template holds the form tag, csrf token and button.

        Each select is written out by its own template: through Django's widget templates (one
        per option) the ten selects took longer to render than the rest of the results page.
        """
        columns = []
        for kind, legend in ((Kind.AREA, _("Areas")), (Kind.PILLAR, _("CXPA pillars"))):
            fields = [
                Field(name, template="scoring/_target_field.html")
                for name, (k, _code) in self.sections.items()
                if k == kind
            ]
            heading = format_html('<span class="h6">{}</span>', legend)
            columns.append(Column(Fieldset(heading, *fields), css_class="col-lg-6"))
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(Row(*columns, css_class="gx-5"))
        return helper


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
        help_text=_(
            "The previous answers come with their notes, confidence, evidence texts and links;"
            " evidence files are not copied."
        ),
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the follow-up scan a title."))
        return title


class PortfolioForm(forms.Form):
    """The portfolio's filters and order, from the query string; every field may be left out."""

    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("asc", _("ascending")), ("desc", _("descending"))],
    )

    def __init__(self, data, *, sectors: list[str], sizes, columns):
        super().__init__(data)
        everything = [("", _("All"))]
        sector, size, sort = self.fields["sector"], self.fields["size"], self.fields["sort"]
        assert isinstance(sector, forms.ChoiceField) and isinstance(size, forms.ChoiceField)
        assert isinstance(sort, forms.ChoiceField)
        sector.choices = everything + [(sector, sector) for sector in sectors]
        size.choices = everything + list(sizes)
        sort.choices = [
            ("name", _("Organisation")),
            ("date", _("Completed")),
            ("change", _("Change")),
        ] + [(column.key, column.label) for column in columns]
