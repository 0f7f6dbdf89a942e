"""The deck from the results page, as a consultant downloads it: the button beside the PDF's, in
the scan's language first, and a file PowerPoint opens."""

import pytest
from django.urls import reverse
from pptx import Presentation as OpenPptx

from scoring import completion
from tests import factories

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


def test_the_consultant_downloads_the_deck_from_the_results_page(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer_items(scan, area="purpose", value=3)
    completion.complete(scan)
    log_in(page, live_server.url)
    page.goto(live_server.url + reverse("scoring:results", args=[scan.pk]))
    group = page.get_by_role("group", name="Download de presentatie (PowerPoint)")
    links = group.get_by_role("link")
    assert links.all_inner_texts() == ["Presentatie (PowerPoint) · Nederlands", "English"]
    with page.expect_download() as started:
        links.first.click()
    download = started.value
    assert download.suggested_filename == "cx-maturity-bakkerij-de-korf-nulmeting-nl.pptx"
    deck = OpenPptx(str(download.path()))
    assert deck.slides[1].shapes.title.text == "Samenvatting"
