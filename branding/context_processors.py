from .models import current


def branding(request):
    """`branding` on every page: the consultancy's name, logo and accent colour (cached)."""
    return {"branding": current()}
