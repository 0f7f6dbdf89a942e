"""The header's language switch changes everything the user reads, checklist content included;
without it a page about a scan speaks the scan's language."""

import pytest
from django.conf import settings
from django.urls import reverse

from checklists.models import Item
from reports.models import ShareLink
from scoring import completion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch_scan(scan):
    factories.answer(scan, "purpose-01", 2)
    return scan


def test_a_dutch_scan_page_is_dutch_until_the_user_switches(client, consultant, dutch_scan):
    item = Item.objects.get(code="purpose-01")
    client.force_login(consultant)
    url = reverse("checklists:scan_area", args=[dutch_scan.pk, "purpose"])
    dutch = client.get(url).text
    assert item.statement_nl in dutch and item.statement_en not in dutch
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).text
    assert item.statement_en in english and item.statement_nl not in english
    assert '<html lang="en">' in english


def test_the_results_page_follows_the_switch(client, consultant, dutch_scan):
    client.force_login(consultant)
    url = reverse("scoring:results", args=[dutch_scan.pk])
    assert "Totaal volwassenheidsniveau" in client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).text
    assert "Overall maturity level" in english and "Purpose" in english
    # The report still opens in the scan's language first.
    report = reverse("reports:report", args=[dutch_scan.pk])
    assert english.index(f"{report}?language=nl") < english.index(f"{report}?language=en")


def test_a_client_first_sees_the_scan_language(client, consultant, dutch_scan):
    completion.complete(dutch_scan)
    link = ShareLink.objects.create(scan=dutch_scan, created_by=consultant)
    url = reverse("reports:shared_results", args=[link.token])
    assert "Totaal volwassenheidsniveau" in client.get(url, headers={"accept-language": "en"}).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Overall maturity level" in client.get(url).text
