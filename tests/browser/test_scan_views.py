"""The scan page's two views (issue 26, items 3 and 6): compact by default, a table when wanted.

At 1366×768, scrolled to the first statement (as the skip link does), the compact view shows at
least 5 statements and the table view at least 10 wholly below the sticky bar; on a tablet the
title and its buttons fit one row and the scale one line; on a phone each option is a target of
at least 44×44 px. The choice of view and the folded tips are kept across areas and a reload, the
folded note is saved as before, every option's accessible name says what it means, and axe finds
no serious violation in either view at laptop, tablet and phone sizes.

Elements are found by id and name, not by visible text (the pages are Dutch)."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from checklists.models import Answer
from tests import factories

from .test_accounts_in_browser import serious_violations
from .test_scan_at_the_table import LAPTOP, TABLET, codes, open_area
from .test_scan_in_browser import TIMEOUT, is_autosave, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Statements wholly in view: below the sticky bar and above the window's bottom edge.
IN_VIEW = """() => {
    const bar = document.getElementById('scan-bar').getBoundingClientRect().bottom;
    return [...document.querySelectorAll('fieldset.scan-item')].filter(f => {
        const box = f.getBoundingClientRect();
        return box.top >= bar - 1 && box.bottom <= window.innerHeight + 1;
    }).length;
}"""


def scroll_to_first_statement(page):
    """Where the skip link leads: the first statement, just below the sticky bar."""
    page.evaluate(
        "document.querySelector('fieldset.scan-item').scrollIntoView({block: 'start',"
        " behavior: 'instant'})"
    )
    page.wait_for_function(
        """() => Math.abs(document.querySelector('fieldset.scan-item').getBoundingClientRect().top
                  - document.getElementById('scan-bar').getBoundingClientRect().bottom) < 16"""
    )


def view_url(live_server, scan, area, view):
    return f"{live_server.url}/scans/{scan.pk}/areas/{area}/?view={view}"


@pytest.mark.parametrize(("view", "at_least"), [("compact", 5), ("table", 10)])
def test_the_laptop_shows_enough_statements_in_each_view(app, page, view, at_least):
    live_server, alice = app
    scan = make_scan(alice)
    eco = codes("ecosystem")
    # Some answered, some with notes: what a scan under way looks like.
    factories.answer_items(scan, {code: 2 for code in eco[::2]})
    factories.answer(scan, eco[1], 3, note="Zie het beleid.")
    open_area(page, live_server, scan, "ecosystem", LAPTOP)
    page.goto(view_url(live_server, scan, "ecosystem", view))
    expect(page.locator(f"#scan-form.view-{view}")).to_have_count(1)
    scroll_to_first_statement(page)
    shown = page.evaluate(IN_VIEW)
    assert shown >= at_least, f"{view}: {shown} statements wholly in view"


def test_the_tablet_has_the_header_on_one_row_and_the_scale_on_one_line(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "ecosystem", TABLET)
    title = page.locator(".scan-head h1").bounding_box()
    buttons = page.locator(".scan-head > div").bounding_box()
    button = page.locator(".scan-head > div > a").first.bounding_box()
    assert buttons["height"] < button["height"] * 1.5, "the buttons wrap"
    assert abs((title["y"] + title["height"] / 2) - (buttons["y"] + buttons["height"] / 2)) < 8
    for code in codes("ecosystem")[:5]:
        tops = page.eval_on_selector_all(
            f"#item-{code} .scale label", "labels => labels.map(l => l.getBoundingClientRect().top)"
        )
        assert len(tops) == 6
        assert max(tops) - min(tops) < 1, f"{code}: option tops {tops}"


def test_the_phone_scale_is_a_grid_of_large_targets(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "purpose", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    sizes = page.locator("fieldset.scan-item .scale > label").evaluate_all(
        "labels => labels.map(l => [l.htmlFor, l.getBoundingClientRect().width,"
        " l.getBoundingClientRect().height])"
    )
    assert len(sizes) == 6 * len(codes("purpose"))
    small = [size for size in sizes if size[1] < 44 or size[2] < 44]
    assert not small, small


def test_every_option_is_named_with_its_meaning(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    code = codes("purpose")[0]
    fieldset = page.locator(f"#item-{code}")
    for name in ["0 Niet aanwezig", "3 Grotendeels aanwezig", "N.v.t. Niet van toepassing"]:
        expect(fieldset.get_by_role("radio", name=name, exact=True)).to_have_count(1)


def test_the_view_is_kept_across_areas_and_a_reload(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    expect(page.locator("#scan-form.view-compact")).to_have_count(1)
    page.click(".area-head a[href='?view=table']")
    expect(page.locator("#scan-form.view-table")).to_have_count(1)
    expect(page.locator(".area-head a[href='?view=table']")).to_have_attribute(
        "aria-current", "true"
    )
    page.click(f"#stepper a[href='/scans/{scan.pk}/areas/journey/']")
    page.wait_for_url(f"{live_server.url}/scans/{scan.pk}/areas/journey/")
    expect(page.locator("#scan-form.view-table")).to_have_count(1)
    page.reload()
    expect(page.locator("#scan-form.view-table")).to_have_count(1)
    page.click(".area-head a[href='?view=compact']")
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    expect(page.locator("#scan-form.view-compact")).to_have_count(1)


def test_the_tips_fold_away_and_stay_folded(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    aside = page.locator("#tips-aside")
    expect(aside).to_be_visible()
    width = page.locator("#scan-form").bounding_box()["width"]
    toggle = page.locator("#tips-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(aside).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.locator("#scan-form").bounding_box()["width"] > width * 1.3
    page.reload()
    expect(aside).to_be_hidden()  # rendered folded by the server: nothing moves on load
    expect(page.locator("#scan-layout.tips-hidden")).to_have_count(1)
    page.locator("#tips-toggle").click()
    expect(aside).to_be_visible()
    page.reload()
    expect(aside).to_be_visible()


@pytest.mark.parametrize("view", ["compact", "table"])
def test_a_folded_note_is_opened_typed_and_saved(app, page, view):
    live_server, alice = app
    scan = make_scan(alice)
    code = codes("purpose")[2]
    open_area(page, live_server, scan, "purpose", LAPTOP)
    page.goto(view_url(live_server, scan, "purpose", view))
    note = page.locator(f"#note-{code}")
    expect(note).to_be_hidden()
    page.click(f"#item-{code} details.note > summary")
    expect(note).to_be_visible()
    with page.expect_response(lambda r: is_autosave(r, code, "note", "Alleen in de winkel")):
        note.press_sequentially("Alleen in de winkel")
    wait_until_saved(page, code)
    assert Answer.objects.get(scan=scan, item__code=code).note == "Alleen in de winkel"
    # The page opened again: the note folded, its summary marked as holding a note.
    page.reload()
    expect(note).to_be_hidden()
    expect(page.locator(f"#item-{code} details.note.on")).to_have_count(1)
    expect(note).to_have_value("Alleen in de winkel")


@pytest.mark.parametrize("view", ["compact", "table"])
def test_no_serious_accessibility_violation_in_either_view(app, page, view):
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    factories.answer_items(scan, {code: 1 for code in purpose[:4]})
    factories.answer(scan, purpose[5], 4, note="Zie het beleid.")
    found = []
    open_area(page, live_server, scan, "purpose", LAPTOP)
    for viewport in (LAPTOP, TABLET, PHONE):
        page.set_viewport_size(viewport)
        page.goto(view_url(live_server, scan, "purpose", view))
        page.click(f"#item-{purpose[5]} details.note > summary")  # a note unfolded too
        found += [f"{viewport['width']}: {v}" for v in serious_violations(page)]
    assert found == []


# Links to complete the scan that one sees: visible, and inside the window.
COMPLETE_IN_VIEW = """() => [...document.querySelectorAll('a[href$="/complete/"]')].filter(a => {
    const box = a.getBoundingClientRect();
    return a.checkVisibility({visibilityProperty: true}) && box.height > 0
        && box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""


def complete_links_in_view(page, expected):
    """How many links to complete the scan one sees at the bottom of the page, once it has
    scrolled there (`expected` if it comes to that within the tests' timeout)."""
    page.evaluate("window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            f"(expected) => ({COMPLETE_IN_VIEW})() === expected", arg=expected, timeout=TIMEOUT
        )
    return page.evaluate(COMPLETE_IN_VIEW)


def test_the_last_area_offers_to_complete_the_scan_once_in_view(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    *answered, last_open = codes("kpis")
    factories.answer_items(scan, {code: 1 for code in answered})
    open_area(page, live_server, scan, "kpis", LAPTOP)
    assert complete_links_in_view(page, 1) == 1  # the bottom bar's

    with page.expect_response(lambda r: is_autosave(r, last_open, "value", "2")):
        page.click(f"label[for='value-{last_open}-2']")
    wait_until_saved(page, last_open)
    expect(page.locator("#area-done-now a")).to_be_focused()
    assert complete_links_in_view(page, 1) == 1  # the area-done line's, not the bar's beside it
    page.click("#next-unanswered")  # none left: back to the done line's link, no other
    expect(page.locator("#area-done-now a")).to_be_focused()
    assert complete_links_in_view(page, 1) == 1
