"""The consultant chooses per share link which downloads its client manager gets: the full PDF
(with the answer appendix), the summary-only PDF, the deck and the Word document. The shared
page offers exactly those, and every other download answers 404, as a revoked, expired or
tampered link does. The deck and the document show no more than the link's client view."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pptx import Presentation

from audit.models import AuditEvent
from checklists.models import Answer, EvidenceFile, Item
from cxscan import ratelimit
from reports.models import ShareLink
from scoring import completion
from tests import factories
from tests.helpers import pdfs_not_drawn

pytestmark = pytest.mark.django_db

TYPED = "Notulen van de directie, maart"
ADDRESS = "https://intranet.example.com/minutes"
FILE = "Directienotulen-maart.pdf"
NOTE = "Marketing ziet meer dan IT"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALL = {"full_pdf": True, "summary_pdf": True, "deck": True, "document": True}


@pytest.fixture
def shared_scan(scan):
    """A completed scan whose answer has a note, low confidence, typed evidence, a link and a
    file, and an action."""
    answer = factories.answer(
        scan,
        Item.objects.get(code="purpose-01"),
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
    scan.actions.create(title="Klantreis in kaart", impact=4, effort=2)
    completion.complete(scan)
    return scan


def link_of(scan, **choices) -> ShareLink:
    return ShareLink.objects.create(scan=scan, created_by=scan.created_by, **choices)


def create_link(client, scan, data):
    return client.post(reverse("reports:share_link_create", args=[scan.pk]), data, follow=True)


def url(name: str, link: ShareLink, query: str = "") -> str:
    return reverse(f"reports:{name}", args=[link.token]) + query


def deck_text(content: bytes) -> str:
    """Every text of the deck: its shapes, tables and speaker notes."""
    texts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def document_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


# The consultant's choice


def test_a_new_link_offers_both_pdfs_and_neither_deck_nor_document(client, consultant, shared_scan):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[shared_scan.pk])).text
    assert 'name="full_pdf" value="on" id="share-full-pdf" checked' in page
    assert 'name="summary_pdf" value="on" id="share-summary-pdf" checked' in page
    assert 'name="deck" value="on" id="share-deck">' in page
    assert 'name="document" value="on" id="share-document">' in page
    assert "Kies er geen om alleen de resultatenpagina te delen" in page  # the help text
    # The panel's own defaults, as a browser posts them untouched.
    data = {"evidence": "none", "downloads_chosen": "1", "full_pdf": "on", "summary_pdf": "on"}
    create_link(client, shared_scan, data)
    link = shared_scan.share_links.get()
    assert (link.full_pdf, link.summary_pdf, link.deck, link.document) == (True, True, False, False)


def test_a_post_without_the_download_choice_gets_the_defaults(client, consultant, shared_scan):
    client.force_login(consultant)
    create_link(client, shared_scan, {"evidence": "none"})
    link = shared_scan.share_links.get()
    assert link.downloads == ["full_pdf", "summary_pdf"]


def test_the_chosen_downloads_are_saved_listed_and_audited(client, consultant, shared_scan):
    client.force_login(consultant)
    data = {"downloads_chosen": "1", "summary_pdf": "on", "deck": "on"}
    page = create_link(client, shared_scan, data).text
    link = shared_scan.share_links.get()
    assert (link.full_pdf, link.summary_pdf, link.deck, link.document) == (False, True, True, False)
    assert "downloads: samenvatting-PDF, presentatie" in " ".join(
        re.sub("<[^>]+>", "", page).split()
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_LINK_CREATED)
    assert event.details["downloads"] == ["summary_pdf", "deck"]


def test_no_download_at_all_shares_the_results_page_only(client, consultant, shared_scan):
    client.force_login(consultant)
    page = create_link(client, shared_scan, {"downloads_chosen": "1"}).text
    link = shared_scan.share_links.get()
    assert link.downloads == []
    assert "geen downloads" in page
    client.logout()
    shared = client.get(url("shared_results", link))
    assert shared.status_code == 200
    for address in ("report.pdf", "deck.pptx", "document.docx"):
        assert address not in shared.text
    for name, query in [
        ("shared_report", ""),
        ("shared_report", "?appendix=0"),
        ("shared_report_status", ""),
        ("shared_report_status", "?appendix=0"),
        ("shared_deck", ""),
        ("shared_document", ""),
    ]:
        assert client.get(url(name, link, query)).status_code == 404, (name, query)


# What the shared page offers, and what the views allow


def test_a_links_addresses_are_the_same_a_second_later(shared_scan):
    """Signing stamps the time: built twice across a second, a link's addresses still match
    (the page's download links and the address it was opened with are one token)."""
    link = link_of(shared_scan, **ALL)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = url("shared_results", link)
        clock.shift(timedelta(seconds=2))
        assert url("shared_results", link) == first


def test_the_shared_page_offers_exactly_what_the_link_allows_in_both_languages(client, shared_scan):
    link = link_of(shared_scan, full_pdf=False, summary_pdf=True, deck=True, document=False)
    page = client.get(url("shared_results", link)).text
    for language in ("nl", "en"):
        assert f"{url('shared_report', link)}?language={language}&amp;appendix=0" in page
        assert f"{url('shared_deck', link)}?language={language}" in page
    assert f'{url("shared_report", link)}?language=nl"' not in page  # no full PDF
    assert "document.docx" not in page
    assert "Presentatie (PowerPoint)" in page


def test_each_allowed_download_is_sent_with_its_content_type(
    client, shared_scan, django_capture_on_commit_callbacks
):
    link = link_of(shared_scan, **ALL)
    with pdfs_not_drawn():
        # A client's variant is rendered when first asked for: the page waits (202), the worker
        # renders it from the task that request queued, then the download is the PDF.
        for query in ("?language=en", "?language=en&appendix=0"):
            with django_capture_on_commit_callbacks() as queued:
                assert client.get(url("shared_report", link, query)).status_code == 202
            assert client.get(url("shared_report_status", link, query)).status_code == 200
            for callback in queued:
                callback()
            response = client.get(url("shared_report", link, query))
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    deck = client.get(url("shared_deck", link))
    assert deck.status_code == 200 and deck["Content-Type"] == PPTX
    assert deck["Content-Disposition"].endswith('-nl.pptx"')  # the scan's language
    document = client.get(url("shared_document", link, "?language=en"))
    assert document.status_code == 200 and document["Content-Type"] == DOCX
    assert document["Content-Disposition"].endswith('-en.docx"')
    assert "Improvement plan" in document_text(document.content)
    assert document["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize(
    ("name", "query", "refused"),
    [
        ("shared_report", "", "full_pdf"),
        ("shared_report_status", "", "full_pdf"),
        ("shared_report", "?appendix=0", "summary_pdf"),
        ("shared_report_status", "?appendix=0", "summary_pdf"),
        ("shared_deck", "", "deck"),
        ("shared_document", "", "document"),
    ],
)
def test_a_download_the_link_does_not_offer_is_404(client, shared_scan, name, query, refused):
    link = link_of(shared_scan, **{**ALL, refused: False})
    assert client.get(url(name, link, query)).status_code == 404
    assert client.head(url(name, link, query)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).exists()


@pytest.mark.parametrize("name", ["shared_deck", "shared_document"])
def test_revoked_expired_and_tampered_links_are_404(client, shared_scan, name):
    revoked = link_of(shared_scan, **ALL, revoked_at=timezone.now())
    expired = link_of(shared_scan, **ALL, expires_at=timezone.now() - timedelta(seconds=1))
    good = link_of(shared_scan, **ALL)
    assert client.get(url(name, revoked)).status_code == 404
    assert client.get(url(name, expired)).status_code == 404
    tampered = reverse(f"reports:{name}", args=[good.token[:-2] + "xy"])
    assert client.get(tampered).status_code == 404
    assert client.get(url(name, good)).status_code == 200


# What the deck and the document show of notes and evidence


def test_a_link_without_notes_or_evidence_gets_neither_in_the_deck_or_the_document(
    client, shared_scan
):
    link = link_of(shared_scan, **ALL)  # notes and evidence hidden, as by default
    deck = deck_text(client.get(url("shared_deck", link)).content)
    document = document_text(client.get(url("shared_document", link)).content)
    for hidden in (NOTE, TYPED, ADDRESS, FILE):
        assert hidden not in deck
        assert hidden not in document
    # The consultant's own document has them: the check above can see them.
    client.force_login(shared_scan.created_by)
    own = client.get(reverse("reports:report_document", args=[shared_scan.pk]))
    for shown in (NOTE, TYPED, ADDRESS, FILE):
        assert shown in document_text(own.content)


def test_a_link_with_notes_and_file_names_gets_those_and_never_typed_evidence(client, shared_scan):
    link = link_of(shared_scan, **ALL, notes=True, evidence=ShareLink.Evidence.NAMES)
    document = document_text(client.get(url("shared_document", link)).content)
    assert NOTE in document and FILE in document
    assert "Beantwoord met lage zekerheid" in document
    assert TYPED not in document and ADDRESS not in document


def test_the_deck_and_document_show_the_last_completion_not_a_reopened_scans_answers(
    client, shared_scan
):
    link = link_of(shared_scan, **ALL, notes=True)
    shared_scan.actions.create(title="Nieuw na heropenen", impact=3, effort=3)
    completion.reopen(shared_scan)
    Answer.objects.filter(scan=shared_scan, item__code="purpose-01").update(
        value=4, note="Later getypt"
    )
    document = document_text(client.get(url("shared_document", link)).content)
    assert NOTE in document and "Later getypt" not in document


# Audit and rate limit


@pytest.mark.parametrize(("name", "kind"), [("shared_deck", "pptx"), ("shared_document", "docx")])
def test_a_download_is_audited_with_the_link_standing_for_the_client(
    client, shared_scan, name, kind
):
    link = link_of(shared_scan, **ALL)
    client.head(url(name, link))  # a HEAD sends nothing: nothing recorded
    client.get(url(name, link, "?language=en"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.actor is None and event.actor_label == f"share link {link.pk}"
    assert event.details == {
        "format": kind,
        "language": "en",
        "draft": False,
        "share_link": link.pk,
    }


def test_one_document_at_a_time_per_link(client, shared_scan):
    link = link_of(shared_scan, **ALL)
    other = link_of(shared_scan, **ALL)
    with ratelimit.exclusive(f"reports:document:link:{link.pk}", 60):
        busy = client.get(url("shared_document", link))
        assert client.get(url("shared_document", other)).status_code == 200
    assert busy.status_code == 429 and busy["Retry-After"] == "5"
    assert client.get(url("shared_document", link)).status_code == 200


# The migration


@pytest.mark.django_db(transaction=True)
def test_links_made_before_the_choice_keep_their_pdf_downloads(consultant, organisation):
    scan = factories.scan(organisation, created_by=consultant)
    executor = MigrationExecutor(connection)
    before = [("reports", "0004_storedreport_variant")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("reports", "ShareLink").objects.create(scan_id=scan.pk, key="k" * 22)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    link = ShareLink.objects.get()
    assert (link.full_pdf, link.summary_pdf, link.deck, link.document) == (True, True, False, False)
    assert link.allows_pdf(appendix=True) and link.allows_pdf(appendix=False)
