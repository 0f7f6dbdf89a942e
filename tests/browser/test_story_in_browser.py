"""What a consultant sees at the table: the language switch, indicative levels, one action per
gap, and a reopen that asks first."""

from axe_playwright_python.sync_playwright import Axe

from checklists.models import Item
from plans.models import ImprovementAction
from scoring import completion
from tests import factories

from .test_scan_in_browser import log_in, make_scan


def test_en_switch_on_a_dutch_scan_page_shows_english_statements(app, page):
    live_server, alice = app
    scan = make_scan(alice)  # Dutch
    item = Item.objects.get(code="purpose-01")
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    assert page.locator("#item-purpose-01 legend").inner_text().strip() == item.statement_nl
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("#item-purpose-01 legend").inner_text().strip() == item.statement_en
    assert page.locator("html").get_attribute("lang") == "en"


def test_low_coverage_shows_the_indicative_badge_and_a_gap_becomes_one_action(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer(scan, "kpis-01", 0)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/results/")
    assert page.locator("#indicative-note").is_visible()
    assert page.locator(".badge", has_text="indicatief").first.is_visible()
    gap = page.locator("#gaps-heading ~ ol li").first
    gap.get_by_role("button").click()  # "Maak er een actie van"
    page.wait_for_url("**/actions/*/")
    page.goto(f"{live_server.url}/scans/{scan.pk}/results/")
    gap = page.locator("#gaps-heading ~ ol li").first
    assert gap.get_by_role("button").count() == 0
    assert gap.locator(".badge", has_text="in het plan").is_visible()
    assert ImprovementAction.objects.filter(scan=scan).count() == 1


def test_reopening_asks_for_confirmation(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer(scan, "purpose-01", 3)
    factories.complete(scan)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.get_by_role("link", name="Scan heropenen").click()
    page.wait_for_url(f"**/scans/{scan.pk}/reopen/")
    assert page.get_by_role("heading", name="Deze scan heropenen?").is_visible()
    scan.refresh_from_db()
    assert scan.is_completed  # nothing happened yet
    page.get_by_role("button", name="Scan heropenen").click()
    page.wait_for_url(f"**/scans/{scan.pk}/**")
    scan.refresh_from_db()
    assert not scan.is_completed


def test_new_pages_have_no_serious_accessibility_violations(app, page):
    """The reopen question, the removal question and a results page with indicative levels,
    at laptop and tablet width."""
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer(scan, "kpis-01", 0)
    action = ImprovementAction.objects.create(scan=scan, title="Betaallink", impact=4, effort=1)
    completion.complete(scan)
    log_in(page, live_server.url)
    axe = Axe()
    serious = []
    for width, height in ((1366, 768), (820, 1180)):
        page.set_viewport_size({"width": width, "height": height})
        for path in (
            f"/scans/{scan.pk}/reopen/",
            f"/scans/{scan.pk}/actions/{action.pk}/delete/",
            f"/scans/{scan.pk}/results/",
        ):
            page.goto(f"{live_server.url}{path}")
            serious += [
                f"{width}px {path}: {violation['id']} {violation['help']}"
                for violation in axe.run(page).response["violations"]
                if violation.get("impact") in {"serious", "critical"}
            ]
    assert not serious, "\n".join(serious)
