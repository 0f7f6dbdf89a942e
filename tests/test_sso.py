"""Single sign-on on the server: the login page's buttons and its Content Security Policy, and
what a provider's answer may do (the whole flow runs in tests/browser/test_sso_in_browser.py)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from branding.models import Branding
from consultancies.models import Consultancy, Invitation, Membership
from consultancies.sign_on import ConsultancySignOnAdapter
from tests import factories
from tests.helpers import elements, text_of
from tests.test_branding import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def provider(db):
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme-id",
        name="Acme ID",
        client_id="cxscan",
        secret="s3cret",
        settings={
            "server_url": "https://id.acme.example/realms/staff",
            "consultancy": factories.DEFAULT_CONSULTANCY,  # alice's
        },
    )


def form_action(response) -> str:
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["form-action"]


def test_without_a_provider_the_login_page_has_no_sign_on_button(client):
    page = client.get(reverse("login"))
    assert "Log in with" not in page.text
    assert form_action(page) == "'self'"


def test_each_provider_has_a_button_that_posts_with_the_safe_next(client, provider):
    page = client.get(reverse("login"), {"next": "/portfolio/"})
    (form,) = elements(
        page.text, "form", action="/accounts/oidc/acme-id/login/?next=%2Fportfolio%2F"
    )
    assert form["method"] == "post"
    assert "Log in with Acme ID" in page.text
    unsafe = client.get(reverse("login"), {"next": "https://evil.example/"})
    assert elements(unsafe.text, "form", action="/accounts/oidc/acme-id/login/")


def test_only_the_login_page_lets_forms_lead_to_the_provider(client, provider):
    """The button's POST is answered with a redirect to the provider, which browsers check
    against the page's form-action."""
    assert form_action(client.get(reverse("login"))) == "'self' https://id.acme.example"
    assert form_action(client.get(reverse("password_reset"))) == "'self'"


def test_signing_on_by_get_is_refused(client, provider):
    """A link (or an image) cannot start a login: the button posts, with the CSRF token."""
    response = client.get("/accounts/oidc/acme-id/login/")
    assert response.status_code == 200  # a page with a button, no redirect to the provider
    assert "id.acme.example" not in response.text


def provider_says(email: str, verified: bool = True) -> SocialLogin:
    """What an identity provider's answer becomes: a login with the addresses it gave."""
    return SocialLogin(
        account=SocialAccount(provider="acme-id", uid="someone"),
        email_addresses=[EmailAddress(email=email, verified=verified)],
    )


@pytest.mark.parametrize(
    ("email", "verified", "found"),
    [
        ("alice@example.com", True, "alice"),
        ("ALICE@example.com", True, "alice"),
        ("alice@example.com", False, None),  # not verified by the provider
        ("shared@example.com", True, None),  # two accounts have it
        ("ada@example.com", True, None),  # platform staff
        ("gone@example.com", True, None),  # an account that was deactivated
        ("nobody@example.com", True, None),
    ],
)
def test_which_account_a_providers_address_logs_in(provider, email, verified, found):
    factories.user("alice", email="alice@example.com")
    factories.user("bob", email="shared@example.com")
    factories.user("carol", email="shared@example.com")
    factories.user("gone", email="gone@example.com", is_active=False)
    factories.staff_user("ada")
    get_user_model().objects.filter(username="ada").update(email="ada@example.com")
    match = ConsultancySignOnAdapter().authenticate_by_email(provider_says(email, verified))
    assert (match[0].username if match else None) == found
    if found:
        # Staff entered the address: it counts as verified, so the password is not wiped.
        assert EmailAddress.objects.get(user__username=found).verified


def test_a_provider_logs_in_members_of_its_own_consultancy_only(provider):
    """Another consultancy's identity provider vouching for our member's address logs in
    nobody; nor does a provider whose settings name no consultancy."""
    factories.user("alice", email="alice@example.com")
    elsewhere = factories.consultancy("Elders Advies", slug="elders")
    factories.user("dirk", consultancy=elsewhere, email="dirk@example.com")
    adapter = ConsultancySignOnAdapter()
    assert adapter.authenticate_by_email(provider_says("alice@example.com"))[0].username == "alice"
    assert adapter.authenticate_by_email(provider_says("dirk@example.com")) is None
    provider.settings = {"server_url": provider.settings["server_url"]}
    provider.save()
    assert adapter.authenticate_by_email(provider_says("alice@example.com")) is None


# The owner's single sign-on page (consultancies.views.sign_on_settings)

SIGN_ON = reverse("consultancies:sign_on")
GOOD = {
    "name": "Kompas ID",
    "server_url": "https://login.kompas.example/realms/staff",
    "client_id": "cxscan-kompas",
    "secret": "the-client-secret",
}


@pytest.fixture
def owner(db):
    return factories.owner("olivia")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def sso_events():
    return list(
        AuditEvent.objects.filter(action=AuditEvent.Action.SSO_CHANGED)
        .order_by("pk")
        .values_list("actor__username", "consultancy__slug", "details")
    )


def kompas_app() -> SocialApp:
    return SocialApp.objects.get(settings__consultancy="kompas")


def test_the_owner_adds_the_consultancys_provider_and_the_login_page_has_its_button(
    owner_client, client
):
    response = owner_client.post(SIGN_ON, GOOD)
    assert response.status_code == 302 and response["Location"] == SIGN_ON
    app = kompas_app()
    assert (app.provider, app.provider_id, app.name, app.client_id, app.secret) == (
        "openid_connect",
        "kompas",
        "Kompas ID",
        "cxscan-kompas",
        "the-client-secret",
    )
    assert app.settings == {"server_url": GOOD["server_url"], "consultancy": "kompas"}
    assert sso_events() == [
        (
            "olivia",
            "kompas",
            {
                "change": "added",
                "fields": ["name", "server_url", "client_id", "secret"],
                "in": "app",
            },
        )
    ]
    assert "the-client-secret" not in str(AuditEvent.objects.values_list())
    client.logout()
    assert "Log in with Kompas ID" in client.get(reverse("login")).text


def test_the_page_shows_the_callback_url_and_never_the_secret(owner_client):
    owner_client.post(SIGN_ON, GOOD)
    page = owner_client.get(SIGN_ON)
    assert page.status_code == 200
    (callback,) = elements(page.text, "input", id="callback-url")
    assert callback["value"] == "http://testserver/accounts/oidc/kompas/login/callback/"
    assert "the-client-secret" not in page.text
    (secret,) = elements(page.text, "input", name="secret")
    assert "value" not in secret
    assert "A secret is stored; it is never shown." in page.text


def test_an_empty_secret_keeps_the_stored_one_and_only_changes_are_recorded(owner_client):
    owner_client.post(SIGN_ON, GOOD)
    response = owner_client.post(SIGN_ON, {**GOOD, "name": "Kompas Login", "secret": ""})
    assert response.status_code == 302
    app = kompas_app()
    assert (app.name, app.secret) == ("Kompas Login", "the-client-secret")
    owner_client.post(SIGN_ON, {**GOOD, "name": "Kompas Login", "secret": "a-new-secret"})
    assert kompas_app().secret == "a-new-secret"
    assert [details for _who, _where, details in sso_events()][1:] == [
        {"change": "changed", "fields": ["name"], "in": "app"},
        {"change": "changed", "fields": ["secret"], "in": "app"},
    ]


def test_a_provider_staff_made_for_the_consultancy_is_the_one_the_owner_edits(owner_client):
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="staff-made",
        name="Old name",
        client_id="old",
        secret="old-secret",
        settings={"server_url": "https://old.example", "consultancy": "kompas"},
    )
    owner_client.post(SIGN_ON, {**GOOD, "secret": ""})
    (app,) = SocialApp.objects.all()
    assert (app.provider_id, app.name, app.secret) == ("staff-made", "Kompas ID", "old-secret")


TOO_LONG = "https://" + "a" * 190 + ".example/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", "x" * 41, "Ensure this value has at most 40 characters (it has 41)."),
        ("server_url", "", "This field is required."),
        ("server_url", "login.kompas.example", "Enter the issuer as a full URL"),
        ("server_url", "ftp://login.kompas.example", "Enter the issuer as a full URL"),
        ("server_url", "http://login.kompas.example", "The issuer URL must start with https://."),
        ("server_url", "http://127.0.0.1:9000", "The issuer URL must start with https://."),
        ("server_url", "https://user:pw@login.kompas.example", "may not hold a user name"),
        ("server_url", "https://login.kompas.example/#x", "may not hold a query (?) or fragment"),
        ("server_url", "https://login.kompas.example/?a=b", "may not hold a query (?) or fragment"),
        ("server_url", "https://127.0.0.1/", "not this server's own"),
        ("server_url", "https://localhost:8443/", "not this server's own"),
        ("server_url", "https://10.0.0.5/", "not a private or local one"),
        ("server_url", "https://192.168.1.1/", "not a private or local one"),
        ("server_url", "https://169.254.169.254/latest/", "not a private or local one"),
        ("server_url", "https://[::1]/", "not this server's own"),
        ("server_url", "https://[fd00::1]/", "not a private or local one"),
        ("server_url", "https://[::ffff:10.0.0.1]/", "not a private or local one"),
        ("server_url", "https://2130706433/", "not this server's own"),
        ("server_url", "https://127.1/", "not this server's own"),
        ("server_url", "https://0.0.0.0/", "not this server's own"),
        ("server_url", "https://0x0a.0.0.1/", "not a private or local one"),
        ("server_url", "https://login.kompas.example:99999/", "Enter the issuer as a full URL"),
        ("server_url", TOO_LONG, "at most 200 characters"),
        ("client_id", "", "This field is required."),
        ("client_id", "c" * 192, "at most 191 characters"),
        ("secret", "", "Enter the client secret your provider gave."),
        ("secret", " padded ", "may not start or end with a space"),
        ("secret", "s" * 192, "at most 191 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(owner_client, field, value, message):
    response = owner_client.post(SIGN_ON, {**GOOD, field: value})
    assert response.status_code == 400
    assert message in text_of(response.text, f"error_1_id_{field}")
    assert not SocialApp.objects.exists()
    assert sso_events() == []


@pytest.mark.parametrize("field", ["name", "server_url", "client_id", "secret"])
def test_a_nul_byte_is_refused_and_saves_nothing(owner_client, field):
    """The project's middleware refuses a NUL byte anywhere in a request, with a message."""
    response = owner_client.post(SIGN_ON, {**GOOD, field: GOOD[field] + "\x00"})
    assert response.status_code == 400
    assert not SocialApp.objects.exists()
    assert sso_events() == []


def test_a_bad_edit_changes_nothing(owner_client):
    owner_client.post(SIGN_ON, GOOD)
    response = owner_client.post(SIGN_ON, {**GOOD, "server_url": "https://10.1.1.1/"})
    assert response.status_code == 400
    assert kompas_app().settings["server_url"] == GOOD["server_url"]
    assert len(sso_events()) == 1


def test_plain_http_on_the_loopback_only_where_the_setting_allows_it(owner_client, settings):
    settings.CXSCAN_SSO_ALLOW_HTTP_LOOPBACK = True
    response = owner_client.post(SIGN_ON, {**GOOD, "server_url": "http://127.0.0.1:9000"})
    assert response.status_code == 302
    assert kompas_app().settings["server_url"] == "http://127.0.0.1:9000"
    response = owner_client.post(SIGN_ON, {**GOOD, "server_url": "http://10.0.0.5:9000"})
    assert response.status_code == 400


def test_an_unknown_action_changes_nothing(owner_client):
    response = owner_client.post(SIGN_ON, {**GOOD, "action": "delete-everything"})
    assert response.status_code == 400
    assert not SocialApp.objects.exists()


def test_a_consultant_gets_404_and_changes_nothing(client):
    client.force_login(factories.user("alice"))
    assert client.get(SIGN_ON).status_code == 404
    assert client.post(SIGN_ON, GOOD).status_code == 404
    assert not SocialApp.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(SIGN_ON, GOOD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not SocialApp.objects.exists()


def test_another_consultancys_owner_sees_and_changes_only_their_own(owner_client, client):
    owner_client.post(SIGN_ON, GOOD)
    elders = factories.consultancy("Elders Advies", slug="elders")
    client.force_login(factories.owner("erik", consultancy=elders))
    page = client.get(SIGN_ON)
    assert page.status_code == 200
    assert "Kompas ID" not in page.text and "cxscan-kompas" not in page.text
    assert "/accounts/oidc/elders/login/callback/" in page.text
    client.post(SIGN_ON, {**GOOD, "name": "Elders ID", "client_id": "elders"})
    client.post(SIGN_ON, {"action": "remove"})  # their own
    app = kompas_app()
    assert (app.name, app.client_id) == ("Kompas ID", "cxscan-kompas")
    assert not SocialApp.objects.filter(settings__consultancy="elders").exists()


def test_removing_the_provider_turns_single_sign_on_only_off(owner_client, owner):
    owner_client.post(SIGN_ON, GOOD)
    SocialAccount.objects.create(user=owner, provider="kompas", uid="olivia")
    owner_client.post(SIGN_ON, {"action": "sso_only", "sso_only": "on"})
    assert Consultancy.objects.get(slug="kompas").sso_only
    response = owner_client.post(SIGN_ON, {"action": "remove"})
    assert response.status_code == 302
    assert not SocialApp.objects.exists() and not SocialAccount.objects.exists()
    assert not Consultancy.objects.get(slug="kompas").sso_only
    assert [details["change"] for _who, _where, details in sso_events()] == [
        "added",
        "sso_only",
        "removed",
    ]
    assert sso_events()[-1][2]["fields"] == ["provider", "sso_only"]
    assert owner_client.post(SIGN_ON, {"action": "remove"}).status_code == 400


def test_single_sign_on_only_needs_a_provider_the_owner_has_logged_in_through(owner_client, owner):
    response = owner_client.post(SIGN_ON, {"action": "sso_only", "sso_only": "on"})
    assert response.status_code == 400
    assert "Set up the identity provider first." in response.text
    owner_client.post(SIGN_ON, GOOD)
    assert "You have not logged in through Kompas ID yet" in owner_client.get(SIGN_ON).text
    response = owner_client.post(SIGN_ON, {"action": "sso_only", "sso_only": "on"})
    assert response.status_code == 400
    assert "Log in through Kompas ID yourself first" in response.text
    assert not Consultancy.objects.get(slug="kompas").sso_only
    # Someone else's connection does not count.
    SocialAccount.objects.create(user=factories.user("alice"), provider="kompas", uid="alice")
    assert owner_client.post(SIGN_ON, {"action": "sso_only", "sso_only": "on"}).status_code == 400
    SocialAccount.objects.create(user=owner, provider="kompas", uid="olivia")
    response = owner_client.post(SIGN_ON, {"action": "sso_only", "sso_only": "on"})
    assert response.status_code == 302
    assert Consultancy.objects.get(slug="kompas").sso_only
    owner_client.post(SIGN_ON, {"action": "sso_only"})  # the box cleared
    assert not Consultancy.objects.get(slug="kompas").sso_only
    assert [details for _who, _where, details in sso_events()][1:] == [
        {"change": "sso_only", "fields": ["sso_only"], "in": "app"},
        {"change": "sso_only", "fields": ["sso_only"], "in": "app"},
    ]


# Single sign-on only: what a member can no longer do with a password


@pytest.fixture
def sso_only(provider):
    """alice's consultancy logs in through Acme ID only."""
    factories.default_consultancy()
    Consultancy.objects.filter(slug=factories.DEFAULT_CONSULTANCY).update(sso_only=True)
    return provider


def log_in(client, username, password):
    return client.post(
        reverse("login"), {"login": username, "password": password}, REMOTE_ADDR="10.0.0.1"
    )


def login_alert(html: str) -> str:
    (alert,) = re.findall(r'<div class="alert alert-danger" role="alert">(.*?)</div>', html)
    return alert


def test_a_password_login_is_refused_with_a_pointer_to_the_button(client, sso_only):
    factories.user("alice")
    response = log_in(client, "alice", "password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    alert = login_alert(response.text)
    assert "single sign-on only" in alert and "“Log in with Acme ID”" in alert
    assert "Log in with Acme ID" in response.text  # the button itself
    wrong = log_in(client, "alice", "wrong")
    assert "did not match" in login_alert(wrong.text)
    assert list(
        AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).values_list(
            "actor_label", flat=True
        )
    ) == ["alice", "alice"]


def test_refused_password_logins_count_towards_the_lockout(client, sso_only):
    factories.user("alice")
    for _ in range(4):
        assert log_in(client, "alice", "password").status_code == 200
    assert log_in(client, "alice", "password").status_code == 429


def test_other_consultancies_and_platform_staff_still_log_in_with_a_password(client, sso_only):
    elders = factories.consultancy("Elders Advies", slug="elders")
    factories.user("dirk", consultancy=elders)
    assert log_in(client, "dirk", "password").status_code == 302
    client.logout()
    staff = factories.staff_user("ada")
    Membership.objects.create(user=staff, consultancy=factories.default_consultancy())
    assert log_in(client, "ada", "password").status_code == 302
    client.logout()
    # Staff rights without being a superuser: no provider logs them in, so neither is refused.
    factories.staff_user("stan", superuser=False)
    assert log_in(client, "stan", "password").status_code == 302
    assert reverse("password_change") in client.get(reverse("home")).text


def test_password_reset_sends_no_link_with_the_same_answer(client, sso_only, mailoutbox):
    factories.user("alice", email="alice@example.com")
    url = reverse("password_reset")
    bound = client.post(url, {"email": "alice@example.com"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)
    assert bound.redirect_chain == unknown.redirect_chain
    assert bound.redirect_chain == [(reverse("account_reset_password_done"), 302)]
    assert mailoutbox == []
    Consultancy.objects.update(sso_only=False)
    client.post(url, {"email": "alice@example.com"})
    assert [message.to for message in mailoutbox] == [["alice@example.com"]]


def test_password_change_is_not_offered(client, sso_only):
    alice = factories.user("alice")
    client.force_login(alice)
    home = client.get(reverse("home"))
    assert reverse("password_change") not in home.text
    for name in ("password_change", "account_set_password"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("home")
    response = client.post(
        reverse("password_change"),
        {"oldpassword": "password", "password1": "N3w-passw0rd!", "password2": "N3w-passw0rd!"},
        follow=True,
    )
    assert "there is no password to change here" in response.text
    alice.refresh_from_db()
    assert alice.check_password("password")
    Consultancy.objects.update(sso_only=False)
    assert reverse("password_change") in client.get(reverse("home")).text


# Invitations: the inviting consultancy's branding; no password in a single-sign-on-only one


def invitation_link(consultancy, email="nina@example.com") -> str:
    invitation = Invitation.objects.create(consultancy=consultancy, email=email)
    return reverse("consultancies:invitation", args=[invitation.token])


def test_the_invitation_page_wears_the_inviting_consultancys_branding(client):
    kompas = factories.default_consultancy()
    elders = factories.consultancy("Elders Advies", slug="elders")
    for consultancy, name, accent in (
        (kompas, "Kompas Brand", "#c2410c"),
        (elders, "Elders Brand", "#166534"),
    ):
        branding = Branding(consultancy=consultancy, name=name, accent=accent)
        branding.logo = ContentFile(image_bytes("PNG"), name="logo.png")
        branding.save()
    kompas_logo = Branding.objects.get(consultancy=kompas).logo_url
    elders_logo = Branding.objects.get(consultancy=elders).logo_url
    link = invitation_link(kompas)
    # Anonymous, and logged in as a member of another consultancy: the inviter's branding.
    client.force_login(factories.user("dirk", consultancy=elders))
    for visitor in (Client(), client):
        page = visitor.get(link)
        assert page.status_code == 200
        header = page.text.split("<main", 1)[0]
        assert "Kompas Brand" in header and "Elders Brand" not in header
        assert elements(page.text, "img", src=kompas_logo)
        assert not elements(page.text, "img", src=elders_logo)
        assert "--cx-accent: #c2410c;" in page.text and "#166534" not in page.text


def test_an_invitation_into_a_single_sign_on_only_consultancy_asks_no_password(sso_only):
    link = invitation_link(factories.default_consultancy())
    nina = Client()
    page = nina.get(link)
    assert page.status_code == 200
    assert not elements(page.text, "input", type="password")
    assert "you do not choose a password here" in page.text
    assert "The button reads “Log in with Acme ID”." in page.text
    response = nina.post(link, {"username": "nina", "first_name": "Nina", "last_name": "Vries"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    account = get_user_model().objects.get(username="nina")
    assert account.email == "nina@example.com"
    assert not account.has_usable_password()
    assert account.membership.consultancy.slug == "kompas"
    assert "_auth_user_id" not in nina.session  # they log in through the provider
    login_page = nina.get(reverse("login"))
    assert "Welcome to Kompas CX Advies. Log in with its button below." in login_page.text
    # The provider vouching for the invited address now logs the new member in.
    match = ConsultancySignOnAdapter().authenticate_by_email(provider_says("nina@example.com"))
    assert match[0] == account
    assert Client().get(link).status_code == 404  # used


def test_a_bad_single_sign_on_invitation_post_makes_no_account(sso_only):
    link = invitation_link(factories.default_consultancy())
    response = Client().post(link, {"username": "", "first_name": "Nina"})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="nina@example.com").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_joins_a_single_sign_on_only_consultancy_without_a_password(
    sso_only,
):
    nina = get_user_model().objects.create_user("nina", "nina@example.com", "old-password")
    link = invitation_link(factories.default_consultancy())
    page = Client().get(link)
    assert "Your address already has an account, <strong>nina</strong>" in page.text
    assert Client().post(link, {}).status_code == 302
    nina.refresh_from_db()
    assert nina.membership.consultancy.slug == "kompas"
    assert log_in(Client(), "nina", "old-password").status_code == 200  # refused: the button


def test_a_provider_name_taken_by_another_consultancys_provider_is_refused(owner_client):
    """The sign-on URLs name the provider by the consultancy's slug: one staff gave to another
    consultancy's provider is not taken over."""
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="kompas",
        name="Elders ID",
        client_id="elders",
        secret="elders-secret",
        settings={"server_url": "https://id.elders.example", "consultancy": "elders"},
    )
    response = owner_client.post(SIGN_ON, GOOD)
    assert response.status_code == 400
    assert "ask platform staff to rename it in the admin" in response.text
    (app,) = SocialApp.objects.all()
    assert (app.name, app.settings["consultancy"]) == ("Elders ID", "elders")
    assert sso_events() == []


def test_the_owner_reads_the_change_in_their_audit_trail_without_the_secret(owner_client, client):
    owner_client.post(SIGN_ON, GOOD)
    csv = owner_client.get(reverse("audit:events_csv"))
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.text
    (row,) = [line for line in text.splitlines() if ",sso_changed," in line]
    assert ",olivia,sso_changed,consultancies.consultancy," in row
    assert '""fields"": [""name"", ""server_url"", ""client_id"", ""secret""]' in row
    assert "the-client-secret" not in text
    elders = factories.consultancy("Elders Advies", slug="elders")
    client.force_login(factories.owner("erik", consultancy=elders))
    other = client.get(reverse("audit:events_csv"))
    other_text = b"".join(other.streaming_content).decode() if other.streaming else other.text
    assert "sso_changed" not in other_text


def test_the_invitation_mail_of_a_single_sign_on_only_consultancy_asks_no_password(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    Consultancy.objects.filter(slug="kompas").update(sso_only=True)
    members = owner_client.get(reverse("consultancies:members"))
    assert "a link to join, without a password" in members.text
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("consultancies:members"), {"email": "nina@example.com", "role": "consultant"}
        )
    (mail,) = mailoutbox
    assert "log in through Kompas CX Advies's single sign-on, without a password" in mail.body
    assert "set your password" not in mail.body
