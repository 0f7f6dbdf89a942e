"""The pillar tips on the scan page in a browser: the panel fetches them when it is opened."""

import pytest
from playwright.sync_api import expect

from checklists.models import Tip

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [(1366, 768), (820, 1180)])
def test_opening_the_pillar_tips_shows_them(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, live_server.url)
    if viewport[0] < 992:  # on a tablet the area's tips are folded above the statements
        page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
        page.locator("details.tips > summary").click()
    else:
        page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    panel = page.locator("details.pillar-tips:visible")
    expect(panel).to_have_count(1)
    panel.locator("summary").click()
    strategy = panel.locator("details.pillar-tip-group summary", has_text="CX-strategie")
    expect(strategy).to_be_visible()
    strategy.click()
    expect(panel).to_contain_text(Tip.objects.get(code="tip-practice-21").text_nl)
