"""Forms for improvement actions and the KPI baseline (grouped counts, checked by kpis.py)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from checklists.models import Item

from . import kpis
from .models import ImprovementAction, KpiBaseline


class ImprovementActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["title", "item", "impact", "effort", "owner", "due_date", "status"]
        widgets = {
            "impact": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "effort": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.active().select_related("area")
        self.fields["item"].label_from_instance = lambda item: f"{item.code}: {item.statement}"


COUNT_GROUPS = {
    # group: (model field, scale, formula)
    "nps": ("nps_counts", kpis.NPS_SCALE, kpis.nps),
    "ces": ("ces_counts", kpis.CES_SCALE, kpis.ces),
    "csat": ("csat_counts", kpis.CSAT_SCALE, kpis.csat),
}

# The fieldsets of the KPI form: legend and help text.
COUNT_LEGENDS = {
    "nps": (
        _("Net Promoter Score (NPS)"),
        _(
            "How many answered 0, 1, … 10 to “How likely are you to recommend us?”. "
            "Promoters 9–10, detractors 0–6."
        ),
    ),
    "ces": (
        _("Customer Effort Score (CES)"),
        _("How many answered 1 (little effort) … 7 (a lot of effort)."),
    ),
    "csat": (
        _("Customer satisfaction (CSAT)"),
        _("How many answered 1 (very dissatisfied) … 5 (very satisfied)."),
    ),
}
PAIR_LEGENDS = {
    ("contacts", "orders"): (
        _("Contact ratio"),
        _("The share of purchases that led to a customer contact: contacts ÷ orders × 100%."),
    ),
    ("roi_returns", "roi_investment"): (
        _("Return on investment (ROI)"),
        _("ROI = (returns − investment) ÷ investment × 100%, for a CX improvement initiative."),
    ),
}

# What a PositiveIntegerField column holds in PostgreSQL (SQLite would take more).
MAX_INTEGER_COLUMN = 2_147_483_647
# Counts go into a JSON list, which has no limit: a billion responses per answer keeps the sums
# of the formulas exact and far above any survey.
MAX_COUNT = 10**9
NOT_NEGATIVE = _("This number cannot be negative.")


def _fieldset(legend, help_text, *fields, **attrs):
    """A card with a small legend and a line of help above its fields."""
    return Fieldset(
        format_html('<span class="h6">{}</span>', legend),
        HTML(format_html('<p class="small text-body-secondary mb-2">{}</p>', help_text)),
        *fields,
        css_class="card card-body mb-3",
        **attrs,
    )


def whole_number(label) -> forms.IntegerField:
    """An optional count of contacts or orders: not negative, and what the column holds."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_INTEGER_COLUMN,
        required=False,
        error_messages={"min_value": NOT_NEGATIVE},
    )


def amount(label) -> forms.DecimalField:
    """An optional amount of money (ROI inputs): not negative, cents at most."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        error_messages={"min_value": NOT_NEGATIVE},
    )


class KpiBaselineForm(forms.Form):
    """Counts per answer for NPS, CES and CSAT, and the inputs of contact ratio and ROI.

    A group left empty is simply not measured; a group that cannot give a value (no responses,
    no orders, no investment) is refused with the reason next to it, and nothing is saved.
    """

    contacts = whole_number(_("Customer contacts"))
    orders = whole_number(_("Orders (purchases)"))
    roi_returns = amount(_("Returns"))
    roi_investment = amount(_("Investment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, str] = {}
        for group, (_field, scale, _formula) in COUNT_GROUPS.items():
            for value in scale:
                self.fields[f"{group}_{value}"] = forms.IntegerField(
                    label=str(value),
                    min_value=0,
                    max_value=MAX_COUNT,
                    required=False,
                    widget=forms.NumberInput(attrs={"min": 0}),
                )

    @property
    def helper(self) -> FormHelper:
        """The layout, built when the form is rendered: a group's error is known by then.

        Each count group is a fieldset; its error (e.g. no responses at all) shows under its
        fields and the fieldset points to it with aria-describedby.
        """
        parts = []
        for group, (legend, help_text) in COUNT_LEGENDS.items():
            fields = [
                Field(f"{group}_{value}", wrapper_class="count-field")
                for value in COUNT_GROUPS[group][1]
            ]
            error, attrs = [], {}
            if group in self.group_errors:
                error_id = f"{group}-error"
                error = [
                    HTML(
                        f'<div class="text-danger small mt-2" id="{error_id}">'
                        f"{{{{ form.group_errors.{group} }}}}</div>"
                    )
                ]
                attrs = {"aria_describedby": error_id}
            fieldset = _fieldset(
                legend, help_text, Div(*fields, css_class="d-flex flex-wrap gap-2"), *error, **attrs
            )
            parts.append(fieldset)
        for names, (legend, help_text) in PAIR_LEGENDS.items():
            columns = [Column(name, css_class="col-sm-6") for name in names]
            parts.append(_fieldset(legend, help_text, Row(*columns, css_class="g-2")))
        helper = FormHelper(self)
        helper.form_tag = False  # the template holds the form, its csrf token and buttons
        helper.disable_csrf = True
        helper.layout = Layout(*parts)
        return helper

    @classmethod
    def initial_from(cls, baseline: KpiBaseline | None) -> dict:
        if baseline is None:
            return {}
        initial = {
            name: getattr(baseline, name)
            for name in ("contacts", "orders", "roi_returns", "roi_investment")
        }
        for group, (field, scale, _formula) in COUNT_GROUPS.items():
            for value, count in zip(scale, getattr(baseline, field) or [], strict=False):
                initial[f"{group}_{value}"] = count
        return initial

    def clean(self):
        data = super().clean()
        for group, (field, scale, formula) in COUNT_GROUPS.items():
            raw = [data.get(f"{group}_{value}") for value in scale]
            if all(count is None for count in raw):
                data[field] = None
                continue
            counts = [count or 0 for count in raw]
            try:
                formula(counts)
            except ValueError as error:
                self.group_errors[group] = str(error)
                self.add_error(None, str(error))
            data[field] = counts
        self._check_pair(data, "contacts", "orders", kpis.contact_ratio, "orders")
        self._check_pair(data, "roi_returns", "roi_investment", kpis.roi, "roi_investment")
        return data

    def _check_pair(self, data, first, second, formula, field_for_error):
        a, b = data.get(first), data.get(second)
        if a is None and b is None:
            return
        if a is None or b is None:
            missing = first if a is None else second
            if missing not in self.errors:  # typed but refused (say, negative): that error says it
                self.add_error(missing, _("Fill in both numbers, or neither."))
            return
        try:
            formula(a, b)
        except ValueError as error:
            self.add_error(field_for_error, str(error))

    def save(self, scan) -> KpiBaseline:
        data = self.cleaned_data
        values = {
            name: data.get(name) for name in ("contacts", "orders", "roi_returns", "roi_investment")
        }
        values |= {field: data.get(field) for field, _scale, _formula in COUNT_GROUPS.values()}
        baseline, _created = KpiBaseline.objects.update_or_create(scan=scan, defaults=values)
        return baseline
