"""Past five actions: the save message says what the report does, and the report shows the five
in focus and every other action under "Later" (nothing typed disappears)."""

import pytest
from django.urls import reverse

from reports.report import render_report
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


def action_data(**changes):
    return {"title": "Actie", "impact": "3", "effort": "3", "status": "planned"} | changes


def test_saving_a_sixth_action_warns_and_says_where_the_report_puts_it(client, consultant, scan):
    client.force_login(consultant)
    url = reverse("plans:action_create", args=[scan.pk])
    for number in range(5):
        fifth = client.post(url, action_data(title=f"A{number}"), follow=True)
    assert "hoogstens vijf te kiezen" not in fifth.text
    sixth = client.post(url, action_data(title="A6"), follow=True)  # a Dutch scan
    assert "Verbeteractie toegevoegd." in sixth.text
    assert (
        "Het rapport zet de 5 met de meeste impact in focus en noemt de andere onder ‘Later’."
        in sixth.text
    )
    assert scan.actions.count() == 6


def test_the_report_lists_every_action_the_five_in_focus_first(scan):
    # The cheapest has the least impact: the old report left it out.
    for number, impact in enumerate([5, 5, 4, 4, 3]):
        scan.actions.create(title=f"Focus {number + 1}", impact=impact, effort=3)
    scan.actions.create(title="Goedkoop klantpanel", impact=1, effort=1, owner="Inge")
    scan.actions.create(title="Chatbot", impact=2, effort=5)
    text = " ".join(pdf_pages(render_report(scan, "en")))

    focus, later = text.split("In focus", 1)[1].split("Later", 1)
    for number in range(1, 6):
        assert f"Focus {number}" in focus
    assert "Goedkoop klantpanel" not in focus and "Chatbot" not in focus
    assert "6 Chatbot" in later and "7 Goedkoop klantpanel" in later and "Inge" in later
    assert "The 5 with the most impact are in focus; the others follow under “Later”." in text


def test_five_actions_or_fewer_need_no_later_list(scan):
    for number in range(5):
        scan.actions.create(title=f"Focus {number + 1}", impact=3, effort=3)
    text = " ".join(pdf_pages(render_report(scan, "en")))
    assert "Focus 5" in text and "Later" not in text and "In focus" not in text
