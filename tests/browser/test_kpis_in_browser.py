"""The KPI form with errors showing, at laptop and tablet width: every error (the narrow count
fields' included) reads on at most two lines, and axe finds no serious violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from plans.models import KpiBaseline

from .test_scan_in_browser import SUBMIT, log_in, make_scan

pytestmark = pytest.mark.browser

VIEWPORTS = ((1366, 768), (820, 1180))
# Typed into the form: each gives an error, under a narrow count field, a known value, or a pair.
TYPED = {
    "nps_3": "-1",  # Dit getal kan niet negatief zijn.
    "nps_7": "99999999999",  # Django's longest: Zorg ervoor dat deze waarde hoogstens … is.
    "ces_2": "3",
    "ces_value": "4.2",  # counts and a value, not both
    "csat_value": "101",  # out of range
    "csat_period": "Q3 2026",
    "csat_source": "Medallia",
    "orders_with_contact": "150",  # more than the orders
    "orders": "100",
    "roi_returns": "1000",
    "roi_investment": "-50",
}
ERRORS = [
    "nps_3",
    "nps_7",
    "ces_value",
    "csat_value",
    "orders_with_contact",
    "roi_investment",
]

LINES = """(el) => {
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight);
    return {height: el.getBoundingClientRect().height, line: line, text: el.innerText};
}"""


@pytest.fixture
def kpi_form(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    log_in(page, live_server.url)
    return f"{live_server.url}/scans/{scan.pk}/kpis/", scan


def submit_with_errors(page, url):
    page.goto(url)
    for name, value in TYPED.items():
        page.fill(f"#id_{name}", value)
    page.click(SUBMIT)
    page.wait_for_selector(".alert-danger")


def test_kpi_errors_take_at_most_two_lines_at_laptop_and_tablet_width(page, kpi_form):
    url, scan = kpi_form
    too_tall = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        submit_with_errors(page, url)
        for name in ERRORS:
            field = page.locator(f"#id_{name}")
            assert field.get_attribute("aria-invalid") == "true", name
            error = page.locator(f"#{field.get_attribute('aria-describedby')}")
            assert error.is_visible(), name
            box = error.evaluate(LINES)
            assert box["line"] > 0 and box["text"].strip(), name
            if box["height"] > 2 * box["line"] + 1:
                lines = box["height"] / box["line"]
                too_tall.append(f"{width}px {name}: {lines:.1f} lines: {box['text']!r}")
        # Nothing was saved.
        baseline = KpiBaseline.objects.get(scan=scan)
        assert (baseline.orders_with_contact, baseline.orders, baseline.ces_value) == (1, 10, None)
    assert not too_tall, "\n".join(too_tall)


def test_kpi_form_with_errors_has_no_serious_accessibility_violations(page, kpi_form):
    url, _scan = kpi_form
    axe = Axe()
    serious = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        submit_with_errors(page, url)
        serious += [
            f"{width}px: {violation['id']} ({violation['impact']}) {violation['help']} at "
            f"{[node['target'] for node in violation['nodes']][:3]}"
            for violation in axe.run(page).response["violations"]
            if violation.get("impact") in {"serious", "critical"}
        ]
    assert not serious, "\n".join(serious)
