"""The results page in a real browser: the Plotly bundle draws the charts, with no CSP or
serious accessibility problem."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from checklists.models import Answer, Item
from plans.models import ImprovementAction

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


@pytest.fixture
def scored_scan(app):
    live_server, alice = app
    scan = make_scan(alice)
    for index, item in enumerate(Item.objects.all()):
        Answer.objects.create(scan=scan, item=item, value=index % 5)
    ImprovementAction.objects.create(scan=scan, title="Betaallink", impact=4, effort=2)
    return live_server, scan


def test_radar_and_action_charts_draw(page, scored_scan):
    live_server, scan = scored_scan
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else 0)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/results/")
    for chart in ("#area-chart", "#pillar-chart", "#action-chart"):
        page.wait_for_selector(f"{chart} svg.main-svg", timeout=5_000)
    # Five level rings and the score polygon: each a filled path in the polar plot.
    area_paths = page.locator("#area-chart .scatterlayer path.js-fill").count()
    assert area_paths >= 6
    assert page.locator("#pillar-chart .scatterlayer path.js-line").count() >= 1
    assert page.locator("#action-chart .scatterlayer .point").count() == 1
    assert not csp, csp


def test_results_page_has_no_serious_accessibility_violations(page, scored_scan):
    live_server, scan = scored_scan
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/results/")
    page.wait_for_selector("#area-chart svg.main-svg")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not violations, "\n".join(violations)
