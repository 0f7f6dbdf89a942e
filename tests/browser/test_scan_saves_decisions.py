"""One save per decision (issue 26): the arrow keys move a statement's choice along its scale
without saving each step; the choice is saved once it settles (the focus leaves the scale, Enter
or Space, a pause), a click or a tap is saved at once, and a choice not settled yet is sent when
the page is left.

The saves are counted where they arrive, at the server: a save sent as the page goes is not
always seen by the browser's own request log.
"""

import time

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from checklists.models import Answer
from tests import factories

from .test_scan_in_browser import TIMEOUT, item_codes, log_in, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

# Longer than the pause after which scan.js saves a choice made with the arrow keys (0.7 s): a
# save that a leftover timer would still send has arrived by then.
AFTER_THE_PAUSE = 1_500  # ms


@pytest.fixture
def saves():
    """The paths of the autosave requests the live server receives during the test."""
    received = []

    def receive(sender, environ, **kwargs):
        if environ["REQUEST_METHOD"] == "POST" and "/answers/" in environ["PATH_INFO"]:
            received.append(environ["PATH_INFO"])

    request_started.connect(receive)
    yield received
    request_started.disconnect(receive)


def open_first_area(app, page, *, stop_the_clock=False):
    """The scan's first area in the browser; the scan and the first statement's code.

    `stop_the_clock`: the page's timers stand still once it has loaded, so no pause ever ends
    and whatever is saved was saved without waiting for one."""
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)
    if stop_the_clock:
        page.clock.install()
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    if stop_the_clock:
        page.clock.pause_at(time.time() * 1000 + 1_000)
    return scan, item_codes(page)[0]


def arrow_to(page, code, steps):
    """From the scale's first option (0, not chosen), `steps` presses of → (choosing 1, 2, …)."""
    page.focus(f"#value-{code}-0")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")


def saved_value(scan, code, expected):
    """The answer's value in the database once it is `expected`, or what it is after waiting
    TIMEOUT for that (None: no value)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while True:
        answer = Answer.objects.filter(scan=scan, item__code=code).first()
        value = answer.value if answer is not None else None
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_arrowing_along_the_scale_saves_once_when_the_focus_leaves_it(app, page, saves):
    scan, code = open_first_area(app, page)

    arrow_to(page, code, 4)  # 1, 2, 3, 4: four choices on the way
    page.keyboard.press("Tab")  # out of the scale (into the note)

    wait_until_saved(page, code)
    assert saved_value(scan, code, 4) == 4
    page.wait_for_timeout(AFTER_THE_PAUSE)
    assert saves == [f"/scans/{scan.pk}/answers/{code}/"]


def test_a_choice_made_with_the_arrow_keys_is_saved_after_a_pause(app, page, saves):
    scan, code = open_first_area(app, page)

    arrow_to(page, code, 2)
    assert saves == []  # not at each step

    assert saved_value(scan, code, 2) == 2  # the pause: the focus is still on the scale
    assert page.evaluate("document.activeElement.id") == f"value-{code}-2"
    wait_until_saved(page, code)
    page.wait_for_timeout(AFTER_THE_PAUSE)
    assert len(saves) == 1


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_enter_or_space_saves_the_choice_at_once(app, page, saves, key):
    scan, code = open_first_area(app, page, stop_the_clock=True)

    arrow_to(page, code, 3)
    page.keyboard.press(key)

    assert saved_value(scan, code, 3) == 3
    assert page.url.endswith("/areas/purpose/")  # Enter does not send the whole page
    page.clock.run_for(AFTER_THE_PAUSE)
    page.wait_for_timeout(AFTER_THE_PAUSE)
    assert len(saves) == 1


@pytest.mark.parametrize("leave", ["navigate", "close"])
def test_a_choice_not_yet_settled_is_saved_when_the_page_is_left(app, page, saves, leave):
    live_server, _ = app
    scan, code = open_first_area(app, page)

    arrow_to(page, code, 3)
    if leave == "navigate":
        page.goto(f"{live_server.url}/")
    else:
        page.close(run_before_unload=True)

    assert saved_value(scan, code, 3) == 3
    time.sleep(AFTER_THE_PAUSE / 1000)
    assert len(saves) == 1


def test_a_choice_not_yet_settled_is_saved_when_the_page_is_hidden_and_shown_saved(
    app, page, saves
):
    scan, code = open_first_area(app, page, stop_the_clock=True)

    arrow_to(page, code, 2)
    # Another tab comes to the front, or a phone's screen locks: the page is hidden, and lives on.
    page.evaluate(
        """() => {
            const hidden = {value: "hidden", configurable: true};
            Object.defineProperty(document, "visibilityState", hidden);
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )

    assert saved_value(scan, code, 2) == 2
    wait_until_saved(page, code)
    # What every save brings along is there too: the progress counts the answer.
    expect(page.locator("#scan-progress")).to_have_attribute("value", "1")
    page.clock.run_for(AFTER_THE_PAUSE)
    page.wait_for_timeout(AFTER_THE_PAUSE)
    assert len(saves) == 1


def test_a_click_saves_at_once_and_replaces_a_choice_being_made_by_keys(app, page, saves):
    scan, code = open_first_area(app, page, stop_the_clock=True)

    arrow_to(page, code, 1)
    page.click(f"label[for='value-{code}-4']")

    assert saved_value(scan, code, 4) == 4
    wait_until_saved(page, code)
    page.clock.run_for(AFTER_THE_PAUSE)  # the arrow's pause, had it been left running
    page.wait_for_timeout(AFTER_THE_PAUSE)
    assert saves == [f"/scans/{scan.pk}/answers/{code}/"]
    assert Answer.objects.get(scan=scan, item__code=code).value == 4


def test_tabbing_into_a_note_without_typing_saves_nothing(app, page, saves):
    scan, code = open_first_area(app, page)
    factories.answer(scan, code, 3)
    page.reload()  # the scale shows the saved 3; the note is empty

    page.focus(f"#value-{code}-3")
    page.keyboard.press("Tab")  # into the note, and stay there
    page.wait_for_timeout(AFTER_THE_PAUSE)

    assert saves == []
