"""A scan page that does not move (issue 26, item 5): layout shifts measured by the browser.

The browser reports every layout shift to a PerformanceObserver ('layout-shift'). Cumulative
layout shift (CLS) sums the shifts that did not follow an input within 500 ms; the target is at
most 0.02 while the page loads and while a consultant scores. CLS forgives what moves right after
a click or a key, but a save's answer may come later than that on a slow connection, so while
scoring every shift counts (input or not), and the document position of every statement, of the
done line and of the bar is compared before and after each step: nothing but what was acted on
may change, and that only inside its own box.

The page loads as on a first visit over a slow connection: the fonts and scan.js are held back
until the page has painted once, so the text first shows in the fallback font and the tools that
scan.js shows appear after the first paint (on a local server both would arrive before it and
hide what moves). The test depends on the statements' markup only through fieldset.scan-item,
its radios and its save status.
"""

import pytest
from playwright.sync_api import expect

from checklists import followups
from tests import factories

from .test_follow_up_in_browser import completed_scan
from .test_scan_at_the_table import LAPTOP, TABLET, codes
from .test_scan_in_browser import TIMEOUT, is_autosave, log_in, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LIMIT = 0.02  # the target for cumulative layout shift

# Installed before any of the page's scripts: every layout shift, with what moved and how far.
OBSERVE = """
window.cxShifts = [];
window.cxObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.cxShifts.push({
      value: entry.value,
      input: entry.hadRecentInput,
      sources: (entry.sources || []).map((source) => {
        const node = source.node;
        const name = !node ? '?' : node.nodeType !== 1 ? '#text in ' + (node.parentElement
          ? node.parentElement.tagName + (node.parentElement.id ? '#' + node.parentElement.id
          : '.' + node.parentElement.className) : '?')
          : node.tagName + (node.id ? '#' + node.id : node.className ? '.' + node.className : '');
        const rect = (r) => [Math.round(r.x), Math.round(r.y), Math.round(r.width),
          Math.round(r.height)];
        return name + ' ' + JSON.stringify(rect(source.previousRect)) + ' -> '
          + JSON.stringify(rect(source.currentRect));
      }),
    });
  }
});
window.cxObserver.observe({type: 'layout-shift', buffered: true});
"""

# Waits for the next two frames (a shift is reported once its frame is drawn), then takes what
# the observer has not delivered yet.
SHIFTS = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  window.cxObserver.takeRecords().forEach((entry) => window.cxShifts.push({
    value: entry.value, input: entry.hadRecentInput, sources: ['(late)'],
  }));
  return window.cxShifts;
}"""

# Where each statement, the done line, the area's heading, the form and what the test marks
# (data-watch) sit in the document (not the viewport: moving the focus may scroll), and the
# sticky bar's and the stepper's heights.
POSITIONS = """() => {
  const where = {};
  for (const e of document.querySelectorAll(
      'fieldset.scan-item, #area-done-now, #scan-form, #scan-bar ~ h2, [data-watch]')) {
    const box = e.getBoundingClientRect();
    where[e.dataset.watch || e.id || e.tagName] = [
      Math.round(box.top + window.scrollY), Math.round(box.height)];
  }
  for (const id of ['scan-bar', 'stepper']) {
    where[id + ' height'] = Math.round(document.getElementById(id).getBoundingClientRect().height);
  }
  return where;
}"""


def shifts(page):
    return page.evaluate(SHIFTS)


def layout_shift(entries, *, with_input=False):
    """CLS of `entries`: the sum of the shifts not right after an input (all: `with_input`)."""
    return sum(entry["value"] for entry in entries if with_input or not entry["input"])


def described(entries):
    return "\n".join(f"{entry['value']:.4f} {entry['sources']}" for entry in entries)


def moved(before, after, acted_on=None):
    """What changed position or height, other than the height of the statement acted on."""
    changes = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if key == acted_on and old and new:
            old, new = old[0], new[0]
        if old != new:
            changes[key] = (before.get(key), after.get(key))
    return changes


def load_as_on_a_slow_first_visit(page, url):
    """Opens `url` with the fonts and scan.js held back until the page has painted once."""
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/*.woff2", hold)
    page.route("**/js/scan.js", hold)
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "() => performance.getEntriesByType('paint')"
        ".some((e) => e.name === 'first-contentful-paint')",
        timeout=TIMEOUT,
    )
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => document.fonts.status === 'loaded' && !document.getElementById('scan-tools').hidden",
        timeout=TIMEOUT,
    )
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.unroute("**/*.woff2")
    page.unroute("**/js/scan.js")


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET, PHONE], ids=["laptop", "tablet", "phone"])
def test_the_largest_area_loads_without_moving(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer_items(scan, {code: 2 for code in codes("ecosystem")[:5]})  # in progress
    page.set_viewport_size(viewport)
    log_in(page, live_server.url)
    page.add_init_script(OBSERVE)

    load_as_on_a_slow_first_visit(page, f"{live_server.url}/scans/{scan.pk}/areas/ecosystem/")

    assert page.locator("fieldset.scan-item").count() == len(codes("ecosystem"))
    assert page.evaluate(
        "() => [...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Source Sans 3'"
        " && f.status === 'loaded')"
    ), "the page's font was never used: the test measured the fallback only"
    entries = shifts(page)
    assert layout_shift(entries) <= LIMIT, described(entries)
    # The fonts the page preloads are the ones its CSS asks for: each fetched once, not twice.
    preloaded = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=preload][as=font]')].map((l) => l.href)"
    )
    fetched = page.evaluate(
        "() => performance.getEntriesByType('resource').map((r) => r.name)"
        ".filter((name) => name.endsWith('.woff2'))"
    )
    assert preloaded and all(fetched.count(href) == 1 for href in preloaded), (preloaded, fetched)


def follow_up_to_score(alice):
    """A follow-up of purpose-01..03, carried over to confirm; Purpose's other statements
    answered but the last four."""
    scan = followups.start_follow_up(
        completed_scan(alice), title="Vervolg", carry_over=True, user=alice
    )
    purpose = codes("purpose")
    carried, rest = purpose[:3], purpose[3:]
    assert carried == ["purpose-01", "purpose-02", "purpose-03"]  # as completed_scan answers
    factories.answer_items(scan, {code: 2 for code in rest[:-4]})
    return scan, carried, rest[-4:]


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET, PHONE], ids=["laptop", "tablet", "phone"])
def test_scoring_moves_nothing_but_what_was_acted_on(app, page, viewport):
    live_server, alice = app
    scan, carried, (by_mouse, by_keys, failing, last) = follow_up_to_score(alice)
    page.set_viewport_size(viewport)
    log_in(page, live_server.url)
    page.add_init_script(OBSERVE)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    assert layout_shift(shifts(page)) <= LIMIT
    # The note above the statements that asks to check the carried-over answers.
    page.locator("#carried-note").evaluate("(note) => { note.dataset.watch = 'carried note'; }")

    steps = []  # (what was done, layout shift with and without input, what moved)

    def step(name, acted_on, action):
        seen = len(shifts(page))
        before = page.evaluate(POSITIONS)
        action()
        entries = shifts(page)[seen:]
        after = page.evaluate(POSITIONS)
        steps.append(
            (
                name,
                layout_shift(entries),
                layout_shift(entries, with_input=True),
                moved(before, after, acted_on),
                described(entries),
            )
        )

    def click(code, value):
        def action():
            with page.expect_response(lambda r: is_autosave(r, code, "value", value)):
                page.click(f"label[for='value-{code}-{value}']")
            wait_until_saved(page, code)

        return action

    step("click an answer", f"item-{by_mouse}", click(by_mouse, "3"))

    def arrow_keys_then_tab():
        page.focus(f"#value-{by_keys}-0")  # none chosen yet: the first arrow chooses 1
        page.keyboard.press("ArrowRight")
        with page.expect_response(lambda r: is_autosave(r, by_keys, "value", "2")):
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Tab")
        wait_until_saved(page, by_keys)

    step("arrow keys, then Tab", f"item-{by_keys}", arrow_keys_then_tab)

    def failed_save():
        page.route(f"**/answers/{failing}/", lambda route: route.fulfill(status=500, body="!"))
        page.click(f"label[for='value-{failing}-1']")
        expect(page.locator("#save-problems .alert")).to_be_visible(timeout=TIMEOUT)

    step("a save fails: the banner", f"item-{failing}", failed_save)

    def retried():
        page.unroute(f"**/answers/{failing}/")
        with page.expect_response(lambda r: is_autosave(r, failing, "value", "1"), timeout=TIMEOUT):
            pass  # scan.js retries after a second
        wait_until_saved(page, failing)
        expect(page.locator("#save-problems .alert")).to_have_count(0)

    step("the retry goes through: the banner goes", f"item-{failing}", retried)

    for code in carried:

        def confirm(code=code):
            with page.expect_response(lambda r: is_autosave(r, code)):
                page.click(f"#carried-{code} button")
            wait_until_saved(page, code)
            expect(page.locator(f"#carried-{code}")).to_have_count(0)

        step(f"confirm the carried answer of {code}", f"item-{code}", confirm)

    step("answer the last open statement: done", f"item-{last}", click(last, "4"))
    expect(page.locator("#area-done-now a")).to_be_focused()

    def next_unanswered():
        page.click("#next-unanswered")  # none left: to the done line's button
        expect(page.locator("#area-done-now a")).to_be_focused()

    step("next unanswered, with none left", None, next_unanswered)

    assert [s[0] for s in steps if s[3] or s[2]] == [], "\n\n".join(
        f"{name}: CLS {cls:.4f}, all shifts {total:.4f}\nmoved: {changes}\n{entries}"
        for name, cls, total, changes, entries in steps
        if changes or total
    )
    assert layout_shift(shifts(page)) <= LIMIT
    assert scan.answers.unconfirmed().count() == 0


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_first_answer_turns_the_status_without_moving_the_page(app, page, viewport):
    """The first save turns the status badge from "Concept" into "In uitvoering" (out of band)."""
    live_server, alice = app
    scan = make_scan(alice)
    first = codes("purpose")[0]
    page.set_viewport_size(viewport)
    log_in(page, live_server.url)
    page.add_init_script(OBSERVE)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    badge = page.locator("#scan-status")
    badge.evaluate("(badge) => { badge.dataset.watch = 'status'; }")
    before, seen = page.evaluate(POSITIONS), len(shifts(page))
    width = badge.evaluate("(badge) => badge.getBoundingClientRect().width")

    with page.expect_response(lambda r: is_autosave(r, first, "value", "2")):
        page.click(f"label[for='value-{first}-2']")
    wait_until_saved(page, first)

    scan.refresh_from_db()
    assert scan.status == "in_progress"
    badge.evaluate("(badge) => { badge.dataset.watch = 'status'; }")  # a new element
    assert moved(before, page.evaluate(POSITIONS), f"item-{first}") == {}
    assert badge.evaluate("(badge) => badge.getBoundingClientRect().width") == width
    assert layout_shift(shifts(page)[seen:], with_input=True) == 0
