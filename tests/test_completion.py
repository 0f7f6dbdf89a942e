"""Completing a scan freezes its answers and results; reopening opens the answers again."""

import pytest
from django.urls import reverse

from checklists.models import Item, Scan
from scoring.results import frozen_results
from tests import factories
from tests.helpers import (
    answers,
    area_url,
    autosave_url,
    checked,
    elements,
    page_data,
)

pytestmark = pytest.mark.django_db


def test_complete_warns_about_unanswered_items_and_completes(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2)
    client.force_login(consultant)
    total = Item.objects.active().count()
    page = client.get(reverse("scoring:complete", args=[scan.pk]))
    assert f"{total - 1} " in page.text
    assert Item.objects.get(code="kpis-01").statement_nl in page.text
    response = client.post(reverse("scoring:complete", args=[scan.pk]))
    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED and scan.completed_at is not None


def test_completed_scan_is_read_only_until_reopened(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2)
    client.force_login(consultant)
    client.post(reverse("scoring:complete", args=[scan.pk]))

    page = client.get(area_url(scan))
    assert "hx-post" not in page.text
    assert checked(page.text, "value-purpose-01") == ["2"]
    radios = elements(page.text, "input", name="value-purpose-01")
    assert len(radios) == 6 and all("disabled" in radio for radio in radios)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"})
    assert response.status_code == 409
    refused = client.post(area_url(scan), page_data(scan, **{"value-purpose-01": "4"}))
    assert refused.status_code == 409
    assert "Deze scan is afgerond, dus de antwoorden kunnen niet meer veranderen" in refused.text
    assert checked(refused.text, "value-purpose-01") == ["4"]  # typed, kept
    radios = elements(refused.text, "input", name="value-purpose-01")
    assert len(radios) == 6 and all("disabled" in radio for radio in radios)
    assert answers(scan) == {"purpose-01": ("2", "")}
    scan.refresh_from_db()
    completed_at = scan.completed_at

    client.post(reverse("scoring:reopen", args=[scan.pk]))
    scan.refresh_from_db()
    # Open again; the last completion (its time and results) stays for share links.
    assert scan.status == Scan.Status.IN_PROGRESS
    assert scan.completed_at == completed_at and frozen_results(scan) is not None
    assert (
        client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"}).status_code == 200
    )
    assert answers(scan) == {"purpose-01": ("4", "")}
