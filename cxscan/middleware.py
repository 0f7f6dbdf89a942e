"""Checks that apply to every request, whichever view it is for."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

NUL = "\x00"


class RefuseNullCharacters:
    """Refuse a request with a NUL character in its path, query string or form data: a 400 with
    one plain sentence, before any view runs, so nothing is saved.

    No text of ours can hold a NUL: PostgreSQL refuses it in a text column and in a filter
    (`code=…`), and the request would end in a server error. Django's form fields already refuse
    it, but views that read `request.POST` by hand (autosave, the page save's `go`, the gap
    button's `item`) do not. A middleware rather than a check per form or view, because it
    covers every view, the admin, the login pages and htmx requests included, without any of
    them having to remember; htmx shows the plain sentence in the item's status line.

    It parses the form data of a POST (CsrfViewMiddleware does so too, for most POSTs), so a
    view can no longer change `request.upload_handlers`; none of ours does. Other bodies (JSON,
    or the body of a PUT) are left alone: no view of ours reads them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_null_character(request):
            return HttpResponse(
                _(
                    "This request contains a null character, which no text here can hold, so "
                    "nothing was saved. Remove it (it can come with pasted text) and try again."
                ),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def has_null_character(request) -> bool:
    if NUL in request.path_info:
        return True
    data = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    return any(
        NUL in key or any(NUL in value for value in values)
        for query in data
        for key, values in query.lists()
    )
