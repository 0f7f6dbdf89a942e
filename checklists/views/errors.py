from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    """A refused form or autosave because the page is out of date, said in words a user reads.

    Autosave (htmx) gets one plain sentence for the item's status line; a page form gets a page.
    Nothing was saved either way.
    """
    message = _(
        "This page is out of date (for example after logging in again elsewhere), so nothing "
        "was saved. Reload the page and try again."
    )
    if request.headers.get("HX-Request"):
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
    return render(request, "403_csrf.html", {"message": message}, status=403)
