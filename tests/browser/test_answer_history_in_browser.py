"""The consultant reads an answer's history beside the answer: scoring a statement in the
browser, changing it later, then opening the statement's panel shows who changed it, old → new."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checklists.models import AnswerChange

from .test_scan_in_browser import log_in, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

TIMEOUT = 5_000  # ms; every wait is for a local server
CODE = "purpose-01"


def test_the_panel_shows_the_answers_changes(app, page):
    live_server, alice = app
    scan = make_scan(alice, language="en")
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.click(f"label[for=value-{CODE}-1]")
    wait_until_saved(page, CODE)
    # The first score was given an hour ago: the next one is a change of its own.
    AnswerChange.objects.update(at=timezone.now() - timedelta(hours=1))
    page.click(f"label[for=value-{CODE}-3]")
    wait_until_saved(page, CODE)

    page.click(f"#item-{CODE} a.ev")
    history = page.locator("#evidence-panel .answer-history")
    expect(history).to_be_visible(timeout=TIMEOUT)
    entries = history.locator("li")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("alice")
    expect(entries.first).to_contain_text("1 Occasional → 3 Largely in place")
    expect(entries.last).to_contain_text("– → 1 Occasional")
