"""The report's language is a visible choice, for the consultant and on the shared page."""

import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports import stored
from reports.models import ShareLink, StoredReport
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


def test_the_summary_only_is_offered_stored_and_downloaded_beside_the_full_report(
    client, consultant, completed_scan
):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[completed_scan.pk])).text
    url = reverse("reports:report", args=[completed_scan.pk])
    assert f'href="{url}?language=en&amp;appendix=0"' in page
    render_reports(completed_scan, ["en"])
    waiting = client.get(f"{url}?language=en&appendix=0")
    assert waiting.status_code == 202  # its own variant: rendered in the background, not here
    assert "appendix=0" in waiting.text  # the page follows the summary's render
    stored.render_stored(completed_scan.pk, "en", ":s")  # the worker
    summary = client.get(f"{url}?language=en&appendix=0")
    full = client.get(f"{url}?language=en")
    assert summary["Content-Type"] == full["Content-Type"] == "application/pdf"
    assert "summary" in summary["Content-Disposition"]
    full_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(full.content)).pages)
    summary_pages = PdfReader(io.BytesIO(summary.content)).pages
    summary_text = " ".join(p.extract_text() for p in summary_pages)
    assert "Appendix: the answers per area" in full_text
    assert "Appendix" not in summary_text and "Executive summary" in summary_text
    variants = set(
        StoredReport.objects.filter(scan=completed_scan).values_list("variant", flat=True)
    )
    assert variants == {"", ":s"}


def test_a_share_links_client_gets_the_summary_only_of_what_the_link_allows(
    client, consultant, completed_scan
):
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    report = reverse("reports:shared_report", args=[link.token])
    assert client.get(f"{report}?language=en&appendix=0").status_code == 202
    stored.render_stored(completed_scan.pk, "en", f"{link.view.variant}:s")
    summary = client.get(f"{report}?language=en&appendix=0")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(summary.content)).pages)
    assert "Executive summary" in text and "Appendix" not in text


def test_render_it_now_moves_the_summarys_render_not_the_full_reports(
    client, consultant, completed_scan
):
    client.force_login(consultant)
    url = reverse("reports:report", args=[completed_scan.pk])
    response = client.post(f"{url}?language=en&appendix=0")
    assert response.status_code == 202
    assert "appendix=0" in response.text  # the page keeps following the summary
    summary = StoredReport.objects.get(scan=completed_scan, language="en", variant=":s")
    assert summary.queued_at is not None and not summary.is_ready
    stored.render_stored(completed_scan.pk, "en", ":s")
    assert client.get(f"{url}?language=en&appendix=0")["Content-Type"] == "application/pdf"
