"""Who may open what: anonymous visitors are sent to log in, another consultant's clients and
scans are 404 and nothing changes; the organisation's consultants and platform staff get in.

The cross-tenant walker: every URL pattern of the project is in one of the tables below, and
members of another consultancy (its owner, its consultant, its owner with staff rights) get 404
on every page of a client of ours, nothing of ours on their own pages, nothing of ours from the
API, and nothing of ours in the admin. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import URLResolver, get_resolver, reverse

import audit
from api.models import ApiToken
from audit.models import AuditEvent
from consultancies.admin import PlatformOnly
from tests import factories
from tests.helpers import area_url, autosave_url, pdf_pages

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
    ("reports:report_document", lambda w: [w.scan.pk], "get"),
    ("reports:deck", lambda w: [w.scan.pk], "get"),
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
    ("narrative:summary", lambda w: [w.scan.pk], "get"),
    ("narrative:summary", lambda w: [w.scan.pk], "post"),
    ("narrative:section", lambda w: [w.scan.pk, "area", "purpose"], "get"),
    ("narrative:section", lambda w: [w.scan.pk, "area", "purpose"], "post"),
    ("narrative:preview", lambda w: [w.scan.pk], "post"),
    ("narrative:draft", lambda w: [w.scan.pk], "post"),
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
    ("consultancies:sign_on", "get"),
    ("consultancies:sign_on", "post"),
]

# The audit trail: platform staff read every event, a consultancy's owner its own consultancy's;
# anyone else gets 404.
AUDIT = [("audit:events", "get"), ("audit:events_csv", "get")]

# Deleting one's own account: it asks for one's own password (tests/test_privacy_account.py).
SELF = {"privacy:account_delete"}

# django-allauth's pages of one's own account (password, second factors, identity providers):
# they show the visitor's own account only (tests/test_mfa.py, test_accounts.py, test_sso.py).
ACCOUNT = {
    "account_change_password",
    "account_set_password",
    "account_email",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "mfa_reauthenticate_webauthn",
    "socialaccount_connections",
    "route:social/connections/",
}
# ...and one's own security key, by its number.
ACCOUNT_OBJECTS = ["mfa_edit_webauthn", "mfa_remove_webauthn"]

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
    # django-allauth's steps of logging in (the second factor, a login code, an identity
    # provider's way back), of a forgotten password, and its closed sign-up.
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
    "mfa_authenticate",
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "route:social/login/cancelled/",
    "route:social/login/error/",
    "route:social/signup/",
    "branding:logo",
    "workshops:enter",
    "workshops:join",
    "workshops:vote_page",
    "workshops:current",
    "workshops:vote",
    "reports:shared_results",
    "reports:shared_report",
    "reports:shared_report_status",
    "reports:shared_deck",
    "reports:shared_document",
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
    "text": "Taken over",
    "confirm": "1",
    "replace": ["summary", "area:purpose"],
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
        elif pattern.name is None:  # allauth and the admin leave a few routes without a name
            yield (
                f"{namespace}:route:{pattern.pattern}" if namespace else f"route:{pattern.pattern}"
            )
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
        | ACCOUNT
        | set(ACCOUNT_OBJECTS)
        | PUBLIC
        | {name for name, _args in API_OBJECTS}
        | set(API_LISTS)
    )
    names = set(url_names())
    admin = {name for name in names if name.startswith("admin:")}
    assert names - admin == known
    assert admin  # walked by test_the_admin_shows_staff_of_another_consultancy_no_client


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


@pytest.mark.parametrize("name", sorted(name for name in ACCOUNT if ":" not in name))
def test_account_pages_show_another_consultancys_member_only_their_own(
    client, world, other_owner, name
):
    client.force_login(other_owner)
    response = client.get(reverse(name))
    # 302: the password asked again first; 404: nothing of theirs to show (no app set up yet)
    assert response.status_code in (200, 302, 404)
    assert "Acme" not in response.text and "alice" not in response.text
    world.unchanged()


@pytest.mark.parametrize("name", ACCOUNT_OBJECTS)
def test_someone_elses_security_key_is_404(client, world, other_owner, name):
    key = Authenticator.objects.create(
        user=world.membership.user, type=Authenticator.Type.WEBAUTHN, data={"name": "alice's key"}
    )
    client.force_login(other_owner)
    # Past allauth's "confirm your password" first.
    assert (
        client.post(reverse("account_reauthenticate"), {"password": "password"}).status_code == 302
    )
    assert client.get(reverse(name, args=[key.pk])).status_code == 404
    assert client.post(reverse(name, args=[key.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


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
