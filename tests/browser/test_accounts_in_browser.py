"""The account pages in a browser: lockout, password reset and change, checked with axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .axe import serious_violations

pytestmark = pytest.mark.browser

SUBMIT = "#main button[type=submit]"  # the header's language buttons are submit buttons too


def test_account_pages_work_and_have_no_serious_accessibility_violations(app, page, settings):
    live_server, alice = app
    # The reset mail is sent by a task: run it at once, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    alice.email = "alice@example.com"
    alice.save()
    base = live_server.url
    found = []

    # Forgotten password: the login page's link, the form, the mail, the new password.
    page.goto(f"{base}/accounts/login/")
    page.click("a[href='/accounts/password/reset/']")
    found += serious_violations(page)
    page.fill("#id_email", "alice@example.com")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}/accounts/password/reset/done/")
    found += serious_violations(page)
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    found += serious_violations(page)
    page.fill("#id_password1", "a-new-long-password")
    page.fill("#id_password2", "a-new-long-password")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}/accounts/password/reset/key/done/")
    found += serious_violations(page)

    # Change it again from the header, once with a mistake.
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", "alice")
    page.fill("#id_password", "a-new-long-password")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}/")
    page.click("header a[href='/accounts/password/change/']")
    page.fill("#id_oldpassword", "not-it")
    page.fill("#id_password1", "another-long-password")
    page.fill("#id_password2", "another-long-password")
    page.click(SUBMIT)
    expect(page.locator("#error_1_id_oldpassword")).to_be_visible()  # the same address answers
    found += serious_violations(page)
    page.fill("#id_oldpassword", "a-new-long-password")
    page.fill("#id_password1", "another-long-password")
    page.fill("#id_password2", "another-long-password")
    page.click(SUBMIT)
    expect(page.locator("#main .alert-success")).to_be_visible()
    found += serious_violations(page)
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url(f"{base}/")

    # Five wrong passwords: the lockout page.
    for _ in range(5):
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_login", "alice")
        page.fill("#id_password", "wrong")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click(SUBMIT)
    assert answer.value.status == 429
    found += serious_violations(page)

    assert not found, "Serious accessibility violations:\n" + "\n".join(found)
