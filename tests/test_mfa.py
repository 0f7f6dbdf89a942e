"""Two-factor login (django-allauth's MFA): an authenticator app's codes (TOTP), recovery codes,
re-authentication before a change, `next` through the second step, and the admin's login.

The codes are made here as an authenticator app makes them (RFC 6238: HMAC-SHA1 of the
30-second step, 6 digits), from the secret the set-up page shows.
"""

import base64
import hashlib
import hmac
import struct
from datetime import datetime, timedelta

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cxscan.accounts import MFAAdapter
from tests import factories
from tests.helpers import element, elements

pytestmark = pytest.mark.django_db

STEP = timedelta(seconds=30)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def totp(secret: str, at: datetime) -> str:
    """The code an authenticator app shows at `at` for `secret` (base32)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at.timestamp()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def log_in(client, username="alice", password="password", next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": username, "password": password})


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def reauthenticate(client, password="password"):
    """Confirm the password, as every change to the second factors asks first."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def activate_totp(client, clock) -> str:
    """Set up an authenticator app through the pages; returns its secret."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert reauthenticate(client).status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    (qr,) = elements(page.text, "img")
    assert qr["src"].startswith("data:image/svg+xml;base64,")
    secret = element(page.text, "input", id="authenticator_secret")["value"]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.text
    assert not Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret, clock.time())})
    assert response.status_code == 302
    clock.shift(STEP)  # a code is taken once: the next login uses the next one
    return secret


@pytest.fixture
def alice_with_totp(client, consultant, clock):
    """Alice logs in with her password, sets up an authenticator app, and logs out."""
    assert log_in(client).status_code == 302
    secret = activate_totp(client, clock)
    client.post(reverse("logout"))
    assert logged_in_as(client) is None
    return secret


def test_the_user_menu_leads_to_two_factor_login(client, consultant):
    client.force_login(consultant)
    page = client.get(reverse("home"))
    assert f'href="{reverse("mfa_index")}"' in page.text
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert f'href="{reverse("mfa_activate_totp")}"' in index.text
    assert f'href="{reverse("mfa_add_webauthn")}"' in index.text


def test_setting_up_and_removing_a_second_factor_is_in_the_audit_trail(
    client, consultant, clock, django_capture_on_commit_callbacks
):
    # allauth tells of a change once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert log_in(client).status_code == 302
        secret = activate_totp(client, clock)
    added = AuditEvent.objects.get(action="mfa_added", details__kind="totp")
    assert (added.actor, added.consultancy.slug) == (consultant, "kompas")
    assert secret not in str(vars(added))  # the secret is never kept
    with django_capture_on_commit_callbacks(execute=True):
        reauthenticate(client)
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    removed = AuditEvent.objects.get(action="mfa_removed", details__kind="totp")
    assert removed.actor == consultant


def test_totp_set_up_then_login_needs_the_code(client, consultant, clock, alice_with_totp):
    secret = alice_with_totp
    assert Authenticator.objects.filter(user=consultant, type="totp").count() == 1
    # The password alone leads to the second step, not into the site.
    response = log_in(client)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert logged_in_as(client) is None
    assert client.get(reverse("scoring:portfolio")).status_code == 302
    page = client.get(reverse("mfa_authenticate"))
    assert "Two-Factor Authentication" in page.text
    code = element(page.text, "input", name="code")
    assert code["autocomplete"] == "one-time-code"
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.text
    assert logged_in_as(client) is None
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, clock.time())})
    assert response.status_code == 302 and response.url == reverse("home")
    assert logged_in_as(client) == str(consultant.pk)


def test_a_totp_code_is_taken_once(client, consultant, clock, alice_with_totp):
    code = totp(alice_with_totp, clock.time())
    log_in(client)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_as(client) == str(consultant.pk)
    other = Client()
    log_in(other)
    response = other.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200 and "Incorrect code." in response.text
    assert logged_in_as(other) is None


def test_too_many_wrong_codes_are_refused_even_with_the_right_one(
    client, consultant, clock, alice_with_totp
):
    log_in(client)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())}
    )
    assert "Too many failed login attempts" in response.text
    assert logged_in_as(client) is None


def test_recovery_codes_log_in_once_each(client, consultant, clock, alice_with_totp):
    log_in(client, next_url="/portfolio/")
    client.post(reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())})
    reauthenticate(client)
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert page.status_code == 200
    (codes,) = Authenticator.objects.filter(user=consultant, type="recovery_codes")
    unused = codes.wrap().get_unused_codes()
    assert len(unused) == 10 and all(code in page.text for code in unused)
    client.post(reverse("logout"))

    browser = Client()
    log_in(browser)
    response = browser.post(reverse("mfa_authenticate"), {"code": unused[0]})
    assert response.status_code == 302
    assert logged_in_as(browser) == str(consultant.pk)
    again = Client()
    log_in(again)
    response = again.post(reverse("mfa_authenticate"), {"code": unused[0]})
    assert response.status_code == 200 and "Incorrect code." in response.text
    assert logged_in_as(again) is None
    codes.refresh_from_db()
    assert len(codes.wrap().get_unused_codes()) == 9


def test_next_is_kept_through_the_second_step(client, consultant, clock, alice_with_totp):
    log_in(client, next_url="/portfolio/")
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())}
    )
    assert response.status_code == 302 and response.url == "/portfolio/"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_an_unsafe_next_is_refused(client, consultant, unsafe):
    page = client.get(reverse("login"), {"next": unsafe})
    assert unsafe not in page.text
    response = log_in(client, next_url=unsafe)
    assert response.status_code == 302 and response.url == reverse("home")


def test_an_unsafe_next_is_refused_after_the_second_step(
    client, consultant, clock, alice_with_totp
):
    log_in(client, next_url="https://evil.example/")
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_removing_a_second_factor_asks_for_the_password_again(
    client, consultant, clock, alice_with_totp
):
    log_in(client)
    client.post(reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=consultant, type="totp").exists()
    wrong = reauthenticate(client, "wrong")
    assert wrong.status_code == 200 and "Incorrect password." in wrong.text
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=consultant, type="totp").exists()
    # A confirmed password holds for 5 minutes.
    reauthenticate(client)
    clock.shift(timedelta(minutes=6))
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=consultant, type="totp").exists()
    reauthenticate(client)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=consultant, type="totp").exists()
    # Without a second factor, the password alone logs in again.
    other = Client()
    assert log_in(other).url == reverse("home")
    assert logged_in_as(other) == str(consultant.pk)


def test_setting_up_totp_needs_a_login(client):
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_wrong_passwords_still_lock_an_account_with_a_second_factor(
    client, consultant, clock, alice_with_totp
):
    for _ in range(4):
        assert log_in(client, password="wrong").status_code == 200
    assert log_in(client, password="wrong").status_code == 429
    assert log_in(client).status_code == 429
    assert AccessAttempt.objects.get().username == "alice"
    assert logged_in_as(client) is None


def test_the_admin_needs_the_second_factor_too(client, clock):
    ada = factories.staff_user("ada")
    assert log_in(client, "ada").status_code == 302
    secret = activate_totp(client, clock)
    client.post(reverse("logout"))

    admin = Client()
    response = admin.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("login") + "?next=/admin/"
    response = admin.post(response.redirect_chain[-1][0], {"login": "ada", "password": "password"})
    assert response.url == reverse("mfa_authenticate")
    # The password alone opens nothing in the admin.
    assert admin.get("/admin/").status_code == 302
    assert admin.get(reverse("admin:auth_user_changelist")).status_code == 302
    response = admin.post(reverse("mfa_authenticate"), {"code": totp(secret, clock.time())})
    assert response.url == "/admin/"
    assert admin.get("/admin/").status_code == 200
    assert logged_in_as(admin) == str(ada.pk)


def test_there_is_no_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.text
    response = client.post(
        reverse("account_signup"),
        {
            "username": "mallory",
            "email": "m@example.com",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_staff_remove_a_lost_second_factor_in_the_admin(client, consultant, clock, alice_with_totp):
    staff = Client()
    staff.force_login(factories.staff_user("ada"))
    changelist = reverse("admin:mfa_authenticator_changelist")
    page = staff.get(changelist)
    assert page.status_code == 200 and "alice" in page.text
    rows = list(Authenticator.objects.filter(user=consultant).values_list("pk", flat=True))
    assert len(rows) == 2  # the authenticator app and the recovery codes
    response = staff.post(
        changelist, {"action": "delete_selected", "_selected_action": rows, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=consultant).exists()
    assert log_in(client).url == reverse("home")
    assert logged_in_as(client) == str(consultant.pk)


def test_the_authenticator_apps_key_is_stored_encrypted(client, consultant, clock, alice_with_totp):
    (stored,) = Authenticator.objects.filter(user=consultant, type="totp")
    assert alice_with_totp not in str(stored.data)
    (codes,) = Authenticator.objects.filter(user=consultant, type="recovery_codes")
    assert MFAAdapter().decrypt(codes.data["seed"]) != codes.data["seed"]
    assert all(code not in str(codes.data) for code in codes.wrap().get_unused_codes())


def test_a_rotated_secret_key_keeps_second_factors_working_through_its_fallback(
    settings, client, consultant, clock, alice_with_totp
):
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    log_in(client)
    client.post(reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())})
    assert logged_in_as(client) == str(consultant.pk)


def test_without_the_old_key_no_code_opens_and_nothing_fails(
    settings, client, consultant, clock, alice_with_totp
):
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    log_in(client)
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp(alice_with_totp, clock.time())}
    )
    assert response.status_code == 200 and "Incorrect code." in response.text
    assert logged_in_as(client) is None
