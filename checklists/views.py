from django.db.models import Count, Q
from django.shortcuts import render

from .models import Area, MaturityLevel, Pillar


def home(request):
    """The front page: what the scan covers, so a visitor sees the method before logging in."""
    active_items = Count("items", filter=Q(items__is_active=True))
    return render(
        request,
        "checklists/home.html",
        {
            "areas": Area.objects.annotate(item_count=active_items),
            "pillars": Pillar.objects.annotate(item_count=active_items),
            "levels": MaturityLevel.objects.all(),
        },
    )
