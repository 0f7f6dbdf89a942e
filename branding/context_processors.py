from .models import branding_of


def branding(request):
    """`branding` on every page: the user's consultancy's name, logo and accent colour (cached).
    A page about one organisation for a visitor without an account (a share link) passes its
    consultancy's own `branding`, which wins over this one."""
    return {"branding": branding_of(request.user)}
