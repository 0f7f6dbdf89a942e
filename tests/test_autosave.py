"""Autosave: one field at a time, as htmx posts it, with the CSRF token in a header."""

import pytest
from django.test import Client

from checklists.models import Scan
from tests.helpers import answers, area_url, autosave_url

pytestmark = pytest.mark.django_db


def test_autosave_saves_a_value_and_starts_the_scan(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 200
    assert "Opgeslagen" in response.text  # in the scan's language, Dutch
    # The area's progress comes along, swapped out of band; no other area's (nothing changed).
    assert '<span id="step-purpose" class="step-count small" data-hx-swap-oob="true">1 van' in (
        response.text
    )
    assert 'id="step-journey"' not in response.text
    assert answers(scan) == {"purpose-01": ("3", "")}
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS
    assert scan.answers.get().answered_by == consultant


def test_autosave_of_a_note_keeps_the_value_and_vice_versa(client, consultant, scan):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "2"})
    client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": "Alleen op papier"})
    assert answers(scan) == {"purpose-01": ("2", "Alleen op papier")}
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "na"})
    assert answers(scan) == {"purpose-01": ("na", "Alleen op papier")}


def test_a_note_without_a_value_is_kept_and_counts_as_unanswered(client, consultant, scan):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": "Nog bespreken"})
    answer = scan.answers.get()
    assert answer.note == "Nog bespreken" and not scan.answers.answered().exists()


def test_a_full_note_with_line_breaks_fits(client, consultant, scan):
    client.force_login(consultant)
    note = ("x" * 99 + "\r\n") * 20  # 2000 characters as the browser counts them
    response = client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": note})
    assert response.status_code == 200
    assert scan.answers.get().note == note.replace("\r\n", "\n")


def test_two_tabs_answering_different_items_keep_both(client, consultant, colleague, scan):
    other = Client()
    other.force_login(colleague)
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"})
    other.post(autosave_url(scan, "purpose-02"), {"value-purpose-02": "1"})
    assert answers(scan) == {"purpose-01": ("4", ""), "purpose-02": ("1", "")}


def test_autosave_without_csrf_token_is_refused(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 403
    assert not scan.answers.exists()


def test_autosave_accepts_the_csrf_header_htmx_sends(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    page = client.get(area_url(scan))
    token = page.text.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(
        autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 200
    assert answers(scan) == {"purpose-01": ("3", "")}


def test_csrf_failure_is_explained_in_words(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    htmx = client.post(
        autosave_url(scan, "purpose-01"),
        {"value-purpose-01": "3"},
        headers={"hx-request": "true", "accept-language": "en"},
    )
    assert htmx.status_code == 403 and htmx["Content-Type"].startswith("text/plain")
    assert htmx.text.startswith("This page is out of date")
    page = client.post(area_url(scan), {"value-purpose-01": "3"}, headers={"accept-language": "en"})
    assert page.status_code == 403 and "Reload the page and try again." in page.text
    assert not scan.answers.exists()
