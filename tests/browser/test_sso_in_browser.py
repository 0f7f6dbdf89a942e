"""Single sign-on in Chromium through a real OpenID provider (npm oidc-provider) started on the
loopback: the whole redirect flow, from the login page's button to the provider's login and
consent pages and back. Existing accounts only, found by a verified e-mail address."""

import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model

from consultancies.models import Consultancy, Invitation
from tests import factories
from tests.test_mfa import totp

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
CLIENT_ID, CLIENT_SECRET = "cxscan-loopback", "loopback-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_provider(callback: str):
    """npm's oidc-provider on a free loopback port, knowing `callback` as its one client's
    redirect URI; stopped afterwards, by its process id. Yields its issuer URL."""
    node = shutil.which("node")
    if node is None or not (HERE.parents[1] / "node_modules" / "oidc-provider").exists():
        reason = "Single sign-on tests need Node.js and `npm ci` (oidc-provider)."
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    port = free_port()
    process = subprocess.Popen(
        [node, str(HERE / "oidc_provider.mjs"), str(port), CLIENT_ID, CLIENT_SECRET, callback],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said = []
        for line in process.stdout:  # its warnings, then "listening on PORT" (or an error, the end)
            said.append(line)
            if line.startswith("listening"):
                break
        else:
            pytest.fail("The OpenID provider did not start:\n" + "".join(said))
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()


@pytest.fixture
def identity_provider(app):
    """The provider, set up in the database as staff would in the admin."""
    live_server, _alice = app
    with running_provider(f"{live_server.url}/accounts/oidc/loopback/login/callback/") as issuer:
        SocialApp.objects.create(
            provider="openid_connect",
            provider_id="loopback",
            name="Loopback ID",
            client_id=CLIENT_ID,
            secret=CLIENT_SECRET,
            settings={"server_url": issuer, "consultancy": "kompas"},
        )
        yield issuer


def sign_on(page, base, account, button="Inloggen met Loopback ID"):
    """The login page's single sign-on button, then the provider's own pages."""
    page.goto(f"{base}/accounts/login/?next=/portfolio/")
    page.click(f"#main button:has-text('{button}')")
    page.wait_for_url("http://127.0.0.1:*/**")  # the provider's login page, on its own host
    page.fill("input[name=login]", account)
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    # Consent: share the e-mail address with the site.
    page.wait_for_selector("input[name=prompt][value=consent]", state="attached")
    page.click("button[type=submit]")


def test_an_existing_account_logs_in_through_its_identity_provider(app, identity_provider, page):
    live_server, alice = app
    alice.email = "alice@example.com"
    alice.save()
    base = live_server.url
    sign_on(page, base, "alice")
    page.wait_for_url(f"{base}/portfolio/")
    assert page.locator("header").get_by_text("alice").is_visible()
    (account,) = SocialAccount.objects.all()
    assert (account.user, account.provider, account.uid) == (alice, "loopback", "alice")
    alice.refresh_from_db()
    assert alice.check_password("password")  # the password still works beside it


@pytest.mark.parametrize(
    ("account", "why"),
    [
        ("mallory", "no account has the address"),
        ("unverified-alice", "the provider did not verify the address"),
        ("ada", "platform staff never log in through a consultancy's provider"),
    ],
)
def test_single_sign_on_makes_no_account_and_logs_in_no_one_else(
    app, identity_provider, page, account, why
):
    live_server, alice = app
    alice.email = "alice@example.com"
    alice.save()
    factories.staff_user("ada")
    get_user_model().objects.filter(username="ada").update(email="ada@example.com")
    base = live_server.url
    users = set(get_user_model().objects.values_list("username", flat=True))
    sign_on(page, base, account)
    page.wait_for_url(lambda url: url.startswith(base))
    assert page.locator("h1").inner_text() == "Geen account bij deze login", why
    assert set(get_user_model().objects.values_list("username", flat=True)) == users
    assert not SocialAccount.objects.exists()
    assert page.locator("header a[href='/accounts/login/']").is_visible()  # not logged in


def test_a_second_factor_is_still_asked_for_after_single_sign_on(app, identity_provider, page):
    live_server, alice = app
    alice.email = "alice@example.com"
    alice.save()
    TOTP.activate(alice, "JBSWY3DPEHPK3PXP")
    base = live_server.url
    sign_on(page, base, "alice")
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    page.fill("#id_code", totp("JBSWY3DPEHPK3PXP", datetime.now(UTC)))
    page.click("#main button[type=submit]")
    page.wait_for_url(f"{base}/portfolio/")
    assert page.locator("header").get_by_text("alice").is_visible()


def test_the_owner_sets_up_single_sign_on_and_then_passwords_stop(app, page, settings):
    """The owner enters the loopback provider on the "Single sign-on" page, logs in through it,
    turns on "single sign-on only"; a password login (theirs, a consultant's) is then refused
    with a pointer to the button, and the button still logs in."""
    settings.CXSCAN_SSO_ALLOW_HTTP_LOOPBACK = True
    live_server, alice = app
    base = live_server.url
    olivia = factories.owner("olivia", email="olivia@example.com")
    with running_provider(f"{base}/accounts/oidc/kompas/login/callback/") as issuer:
        log_in_with_password(page, base, "olivia")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/consultancy/sign-on/")
        assert page.locator("#callback-url").input_value() == (
            f"{base}/accounts/oidc/kompas/login/callback/"
        )
        page.fill("#id_name", "Kompas ID")
        page.fill("#id_server_url", issuer)
        page.fill("#id_client_id", CLIENT_ID)
        page.fill("#id_secret", CLIENT_SECRET)
        page.click("#provider-form button[type=submit]")
        page.wait_for_url(f"{base}/consultancy/sign-on/")
        assert page.locator("#id_secret").input_value() == ""  # never shown back
        # Not yet: the owner has not logged in through it.
        page.check("#id_sso_only")
        page.click("#sso-only-form button[type=submit]")
        assert "Log eerst zelf in via Kompas ID" in page.locator("#sso-only-form").inner_text()
        assert not Consultancy.objects.get(slug="kompas").sso_only

        page.click("header button:has-text('Uitloggen')")
        sign_on(page, base, "olivia", button="Inloggen met Kompas ID")
        page.wait_for_url(f"{base}/portfolio/")
        assert page.locator("header").get_by_text("olivia").is_visible()

        page.goto(f"{base}/consultancy/sign-on/")
        page.check("#id_sso_only")
        page.click("#sso-only-form button[type=submit]")
        page.wait_for_url(f"{base}/consultancy/sign-on/")
        assert page.locator("#id_sso_only").is_checked()
        assert Consultancy.objects.get(slug="kompas").sso_only
        assert not page.locator("header a:has-text('Wachtwoord wijzigen')").count()

        page.click("header button:has-text('Uitloggen')")
        for username in ("olivia", "alice"):
            log_in_with_password(page, base, username)
            alert = page.locator("#main .alert-danger")
            assert "alleen in met single sign-on" in alert.inner_text()
            assert "“Inloggen met Kompas ID”" in alert.inner_text()
            assert page.locator("header a[href='/accounts/login/']").is_visible()  # not logged in
        # The button still logs in (the provider remembers olivia: straight back).
        page.goto(f"{base}/accounts/login/?next=/portfolio/")
        page.click("#main button:has-text('Inloggen met Kompas ID')")
        page.wait_for_url(f"{base}/portfolio/")
        assert page.locator("header").get_by_text("olivia").is_visible()
    assert SocialApp.objects.get().settings == {"server_url": issuer, "consultancy": "kompas"}
    assert SocialAccount.objects.get().user == olivia
    assert alice.check_password("password")  # kept, unused while single sign-on only is on


def log_in_with_password(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", "password")
    page.click("#main form[action='/accounts/login/'] button[type=submit]")


def test_an_invitee_of_a_single_sign_on_only_consultancy_joins_and_signs_on(
    app, identity_provider, page
):
    """No password is chosen: the invitation makes the account, the login page's button (the
    provider vouching for the invited address) logs the new member in."""
    live_server, _alice = app
    base = live_server.url
    kompas = factories.default_consultancy()
    kompas.sso_only = True
    kompas.save()
    invitation = Invitation.objects.create(consultancy=kompas, email="nina@example.com")
    page.goto(f"{base}/invitations/{invitation.token}/")
    assert not page.locator("input[type=password]").count()
    assert "Op de knop staat “Inloggen met Loopback ID”." in page.locator("#main").inner_text()
    page.fill("#id_username", "nina")
    page.fill("#id_first_name", "Nina")
    page.click("#main button:has-text('Lid worden')")
    page.wait_for_url(f"{base}/accounts/login/")
    assert "Welkom bij Kompas CX Advies." in page.locator("#main").inner_text()
    sign_on(page, base, "nina")
    page.wait_for_url(f"{base}/portfolio/")
    assert page.locator("header").get_by_text("nina").is_visible()
    nina = get_user_model().objects.get(username="nina")
    assert nina.membership.consultancy == kompas and not nina.has_usable_password()
    assert SocialAccount.objects.get().user == nina
