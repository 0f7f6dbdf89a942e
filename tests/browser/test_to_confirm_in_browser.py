"""In a follow-up, an answer carried over from the previous scan and not yet confirmed is still
open: "Next unanswered" and "Only unanswered" stop at it until it is confirmed or changed."""

import pytest
from playwright.sync_api import expect

from checklists import followups

from .test_follow_up_in_browser import completed_scan
from .test_scan_at_the_table import focused_item, open_area
from .test_scan_in_browser import TIMEOUT

pytestmark = pytest.mark.browser


def test_next_unanswered_stops_at_carried_answers_until_they_are_confirmed(app, page):
    live_server, alice = app
    previous = completed_scan(alice)  # purpose-01, -02 and -03 answered
    scan = followups.start_follow_up(previous, title="Vervolg", carry_over=True, user=alice)
    open_area(page, live_server, scan, "purpose")

    page.click("#next-unanswered")
    assert focused_item(page) == "item-purpose-01"  # carried, not yet confirmed: still open

    page.locator("#carried-purpose-01 button").click()
    expect(page.locator("#carried-purpose-01")).to_have_count(0, timeout=TIMEOUT)
    page.click("#next-unanswered")
    assert focused_item(page) == "item-purpose-02"

    page.check("#only-unanswered")
    expect(page.locator("#item-purpose-01")).to_be_hidden()  # confirmed: answered now
    expect(page.locator("#item-purpose-03")).to_be_visible()  # still to confirm
