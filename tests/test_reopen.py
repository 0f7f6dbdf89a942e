"""Reopening a completed scan asks first, and lists what changed in the content since."""

import pytest
from django.urls import reverse

from checklists.models import Area, Item, Pillar, Scan

pytestmark = pytest.mark.django_db


def reopen_url(scan):
    return reverse("scoring:reopen", args=[scan.pk])


def test_reopening_asks_first_and_changes_nothing_until_confirmed(
    client, consultant, completed_scan
):
    client.force_login(consultant)
    page = client.get(reopen_url(completed_scan), headers={"accept-language": "en"})
    assert page.status_code == 200
    completed_scan.refresh_from_db()
    assert completed_scan.status == Scan.Status.COMPLETED
    assert 'id="reopen-form"' in page.text
    assert "De checklist is niet veranderd sinds deze scan werd afgerond." in page.text
    response = client.post(reopen_url(completed_scan))
    assert response.status_code == 302
    completed_scan.refresh_from_db()
    assert completed_scan.status == Scan.Status.IN_PROGRESS


def test_the_scan_page_links_to_the_confirmation(client, consultant, completed_scan):
    client.force_login(consultant)
    page = client.get(reverse("checklists:scan_area", args=[completed_scan.pk, "purpose"]))
    assert f'href="{reopen_url(completed_scan)}"' in page.text


def test_content_changes_since_completion_are_listed(client, consultant, completed_scan):
    Item.objects.filter(code="purpose-02").update(statement_nl="Herschreven stelling")
    Item.objects.filter(code="purpose-03").update(is_active=False)
    Item.objects.create(
        code="purpose-new",
        area=Area.objects.get(code="purpose"),
        pillar=Pillar.objects.get(code="strategy"),
        statement_nl="Een nieuwe stelling",
        statement_en="A new statement",
    )
    client.force_login(consultant)
    page = client.get(reopen_url(completed_scan)).text
    changes = page[page.index('id="content-changes"') :]
    assert "Herschreven stelling" in changes
    assert Item.objects.get(code="purpose-03").statement_nl in changes
    assert "Een nieuwe stelling" in changes
    assert Item.objects.get(code="purpose-04").statement_nl not in changes


def test_an_open_scan_is_not_reopened_twice(client, consultant, scan):
    client.force_login(consultant)
    page = client.get(reopen_url(scan))
    assert page.status_code == 200 and 'id="reopen-form"' not in page.text
    assert client.post(reopen_url(scan)).status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT


def test_outsider_cannot_see_or_reopen(client, outsider, completed_scan):
    client.force_login(outsider)
    assert client.get(reopen_url(completed_scan)).status_code == 404
    assert client.post(reopen_url(completed_scan)).status_code == 404
    completed_scan.refresh_from_db()
    assert completed_scan.status == Scan.Status.COMPLETED
