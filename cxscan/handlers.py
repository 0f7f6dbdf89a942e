"""The WSGI and ASGI handlers: Django's, with a request that survives any Content-Type.

Django's request fails while it is being built, before any middleware runs, for a Content-Type
naming a codec that Python knows but that is no text encoding (`charset=base64`, `hex`, `rot13`:
it decodes the query string with it at once), and for one it cannot parse (longer than 10,000
characters, or `charset*=` with an unknown encoding). The server then answers 500, on every URL,
to anyone. Our requests treat such a charset as one Python does not know (Django reads the text
as UTF-8) and note a Content-Type they cannot parse; `RefuseForeignCharsets` answers both with
400 and a sentence.
"""

from django.core.exceptions import BadRequest
from django.core.handlers.asgi import ASGIHandler as DjangoASGIHandler
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest


class TextCharsetOnly(HttpRequest):
    unreadable_content_type = False

    def _set_content_type_params(self, meta):
        try:
            # Private in Django, so django-stubs does not declare it.
            super()._set_content_type_params(meta)  # type: ignore[misc]
        except LookupError:  # "'base64' is not a text encoding", from decoding the query string
            self._encoding = None
        except BadRequest:  # "Invalid Content-Type header."
            self.content_type, self.content_params = "", {}
            self.unreadable_content_type = True


class Request(TextCharsetOnly, WSGIRequest):
    pass


class AsyncRequest(TextCharsetOnly, ASGIRequest):
    pass


class WSGIHandler(DjangoWSGIHandler):
    request_class = Request


class ASGIHandler(DjangoASGIHandler):
    request_class = AsyncRequest
