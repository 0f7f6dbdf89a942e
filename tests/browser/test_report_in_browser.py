"""The page a report download shows while a worker prepares it: it follows the render by itself
and starts the download once the report is ready; at laptop and tablet width, no serious axe
violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models import F
from django.urls import reverse

from checklists.models import Item
from reports.models import StoredReport
from scoring import completion
from tests import factories
from tests.helpers import pdfs_not_drawn, render_reports

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [(1366, 768), (820, 1180)])
def test_the_waiting_page_follows_the_render_and_starts_the_download(app, page, viewport):
    live_server, alice = app
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    scan = make_scan(alice)
    factories.answer(scan, Item.objects.active().first(), 3)
    completion.complete(scan)  # committed: its reports are queued (the dummy backend keeps them)
    # The worker renders the one this page asks for; what that one says is never read here
    # (only the next version is downloaded), so it is not drawn: a 17-page PDF less.
    with pdfs_not_drawn():
        render_reports(scan, ["nl"])
    # A plan change the worker has not rendered yet.
    StoredReport.objects.filter(scan=scan).update(version=F("version") + 1)
    log_in(page, live_server.url)

    url = live_server.url + reverse("reports:report", args=[scan.pk]) + "?language=nl"
    response = page.goto(url)
    assert response.status == 202
    status = page.locator("#report-status")
    assert "wordt voorbereid" in status.inner_text()
    assert page.get_by_role("button", name="Nu maken").is_visible()
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    found = violations.response["violations"]
    serious = [v for v in found if v["impact"] in {"serious", "critical"}]
    assert not serious, violations.generate_report()

    with page.expect_download(timeout=30_000) as download:
        render_reports(scan, ["nl"])  # the worker finishes; the page notices within seconds
    assert download.value.suggested_filename.endswith("-nl.pdf")
    assert "klaar" in status.inner_text()
