"""Project-wide views: the home page (what the scan covers, or a consultant's dashboard) and the
explanation of a refused form (CSRF) or an unreadable request (400)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

from checklists.access import organisations_for
from checklists.forms import SearchForm
from checklists.models import Area, MaturityLevel, Pillar, Scan, active_content_language
from cxscan.middleware import unreadable_request
from cxscan.requests import AuthenticatedHttpRequest, is_logged_in
from scoring.models import SectionResult

ORGANISATIONS_PER_PAGE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Consultants land on their dashboard; visitors see what the scan covers."""
    if is_logged_in(request):
        return dashboard(request)
    # Aggregating queries ignore Meta.ordering, hence the explicit order_by.
    active_items = Count("items", filter=Q(items__is_active=True))
    return render(
        request,
        "home/home.html",
        {
            "areas": Area.objects.annotate(item_count=active_items).order_by("position"),
            "pillars": Pillar.objects.annotate(item_count=active_items).order_by("position"),
            "levels": MaturityLevel.objects.all(),
        },
    )


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The consultant's organisations with their scans, each with the level it froze."""
    form = SearchForm(request.GET)
    organisations = organisations_for(request.user).annotate(last_change=Max("scans__updated_at"))
    if form.is_valid() and form.cleaned_data["q"]:
        organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
    overall = SectionResult.objects.overall().filter(results__scan=OuterRef("pk"))
    scans = Scan.objects.annotate(
        level=Subquery(overall.values("level")),
        level_name=Subquery(overall.values(f"level_name_{active_content_language()}")),
    ).order_by("-updated_at")
    organisations = organisations.order_by("name").prefetch_related(Prefetch("scans", scans))
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "home/dashboard.html", {"page": page, "form": form, "query": form["q"].value()}
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form or autosave because the page is out of date, said in words a user reads.

    Autosave (htmx) gets one plain sentence for the item's status line; a page form gets a page.
    Nothing was saved either way. A visitor without an account (a client manager on a share
    link) is offered the way back to the page they came from, never a dashboard they cannot open.
    """
    if request.user.is_authenticated:
        message = _(
            "This page is out of date (for example after logging in again elsewhere), so nothing "
            "was saved. Reload the page and try again."
        )
    else:
        message = _(
            "This page is out of date, so nothing was saved. Reload the page and try again."
        )
    if request.headers.get("HX-Request"):
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, "home/403_csrf.html", {"message": message, "back_url": back}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django could not read (400), said in one plain sentence.

    Unlike Django's own 400 page, it runs no CSRF check: that check reads the form data again,
    and when reading it was what failed, the same error came back from inside the 400 page and
    made it a 500.
    """
    return unreadable_request()


class ScanJavaScriptCatalog(JavaScriptCatalog):
    """The JavaScript catalogue (djangojs) in the language asked for with ?lang=.

    A scan page is rendered in the scan's language, whatever the visitor's own language is, so its
    scripts ask for their messages in that language too. An unknown or missing ?lang= gives the
    default language.
    """

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = request.GET.get("lang", "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            return super().get(request, *args, **kwargs)
