"""The report's language is a visible choice, for the consultant and on the shared page."""

import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.models import ShareLink
from tests.helpers import render_reports, render_shared

pytestmark = pytest.mark.django_db


def first_page(response) -> str:
    return PdfReader(io.BytesIO(response.content)).pages[1].extract_text()


def test_results_page_offers_the_report_in_both_languages(client, consultant, completed_scan):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[completed_scan.pk])).text
    url = reverse("reports:report", args=[completed_scan.pk])
    # The scan's own language (Dutch) first.
    assert page.index(f'href="{url}?language=nl"') < page.index(f'href="{url}?language=en"')
    render_reports(completed_scan)
    assert "Samenvatting" in first_page(client.get(f"{url}?language=nl"))
    assert "Executive summary" in first_page(client.get(f"{url}?language=en"))


def test_shared_page_offers_both_languages_and_no_log_in(client, consultant, completed_scan):
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    # A token carries the second it was signed in: the page's links and ours must share one.
    with time_machine.travel(timezone.now(), tick=False):
        page = client.get(reverse("reports:shared_results", args=[link.token])).text
        report = reverse("reports:shared_report", args=[link.token])
    assert f'href="{report}?language=nl"' in page and f'href="{report}?language=en"' in page
    assert f'href="{reverse("login")}"' not in page
    render_shared(link)
    assert "Executive summary" in first_page(client.get(f"{report}?language=en"))
    assert "Samenvatting" in first_page(client.get(report))  # the scan's language by default
