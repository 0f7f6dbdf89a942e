"""The client manager's share link in a fresh browser, without an account: the language switch
works both ways on every shared page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from checklists.models import Answer, Item
from reports.models import ShareLink
from scoring import completion

from .test_scan_in_browser import make_scan

pytestmark = pytest.mark.browser


def shared_scan(alice, language="nl"):
    """A completed scan (committed: the tests' immediate tasks render its reports) and a link."""
    scan = make_scan(alice, language=language)
    items = Item.objects.active()[:8]
    for value, item in enumerate(items):
        Answer.objects.create(scan=scan, item=item, value=value % 5)
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
    scan.stored_reports.update(rendered_version=0, queued_at=timezone.now())
    url = live_server.url + reverse("reports:shared_report", args=[link.token]) + "?language=nl"
    assert page.goto(url).status == 202

    assert switch_language(page, "English").status == 202
    assert page.locator("html").get_attribute("lang") == "en"
    assert switch_language(page, "Nederlands").status == 202
    assert page.locator("html").get_attribute("lang") == "nl"
