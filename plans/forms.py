"""Forms for improvement actions and the KPI baseline (grouped counts, checked by kpis.py)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from checklists.models import Item

from . import kpis
from .models import DIRECT_RANGES, ImprovementAction, KpiBaseline

# Impact and effort as a labelled 1–5 scale: radio buttons that the action form draws as one
# row of buttons (templates/plans/_scale_field.html).
IMPACT_SCALE = [
    (1, _("very small")),
    (2, _("small")),
    (3, _("medium")),
    (4, _("large")),
    (5, _("very large")),
]
EFFORT_SCALE = [
    (1, _("very little")),
    (2, _("little")),
    (3, _("moderate")),
    (4, _("a lot")),
    (5, _("very much")),
]


class ImprovementActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["title", "item", "impact", "effort", "owner", "due_date", "status"]
        widgets = {
            "impact": forms.RadioSelect(choices=IMPACT_SCALE, attrs={"class": "btn-check"}),
            "effort": forms.RadioSelect(choices=EFFORT_SCALE, attrs={"class": "btn-check"}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)  # a foreign key's
        item.queryset = Item.objects.active().select_related("area")
        # The field's own labelling function, as Django allows; the stubs know it as a method.
        item.label_from_instance = lambda item: f"{item.area.name}: {item.statement}"  # type: ignore[method-assign,assignment]


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
        _("How many answered 1 (little effort) … 7 (a lot of effort). A lower CES is better."),
    ),
    "csat": (
        _("Customer satisfaction (CSAT)"),
        _("How many answered 1 (very dissatisfied) … 5 (very satisfied)."),
    ),
}
# A known NPS, CES or CSAT entered as a value: label, short name (for messages), its range.
DIRECT_VALUES = {
    "nps": (_("Known NPS (−100 to 100)"), "NPS", _("An NPS lies between −100 and 100.")),
    "ces": (_("Known CES (1 to 7, lower is better)"), "CES", _("A CES lies between 1 and 7.")),
    "csat": (_("Known CSAT (0 to 100%)"), "CSAT", _("A CSAT is a percentage between 0 and 100.")),
}
PAIR_LEGENDS = {
    ("orders_with_contact", "orders"): (
        _("Contact ratio"),
        _(
            "The share of purchases for which the customer sought contact: orders with at least "
            "one customer contact ÷ all orders × 100%. Count an order once, however often the "
            "customer got in touch about it."
        ),
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
    """An optional count of orders: not negative, and what the column holds."""
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


def count(label) -> forms.IntegerField:
    """How many gave one answer: not negative, at most MAX_COUNT."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        error_messages={"min_value": NOT_NEGATIVE},
    )


def direct_value(group) -> forms.DecimalField:
    """A known NPS, CES or CSAT: within the KPI's range, one decimal at most.

    No limit on the digits: a number far out of range gets the range message alone.
    """
    label, _name, out_of_range = DIRECT_VALUES[group]
    low, high = DIRECT_RANGES[group]
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=high,
        decimal_places=1,
        required=False,
        error_messages={
            "min_value": out_of_range,
            "max_value": out_of_range,
            "max_decimal_places": _("Use at most one decimal."),
        },
    )


def period() -> forms.CharField:
    return forms.CharField(
        label=_("Period"),
        max_length=KpiBaseline._meta.get_field("nps_period").max_length,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Q3 2026")}),
    )


def source() -> forms.CharField:
    return forms.CharField(
        label=_("Source"),
        max_length=KpiBaseline._meta.get_field("nps_source").max_length,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Medallia survey")}),
    )


PLAIN_FIELDS = ("orders_with_contact", "orders", "roi_returns", "roi_investment")


class KpiBaselineForm(forms.Form):
    """Counts per answer for NPS, CES and CSAT (or a known value with its period and source),
    and the inputs of contact ratio and ROI.

    A group left empty is simply not measured; a group that cannot give a value (no responses,
    no orders, no investment) is refused with the reason next to it, and nothing is saved.
    """

    orders_with_contact = whole_number(_("Orders with at least one customer contact"))
    orders = whole_number(_("Orders (purchases)"))
    roi_returns = amount(_("Returns"))
    roi_investment = amount(_("Investment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, str] = {}
        for group, (_field, scale, _formula) in COUNT_GROUPS.items():
            for value in scale:
                self.fields[f"{group}_{value}"] = count(str(value))
            self.fields[f"{group}_value"] = direct_value(group)
            self.fields[f"{group}_period"] = period()
            self.fields[f"{group}_source"] = source()

    @property
    def helper(self) -> FormHelper:
        """The layout, built when the form is rendered: a group's error is known by then.

        Each count group is a fieldset; its error (e.g. no responses at all) shows under its
        fields and the fieldset points to it with aria-describedby. Below the counts, the known
        value with its period and source.
        """
        parts = []
        for group, (legend, help_text) in COUNT_LEGENDS.items():
            names = [f"{group}_{value}" for value in COUNT_GROUPS[group][1]]
            fields = [Field(name, template="plans/_count_field.html") for name in names]
            error, attrs = self._count_errors(names), {}
            if group in self.group_errors:
                error_id = f"{group}-error"
                error += [
                    HTML(
                        f'<div class="text-danger small mt-2" id="{error_id}">'
                        f"{{{{ form.group_errors.{group} }}}}</div>"
                    )
                ]
                attrs = {"aria_describedby": error_id}
            direct = Row(
                Column(f"{group}_value", css_class="col-sm-6 col-lg-4"),
                Column(f"{group}_period", css_class="col-sm-6 col-lg-3"),
                Column(f"{group}_source", css_class="col-lg-5"),
                css_class="g-2 mt-2",
            )
            fieldset = _fieldset(
                legend,
                help_text,
                Div(*fields, css_class="count-fields"),
                *error,
                HTML(
                    format_html(
                        '<p class="small text-body-secondary mt-3 mb-0">{}</p>',
                        _(
                            "Or, if only the outcome is known, enter it with when and where it "
                            "was measured."
                        ),
                    )
                ),
                direct,
                **attrs,
            )
            parts.append(fieldset)
        for pair, (legend, help_text) in PAIR_LEGENDS.items():
            columns = [Column(name, css_class="col-sm-6") for name in pair]
            parts.append(_fieldset(legend, help_text, Row(*columns, css_class="g-2")))
        helper = FormHelper(self)
        helper.form_tag = False  # the template holds the form, its csrf token and buttons
        helper.disable_csrf = True
        helper.layout = Layout(*parts)
        return helper

    def _count_errors(self, names) -> list:
        """The errors of a row of counts, each across the row below it rather than under its
        narrow field (one word per line), starting with the answer it is about. Each input
        points to its own with aria-describedby, as Django sets it.

        Rendered from the bound fields in the template, like the group errors: crispy compiles
        an HTML part as a template, so no message is pasted into one.
        """
        return [
            HTML(
                f'<div class="invalid-feedback d-block" id="{{{{ form.{name}.auto_id }}}}_error">'
                f'<strong>{{{{ form.{name}.label }}}}: {{{{ form.{name}.errors|join:" " }}}}'
                "</strong></div>"
            )
            for name in names
            if self[name].errors
        ]

    @classmethod
    def initial_from(cls, baseline: KpiBaseline | None) -> dict:
        if baseline is None:
            return {}
        initial = {name: getattr(baseline, name) for name in PLAIN_FIELDS}
        for group, (field, scale, _formula) in COUNT_GROUPS.items():
            for value, number in zip(scale, getattr(baseline, field) or [], strict=False):
                initial[f"{group}_{value}"] = number
            for part in ("value", "period", "source"):
                initial[f"{group}_{part}"] = getattr(baseline, f"{group}_{part}")
        return initial

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for group, (field, scale, formula) in COUNT_GROUPS.items():
            raw = [data.get(f"{group}_{value}") for value in scale]
            if all(number is None for number in raw):
                data[field] = None
            else:
                counts = [number or 0 for number in raw]
                try:
                    formula(counts)
                except ValueError as error:
                    self.group_errors[group] = str(error)
                    self.add_error(None, str(error))
                data[field] = counts
            # Counts typed but refused (say, negative) are counts given all the same.
            typed = data[field] is not None or any(f"{group}_{v}" in self.errors for v in scale)
            self._check_direct_value(data, group, counts_given=typed)
        self._check_pair(
            data,
            "orders_with_contact",
            "orders",
            kpis.contact_ratio,
            lambda with_contact, orders: (
                "orders_with_contact" if orders and with_contact > orders else "orders"
            ),
        )
        self._check_pair(
            data, "roi_returns", "roi_investment", kpis.roi, lambda *numbers: "roi_investment"
        )
        return data

    def _check_direct_value(self, data, group, *, counts_given):
        """Counts or a known value, not both; a known value says when and where it was measured."""
        name = DIRECT_VALUES[group][1]
        value_field = f"{group}_value"
        if value_field in self.errors:  # typed but refused (say, out of range): that error says it
            return
        value = data.get(value_field)
        period, source = data.get(f"{group}_period"), data.get(f"{group}_source")
        if value is not None and counts_given:
            self.add_error(
                value_field,
                _("Enter the counts or a known %(kpi)s, not both.") % {"kpi": name},
            )
        elif value is not None:
            if not period and f"{group}_period" not in self.errors:
                self.add_error(
                    f"{group}_period", _("Say when this %(kpi)s was measured.") % {"kpi": name}
                )
            if not source and f"{group}_source" not in self.errors:
                self.add_error(
                    f"{group}_source", _("Say where this %(kpi)s comes from.") % {"kpi": name}
                )
        elif (period or source) and not counts_given:
            self.add_error(
                value_field,
                _("Enter the %(kpi)s or its counts, or clear its period and source.")
                % {"kpi": name},
            )

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
            self.add_error(field_for_error(a, b), str(error))

    def save(self, scan) -> KpiBaseline:
        data = self.cleaned_data
        values = {name: data.get(name) for name in PLAIN_FIELDS}
        for group, (field, _scale, _formula) in COUNT_GROUPS.items():
            values[field] = data.get(field)
            for part in ("value", "period", "source"):
                values[f"{group}_{part}"] = data.get(f"{group}_{part}")
        baseline, _created = KpiBaseline.objects.update_or_create(scan=scan, defaults=values)
        return baseline
