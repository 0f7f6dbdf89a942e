"""Each answer's history: who changed it, when, old → new, written with the save and shown to
the consultant in the statement's panel beside the answer (never on a shared page)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from checklists.models import Answer, AnswerChange
from reports.models import ShareLink
from tests import factories
from tests.helpers import area_url, autosave_url, page_data
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def history(scan, code="purpose-01"):
    return [
        (c.username, c.old_choice, c.new_choice, c.old_note, c.new_note)
        for c in AnswerChange.objects.filter(answer__scan=scan, answer__item__code=code)
    ]


def evidence_url(scan, code="purpose-01"):
    return reverse("checklists:evidence", args=[scan.pk, code])


def panel(client, scan, code="purpose-01"):
    return client.get(
        reverse("checklists:evidence", args=[scan.pk, code]), headers={"HX-Request": "true"}
    )


def test_each_autosave_by_another_person_or_later_is_a_change(client, consultant, colleague, scan):
    client.force_login(consultant)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "2"})
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
        client.force_login(colleague)
        client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "na"})
    assert history(scan) == [  # newest first
        ("bob", "3", "na", "", ""),
        ("alice", "2", "3", "", ""),
        ("alice", "", "2", "", ""),
    ]
    change = AnswerChange.objects.filter(user=colleague).get()
    assert change.at == start + timedelta(minutes=10)


def test_a_note_typed_in_one_go_is_one_change(client, consultant, scan):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "1"})
    for typed in ("Alleen", "Alleen op", "Alleen op papier"):
        client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": typed})
    assert history(scan) == [("alice", "", "1", "", "Alleen op papier")]


def test_saves_up_to_two_minutes_apart_are_one_change_and_later_ones_are_not(
    client, consultant, scan
):
    """The merge's window, to the second (the database compares the times, whole seconds
    included: a stored time without a fraction sorts before one with)."""
    client.force_login(consultant)
    start = timezone.now().replace(microsecond=0)
    steps = [(0, "1"), (AnswerChange.MERGE_SECONDS, "2"), (2 * AnswerChange.MERGE_SECONDS + 1, "3")]
    for seconds, value in steps:
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": value})
    assert history(scan) == [("alice", "2", "3", "", ""), ("alice", "", "2", "", "")]
    latest, merged = AnswerChange.objects.all()
    assert merged.at == start + timedelta(seconds=AnswerChange.MERGE_SECONDS)
    assert latest.at == start + timedelta(seconds=2 * AnswerChange.MERGE_SECONDS + 1)


def test_a_change_undone_at_once_leaves_no_change(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2)
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"})
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "2"})
    assert history(scan) == []


def test_saving_the_same_answer_again_records_nothing(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2, note="Zo")
    client.force_login(consultant)
    client.post(
        autosave_url(scan, "purpose-01"), {"value-purpose-01": "2", "note-purpose-01": "Zo"}
    )
    assert history(scan) == []


def test_a_refused_save_records_nothing(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "7"})
    assert response.status_code == 400
    assert not AnswerChange.objects.exists()


def test_the_page_form_records_its_changes(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(area_url(scan), page_data(scan, **{"value-purpose-02": "3"}))
    assert response.status_code == 302
    assert history(scan, "purpose-02") == [("alice", "", "3", "", "")]


def test_the_workshop_consensus_records_a_change(consultant_client, scan, consultant):
    workshop = factories.workshop(
        scan, created_by=consultant, areas=["purpose"], pace=Workshop.Pace.SELF
    )
    consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-02", "choice": "na", "reason": "Geen winkels"},
    )
    assert history(scan, "purpose-02") == [("alice", "", "na", "", "Geen winkels")]


def test_the_panel_beside_the_answer_shows_old_and_new(alice, consultant, scan):
    scan.language = "en"
    scan.save()
    alice.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "1"})
    AnswerChange.objects.update(at=timezone.now() - timedelta(hours=1))
    alice.post(
        autosave_url(scan, "purpose-01"), {"value-purpose-01": "3", "note-purpose-01": "Beleid"}
    )
    response = panel(alice, scan)
    assert response.status_code == 200
    text = response.text
    assert "History of this answer" in text
    assert "1 Occasional → 3 Largely in place" in text
    assert "– → 1 Occasional" in text
    assert "Note: – → Beleid" in text
    assert text.count("alice") == 2


def test_evidence_and_confidence_changes_are_in_the_history(alice, scan):
    factories.answer(scan, "purpose-01", 2, note="Zo")
    scan.language = "en"
    scan.save()
    response = alice.post(
        evidence_url(scan),
        {"confidence": "low", "evidence": "Intranet", "evidence_link": "https://example.com/a"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    change = AnswerChange.objects.get()
    assert (change.old_choice, change.new_choice, change.old_note, change.new_note) == (
        "2",
        "2",
        "Zo",
        "Zo",
    )
    assert (change.old_confidence, change.new_confidence) == ("", "low")
    assert (change.new_evidence, change.new_evidence_link) == ("Intranet", "https://example.com/a")
    text = panel(alice, scan).text
    assert "Confidence: – → Low" in text
    assert "Evidence: – → Intranet" in text
    assert "Link: – → https://example.com/a" in text
    assert "Answer:" not in text and "Note: " not in text  # unchanged: not listed


def test_refused_evidence_records_nothing(alice, scan):
    response = alice.post(
        evidence_url(scan), {"confidence": "sure"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert not AnswerChange.objects.exists()


def test_the_history_stays_when_the_account_goes(client, consultant, colleague, scan):
    client.force_login(colleague)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "2"})
    colleague.delete()
    change = AnswerChange.objects.get()
    assert (change.user, change.username) == (None, "bob")


def test_another_consultant_sees_no_history(client, outsider, consultant, scan):
    factories.answer(scan, "purpose-01", 2)
    client.force_login(outsider)
    assert panel(client, scan).status_code == 404


def test_the_shared_page_shows_no_history(client, consultant, scan):
    client.force_login(consultant)
    client.post(
        autosave_url(scan, "purpose-01"), {"value-purpose-01": "2", "note-purpose-01": "Geheim"}
    )
    assert Answer.objects.get().changes.count() == 1
    completed = factories.complete(scan)
    link = ShareLink.objects.create(scan=completed, created_by=consultant)
    client.logout()
    response = client.get(reverse("reports:shared_results", args=[link.token]))
    assert response.status_code == 200
    assert "History of this answer" not in response.text
    assert "Geschiedenis" not in response.text
