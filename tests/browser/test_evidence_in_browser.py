"""A consultant backs an answer with evidence in a real browser: the statement's control opens
its panel in a dialog, confidence, text and a PNG are saved and are still there after a reload;
the page stays free of serious accessibility violations with the dialog open.

The pages are Dutch by default and their texts are still being translated, so the tests find
elements by id and name, not by visible text.
"""

import pytest
from playwright.sync_api import expect

from checklists.models import Answer, EvidenceFile
from tests import evidence_files as files

from .axe import serious_violations
from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser

TIMEOUT = 5_000  # ms; every wait is for a local server
CODE = "purpose-01"


def open_panel(page):
    page.click(f"#item-{CODE} a.ev")
    expect(page.locator("#evidence-dialog")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#evidence-text")).to_be_visible(timeout=TIMEOUT)


def test_evidence_is_kept_after_a_reload(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    control = page.locator(f"#item-{CODE} a.ev")
    expect(control).not_to_have_class("ev on")

    open_panel(page)
    assert serious_violations(page) == []
    page.check("#confidence-low")
    page.fill("#evidence-text", "Intranet page on our purpose, seen 3 March.")
    page.fill("#evidence-link", "https://intranet.example.com/purpose")
    page.click("#evidence-panel form[data-hx-post$='/evidence/'] button[type=submit]")
    expect(page.locator("#evidence-done")).not_to_be_empty(timeout=TIMEOUT)
    page.set_input_files(
        "#evidence-file", files={"name": "whiteboard.png", "mimeType": "", "buffer": files.png()}
    )
    page.click("#evidence-panel form[enctype='multipart/form-data'] button[type=submit]")
    expect(page.locator(".evidence-files")).to_contain_text("whiteboard.png", timeout=TIMEOUT)
    # The statement's control says what it holds now: the text, the link and the file.
    expect(control).to_have_class("ev on")
    expect(control).to_contain_text("3")
    page.keyboard.press("Escape")
    expect(page.locator("#evidence-dialog")).to_be_hidden()
    expect(control).to_be_focused()

    answer = Answer.objects.get(scan=scan, item__code=CODE)
    assert (answer.confidence, answer.evidence_link) == (
        "low",
        "https://intranet.example.com/purpose",
    )
    assert EvidenceFile.objects.get(answer=answer).content_type == "image/png"

    page.reload()
    expect(control).to_have_class("ev on")
    open_panel(page)
    expect(page.locator("#confidence-low")).to_be_checked()
    expect(page.locator("#evidence-text")).to_have_value(
        "Intranet page on our purpose, seen 3 March."
    )
    expect(page.locator("#evidence-link")).to_have_value("https://intranet.example.com/purpose")
    expect(page.locator(".evidence-files")).to_contain_text("whiteboard.png")
    assert serious_violations(page) == []


def test_a_refused_save_keeps_what_was_typed(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    open_panel(page)
    page.fill("#evidence-text", "Typed before the refusal")
    page.fill("#evidence-link", "javascript:alert(1)")
    page.click("#evidence-panel form[data-hx-post$='/evidence/'] button[type=submit]")
    expect(page.locator("#evidence-error")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#evidence-text")).to_have_value("Typed before the refusal")
    expect(page.locator("#evidence-link")).to_have_value("javascript:alert(1)")
    assert not Answer.objects.filter(scan=scan).exists()
