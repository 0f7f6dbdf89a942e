"""Who may open what: anonymous visitors are sent to log in, another consultant's clients and
scans are 404 and nothing changes; the organisation's consultants and platform staff get in.

The cross-tenant walker: every URL pattern of the project is in one of the tables below, and
members of another consultancy (its owner, its consultant, its owner with staff rights) get 404
on every page of a client of ours, nothing of ours on their own pages, nothing of ours from the
API, and nothing of ours in the admin. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

import audit
from api.models import ApiToken
from audit.models import AuditEvent
from checklists.evidence import add_file
from checklists.models import EvidenceFile, Item, Organisation, Scan
from consultancies.admin import PlatformOnly
from consultancies.models import Invitation, Membership
from plans.models import ImprovementAction, KpiBaseline
from privacy.models import OrganisationExport
from reports.models import ShareLink
from scoring.models import Target
from tests import evidence_files, factories
from tests.helpers import area_url, autosave_url, pdf_pages
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("checklists:organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Every URL that belongs to an organisation or a scan (or to an object of one), with each
# method it answers. tests/test_access.py::test_the_walker_knows_every_url_pattern fails when a
# URL pattern is in none of the tables below.
URLS = [
    ("checklists:organisation", lambda w: [w.organisation.pk], "get"),
    ("checklists:organisation", lambda w: [w.organisation.pk], "post"),
    ("checklists:organisation_edit", lambda w: [w.organisation.pk], "get"),
    ("checklists:organisation_edit", lambda w: [w.organisation.pk], "post"),
    ("checklists:scan", lambda w: [w.scan.pk], "get"),
    ("checklists:scan_area", lambda w: [w.scan.pk, "purpose"], "get"),
    ("checklists:scan_area", lambda w: [w.scan.pk, "purpose"], "post"),
    ("checklists:pillar_tips", lambda w: [w.scan.pk, "purpose"], "get"),
    ("checklists:autosave", lambda w: [w.scan.pk, "purpose-01"], "post"),
    ("checklists:evidence", lambda w: [w.scan.pk, "purpose-01"], "get"),
    ("checklists:evidence", lambda w: [w.scan.pk, "purpose-01"], "post"),
    ("checklists:evidence_upload", lambda w: [w.scan.pk, "purpose-01"], "post"),
    ("checklists:evidence_file", lambda w: [w.scan.pk, w.evidence.pk], "get"),
    ("checklists:evidence_delete", lambda w: [w.scan.pk, w.evidence.pk], "post"),
    ("scoring:complete", lambda w: [w.scan.pk], "get"),
    ("scoring:complete", lambda w: [w.scan.pk], "post"),
    ("scoring:reopen", lambda w: [w.scan.pk], "post"),
    ("scoring:follow_up", lambda w: [w.scan.pk], "get"),
    ("scoring:follow_up", lambda w: [w.scan.pk], "post"),
    ("scoring:results", lambda w: [w.scan.pk], "get"),
    ("scoring:targets", lambda w: [w.scan.pk], "get"),
    ("scoring:targets", lambda w: [w.scan.pk], "post"),
    ("scoring:export_json", lambda w: [w.scan.pk], "get"),
    ("scoring:compare", lambda w: [w.scan.pk], "get"),
    ("reports:report", lambda w: [w.scan.pk], "get"),
    ("reports:report", lambda w: [w.scan.pk], "post"),
    ("reports:report_status", lambda w: [w.scan.pk], "get"),
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
    ("workshops:facilitator", lambda w: [w.scan.pk], "get"),
    ("workshops:start", lambda w: [w.scan.pk], "get"),
    ("workshops:start", lambda w: [w.scan.pk], "post"),
    ("workshops:live", lambda w: [w.scan.pk], "get"),
    ("workshops:go", lambda w: [w.scan.pk], "post"),
    ("workshops:reveal", lambda w: [w.scan.pk], "post"),
    ("workshops:screen", lambda w: [w.scan.pk], "get"),
    ("workshops:screen_slide", lambda w: [w.scan.pk], "get"),
    ("workshops:screen_controls", lambda w: [w.scan.pk], "get"),
    ("workshops:consensus", lambda w: [w.scan.pk], "post"),
    ("workshops:overview", lambda w: [w.scan.pk], "get"),
    ("workshops:close", lambda w: [w.scan.pk], "post"),
    ("api:revoke", lambda w: [w.token.pk], "post"),
    ("consultancies:member_role", lambda w: [w.membership.pk], "post"),
    ("consultancies:member_remove", lambda w: [w.membership.pk], "post"),
    ("privacy:export_start", lambda w: [w.organisation.pk], "post"),
    ("privacy:export", lambda w: [w.organisation.pk, w.export.pk], "get"),
    ("privacy:export_download", lambda w: [w.organisation.pk, w.export.pk], "get"),
    ("privacy:erase", lambda w: [w.organisation.pk], "get"),
    ("privacy:erase", lambda w: [w.organisation.pk], "post"),
]

# Pages that show only the visitor's own things (their dashboard, their tokens, the blank
# checklist): a member of another consultancy gets them, without a word of this one's clients.
OWN = [
    ("home", "get"),
    ("scoring:portfolio", "get"),
    ("checklists:organisation_create", "get"),
    ("api:tokens", "get"),
    ("reports:checklist", "get"),
    ("password_change", "get"),
    ("password_change_done", "get"),
    ("privacy:account", "get"),
    ("privacy:account_export", "get"),
]

# A consultancy's own pages for its owners: another consultancy's owner gets their own; a
# consultant (of any consultancy) gets 404.
OWNERS = [
    ("consultancies:members", "get"),
    ("consultancies:members", "post"),
    ("branding:settings", "get"),
    ("branding:settings", "post"),
]

# The audit trail: platform staff read every event, a consultancy's owner its own consultancy's;
# anyone else gets 404.
AUDIT = [("audit:events", "get"), ("audit:events_csv", "get")]

# Deleting one's own account: it asks for one's own password (tests/test_privacy_account.py).
SELF = {"privacy:account_delete"}

# Public by design: the login and password pages, health, languages, the logo, a workshop's
# participants (they hold the room's code) and a share link's client manager (they hold its
# signed token), the API's description. No session decides what they show.
PUBLIC = {
    "health",
    "health_web",
    "set_language",
    "javascript-catalog",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "branding:logo",
    "workshops:enter",
    "workshops:join",
    "workshops:vote_page",
    "workshops:current",
    "workshops:vote",
    "reports:shared_results",
    "reports:shared_report",
    "reports:shared_report_status",
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    "api-v1:api-root",
    "consultancies:invitation",
}

# The API reads with a token of its user: an object outside the user's scope answers 404, as
# one that does not exist (403 would tell a stranger that the id is in use); a list leaves it out.
API_OBJECTS = [
    ("api-v1:organisation_detail", lambda w: [w.organisation.pk]),
    ("api-v1:scan_detail", lambda w: [w.scan.pk]),
    ("api-v1:scan_answers", lambda w: [w.scan.pk]),
    ("api-v1:scan_results", lambda w: [w.scan.pk]),
]
API_LISTS = ["api-v1:organisation_list", "api-v1:scan_list"]

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
    "evidence": "x",
    "areas": ["purpose"],
    "item": "purpose-01",
    "revealed": "1",
    "value": "4",
}


def attempt(name, method):
    if method == "get":
        return {}
    return ATTEMPT


def url_names(patterns=None, namespace=None):
    """The name of every URL pattern of the project (namespaced), the admin's included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_walker_knows_every_url_pattern():
    """A new URL pattern must be put in one of the tables (and so be walked) before it ships."""
    known = (
        {name for name, _args, _method in URLS}
        | {name for name, _method in OWN}
        | {name for name, _method in OWNERS}
        | {name for name, _method in AUDIT}
        | SELF
        | PUBLIC
        | {name for name, _args in API_OBJECTS}
        | set(API_LISTS)
    )
    names = set(url_names())
    admin = {name for name in names if name.startswith("admin:")}
    assert names - admin == known
    assert admin  # walked by test_the_admin_shows_staff_of_another_consultancy_no_client


@dataclass
class World:
    organisation: Organisation
    scan: Scan
    action: ImprovementAction
    link: ShareLink
    evidence: EvidenceFile
    workshop: Workshop
    token: ApiToken
    membership: Membership
    export: OrganisationExport

    def unchanged(self):
        organisation = Organisation.objects.get(pk=self.organisation.pk)
        assert organisation.name == "Acme Retail"
        assert set(organisation.consultants.values_list("username", flat=True)) == {"alice", "bob"}
        assert list(organisation.scans.values_list("title", flat=True)) == ["Scan 2026"]
        scan = Scan.objects.get(pk=self.scan.pk)
        assert (scan.status, scan.language) == (Scan.Status.IN_PROGRESS, "nl")  # the evidence
        assert list(scan.answers.values_list("item__code", "value", "note")) == [
            ("purpose-02", None, "")
        ]
        assert list(scan.actions.values_list("title", "impact")) == [("Betaallink", 3)]
        assert list(scan.share_links.values_list("revoked_at", flat=True)) == [None]
        baseline = KpiBaseline.objects.get(scan=scan)
        assert (baseline.orders_with_contact, baseline.orders) == (1, 10)
        assert list(EvidenceFile.objects.values_list("pk", flat=True)) == [self.evidence.pk]
        assert not Target.objects.exists()
        workshop = Workshop.objects.get()
        assert (workshop.pk, workshop.closed_at, workshop.current_item) == (
            self.workshop.pk,
            None,
            None,
        )
        assert not workshop.revealed
        assert not ApiToken.objects.get(pk=self.token.pk).is_revoked
        membership = Membership.objects.get(pk=self.membership.pk)
        assert (membership.user.username, membership.role) == ("alice", "consultant")
        assert membership.consultancy.name == "Kompas CX Advies"
        consultancy = membership.consultancy
        assert (consultancy.contributes_to_benchmarks, consultancy.require_mfa) == (True, False)
        assert not Invitation.objects.exists()
        assert list(OrganisationExport.objects.values_list("pk", flat=True)) == [self.export.pk]


@pytest.fixture
def world(scan, consultant):
    action = scan.actions.create(title="Betaallink", impact=3, effort=3, owner="Finance")
    link = ShareLink.objects.create(scan=scan, created_by=consultant)
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    upload = SimpleUploadedFile("jaarverslag.pdf", evidence_files.pdf(), "application/pdf")
    evidence = add_file(scan, Item.objects.get(code="purpose-02"), upload, user=consultant)
    workshop = factories.workshop(scan, created_by=consultant)
    token, _secret = ApiToken.issue(consultant, "Power BI")
    export = OrganisationExport.objects.create(
        organisation=scan.organisation, requested_by=consultant
    )
    audit.record(None, AuditEvent.Action.SCAN_COMPLETED, scan, actor=consultant)
    return World(
        scan.organisation,
        scan,
        action,
        link,
        evidence,
        workshop,
        token,
        consultant.membership,
        export,
    )


ANONYMOUS_401 = {  # htmx requests cannot follow a redirect to a login page
    "checklists:autosave",
}


@pytest.mark.parametrize(("name", "args", "method"), URLS)
def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(
    client, world, name, args, method
):
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, attempt(name, method))
    if name in ANONYMOUS_401:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"
    assert "Acme" not in response.text
    world.unchanged()


@pytest.mark.parametrize(("name", "method"), OWN)
def test_anonymous_visitors_are_sent_to_log_in_from_their_own_pages(client, world, name, method):
    url = reverse(name)
    response = getattr(client, method)(url)
    if name == "home":  # the product's front page for a visitor, the dashboard once logged in
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"
    assert b"Acme" not in response.content


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


# The cross-tenant column: members of another consultancy, however high their role there.
OTHER_CONSULTANCY = ["other_owner", "other_consultant", "other_staff_owner"]


@pytest.fixture
def other_consultancy(db):
    return factories.consultancy("Elders Advies")


@pytest.fixture
def other_owner(other_consultancy):
    return factories.owner("olga", consultancy=other_consultancy)


@pytest.fixture
def other_consultant(other_consultancy):
    """A consultant of the other consultancy with a client of their own named like ours."""
    person = factories.user("dirk", consultancy=other_consultancy)
    factories.organisation("Zeta Retail", consultancy=other_consultancy, consultants=[person])
    return person


@pytest.fixture
def other_staff_owner(other_consultancy):
    """An owner there with staff rights (the content admin) but no superuser."""
    return factories.owner("stan", consultancy=other_consultancy, is_staff=True)


@pytest.mark.parametrize("persona", OTHER_CONSULTANCY)
@pytest.mark.parametrize(("name", "args", "method"), URLS)
def test_a_member_of_another_consultancy_gets_404_everywhere_and_changes_nothing(
    client, world, request, persona, name, args, method
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, attempt(name, method))
    assert response.status_code == 404
    assert "Acme" not in response.text
    world.unchanged()


@pytest.mark.parametrize("persona", OTHER_CONSULTANCY)
@pytest.mark.parametrize(("name", "method"), OWN)
def test_a_member_of_another_consultancy_sees_none_of_ours_on_their_own_pages(
    client, world, request, persona, name, method
):
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":  # the blank checklist
        text = " ".join(pdf_pages(response.content))
    else:
        text = response.text
    assert "Acme" not in text and "alice" not in text


@pytest.mark.parametrize(("name", "method"), OWNERS)
def test_anonymous_visitors_are_sent_to_log_in_from_the_owners_pages(client, world, name, method):
    url = reverse(name)
    response = getattr(client, method)(url, attempt(name, method))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url)}"
    world.unchanged()


@pytest.mark.parametrize("persona", ["outsider", "consultant", "other_consultant", "admin_user"])
@pytest.mark.parametrize(("name", "method"), OWNERS)
def test_the_owners_pages_are_404_for_anyone_but_an_owner(
    client, world, request, persona, name, method
):
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(reverse(name), attempt(name, method))
    assert response.status_code == 404
    world.unchanged()


@pytest.mark.parametrize("persona", ["other_owner", "other_staff_owner"])
@pytest.mark.parametrize(("name", "method"), OWNERS)
def test_another_consultancys_owner_manages_only_their_own(
    client, world, request, persona, name, method
):
    client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(reverse(name), attempt(name, method))
    assert response.status_code == {"get": 200, "post": 400}[method]  # the attempt is incomplete
    assert "Acme" not in response.text and "alice" not in response.text
    world.unchanged()


@pytest.mark.parametrize(("name", "method"), AUDIT)
def test_anonymous_visitors_are_sent_to_log_in_from_the_audit_trail(client, world, name, method):
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url)}"


@pytest.mark.parametrize("persona", ["outsider", "consultant", "other_consultant"])
@pytest.mark.parametrize(("name", "method"), AUDIT)
def test_the_audit_trail_is_404_for_a_consultant(client, world, request, persona, name, method):
    client.force_login(request.getfixturevalue(persona))
    assert getattr(client, method)(reverse(name)).status_code == 404


@pytest.mark.parametrize("persona", ["other_owner", "other_staff_owner"])
@pytest.mark.parametrize(("name", "method"), AUDIT)
def test_another_consultancys_owner_reads_only_their_own_audit_trail(
    client, world, request, persona, name, method
):
    theirs = request.getfixturevalue(persona)
    audit.record(None, AuditEvent.Action.LOGIN, theirs, actor=theirs)
    client.force_login(theirs)
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 200
    text = response.text if name == "audit:events" else b"".join(response).decode()
    assert theirs.username in text
    assert "Acme" not in text and "alice" not in text


@pytest.mark.parametrize("persona", OTHER_CONSULTANCY)
def test_the_api_gives_a_member_of_another_consultancy_nothing_of_ours(
    client, world, request, persona
):
    _token, secret = ApiToken.issue(request.getfixturevalue(persona), "theirs")
    headers = {"authorization": f"Bearer {secret}"}
    for name, args in API_OBJECTS:
        response = client.get(reverse(name, args=args(world)), headers=headers)
        assert response.status_code == 404, name
        assert "Acme" not in response.text
    for name in API_LISTS:
        response = client.get(reverse(name), headers=headers)
        assert response.status_code == 200, name
        assert "Acme" not in response.text


def test_the_api_sends_a_visitor_without_a_token_away(client, world):
    for name, args in API_OBJECTS:
        assert client.get(reverse(name, args=args(world))).status_code == 401
    for name in API_LISTS:
        assert client.get(reverse(name)).status_code == 401


def test_the_admin_shows_staff_of_another_consultancy_no_client(client, world, other_staff_owner):
    """Staff without superuser rights, even given every permission on client data, find none
    of another consultancy's clients in the admin: its lists and objects are scoped too."""
    other_staff_owner.user_permissions.set(Permission.objects.all())
    client.force_login(other_staff_owner)
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"admin:{info}_changelist"))
        # Accounts, lockouts, task rows and consultancies span every consultancy: superusers only.
        platform_only = isinstance(model_admin, PlatformOnly)
        assert response.status_code == (403 if platform_only else 200), info
        assert "Acme" not in response.text and "Scan 2026" not in response.text, info
        # The add form's choices (an organisation, a scan, a user) are scoped too.
        response = client.get(reverse(f"admin:{info}_add"))
        can_add = model_admin.has_add_permission(response.wsgi_request)
        assert response.status_code == (200 if can_add else 403), info
        assert "Acme" not in response.text and "alice" not in response.text, info
    for obj in (world.organisation, world.scan, world.evidence, world.workshop, world.token):
        info = f"{obj._meta.app_label}_{obj._meta.model_name}"
        response = client.get(reverse(f"admin:{info}_change", args=[obj.pk]))
        assert response.status_code == 302, info  # the admin's "no such object", to its index
        assert "Acme" not in client.get(response["Location"]).text


def test_the_admin_sends_anonymous_visitors_to_its_login(client, world):
    response = client.get(reverse("admin:checklists_organisation_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


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
