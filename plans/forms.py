from django import forms
from django.utils.translation import gettext_lazy as _

from checklists.forms import BootstrapForm
from checklists.models import Item

from . import kpis
from .models import ImprovementAction, KpiBaseline


class ImprovementActionForm(BootstrapForm, forms.ModelForm):
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
    # group: (model field, scale, formula, legend)
    "nps": ("nps_counts", kpis.NPS_SCALE, kpis.nps),
    "ces": ("ces_counts", kpis.CES_SCALE, kpis.ces),
    "csat": ("csat_counts", kpis.CSAT_SCALE, kpis.csat),
}


# What a PositiveIntegerField column holds in PostgreSQL (SQLite would take more).
MAX_INTEGER_COLUMN = 2_147_483_647
# Counts go into a JSON list, which has no limit: a billion responses per answer keeps the sums
# of the formulas exact and far above any survey.
MAX_COUNT = 10**9


class KpiBaselineForm(BootstrapForm, forms.Form):
    """Counts per answer for NPS, CES and CSAT, and the inputs of contact ratio and ROI.

    A group left empty is simply not measured; a group that cannot give a value (no responses,
    no orders, no investment) is refused with the reason next to it, and nothing is saved.
    """

    contacts = forms.IntegerField(
        label=_("Customer contacts"), min_value=0, max_value=MAX_INTEGER_COLUMN, required=False
    )
    orders = forms.IntegerField(
        label=_("Orders (purchases)"), min_value=0, max_value=MAX_INTEGER_COLUMN, required=False
    )
    roi_returns = forms.DecimalField(
        label=_("Returns"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    roi_investment = forms.DecimalField(
        label=_("Investment"), min_value=0, max_digits=14, decimal_places=2, required=False
    )

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
                    widget=forms.NumberInput(attrs={"class": "form-control", "min": 0}),
                )

    def count_fields(self, group):
        return [self[f"{group}_{value}"] for value in COUNT_GROUPS[group][1]]

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
