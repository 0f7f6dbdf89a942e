"""The evidence link field in a real browser: an address typed without https:// is sent (no
browser bubble stops it), saved with https:// in front, and the panel says so."""

import pytest
from playwright.sync_api import expect

from checklists.models import Answer

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser

TIMEOUT = 5_000  # ms; every wait is for a local server
CODE = "purpose-01"


def test_a_link_without_https_is_saved_with_it_and_the_panel_says_so(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.click(f"#item-{CODE} a.ev")
    expect(page.locator("#evidence-link")).to_be_visible(timeout=TIMEOUT)

    page.fill("#evidence-link", "confluence.example.nl/cx")
    page.click("#evidence-panel form[data-hx-post$='/evidence/'] button[type=submit]")
    done = page.locator("#evidence-done")
    expect(done).to_contain_text("https://confluence.example.nl/cx", timeout=TIMEOUT)
    expect(page.locator("#evidence-link")).to_have_value("https://confluence.example.nl/cx")
    answer = Answer.objects.get(scan=scan, item__code=CODE)
    assert answer.evidence_link == "https://confluence.example.nl/cx"
