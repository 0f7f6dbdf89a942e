"""The language a page about a scan is shown in."""

from django.conf import settings
from django.http import HttpRequest

from .models import Scan


def page_language(request: HttpRequest, scan: Scan) -> str:
    """The language the user chose with the header's switch; the scan's own language until then.

    The switch sets Django's language cookie, so a consultant who reads English sees a Dutch
    scan in English, statements included (all content is bilingual), while a client manager who
    opens a share link first sees the language the scan was run in.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else scan.language
