from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .logos import content_type
from .models import Branding


@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def logo(request, name):
    """A consultancy's current logo, by its file name: a random name the server chose, new with
    every upload, so it may be cached for good. Public, like the pages that show it."""
    branding = Branding.objects.filter(logo=f"branding/{name}").first()
    if branding is None or not branding.logo:
        raise Http404("No such logo")
    data = branding.logo_bytes()
    kind = content_type(data or b"")
    if kind is None:
        raise Http404("No such logo")
    return HttpResponse(data, content_type=kind)
