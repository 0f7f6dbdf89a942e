from .models import branding_for, branding_of


def branding(request):
    """`branding` on every page: the user's consultancy's name, logo and accent colour (cached).
    A page about one organisation for a visitor without an account (a share link) passes its
    consultancy's own `branding`, which wins over this one. A page of an earlier app that shows
    one consultancy to a visitor (an invitation: consultancies cannot import branding) names it
    in `request.consultancy_shown`."""
    shown = getattr(request, "consultancy_shown", None)
    if shown is not None:
        return {"branding": branding_for(shown)}
    return {"branding": branding_of(request.user)}
