"""The consultant's words in the browser: a summary written with a bullet list and bold is
previewed while typing, saved by htmx ("Saved" once stored), and reads rendered after a reload;
"Draft from the results" asks before replacing it and fills the empty texts."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from checklists.models import Item
from narrative.models import NarrativeText
from scoring.presentation import present
from tests import factories

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser

SUMMARY = "Bakkerij De Korf is **well on its way**.\n\n- Journeys are mapped\n- **NPS** is measured"


@pytest.fixture
def results(app, page):
    live_server, alice = app
    scan = make_scan(alice, language="en")
    factories.varied_answers(scan, Item.objects.active().order_by("area__position", "position"))
    log_in(page, live_server.url)
    return f"{live_server.url}/scans/{scan.pk}/results/", scan


def test_a_summary_with_bullets_and_bold_is_previewed_saved_and_read_back(page, results):
    url, scan = results
    page.goto(url)
    editor = page.locator("#narrative-summary")
    editor.locator("textarea").fill(SUMMARY)
    preview = page.locator("#narrative-summary-text-preview")
    expect(preview.locator("li")).to_have_text(["Journeys are mapped", "NPS is measured"])
    expect(preview.locator("strong").first).to_have_text("well on its way")
    assert not NarrativeText.objects.exists()  # a preview stores nothing
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#narrative-summary [role=status]")).to_have_text("Saved")
    assert NarrativeText.objects.get(scan=scan, kind="summary").text == SUMMARY
    page.reload()
    text = page.locator("#narrative-summary .narrative-text")
    expect(text.locator("strong").first).to_have_text("well on its way")
    expect(text.locator("ul > li")).to_have_text(["Journeys are mapped", "NPS is measured"])
    # The texts and an open editor take nothing from the page's accessibility.
    page.locator("#narrative-area-purpose").get_by_role("link", name="Write").click()
    area = page.locator("#narrative-area-purpose-text")
    expect(area).to_be_focused()
    area.fill("Purpose is **shared**.")
    page.locator("#narrative-area-purpose").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#narrative-area-purpose [role=status]")).to_have_text("Saved")
    assert NarrativeText.objects.get(scan=scan, kind="area", code="purpose").text == (
        "Purpose is **shared**."
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not violations, "\n".join(violations)


def test_draft_from_the_results_asks_before_replacing_and_fills_the_rest(page, results):
    url, scan = results
    page.goto(url)
    page.locator("#narrative-summary textarea").fill("My own words.")
    page.locator("#narrative-summary").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#narrative-summary [role=status]")).to_have_text("Saved")
    page.get_by_role("button", name="Draft from the results").click()
    expect(page.locator("h1")).to_have_text("Replace your texts?")
    expect(page.locator("#taken-texts li")).to_have_count(1)
    page.get_by_role("button", name="Fill only the empty texts (4)").click()
    page.wait_for_url(f"{url}#narrative-summary")
    expect(page.locator("#narrative-summary .narrative-text")).to_have_text("My own words.")
    weakest = min(
        (row.section for row in present(scan).areas if row.section.score is not None),
        key=lambda section: section.score or 0,
    )
    area = page.locator(f"#narrative-area-{weakest.code}")
    expect(area.locator("h4")).to_have_text(weakest.name["en"])
    expect(area.locator(".narrative-text")).to_contain_text("It is the weakest of the areas.")
