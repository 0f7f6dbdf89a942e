"""The client manager's share link in a fresh browser, without an account: the language switch
works both ways on every shared page, and the shared page fits a phone (320-430 px) with its
charts' labels whole, its tables scrolling inside labelled regions, and no axe violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from checklists.models import Answer, EvidenceFile, Item
from reports.models import ShareLink
from scoring import completion
from tests import factories

from .test_scan_in_browser import make_scan

pytestmark = pytest.mark.browser


def shared_scan(alice, language="nl"):
    """A completed scan and a link to it."""
    scan = make_scan(alice, language=language)
    items = Item.objects.active()[:8]
    factories.answer_items(scan, {item.code: value % 5 for value, item in enumerate(items)})
    completion.complete(scan)
    return scan, ShareLink.objects.create(scan=scan, created_by=alice)


def switch_language(page, name):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name).click()
    return navigation.value


@pytest.mark.parametrize(
    ("scan_language", "first", "second"),
    [
        ("nl", ("English", "en", "Results"), ("Nederlands", "nl", "Resultaten")),
        ("en", ("Nederlands", "nl", "Resultaten"), ("English", "en", "Results")),
    ],
)
def test_the_language_switch_works_on_the_shared_page_without_an_account(
    app, page, scan_language, first, second
):
    live_server, alice = app
    _scan, link = shared_scan(alice, scan_language)
    url = live_server.url + reverse("reports:shared_results", args=[link.token])
    assert page.goto(url).status == 200

    for name, language, heading in (first, second):
        response = switch_language(page, name)
        assert response.status == 200, page.content()
        assert page.url == url
        assert page.locator("html").get_attribute("lang") == language
        assert page.get_by_role("heading", level=1).inner_text().startswith(heading)


def test_the_language_switch_works_on_the_shared_report_page(app, page):
    """The page a shared download shows while the report is prepared is a shared page too."""
    live_server, alice = app
    scan, link = shared_scan(alice)
    # Not ready, and queued a moment ago: the waiting page answers, and its polls queue nothing.
    # The link's own report (its client's variant) waits too.
    for language in ("nl", "en"):
        scan.stored_reports.create(
            language=language, variant=link.view.variant, completed_at=scan.completed_at
        )
    scan.stored_reports.update(rendered_version=0, queued_at=timezone.now())
    url = live_server.url + reverse("reports:shared_report", args=[link.token]) + "?language=nl"
    assert page.goto(url).status == 202

    assert switch_language(page, "English").status == 202
    assert page.locator("html").get_attribute("lang") == "en"
    assert switch_language(page, "Nederlands").status == 202
    assert page.locator("html").get_attribute("lang") == "nl"


def busy_shared_scan(alice):
    """A completed scan as a client sees it after a real engagement: half the statements
    answered, with evidence files, long action titles and owners; a link that shows the
    evidence's file names and the notes."""
    scan = make_scan(alice)
    for number, item in enumerate(Item.objects.active()[:60]):
        answer = Answer.objects.create(
            scan=scan, item=item, value=number % 5, note="Besproken met het operationele team"
        )
        if number % 7 == 0:
            EvidenceFile.objects.create(
                answer=answer,
                file=ContentFile(b"%PDF-1.4", name="evidence.pdf"),
                name=f"Klantreis-workshopverslag-operationele-teams-{number}.pdf",
                size=8,
                content_type="application/pdf",
            )
    for number in range(7):
        scan.actions.create(
            title=f"Klantreis in kaart brengen met de operationele teams ({number + 1})",
            impact=5 - number % 5,
            effort=1 + number % 5,
            owner="Operations manager klantenservice",
        )
    completion.complete(scan)
    link = ShareLink.objects.create(scan=scan, created_by=alice, evidence="names", notes=True)
    return scan, link


CUT_LABELS = """() => [...document.querySelectorAll('.radar')].flatMap(chart => {
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('.angularaxistick text, .legendtext')]
        .filter(text => {
            const own = text.getBoundingClientRect();
            return own.left < box.left - 0.5 || own.right > box.right + 0.5;
        })
        .map(text => text.textContent);
})"""

SCROLLERS = """() => [...document.querySelectorAll('main *')]
    .filter(element => element.scrollWidth > element.clientWidth + 1
        && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
    .map(element => ({
        focusable: element.tabIndex >= 0,
        label: element.getAttribute('aria-label') || '',
        role: element.getAttribute('role') || '',
    }))"""


TABLE_REGIONS = """() => [...document.querySelectorAll('main table')]
    .map(table => table.parentElement)
    .map(element => ({
        focusable: element.tabIndex >= 0,
        label: element.getAttribute('aria-label') || '',
        role: element.getAttribute('role') || '',
    }))"""


@pytest.mark.parametrize("width", [320, 390, 430])
def test_the_shared_page_fits_a_phone(app, page, width):
    live_server, alice = app
    _scan, link = busy_shared_scan(alice)
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("reports:shared_results", args=[link.token]))
    page.wait_for_function("document.querySelectorAll('.radar .angularaxistick text').length")
    page.evaluate("document.fonts.ready")

    for language in ("nl", "en"):
        if language == "en":
            switch_language(page, "English")
            page.wait_for_function("document.querySelectorAll('.radar .angularaxistick').length")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(CUT_LABELS) == []
        # What is wider than the phone (a table, when its words do not wrap) scrolls inside a
        # focusable region named after it; so could every table.
        for scroller in page.evaluate(SCROLLERS) + page.evaluate(TABLE_REGIONS):
            assert scroller["focusable"] and scroller["role"] == "region", scroller
            assert scroller["label"].startswith({"nl": "Tabel: ", "en": "Table: "}[language])


def test_the_shared_page_on_a_phone_has_no_axe_violation(app, page):
    live_server, alice = app
    _scan, link = busy_shared_scan(alice)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("reports:shared_results", args=[link.token]))
    page.wait_for_function("document.querySelectorAll('.radar .angularaxistick text').length")
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
    assert results.response["violations"] == [], results.generate_report()
