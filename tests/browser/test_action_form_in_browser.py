"""The improvement action form in a real browser: impact and effort are labelled 1–5 scales,
chosen by a click or the keyboard, saved, and shown again when the action is edited."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from plans.models import ImprovementAction

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser

TIMEOUT = 5_000  # ms; every wait is for a local server
LAPTOP = {"width": 1366, "height": 768}


def test_impact_and_effort_are_chosen_on_a_labelled_scale(app, page):
    live_server, alice = app
    scan = make_scan(alice, language="en")
    log_in(page, live_server.url)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/scans/{scan.pk}/actions/new/")

    impact = page.get_by_role("group", name="impact")
    effort = page.get_by_role("group", name="effort")
    expect(impact.get_by_role("radio")).to_have_count(5)
    expect(page.locator("label[for=id_impact_4]")).to_have_text("5 very large")
    expect(page.locator("label[for=id_effort_0]")).to_have_text("1 very little")
    # No number boxes any more.
    expect(page.locator("input[type=number]")).to_have_count(0)

    page.fill("#id_title", "Payment link in the reminder")
    impact.get_by_text("large", exact=True).click()
    effort.get_by_text("little", exact=True).click()
    expect(impact.get_by_role("radio", name="4 large")).to_be_checked()
    # Arrow keys move along the scale, as in any radio group.
    page.keyboard.press("ArrowRight")
    expect(effort.get_by_role("radio", name="3 moderate")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(effort.get_by_role("radio", name="2 little")).to_be_checked()
    violations = [
        violation["id"]
        for violation in Axe().run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
    assert violations == []
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/scans/{scan.pk}/results/**", timeout=TIMEOUT)
    action = ImprovementAction.objects.get(scan=scan)
    assert (action.impact, action.effort) == (4, 2)

    page.goto(f"{live_server.url}/scans/{scan.pk}/actions/{action.pk}/")
    expect(page.get_by_role("radio", name="4 large")).to_be_checked()
    expect(page.get_by_role("radio", name="2 little")).to_be_checked()
