"""Who may open what: anonymous visitors are sent to log in, another consultant's clients and
scans are 404 and nothing changes; the organisation's consultants and staff get in."""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.urls import reverse

from checklists.models import Organisation, Scan
from plans.models import ImprovementAction, KpiBaseline
from reports.models import ShareLink
from tests.helpers import area_url, autosave_url

pytestmark = pytest.mark.django_db


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("checklists:organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Every URL that belongs to an organisation or a scan, with each method it answers.
URLS = [
    ("checklists:organisation", lambda w: [w.organisation.pk], "get"),
    ("checklists:organisation", lambda w: [w.organisation.pk], "post"),
    ("checklists:organisation_edit", lambda w: [w.organisation.pk], "get"),
    ("checklists:organisation_edit", lambda w: [w.organisation.pk], "post"),
    ("checklists:scan", lambda w: [w.scan.pk], "get"),
    ("checklists:scan_area", lambda w: [w.scan.pk, "purpose"], "get"),
    ("checklists:scan_area", lambda w: [w.scan.pk, "purpose"], "post"),
    ("checklists:autosave", lambda w: [w.scan.pk, "purpose-01"], "post"),
    ("scoring:complete", lambda w: [w.scan.pk], "get"),
    ("scoring:complete", lambda w: [w.scan.pk], "post"),
    ("scoring:reopen", lambda w: [w.scan.pk], "post"),
    ("scoring:results", lambda w: [w.scan.pk], "get"),
    ("scoring:export_json", lambda w: [w.scan.pk], "get"),
    ("reports:report", lambda w: [w.scan.pk], "get"),
    ("reports:export_xlsx", lambda w: [w.scan.pk], "get"),
    ("reports:export_csv", lambda w: [w.scan.pk], "get"),
    ("reports:share_link_create", lambda w: [w.scan.pk], "post"),
    ("reports:share_link_revoke", lambda w: [w.scan.pk, w.link.pk], "post"),
    ("plans:action_create", lambda w: [w.scan.pk], "get"),
    ("plans:action_create", lambda w: [w.scan.pk], "post"),
    ("plans:action_from_gap", lambda w: [w.scan.pk], "post"),
    ("plans:action_edit", lambda w: [w.scan.pk, w.action.pk], "get"),
    ("plans:action_edit", lambda w: [w.scan.pk, w.action.pk], "post"),
    ("plans:action_delete", lambda w: [w.scan.pk, w.action.pk], "post"),
    ("plans:kpi_baseline", lambda w: [w.scan.pk], "get"),
    ("plans:kpi_baseline", lambda w: [w.scan.pk], "post"),
]

# What a request would change if it got through (the gap button posts an item's code).
ATTEMPT = {
    "value-purpose-01": "4",
    "note-purpose-01": "x",
    "original-value-purpose-01": "",
    "original-note-purpose-01": "",
    "title": "x",
    "name": "Taken over",
    "sector": "Retail",
    "size_band": "1-9",
    "language": "en",
    "add_colleagues": "charlie",
    "impact": "1",
    "effort": "1",
    "status": "done",
    "orders_with_contact": "99",
    "orders": "99",
}


def attempt(name, method):
    if method == "get":
        return {}
    return ATTEMPT | {"item": "purpose-01"} if name == "plans:action_from_gap" else ATTEMPT


@dataclass
class World:
    organisation: Organisation
    scan: Scan
    action: ImprovementAction
    link: ShareLink

    def unchanged(self):
        organisation = Organisation.objects.get(pk=self.organisation.pk)
        assert organisation.name == "Acme Retail"
        assert set(organisation.consultants.values_list("username", flat=True)) == {"alice", "bob"}
        assert list(organisation.scans.values_list("title", flat=True)) == ["Scan 2026"]
        scan = Scan.objects.get(pk=self.scan.pk)
        assert (scan.status, scan.language) == (Scan.Status.DRAFT, "nl")
        assert not scan.answers.exists()
        assert list(scan.actions.values_list("title", "impact")) == [("Betaallink", 3)]
        assert list(scan.share_links.values_list("revoked_at", flat=True)) == [None]
        baseline = KpiBaseline.objects.get(scan=scan)
        assert (baseline.orders_with_contact, baseline.orders) == (1, 10)


@pytest.fixture
def world(scan, consultant):
    action = scan.actions.create(title="Betaallink", impact=3, effort=3, owner="Finance")
    link = ShareLink.objects.create(scan=scan, created_by=consultant)
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    return World(scan.organisation, scan, action, link)


@pytest.mark.parametrize(("name", "args", "method"), URLS)
def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(
    client, world, name, args, method
):
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, attempt(name, method))
    if name == "checklists:autosave":  # htmx cannot follow a redirect to a login page
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"
    assert "Acme" not in response.text
    world.unchanged()


@pytest.mark.parametrize(("name", "args", "method"), URLS)
def test_another_consultants_client_is_404_and_nothing_changes(
    client, outsider, world, name, args, method
):
    client.force_login(outsider)
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, attempt(name, method))
    assert response.status_code == 404
    assert "Acme" not in response.text
    world.unchanged()


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
