"""Who may open what: anonymous visitors are sent to log in, another consultant's clients and
scans are 404 and nothing changes; the organisation's consultants and staff get in."""

import pytest
from django.urls import reverse

from checklists.models import Scan
from tests.helpers import area_url, autosave_url

pytestmark = pytest.mark.django_db


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("checklists:organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("checklists:organisation", lambda s: [s.organisation.pk], "get"),
        ("checklists:organisation_edit", lambda s: [s.organisation.pk], "get"),
        ("checklists:scan", lambda s: [s.pk], "get"),
        ("checklists:scan_area", lambda s: [s.pk, "purpose"], "get"),
        ("checklists:scan_area", lambda s: [s.pk, "purpose"], "post"),
        ("checklists:autosave", lambda s: [s.pk, "purpose-01"], "post"),
        ("scoring:complete", lambda s: [s.pk], "get"),
        ("scoring:complete", lambda s: [s.pk], "post"),
        ("scoring:reopen", lambda s: [s.pk], "post"),
    ],
)
def test_outsider_gets_404_and_changes_nothing(client, outsider, scan, name, args, method):
    client.force_login(outsider)
    url = reverse(name, args=args(scan))
    response = getattr(client, method)(url, {"value-purpose-01": "4", "title": "x"})
    assert response.status_code == 404
    assert "Acme" not in response.text
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT and not scan.answers.exists()


@pytest.mark.parametrize("persona", ["consultant", "colleague", "admin_user"])
def test_consultants_of_the_organisation_and_staff_see_the_scan(client, scan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(area_url(scan)).status_code == 200


def test_autosave_when_logged_out_says_so_instead_of_redirecting(client, scan):
    response = client.post(
        autosave_url(scan, "purpose-01"),
        {"value-purpose-01": "3"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 401
    assert response.text.startswith("You are logged out.")
    assert not scan.answers.exists()
