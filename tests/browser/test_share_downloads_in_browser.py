"""The consultant ticks which downloads a share link offers; the client manager, in a browser
without an account, gets exactly those buttons and the deck they allow."""

import pytest
from django.urls import reverse
from docx import Document
from pptx import Presentation

from reports.models import ShareLink

from .axe import serious_violations
from .test_scan_in_browser import log_in
from .test_share_in_browser import shared_scan

pytestmark = pytest.mark.browser


def test_the_consultant_chooses_the_deck_and_the_client_downloads_it(app, page, browser):
    live_server, alice = app
    scan, _link = shared_scan(alice)
    log_in(page, live_server.url)
    page.goto(live_server.url + reverse("scoring:results", args=[scan.pk]))
    page.get_by_role("checkbox", name="Rapport (PDF) met de bijlage met antwoorden").uncheck()
    page.get_by_role("checkbox", name="Presentatie (PowerPoint)").check()
    page.get_by_role("checkbox", name="Word-document (DOCX)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Deellink maken").click()
    made = ShareLink.objects.exclude(pk=_link.pk).get()
    assert made.downloads == ["summary_pdf", "deck", "document"]
    address = page.locator(f"#share-{made.pk}").input_value()
    assert not serious_violations(page)  # the panel with its choices and the list of links

    client = browser.new_context(locale="nl-NL").new_page()  # no account, no session
    assert client.goto(address).status == 200
    assert not serious_violations(client)
    assert client.get_by_role("link", name="Rapport (PDF) · Nederlands").count() == 0
    assert client.get_by_role("link", name="Alleen samenvatting · Nederlands").count() == 1
    with client.expect_download() as started:
        client.get_by_role("link", name="Presentatie (PowerPoint) · Nederlands").click()
    assert started.value.suggested_filename.endswith("-nl.pptx")
    assert len(Presentation(str(started.value.path())).slides) > 3
    with client.expect_download() as started:
        client.get_by_role(
            "group", name="Download het rapport als Word-document (DOCX)"
        ).get_by_role("link", name="English").click()
    assert started.value.suggested_filename.endswith("-en.docx")
    assert Document(str(started.value.path())).paragraphs
