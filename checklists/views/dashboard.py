from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..access import get_organisation_or_404, organisations_for
from ..forms import OrganisationForm, ScanForm, SearchForm
from ..models import Area, MaturityLevel, Pillar, Scan

ORGANISATIONS_PER_PAGE = 20


@require_safe
def home(request):
    """Consultants land on their dashboard; visitors see what the scan covers."""
    if request.user.is_authenticated:
        return dashboard(request)
    # Aggregating queries ignore Meta.ordering, hence the explicit order_by.
    active_items = Count("items", filter=Q(items__is_active=True))
    return render(
        request,
        "checklists/home.html",
        {
            "areas": Area.objects.annotate(item_count=active_items).order_by("position"),
            "pillars": Pillar.objects.annotate(item_count=active_items).order_by("position"),
            "levels": MaturityLevel.objects.all(),
        },
    )


@login_required
def dashboard(request):
    form = SearchForm(request.GET)
    organisations = organisations_for(request.user).annotate(last_change=Max("scans__updated_at"))
    if form.is_valid() and form.cleaned_data["q"]:
        organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
    organisations = organisations.order_by("name").prefetch_related(
        Prefetch("scans", queryset=Scan.objects.with_level().order_by("-updated_at"))
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "checklists/dashboard.html",
        {"page": page, "form": form, "query": form["q"].value()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Organisation “%(name)s” added.") % {"name": organisation})
        return redirect(organisation)
    return render(request, "checklists/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_organisation_or_404(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(organisation)
    return render(
        request, "checklists/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request, pk):
    """The organisation with its scans, and the form that starts a new scan."""
    organisation = get_organisation_or_404(request.user, pk)
    form = ScanForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        scan = form.save(commit=False)
        scan.organisation = organisation
        scan.created_by = request.user
        scan.save()
        return redirect(scan)
    return render(
        request,
        "checklists/organisation_detail.html",
        {
            "organisation": organisation,
            "scans": organisation.scans.select_related("created_by"),
            "form": form,
        },
    )
