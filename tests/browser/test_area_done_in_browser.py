"""Done with an area (issue 26, item 4) in the browser: answering the area's last open statement
shows the line with the count and the button to the next area, the focus moves to that button,
nothing on the page moves to make room, and axe finds no serious violation. A page opened with
the area complete shows the line but leaves the focus where it is.

Elements are found by id and name, not by visible text (the pages are Dutch)."""

import pytest
from playwright.sync_api import expect

from tests import factories

from .axe import serious_violations
from .test_scan_at_the_table import LAPTOP, codes, open_area
from .test_scan_in_browser import is_autosave, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Where every statement and the block sit on the page (document coordinates, not the viewport's:
# moving the focus may scroll).
POSITIONS = """() => [...document.querySelectorAll('fieldset.scan-item, #area-done-now')].map(
    e => { const box = e.getBoundingClientRect();
           return [e.id, Math.round(box.top + window.scrollY), Math.round(box.height)]; })"""


def focused_href(page):
    return page.evaluate(
        "() => document.activeElement.closest('#area-done-now') ?"
        " document.activeElement.getAttribute('href') : null"
    )


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_answering_the_last_open_statement_moves_on_to_the_next_area(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    last_open = purpose[5]  # not the last in the list: the block is further down
    factories.answer_items(scan, {code: 2 for code in purpose if code != last_open})
    open_area(page, live_server, scan, "purpose", viewport)
    block = page.locator("#area-done-now")
    expect(block.locator("a")).to_have_count(0)
    assert block.get_attribute("role") == "status"  # announced when it fills
    before = page.evaluate(POSITIONS)

    with page.expect_response(lambda r: is_autosave(r, last_open, "value", "3")):
        page.click(f"label[for='value-{last_open}-3']")
    wait_until_saved(page, last_open)

    button = block.locator("a")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("href", f"/scans/{scan.pk}/areas/journey/")
    expect(button).to_be_focused()
    expect(block).to_contain_text("18")
    assert page.evaluate(POSITIONS) == before, "the statements or the block moved"
    assert serious_violations(page) == []

    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/scans/{scan.pk}/areas/journey/")


def test_at_the_last_area_the_focus_moves_to_complete_the_scan(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    *answered, last_open = codes("kpis")
    factories.answer_items(scan, {code: 1 for code in answered})
    open_area(page, live_server, scan, "kpis")

    with page.expect_response(lambda r: is_autosave(r, last_open, "value", "na")):
        page.click(f"label[for='value-{last_open}-na']")
    wait_until_saved(page, last_open)

    button = page.locator("#area-done-now a")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("href", f"/scans/{scan.pk}/complete/")


def test_a_page_opened_complete_shows_the_line_without_taking_the_focus(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer_items(scan, area="purpose", value=3)
    open_area(page, live_server, scan, "purpose")
    button = page.locator("#area-done-now a")
    expect(button).to_be_visible()
    expect(button).not_to_be_focused()

    # Changing an answer in a complete area leaves the focus on the answer.
    code = codes("purpose")[0]
    with page.expect_response(lambda r: is_autosave(r, code, "value", "1")):
        page.click(f"label[for='value-{code}-1']")
    wait_until_saved(page, code)
    assert focused_href(page) is None
    assert page.evaluate("document.activeElement.name") == f"value-{code}"


def test_someone_still_arrowing_through_the_scale_keeps_the_focus(app, page):
    """Arrow keys move through the scale (choosing): the line shows, the focus stays put."""
    live_server, alice = app
    scan = make_scan(alice)
    *answered, last_open = codes("purpose")
    factories.answer_items(scan, {code: 2 for code in answered})
    open_area(page, live_server, scan, "purpose")
    page.focus(f"#value-{last_open}-0")
    with page.expect_response(lambda r: is_autosave(r, last_open, "value", "1")):
        page.keyboard.press("ArrowRight")
    wait_until_saved(page, last_open)
    expect(page.locator("#area-done-now a")).to_be_visible()
    assert focused_href(page) is None
    assert page.evaluate("document.activeElement.id") == f"value-{last_open}-1"
