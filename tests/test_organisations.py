"""Organisations and the dashboard: who sees which clients, searching, starting a scan."""

import pytest
from django.urls import reverse

from checklists.models import Organisation, Scan
from tests import factories

pytestmark = pytest.mark.django_db


def test_dashboard_lists_only_my_organisations(client, consultant, organisation, scan, outsider):
    factories.organisation("Charlie's Client", consultants=[outsider])
    client.force_login(consultant)
    response = client.get(reverse("home"))
    assert "Acme Retail" in response.text
    assert "Scan 2026" in response.text
    assert "Charlie&#x27;s Client" not in response.text and "Charlie's Client" not in response.text


def test_staff_see_every_organisation(client, admin_user, organisation):
    client.force_login(admin_user)
    assert "Acme Retail" in client.get(reverse("home")).text


def test_dashboard_search_and_pagination(client, consultant):
    for number in range(25):
        factories.organisation(f"Client {number:02d}", consultants=[consultant])
    client.force_login(consultant)
    first = client.get(reverse("home"))
    assert "Client 00" in first.text and "Client 24" not in first.text
    second = client.get(reverse("home"), {"page": 2})
    assert "Client 24" in second.text
    found = client.get(reverse("home"), {"q": "ent 07"})
    assert "Client 07" in found.text and "Client 08" not in found.text


def test_consultant_creates_an_organisation_and_keeps_access(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("checklists:organisation_create"),
        {"name": "Bakkerij de Vries", "sector": "Food", "size_band": "10-49"},
    )
    organisation = Organisation.objects.get(name="Bakkerij de Vries")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert list(organisation.consultants.all()) == [consultant]


def test_organisation_without_a_name_is_refused(client, consultant):
    client.force_login(consultant)
    response = client.post(reverse("checklists:organisation_create"), {"name": "  ", "sector": "X"})
    assert response.status_code == 200
    assert 'value="X"' in response.text  # what was typed stays
    assert not Organisation.objects.exists()


def test_consultant_starts_a_scan(client, consultant, organisation):
    client.force_login(consultant)
    response = client.post(
        organisation.get_absolute_url(), {"title": "Nulmeting", "language": "en"}
    )
    scan = Scan.objects.get(title="Nulmeting")
    assert response.status_code == 302 and response["Location"] == scan.get_absolute_url()
    assert scan.status == Scan.Status.DRAFT and scan.created_by == consultant
    assert scan.language == "en"
