"""Checks that apply to every request, whichever view it is for."""

import codecs

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

NUL = "\x00"
# The charsets a request may say its text is in: UTF-8 and its subset ASCII.
READABLE_CHARSETS = {"utf-8", "ascii"}


class RefuseForeignCharsets:
    """Refuse a request whose Content-Type says its text is in another charset than UTF-8
    (`application/x-www-form-urlencoded; charset=utf-16`, a multipart body with a charset): a 400
    with one plain sentence, before any view runs, so nothing is saved.

    Browsers send forms in UTF-8 (our pages are UTF-8), so only a hand-made request names another
    charset. Left to Django, the form data of such a request raises an error wherever it is
    first read, and again in the 400 page's own CSRF check, which makes it a 500; the query
    string is decoded with that charset too. One middleware instead of care in every view: it
    covers every URL, the login and workshop pages and the admin included, whatever the method.
    A charset Python does not know is ignored, as Django ignores it (the text is read as UTF-8).
    A charset that is no text encoding ("base64") and a Content-Type that cannot be parsed made
    Django's request fail before any middleware: our handlers (`cxscan.handlers`) let such a
    request reach this one, which refuses it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "unreadable_content_type", False):  # see cxscan.handlers
            return unreadable_request()
        charset = foreign_charset(request)
        if charset:
            return HttpResponse(
                _(
                    "This request says its text is in %(charset)s, but this site reads only "
                    "UTF-8 (as browsers send it), so nothing was saved. Send it as UTF-8."
                )
                % {"charset": charset},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def unreadable_request() -> HttpResponse:
    """400 for a request that cannot be read, in one plain sentence."""
    return HttpResponse(
        _("This request could not be read, so nothing was saved. Reload the page and try again."),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def foreign_charset(request: HttpRequest) -> str | None:
    """The name of the known charset other than UTF-8 the request's Content-Type gives, if any."""
    charset = (request.content_params or {}).get("charset")
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    return None if name in READABLE_CHARSETS else name


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
