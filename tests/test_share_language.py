"""A client manager on a share link switches language; a refused form never offers an anonymous
visitor a dashboard; the link's address never leaves the site in a Referer."""

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import ShareLink
from tests.helpers import elements

pytestmark = pytest.mark.django_db


def buttons(response) -> set[str]:
    """Where the page's main content offers to go (its links that look like buttons)."""
    main = response.text.split('<main id="main"', 1)[1]
    return {a["href"] for a in elements(main, "a") if "btn" in (a.get("class") or "").split()}


@pytest.fixture
def link(consultant, completed_scan):
    return ShareLink.objects.create(scan=completed_scan, created_by=consultant)


def test_shared_pages_keep_their_address_on_the_site(client, link):
    """`same-origin`: the browser sends the page's own forms their Origin (no-referrer made it
    `null`, and the CSRF check refused the language switch), and other sites get no Referer."""
    response = client.get(reverse("reports:shared_results", args=[link.token]))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_language_switch_posts_from_the_shared_page_pass_the_csrf_check(link):
    client = Client(enforce_csrf_checks=True)
    url = reverse("reports:shared_results", args=[link.token])
    page = client.get(url, headers={"host": "testserver"})
    token = elements(page.text, "input", name="csrfmiddlewaretoken")[0]["value"]
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": token},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 302 and response["Location"] == url
    english = client.get(url)
    assert '<html lang="en">' in english.text and "Results" in english.text


def test_refused_form_offers_an_anonymous_visitor_the_way_back_not_a_dashboard(link):
    client = Client(enforce_csrf_checks=True)
    shared = "http://testserver" + reverse("reports:shared_results", args=[link.token])
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": "/"},
        headers={"origin": "null", "referer": shared, "accept-language": "en"},
    )
    assert response.status_code == 403
    assert "This page is out of date, so nothing was saved." in response.text
    assert buttons(response) == {
        shared
    }  # no dashboard (nor the consultants' wording about logging in)
    assert "logging in" not in response.text


def test_refused_form_never_links_back_to_another_site(client):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("set_language"),
        {"language": "en"},
        headers={"referer": "https://evil.example/page", "accept-language": "en"},
    )
    assert response.status_code == 403
    assert "evil.example" not in response.text
    assert buttons(response) == set()


def test_refused_form_still_offers_a_consultant_the_dashboard(consultant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert buttons(response) == {reverse("home")}
