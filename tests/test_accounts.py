"""Accounts: login lockout after repeated failures, unlocking, password change and reset."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cxscan.accounts import RESET_LIMIT_PER_CLIENT, RESET_LIMIT_PER_EMAIL
from tests.helpers import element

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def log_in(client, username, password, url=None, ip="10.0.0.1", **headers):
    return client.post(
        url or reverse("login"),
        {"login": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(client, username="alice", url=None, ip="10.0.0.1", **headers):
    """Four wrong passwords are refused as usual; the fifth locks the account out."""
    for _ in range(4):
        response = log_in(client, username, "wrong", url, ip, **headers)
        assert response.status_code == 200
        assert LOCKED not in response.text
    response = log_in(client, username, "wrong", url, ip, **headers)
    assert response.status_code == 429
    return response


# Lockout


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, consultant):
    fail_five_times(client)
    response = log_in(client, "alice", "password")
    assert response.status_code == 429
    assert not logged_in(client)
    assert LOCKED in response.text
    assert "Try again in 15 minutes" in response.text
    assert f'href="{reverse("password_reset")}"' in response.text
    assert "<nav" in response.text  # the site's own page, not a bare message


def test_lockout_ends_when_the_cool_off_has_passed(client, consultant):
    with time_machine.travel(START, tick=False) as clock:
        fail_five_times(client)
        clock.shift(timedelta(minutes=14))
        assert log_in(client, "alice", "password").status_code == 429
        # That attempt started the wait again: 28 minutes after the fifth failure, still locked.
        assert AccessAttempt.objects.get().attempt_time == START + timedelta(minutes=14)
        clock.shift(timedelta(minutes=14))
        assert log_in(client, "alice", "password").status_code == 429
        assert not logged_in(client)
        clock.shift(timedelta(minutes=16))
        assert log_in(client, "alice", "password").status_code == 302
        assert logged_in(client)


def test_without_a_cool_off_staff_must_unlock(settings, client, consultant):
    settings.AXES_COOLOFF_TIME = None
    with time_machine.travel(START, tick=False) as clock:
        response = fail_five_times(client)
        assert "until a member of staff unlocks it" in response.text
        clock.shift(timedelta(days=30))
        assert log_in(client, "alice", "password").status_code == 429
        assert not logged_in(client)


def test_admin_login_is_the_sites_login_and_locked_the_same_way(client, admin_user):
    response = client.get(reverse("admin:login") + "?next=/admin/axes/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/axes/"
    # Posting to the admin's login page logs nobody in.
    assert log_in(client, "ada", "password", reverse("admin:login")).status_code == 302
    assert not logged_in(client)
    response = fail_five_times(client, "ada")
    assert LOCKED in response.text
    response = log_in(client, "ada", "password")
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_admin_login_keeps_only_a_safe_next(client, admin_user):
    for unsafe in ["https://evil.example/", "//evil.example/admin/"]:
        response = client.get(reverse("admin:login"), {"next": unsafe})
        assert response.url == reverse("login") + "?next=/admin/"
    response = log_in(client, "ada", "password", reverse("login") + "?next=/admin/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_locked_account_is_locked_from_every_address(client, consultant):
    fail_five_times(client, ip="10.0.0.1")
    assert log_in(client, "alice", "password", ip="10.0.0.2").status_code == 429
    assert not logged_in(client)


def test_an_address_guessing_many_accounts_is_locked(client, consultant):
    for name in ["anna", "bart", "cees", "dirk"]:
        assert log_in(client, name, "wrong", ip="10.0.0.9").status_code == 200
    assert log_in(client, "eva", "wrong", ip="10.0.0.9").status_code == 429
    # Even a right password from that address is refused until the cool-off ends.
    assert log_in(client, "alice", "password", ip="10.0.0.9").status_code == 429
    assert not logged_in(client)


def test_another_account_from_another_address_still_logs_in(client, consultant, colleague):
    fail_five_times(client, "alice", ip="10.0.0.1")
    response = log_in(Client(), "bob", "password", ip="10.0.0.2")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_without_a_proxy_a_forwarded_address_is_not_trusted(client, consultant, colleague):
    """A client cannot escape its lockout by sending a made-up X-Forwarded-For."""
    for n in range(5):
        log_in(client, f"guess{n}", "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = log_in(client, "bob", "password", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_behind_a_proxy_the_address_the_proxy_saw_counts(settings, client, consultant, colleague):
    """Every request comes from the proxy (127.0.0.1); the proxy appends the client's address
    to X-Forwarded-For, after anything the client sent itself."""
    settings.BEHIND_PROXY = True
    for n in range(5):
        forwarded = f"192.0.2.{n}, 203.0.113.7"  # the client's own claim, then the proxy's
        log_in(client, f"guess{n}", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = log_in(client, "bob", "password", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked with the first.
    other = Client()
    response = log_in(other, "bob", "password", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 302
    assert logged_in(other)


# Over-long credentials


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("u" * 151, "wrong", "A username has at most 150 characters; this one has 151."),
        ("u" * 300, "wrong", "A username has at most 150 characters; this one has 300."),
        ("alice", "p" * 4097, "A password has at most 4096 characters; this one has 4097."),
    ],
    ids=["username-151", "username-300", "password-4097"],
)
def test_overlong_credentials_are_refused_by_the_form_and_nothing_is_recorded(
    client, consultant, username, password, message
):
    """300 characters passed the lockout record's column (255): PostgreSQL refused it, a 500."""
    response = log_in(client, username, password)
    assert response.status_code == 200
    assert message in response.text
    assert not AccessAttempt.objects.exists()
    assert not logged_in(client)


def test_a_username_of_the_longest_length_is_checked_as_usual(client, consultant):
    response = log_in(client, "u" * 150, "wrong")
    assert response.status_code == 200
    assert "Your username and password did not match" in response.text
    assert AccessAttempt.objects.get().username == "u" * 150


def test_the_longest_password_still_logs_in(client, consultant):
    consultant.set_password("p" * 4096)
    consultant.save()
    response = log_in(client, consultant.username, "p" * 4096)
    assert response.status_code == 302
    assert logged_in(client)


# Unlocking


def test_staff_unlock_an_account_by_deleting_its_attempts_in_the_admin(
    client, consultant, admin_user
):
    fail_five_times(client)
    staff = Client()
    staff.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = staff.get(changelist)
    assert page.status_code == 200
    assert "alice" in page.text
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = staff.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "alice", "password").status_code == 302
    assert logged_in(client)


def test_axes_reset_command_unlocks_everyone(client, consultant, capsys):
    fail_five_times(client)
    call_command("axes_reset")
    assert "attempts removed" in capsys.readouterr().out
    assert log_in(client, "alice", "password").status_code == 302


# Password change


def test_header_links_to_change_password_only_when_logged_in(client, consultant):
    change_url = reverse("password_change")
    assert f'href="{change_url}"' not in client.get(reverse("home")).text
    client.force_login(consultant)
    assert f'href="{change_url}"' in client.get(reverse("home")).text


def test_consultant_changes_their_password(consultant_client, consultant):
    url = reverse("password_change")
    page = consultant_client.get(url)
    assert page.status_code == 200
    assert "Change password" in page.text
    response = consultant_client.post(
        url,
        {
            "oldpassword": "password",
            "password1": "a-new-long-password",
            "password2": "a-new-long-password",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    assert "Password successfully changed." in consultant_client.get(response.url).text
    consultant.refresh_from_db()
    assert consultant.check_password("a-new-long-password")
    assert logged_in(consultant_client)  # the session survives the change


def test_password_change_needs_the_old_password(consultant_client, consultant):
    response = consultant_client.post(
        reverse("password_change"),
        {
            "oldpassword": "not-it",
            "password1": "a-new-long-password",
            "password2": "a-new-long-password",
        },
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.text
    consultant.refresh_from_db()
    assert consultant.check_password("password")


def test_password_change_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Password reset


def test_login_page_links_to_password_reset(client):
    page = client.get(reverse("login"))
    assert f'href="{reverse("password_reset")}"' in page.text
    assert "Forgot your password?" in page.text
    username = element(page.text, "input", name="login")
    assert "autofocus" in username and username["autocomplete"] == "username"
    assert element(page.text, "input", name="password")["autocomplete"] == "current-password"


def without_csrf_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_reset_does_not_reveal_whether_an_address_has_an_account(consultant, mailoutbox):
    url = reverse("password_reset")
    known = Client().post(url, {"email": "alice@example.com"}, follow=True)
    unknown = Client().post(url, {"email": "nobody@example.com"}, follow=True)
    assert (
        known.redirect_chain
        == unknown.redirect_chain
        == [(reverse("account_reset_password_done"), 302)]
    )
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_tokens(known.text) == without_csrf_tokens(unknown.text)
    assert [message.to for message in mailoutbox] == [["alice@example.com"]]


def test_reset_link_from_the_email_sets_a_new_password(client, consultant, mailoutbox):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    email = element(page.text, "input", name="email")
    assert email["autocomplete"] == "email" and "autofocus" in email
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    (message,) = mailoutbox
    assert "alice" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)  # the token moves into the session
    assert form.status_code == 200
    assert "Set a new password" in form.text
    new_password = element(form.text, "input", name="password1")
    assert new_password["autocomplete"] == "new-password" and "autofocus" in new_password
    set_password_url = form.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    assert client.get(response.url).status_code == 200
    consultant.refresh_from_db()
    assert consultant.check_password("a-new-long-password")
    assert log_in(Client(), "alice", "a-new-long-password").status_code == 302
    # The link works once.
    assert "invalid" in client.get(link, follow=True).text


def test_reset_with_a_changed_token_is_refused(client, consultant, mailoutbox):
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body
    ).group(1)
    tampered = link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:]
    page = client.get(tampered, follow=True)
    assert page.status_code == 200
    assert "invalid" in page.text
    consultant.refresh_from_db()
    assert consultant.check_password("password")


def test_reset_mails_are_limited_per_address_with_the_same_answer(consultant, mailoutbox):
    url = reverse("password_reset")
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(url, {"email": "Alice@example.com"}, follow=True)
        for n in range(1, 51)
    ]
    assert {tuple(answer.redirect_chain) for answer in answers} == {
        ((reverse("account_reset_password_done"), 302),)
    }
    assert len({without_csrf_tokens(answer.text) for answer in answers}) == 1
    assert len(mailoutbox) == RESET_LIMIT_PER_EMAIL == 3
    # An hour later the address may ask again.
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=1, seconds=1)):
        Client().post(url, {"email": "alice@example.com"})
    assert len(mailoutbox) == 4


def test_reset_mails_are_limited_per_client_address(db, mailoutbox):
    users = [
        get_user_model().objects.create_user(f"user{n}", f"user{n}@example.com", "password")
        for n in range(20)
    ]
    browser = Client(REMOTE_ADDR="198.51.100.7")
    for user in users:
        response = browser.post(reverse("password_reset"), {"email": user.email})
        assert response.status_code == 302
        assert response.url == reverse("account_reset_password_done")
    assert len(mailoutbox) == RESET_LIMIT_PER_CLIENT == 10
    # Another client is not held up by this one.
    Client(REMOTE_ADDR="198.51.100.8").post(reverse("password_reset"), {"email": users[-1].email})
    assert [message.to for message in mailoutbox][-1] == [users[-1].email]


def test_reset_mail_is_sent_by_the_task_worker_not_the_request(settings, client, consultant):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "cxscan.accounts.send_password_reset"
    assert "token" not in str(queued.args_kwargs)  # no reset link waits in the queue's table
    # What the worker does with the row.
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)
    assert "Set a new password" in client.get(link, follow=True).text
