"""A follow-up scan in a real browser: started from the results page with the previous answers,
each carried-over answer marked until Confirm (or a change) clears the mark; accessible at a
laptop's and a tablet's size.

Elements are found by id, name and href: the pages are Dutch and their texts still being
translated.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from checklists import followups
from checklists.models import Scan
from tests import factories

from .test_scan_in_browser import TIMEOUT, log_in, make_scan

pytestmark = pytest.mark.browser

SIZES = [{"width": 1366, "height": 768}, {"width": 820, "height": 1180}]


def completed_scan(user):
    scan = make_scan(user)
    factories.answer_items(scan, {"purpose-01": 3, "purpose-02": 1, "purpose-03": 4}, note="n")
    factories.complete(scan)
    return scan


def unconfirmed(scan):
    return set(scan.answers.unconfirmed().values_list("item__code", flat=True))


def test_confirm_clears_the_mark_of_a_carried_over_answer(app, page):
    live_server, alice = app
    previous = completed_scan(alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{previous.pk}/results/")
    page.click(f"#main a[href='/scans/{previous.pk}/follow-up/']")
    page.check("input[name=start][value=previous]")
    page.click("#follow-up-form button[type=submit]")
    scan = Scan.objects.get(previous=previous)
    page.wait_for_url(f"**/scans/{scan.pk}/areas/purpose/")
    assert unconfirmed(scan) == {"purpose-01", "purpose-02", "purpose-03"}

    mark = page.locator("#carried-purpose-01")
    expect(mark).to_be_visible()
    expect(page.locator("#carried-note")).to_be_visible()
    mark.locator("button[name=confirm]").click()
    expect(mark).to_have_count(0, timeout=TIMEOUT)
    # The focus leaves the removed button for the answer, which is unchanged.
    expect(page.locator("#value-purpose-01-3")).to_be_focused()
    expect(page.locator("#value-purpose-01-3")).to_be_checked()
    assert unconfirmed(scan) == {"purpose-02", "purpose-03"}
    assert scan.answers.get(item__code="purpose-01").value == 3

    # Changing an answer clears its mark too.
    page.click("label[for=value-purpose-02-2]")
    expect(page.locator("#carried-purpose-02")).to_have_count(0, timeout=TIMEOUT)
    assert unconfirmed(scan) == {"purpose-03"}
    assert scan.answers.get(item__code="purpose-02").value == 2

    # The last one: the note about carried-over answers goes with it.
    page.locator("#carried-purpose-03 button").click()
    expect(page.locator("#carried-purpose-03")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#carried-note")).to_have_count(0)
    assert unconfirmed(scan) == set()


def test_confirm_all_on_this_page(app, page):
    live_server, alice = app
    previous = completed_scan(alice)
    scan = followups.start_follow_up(previous, title="Vervolg", carry_over=True, user=alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.click("#carried-note button[name=confirm-all]")
    page.wait_for_url(f"**/scans/{scan.pk}/areas/purpose/")
    expect(page.locator(".carried")).to_have_count(0)
    assert unconfirmed(scan) == set()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size['width']}x{size['height']}")
def test_no_serious_accessibility_violations(app, page, size):
    live_server, alice = app
    previous = completed_scan(alice)
    scan = followups.start_follow_up(previous, title="Vervolg", carry_over=True, user=alice)
    page.set_viewport_size(size)
    log_in(page, live_server.url)
    serious = []
    for path in (
        f"/scans/{scan.pk}/areas/purpose/",
        f"/scans/{previous.pk}/follow-up/",
        f"/scans/{scan.pk}/results/",
        f"/organisations/{previous.organisation_id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        for violation in Axe().run(page).response["violations"]:
            if violation.get("impact") in {"serious", "critical"}:
                targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
                serious.append(f"{path}: {violation['id']} at {targets}: {violation['help']}")
    assert not serious, "Serious accessibility violations:\n" + "\n".join(serious)
