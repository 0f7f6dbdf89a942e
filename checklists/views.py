from django.db.models import Count, Q
from django.shortcuts import render

from .models import Area, MaturityLevel, Pillar


def home(request):
    """The front page: what the scan covers, so a visitor sees the method before logging in."""
    # Aggregating queries ignore Meta.ordering, hence the explicit order_by.
    active_items = Count("items", filter=Q(items__is_active=True))
    return render(
        request,
        "checklists/home.html",
        {
            "areas": Area.objects.annotate(item_count=active_items).order_by("position"),
            "pillars": Pillar.objects.annotate(item_count=active_items).order_by("position"),
            "levels": MaturityLevel.objects.all(),
        },
    )
