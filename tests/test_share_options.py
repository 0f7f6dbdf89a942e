"""The consultant decides per share link what the client sees: evidence (none, or file names
only) and the answers' notes. Typed evidence, evidence links and the consultant's advice on the
plan never reach the client's page."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from checklists.models import Answer, EvidenceFile, Item
from reports.models import ShareLink
from scoring import completion
from tests import factories

pytestmark = pytest.mark.django_db

TYPED = "Notulen van de directie, maart"
ADDRESS = "https://intranet.example.com/minutes"
FILE = "Directienotulen-maart.pdf"
NOTE = "Marketing ziet meer dan IT"
ADVICE = "minste impact te parkeren"


@pytest.fixture
def shared_scan(scan, consultant):
    """A completed scan with evidence, a workshop's consensus with a note, and six actions."""
    item = Item.objects.get(code="purpose-01")
    factories.workshop(
        scan, created_by=consultant, participants=["Anna", "Bram", "Cor"], votes={item: [0, 2, 4]}
    )
    answer = factories.answer(
        scan,
        item,
        2,
        note=NOTE,
        confidence=Answer.Confidence.LOW,
        evidence=TYPED,
        evidence_link=ADDRESS,
    )
    EvidenceFile.objects.create(
        answer=answer,
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        name=FILE,
        size=16,
        content_type="application/pdf",
    )
    for number in range(6):
        scan.actions.create(title=f"Actie {number + 1}", impact=3, effort=3)
    completion.complete(scan)
    return scan


def create_link(client, scan, data) -> object:
    return client.post(reverse("reports:share_link_create", args=[scan.pk]), data, follow=True)


def shared_page(client, link) -> str:
    client.logout()
    return client.get(reverse("reports:shared_results", args=[link.token])).text


def test_the_consultant_sees_everything_on_the_own_results_page(client, consultant, shared_scan):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[shared_scan.pk])).text
    for shown in (TYPED, ADDRESS, FILE, NOTE, ADVICE):
        assert shown in page


def test_a_link_shows_no_evidence_no_notes_and_no_advice_by_default(
    client, consultant, shared_scan
):
    client.force_login(consultant)
    create_link(client, shared_scan, {})
    link = shared_scan.share_links.get()
    assert (link.evidence, link.notes) == ("none", False)
    page = shared_page(client, link)
    assert "Actie 6" in page  # the plan itself is the client's
    for hidden in (TYPED, ADDRESS, FILE, NOTE, ADVICE, 'id="evidence"'):
        assert hidden not in page


def test_file_names_only_shows_the_names_never_typed_evidence_or_links(
    client, consultant, shared_scan
):
    client.force_login(consultant)
    create_link(client, shared_scan, {"evidence": "names"})
    link = shared_scan.share_links.get()
    assert link.evidence == "names"
    page = shared_page(client, link)
    assert FILE in page and "Beantwoord met lage zekerheid" in page
    for hidden in (TYPED, ADDRESS, NOTE, ADVICE, "purpose-01"):
        assert hidden not in page


def test_notes_are_shown_when_the_consultant_chose_so(client, consultant, shared_scan):
    client.force_login(consultant)
    create_link(client, shared_scan, {"evidence": "none", "notes": "on"})
    link = shared_scan.share_links.get()
    assert link.notes is True
    page = shared_page(client, link)
    assert NOTE in page
    for hidden in (TYPED, ADDRESS, FILE, ADVICE):
        assert hidden not in page


def test_the_share_panel_offers_the_choices_and_lists_them_per_link(
    client, consultant, shared_scan
):
    client.force_login(consultant)
    page = create_link(client, shared_scan, {"evidence": "names", "notes": "on"}).text
    assert 'name="evidence" value="none"' in page and 'name="evidence" value="names"' in page
    assert 'name="notes"' in page
    assert "onderbouwing: bestandsnamen · notities" in page


def test_an_unknown_choice_is_refused_with_a_message_and_creates_nothing(
    client, consultant, shared_scan
):
    client.force_login(consultant)
    response = create_link(client, shared_scan, {"evidence": "everything"})
    assert response.status_code == 200
    assert "Er is geen deellink gemaakt" in response.text
    assert not ShareLink.objects.exists()
