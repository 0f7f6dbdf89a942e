"""Single sign-on on the server: the login page's buttons and its Content Security Policy, and
what a provider's answer may do (the whole flow runs in tests/browser/test_sso_in_browser.py)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.auth import get_user_model
from django.urls import reverse

from consultancies.sign_on import ConsultancySignOnAdapter
from tests import factories
from tests.helpers import elements

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
