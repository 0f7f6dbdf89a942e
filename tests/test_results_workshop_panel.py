"""The results page's workshop section: there when it has something to show or to offer."""

import pytest
from django.urls import reverse

from tests.helpers import elements
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def sections(client, scan) -> set[str]:
    html = client.get(reverse("scoring:results", args=[scan.pk])).content.decode()
    return {found["id"] for found in elements(html, "section") if found.get("id")}


def test_an_open_scan_offers_a_workshop(consultant_client, scan):
    assert "workshop" in sections(consultant_client, scan)
    html = consultant_client.get(reverse("scoring:results", args=[scan.pk])).content.decode()
    assert reverse("workshops:start", args=[scan.pk]) in html


def test_a_completed_scan_without_a_workshop_shows_no_workshop_heading(
    consultant_client, completed_scan
):
    """It takes no new workshop, so a "Workshop" heading would stand alone above the next."""
    assert "workshop" not in sections(consultant_client, completed_scan)


def test_a_completed_scan_keeps_the_summary_of_its_workshop(consultant_client, completed_scan):
    Workshop.objects.create(scan=completed_scan)
    assert "workshop" in sections(consultant_client, completed_scan)
