"""Two-factor login in Chromium: an authenticator app (TOTP) and a security key or passkey
(WebAuthn, with Chromium's virtual authenticator), each set up from the user menu and then
asked for at the next login. Checked with axe on the way."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.test_accounts_in_browser import SUBMIT
from tests.browser.test_html_valid import vnu_command, vnu_errors
from tests.test_mfa import totp

pytestmark = pytest.mark.browser


def log_in(page, base, password="password"):
    page.goto(f"{base}/accounts/login/?next=/portfolio/")
    page.fill("#id_login", "alice")
    page.fill("#id_password", password)
    page.click(SUBMIT)


def confirm_password(page, base):
    """Every change to the second factors asks for the password first."""
    page.wait_for_url(f"{base}/accounts/reauthenticate/**")
    page.fill("#id_password", "password")
    page.click(SUBMIT)


def log_out(page, base):
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url(f"{base}/")


def test_authenticator_app_set_up_and_asked_for_at_login(app, page):
    live_server, alice = app
    base = live_server.url
    found = []
    # The clock runs, and jumps a step ahead below: a code is taken only once.
    with time_machine.travel(datetime.now(UTC), tick=True) as clock:
        log_in(page, base)
        page.wait_for_url(f"{base}/portfolio/")
        page.click("header a[href='/accounts/2fa/']")
        found += serious_violations(page)
        page.click("#main a[href='/accounts/2fa/totp/activate/']")
        confirm_password(page, base)
        page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
        assert page.locator("#main img[src^='data:image/svg+xml']").is_visible()  # the QR code
        found += serious_violations(page)
        secret = page.input_value("#authenticator_secret")
        page.fill("#id_code", totp(secret, datetime.now(UTC)))
        page.click(SUBMIT)
        page.wait_for_url(lambda url: "/totp/activate/" not in url)
        assert Authenticator.objects.filter(user=alice, type="totp").exists()
        log_out(page, base)

        clock.shift(timedelta(seconds=30))
        log_in(page, base)
        page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
        found += serious_violations(page)
        page.fill("#id_code", "000000")
        page.click(SUBMIT)
        # The same address answers: wait for the refusal rather than look before it arrives.
        expect(page.locator("#main").get_by_text("Ongeldige code.")).to_be_visible()
        page.fill("#id_code", totp(secret, datetime.now(UTC)))
        page.click(SUBMIT)
        page.wait_for_url(f"{base}/portfolio/")
        assert page.locator("header").get_by_text("alice").is_visible()
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def virtual_authenticator(page):
    """Chromium's virtual security key, which says yes at once (DevTools' WebAuthn domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_security_key_set_up_and_asked_for_at_login(app, page, settings):
    live_server, alice = app
    base = live_server.url
    assert base.startswith("http://localhost:")  # an address is no WebAuthn relying party
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # plain http on localhost
    cdp, authenticator = virtual_authenticator(page)
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    found = []

    log_in(page, base)
    page.wait_for_url(f"{base}/portfolio/")
    page.click("header a[href='/accounts/2fa/']")
    page.click("#main a[href='/accounts/2fa/webauthn/add/']")
    confirm_password(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/webauthn/add/")
    found += serious_violations(page)
    assert page.locator("label[for=id_name]").inner_text() == "Naam"
    page.fill("#id_name", "Virtuele sleutel")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    (key,) = Authenticator.objects.filter(user=alice, type="webauthn")
    assert key.wrap().name == "Virtuele sleutel"
    (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]
    log_out(page, base)

    log_in(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    found += serious_violations(page)
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url(f"{base}/portfolio/")
    assert page.locator("header").get_by_text("alice").is_visible()
    signed = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert signed["credentials"][0]["signCount"] > credential["signCount"]
    assert not errors, errors  # nothing refused by the Content Security Policy, no script error
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def test_account_and_two_factor_pages_are_valid_html(app, page, tmp_path):
    vnu_command()  # skip (or fail in CI) before the slow part when vnu cannot run
    live_server, _alice = app
    base = live_server.url
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme-id",
        name="Acme ID",
        client_id="cxscan",
        secret="s3cret",
        settings={"server_url": "https://id.acme.example", "consultancy": "kompas"},
    )
    pages = {}

    def fetch(name, path):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{path}: HTTP {response.status}"
        pages[name] = response.text()

    fetch("login-with-sso", "/accounts/login/?next=/portfolio/")
    fetch("reset", "/accounts/password/reset/")
    fetch("reset-bad-key", "/accounts/password/reset/key/1-no-such-key/")
    fetch("sign-up-closed", "/accounts/signup/")
    with time_machine.travel(datetime.now(UTC), tick=True) as clock:
        log_in(page, base)
        page.wait_for_url(f"{base}/portfolio/")
        fetch("two-factor", "/accounts/2fa/")
        fetch("reauthenticate", "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/")
        page.fill("#id_password", "password")
        page.click(SUBMIT)
        page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
        fetch("totp-activate", "/accounts/2fa/totp/activate/")
        secret = page.input_value("#authenticator_secret")
        page.fill("#id_code", totp(secret, datetime.now(UTC)))
        page.click(SUBMIT)
        page.wait_for_url(lambda url: "/totp/activate/" not in url)
        fetch("two-factor-on", "/accounts/2fa/")
        fetch("recovery-codes", "/accounts/2fa/recovery-codes/")
        fetch("security-key-add", "/accounts/2fa/webauthn/add/")
        fetch("security-keys", "/accounts/2fa/webauthn/")
        fetch("totp-deactivate", "/accounts/2fa/totp/deactivate/")
        fetch("password-change", "/accounts/password/change/")
        log_out(page, base)
        clock.shift(timedelta(seconds=30))
        log_in(page, base)
        page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
        pages["second-step"] = page.content()

    errors = vnu_errors(pages, tmp_path)
    assert not errors, f"vnu found {len(errors)} errors:\n" + "\n".join(errors[:60])


def test_a_consultancy_that_requires_two_factor_login_leads_its_member_to_set_it_up(app, page):
    """The owner turned on "require two-factor login": alice, without a second factor, lands on
    the two-factor page (wherever she was going) until she has set one up."""
    live_server, alice = app
    base = live_server.url
    consultancy = alice.membership.consultancy
    consultancy.require_mfa = True
    consultancy.save()
    log_in(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/")
    expect(page.get_by_text("Je adviesbureau vereist inloggen in twee stappen")).to_be_visible()
    page.goto(f"{base}/portfolio/")  # anything else: back to setting it up
    page.wait_for_url(f"{base}/accounts/2fa/")
    page.click("#main a[href='/accounts/2fa/totp/activate/']")
    confirm_password(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", totp(secret, datetime.now(UTC)))
    page.click(SUBMIT)
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    page.goto(f"{base}/portfolio/")
    page.wait_for_url(f"{base}/portfolio/")
    assert page.locator("header").get_by_text("alice").is_visible()
