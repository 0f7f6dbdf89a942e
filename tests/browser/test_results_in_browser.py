"""The results page in a real browser: the Plotly bundle draws the charts, with no CSP or
serious accessibility problem."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from checklists.models import Area, Item, MaturityLevel
from plans.models import ImprovementAction
from tests import factories

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


@pytest.fixture
def scored_scan(app):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer_items(
        scan, {item.code: index % 5 for index, item in enumerate(Item.objects.all())}
    )
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
    # Five level rings, each a filled path in the polar plot, and the score drawn as a line.
    assert page.locator("#area-chart .scatterlayer path.js-fill").count() == 5
    assert page.locator("#area-chart .scatterlayer path.js-line").count() >= 1
    assert page.locator("#pillar-chart .scatterlayer path.js-line").count() >= 1
    assert page.locator("#action-chart .scatterlayer .point").count() == 1
    assert not csp, csp


def test_typed_links_are_drawn_as_text_not_as_links(page, scored_scan):
    live_server, scan = scored_scan
    link = '<a href="https://evil.example/">x</a>'
    Area.objects.filter(code="purpose").update(name_nl=link)
    MaturityLevel.objects.filter(number=5).update(name_nl=link)
    scan.actions.update(title=link)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/results/")
    for chart in ("#area-chart", "#action-chart"):
        page.wait_for_selector(f"{chart} svg.main-svg", timeout=5_000)
    # Plotly's drag layer lies over the points: hover where the point is, not on its element.
    point = page.locator("#action-chart .scatterlayer .point")
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_selector("#action-chart .hovertext", timeout=5_000)
    assert page.locator("#area-chart a, #action-chart a").count() == 0
    ticks = page.locator("#area-chart .angularaxistick").all_text_contents()
    assert '<ahref="https://evil.example/">x</a>' in ticks  # drawn on two lines, as text
    assert link in page.locator("#area-chart .legend").text_content()
    assert link in page.locator("#action-chart .hovertext").text_content()


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
