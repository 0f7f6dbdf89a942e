"""The portfolio: the latest completed scan of each organisation as a heatmap."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from checklists.access import organisations_for
from checklists.models import MaturityLevel

from ..forms import PortfolioForm
from ..portfolio import columns as portfolio_columns
from ..portfolio import portfolio_rows, rows_html, sector_choices, size_choices, sorted_rows


@login_required
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    """The latest completed scan of each of the user's organisations (staff: all) as a heatmap."""
    organisations = organisations_for(request.user)
    columns = portfolio_columns()
    form = PortfolioForm(
        request.GET,
        sectors=sector_choices(organisations),
        sizes=size_choices(),
        columns=columns,
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = portfolio_rows(
        organisations, sector=chosen.get("sector", ""), size_band=chosen.get("size", "")
    )
    sort = chosen.get("sort") or "name"
    descending = chosen.get("order") == "desc"
    rows = sorted_rows(rows, sort, descending)
    levels = list(MaturityLevel.objects.all())
    context = {
        "form": form,
        "columns": columns,
        "rows": rows_html(rows, columns, {level.number: level.name for level in levels}),
        "count": len(rows),
        "sort": sort,
        "descending": descending,
        "levels": levels,
    }
    return render(
        request, "scoring/portfolio.html", context, status=200 if not form.errors else 400
    )
