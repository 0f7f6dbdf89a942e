"""The scan page as it is used at the table, on a laptop (1366×768) and a tablet (820×1180):
finding open statements (next unanswered, the filter, the skip link), the progress bar that
stays in view, the scale on one line, failed saves announced at the top, the status badge.

Elements are found by id and name, not by visible text: the Dutch texts are still being
translated.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from checklists.models import Answer, Item, Scan
from tests import factories

from .test_scan_in_browser import TIMEOUT, is_autosave, log_in, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}


def codes(area):
    return list(
        Item.objects.active()
        .filter(area__code=area)
        .order_by("topic__position", "position", "code")
        .values_list("code", flat=True)
    )


def answer_all_but(scan, area, open_codes):
    for code in codes(area):
        if code not in open_codes:
            factories.answer(scan, code, 2)


def focused_item(page):
    """The id of the statement (fieldset) that holds the focus, or None."""
    return page.evaluate(
        "() => { const f = document.activeElement.closest('fieldset.scan-item');"
        " return f ? f.id : null; }"
    )


def below_the_bar(page, selector):
    """Whether the element's top comes to rest in the viewport, not under the sticky bar.

    Waits for it: Bootstrap makes scrolling smooth, so a jump takes a moment."""
    try:
        page.wait_for_function(
            """(selector) => {
                const bar = document.getElementById('scan-bar').getBoundingClientRect();
                const box = document.querySelector(selector).getBoundingClientRect();
                return box.top >= bar.bottom - 1 && box.bottom <= window.innerHeight;
            }""",
            arg=selector,
            timeout=TIMEOUT,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def open_area(page, live_server, scan, area, viewport=LAPTOP):
    page.set_viewport_size(viewport)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/{area}/")


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_next_unanswered_goes_from_open_statement_to_open_statement(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    first, second = purpose[3], purpose[12]
    answer_all_but(scan, "purpose", {first, second})
    open_area(page, live_server, scan, "purpose", viewport)

    page.click("#next-unanswered")
    assert focused_item(page) == f"item-{first}"
    assert below_the_bar(page, f"#item-{first}")
    page.click("#next-unanswered")
    assert focused_item(page) == f"item-{second}"
    assert below_the_bar(page, f"#item-{second}")
    page.click("#next-unanswered")  # from the last open one back to the first
    assert focused_item(page) == f"item-{first}"

    # Answer both; then there is none left here: the focus goes to the done line's button, to
    # the next area (no second notice grows the sticky bar).
    for code in (first, second):
        with page.expect_response(lambda r, code=code: is_autosave(r, code, "value", "3")):
            page.click(f"label[for='value-{code}-3']")
        wait_until_saved(page, code)
    page.click("#next-unanswered")
    button = page.locator("#area-done-now a")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("href", f"/scans/{scan.pk}/areas/journey/")
    expect(page.locator("#scan-bar a")).to_have_count(0)


def test_only_unanswered_hides_answered_statements_but_not_one_just_answered(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    first, second = purpose[0], purpose[5]
    answer_all_but(scan, "purpose", {first, second})
    open_area(page, live_server, scan, "purpose")
    shown = page.locator("fieldset.scan-item:visible")
    expect(shown).to_have_count(len(purpose))

    page.check("#only-unanswered")
    expect(shown).to_have_count(2)
    expect(page.locator(f"#item-{first}")).to_be_visible()
    expect(page.locator(f"#item-{second}")).to_be_visible()

    # Answered while filtering: it stays, so it does not vanish under the user's hand.
    with page.expect_response(lambda r: is_autosave(r, first, "value", "1")):
        page.click(f"label[for='value-{first}-1']")
    wait_until_saved(page, first)
    expect(page.locator(f"#item-{first}")).to_be_visible()
    expect(shown).to_have_count(2)

    # Switched off and on again, the filter hides it.
    page.uncheck("#only-unanswered")
    expect(shown).to_have_count(len(purpose))
    page.check("#only-unanswered")
    expect(shown).to_have_count(1)
    expect(page.locator(f"#item-{first}")).to_be_hidden()
    assert Answer.objects.get(scan=scan, item__code=first).value == 1


@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_scale_is_on_one_line_on_wide_screens(app, page, width):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "ecosystem", {"width": width, "height": 800})
    # The radios themselves are visually hidden; the options one sees are their labels.
    for code in codes("ecosystem")[:5]:
        tops = page.eval_on_selector_all(
            f"#item-{code} .scale label", "labels => labels.map(l => l.getBoundingClientRect().top)"
        )
        assert len(tops) == 6
        assert max(tops) - min(tops) < 1, f"{code} at {width} px: option tops {tops}"


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_progress_stays_in_view_without_covering_statements(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "ecosystem", viewport)
    height = viewport["height"]

    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    page.wait_for_function("window.scrollY > 1000")
    bar = page.locator("#scan-bar").bounding_box()
    progress = page.locator("#scan-progress").bounding_box()
    assert progress["y"] >= 0 and progress["y"] + progress["height"] <= height
    assert bar["y"] >= 0 and bar["height"] <= 0.15 * height, bar

    # Keyboard use: a focused option is scrolled into view below the bar, not under it.
    code = codes("ecosystem")[40]
    page.focus(f"#value-{code}-0")
    page.keyboard.press("Shift+Tab")  # to the previous statement's note
    page.keyboard.press("Tab")
    assert below_the_bar(page, f"label[for='value-{code}-0']")


def test_skip_link_reaches_the_first_unanswered_statement_in_one_tab_and_enter(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    first_open = codes("ecosystem")[30]
    answer_all_but(scan, "ecosystem", set(codes("ecosystem")[30:]))
    open_area(page, live_server, scan, "ecosystem")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-unanswered"
    page.keyboard.press("Enter")
    assert focused_item(page) == f"item-{first_open}"
    assert page.evaluate("document.activeElement.name") == f"value-{first_open}"
    assert below_the_bar(page, f"#item-{first_open}")
    # Space scores it at once: the user is where the work is.
    with page.expect_response(lambda r: is_autosave(r, first_open, "value", "0")):
        page.keyboard.press("Space")
    wait_until_saved(page, first_open)


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_failed_save_off_screen_is_announced_at_the_top_until_it_succeeds(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    failing = {"on": True}

    def autosave(route):
        if failing["on"]:
            route.abort()  # as a dropped connection
        else:
            route.continue_()

    page.route("**/answers/**", autosave)
    open_area(page, live_server, scan, "ecosystem", viewport)
    code = codes("ecosystem")[0]
    page.click(f"label[for='value-{code}-2']")
    expect(page.locator(f"#item-{code} .save-status")).to_have_class(
        re.compile(r"\btext-danger\b"), timeout=TIMEOUT
    )
    # Scrolled far away, the failure is still in view, names the statement and links to it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    problems = page.locator("#save-problems")
    expect(problems).to_have_attribute("role", "alert")
    link = problems.locator(f"a[href='#item-{code}']")
    expect(link).to_be_in_viewport()
    statement = page.locator(f"#item-{code} legend").text_content()
    expect(link).to_have_text(statement)
    link.click()
    assert focused_item(page) == f"item-{code}"

    failing["on"] = False  # the retry (after 1, then 2 s) goes through
    wait_until_saved(page, code)
    expect(problems).to_be_empty(timeout=TIMEOUT)
    assert Answer.objects.get(scan=scan, item__code=code).value == 2


def test_status_badge_changes_to_in_progress_with_the_first_answer(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    assert scan.status == Scan.Status.DRAFT
    with translation.override("nl"):
        draft, in_progress = str(Scan.Status.DRAFT.label), str(Scan.Status.IN_PROGRESS.label)
    open_area(page, live_server, scan, "purpose")
    badge = page.locator("#scan-status")
    expect(badge).to_have_text(draft)
    code = codes("purpose")[0]
    with page.expect_response(lambda r: is_autosave(r, code, "value", "4")):
        page.click(f"label[for='value-{code}-4']")
    expect(badge).to_have_text(in_progress)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_scan_page_with_its_tools_has_no_serious_accessibility_violations(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    answer_all_but(scan, "ecosystem", set(codes("ecosystem")[::2]))
    page.route("**/answers/**", lambda route: route.abort())
    open_area(page, live_server, scan, "ecosystem", viewport)
    page.check("#only-unanswered")
    page.click("#next-unanswered")
    code = codes("ecosystem")[0]
    page.click(f"label[for='value-{code}-1']")  # fails: the message at the top is shown
    expect(page.locator("#save-problems a")).to_have_count(1, timeout=TIMEOUT)

    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in Axe().run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
    assert not serious, "Serious accessibility violations:\n" + "\n".join(serious)
