"""The one prologue of every page about a scan (`checklists.scan_pages.scan_view`): a visitor who
is not logged in is sent to log in, another consultant's scan is a 404 before the view runs, and
the view runs in the page language (the reader's choice, else the scan's own) or in the language
the view asks for."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from checklists.scan_pages import own_language, scan_view

pytestmark = pytest.mark.django_db


def answer_with_language(request, scan, *args, **kwargs):
    """What the view saw: the scan it was given, the active language, the other arguments."""
    return HttpResponse(f"{scan.pk} {translation.get_language()} {args} {sorted(kwargs)}")


def get(user, path="/scans/1/", cookie=None):
    request = RequestFactory().get(path)
    request.user = user
    if cookie:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    return request


def test_anonymous_visitor_is_sent_to_log_in_and_the_view_does_not_run(scan):
    view = scan_view()(answer_with_language)
    response = view(get(AnonymousUser(), f"/scans/{scan.pk}/x/?a=1"), pk=scan.pk)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/scans/{scan.pk}/x/%3Fa%3D1"


def test_anonymous_visitor_gets_the_answer_the_view_names_instead(scan):
    view = scan_view(logged_out=lambda request: HttpResponse("log in", status=401))(
        answer_with_language
    )
    response = view(get(AnonymousUser()), pk=scan.pk)
    assert (response.status_code, response.content) == (401, b"log in")


def test_another_consultants_scan_is_404_and_the_view_does_not_run(scan, outsider):
    ran = []
    view = scan_view()(lambda request, scan: ran.append(scan))
    with pytest.raises(Http404):
        view(get(outsider), pk=scan.pk)
    assert ran == []


def test_an_unknown_scan_is_404(consultant):
    with pytest.raises(Http404):
        scan_view()(answer_with_language)(get(consultant), pk=999999)


def test_view_gets_the_scan_and_its_other_arguments_in_the_scans_language(scan, consultant):
    assert scan.language == "nl"
    view = scan_view()(answer_with_language)
    response = view(get(consultant), scan.pk, "purpose", item="purpose-01")
    assert response.content.decode() == f"{scan.pk} nl ('purpose',) ['item']"


def test_the_language_cookie_is_honoured_for_the_whole_view_and_then_left(scan, consultant):
    view = scan_view()(answer_with_language)
    with translation.override("nl"):
        response = view(get(consultant, cookie="en"), pk=scan.pk)
        assert translation.get_language() == "nl"
    assert response.content.decode().startswith(f"{scan.pk} en ")


def test_an_unknown_language_cookie_falls_back_to_the_scans_language(scan, consultant):
    response = scan_view()(answer_with_language)(get(consultant, cookie="de"), pk=scan.pk)
    assert response.content.decode().startswith(f"{scan.pk} nl ")


def test_a_view_may_run_in_the_scans_own_language_whatever_the_cookie(scan, consultant):
    view = scan_view(language=own_language)(answer_with_language)
    response = view(get(consultant, cookie="en"), pk=scan.pk)
    assert response.content.decode().startswith(f"{scan.pk} nl ")


def test_staff_and_colleagues_get_in(scan, colleague, admin_user):
    view = scan_view()(answer_with_language)
    for user in (colleague, admin_user):
        assert view(get(user), pk=scan.pk).status_code == 200


def test_the_report_page_is_in_the_reports_language(client, consultant, completed_scan):
    """The report's own view says which language it runs in: the one asked for with
    ?language=, so the page that waits for an English report is in English."""
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    url = reverse("reports:report", args=[completed_scan.pk])
    page = client.get(f"{url}?language=en")
    assert page.status_code == 202
    assert "The report is being prepared" in page.text
    assert "Het rapport wordt voorbereid" in client.get(f"{url}?language=nl").text
