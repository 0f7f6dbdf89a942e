"""One prologue for every page about a scan, in every app: log in, fetch the scan with its
access check, and show the page in its language.

    @require_safe
    @scan_view(with_related=("frozen_results",))
    def results(request, scan): ...

The view receives the scan instead of its pk; another consultant's scan is a 404 before the
view runs. The method check goes above it, so a wrong method is a 405 without a query.
"""

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .access import get_scan_or_404
from .languages import page_language
from .models import Scan


def own_language(request: HttpRequest, scan: Scan) -> str:
    """The scan's own language, whatever the reader chose: for files the client reads."""
    return scan.language


def scan_view(
    *,
    with_related: tuple[str, ...] = (),
    language: Callable[[HttpRequest, Scan], str] = page_language,
    logged_out: Callable[[HttpRequest], HttpResponse] | None = None,
    organisation: bool = True,
):
    """Call `view(request, scan, ...)` for the scan at `pk`, if the user may see it.

    `with_related`: relations fetched along (see `get_scan_or_404`). `language`: the language
    the whole view runs in, the page language unless the view says otherwise. `logged_out`: the
    answer for a logged-out user, instead of the login page (e.g. a 401 for a background
    request that the page retries). `organisation=False`: the scan comes without its
    organisation (see `get_scan_or_404`), for a view that never reads it.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
            if logged_out is not None and not request.user.is_authenticated:
                return logged_out(request)
            scan = get_scan_or_404(
                request.user, pk, with_related=with_related, organisation=organisation
            )
            with translation.override(language(request, scan)):
                return view(request, scan, *args, **kwargs)

        # Logged out: the login page, as `login_required` sends there (unless `logged_out`).
        return wrapped if logged_out is not None else login_required(wrapped)

    return decorate
