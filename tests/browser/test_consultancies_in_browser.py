"""Consultancies in the browser: a member of another consultancy gets 404s on our client's pages;
an owner invites a member on the members page, and the invitee joins through the link."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from consultancies.models import Invitation
from tests import factories

from .test_html_valid import vnu_errors
from .test_scan_in_browser import SUBMIT, log_in, make_scan


def serious(page) -> list[str]:
    return [
        f"{violation['id']}: {node['target']}"
        for violation in Axe().run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("role", ["owner", "consultant"])
def test_a_member_of_another_consultancy_gets_404s(app, page, role):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer(scan, "purpose-01", 3)
    elders = factories.consultancy("Elders Advies")
    factories.member("olga", consultancy=elders, role=role, is_staff=True)
    log_in(page, live_server.url, "olga")

    dashboard = page.content()
    assert "Bakkerij De Korf" not in dashboard
    for path in [
        reverse("checklists:organisation", args=[scan.organisation.pk]),
        reverse("checklists:organisation_edit", args=[scan.organisation.pk]),
        reverse("checklists:scan_area", args=[scan.pk, "purpose"]),
        reverse("scoring:results", args=[scan.pk]),
        reverse("scoring:export_json", args=[scan.pk]),
        reverse("reports:export_csv", args=[scan.pk]),
        reverse("workshops:start", args=[scan.pk]),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        assert "Bakkerij" not in page.content()


def test_an_owner_invites_a_member_who_joins(app, page, browser, tmp_path):
    live_server, _alice = app
    base = live_server.url
    factories.owner("olivia")
    log_in(page, base, "olivia")
    page.click(f"header a[href='{reverse('consultancies:members')}']")
    names = [" ".join(t.split()) for t in page.locator("#members tbody th").all_inner_texts()]
    assert names == ["alice", "olivia jij"]
    assert serious(page) == []
    page.fill("#id_email", "nina@example.com")
    page.select_option("#id_role", "consultant")
    page.click("#main form[action$='/members/'] button[type=submit]")
    page.wait_for_url(f"{base}{reverse('consultancies:members')}")
    assert "nina@example.com" in page.locator("#invitations").inner_text()
    pages = {"members": page.content()}

    link = f"{base}{reverse('consultancies:invitation', args=[Invitation.objects.get().token])}"
    invitee = browser.new_context(locale="nl-NL").new_page()
    invitee.goto(link)
    assert "Kompas CX Advies" in invitee.locator("h1").inner_text()
    assert serious(invitee) == []
    pages["invitation"] = invitee.content()
    invitee.fill("#id_username", "nina")
    invitee.fill("#id_password1", "a-long-new-password")
    invitee.fill("#id_password2", "a-long-new-password")
    invitee.click(SUBMIT)
    invitee.wait_for_url(f"{base}/")
    assert "Welkom bij Kompas CX Advies." in invitee.content()
    assert "nina" in invitee.locator("header").inner_text()
    assert vnu_errors(pages, tmp_path) == []
