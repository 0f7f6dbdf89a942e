"""Evidence and confidence per answer: saving them, the files behind them (type from the content,
limits, quota, download, deletion from storage), who may reach them, and where they show: the
scan page's control, the results page, the PDF report, the JSON export and a follow-up scan."""

import io
import json
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from audit.models import AuditEvent
from checklists.evidence import clean_name
from checklists.models import Answer, EvidenceFile, Item, Organisation, Scan
from reports.report import render_report
from reports.stored import ready_pdf
from scoring import completion
from tests import factories
from workshops.models import Workshop

from . import evidence_files as files
from .conftest import RecordingHandler
from .helpers import area_url, elements, flat, pdf_pages, render_reports

pytestmark = pytest.mark.django_db

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}
HTMX = {"HTTP_HX_REQUEST": "true"}
CODE = "purpose-01"
SCRIPT = "<script>alert('x')</script>"


def evidence_url(scan, code=CODE):
    return reverse("checklists:evidence", args=[scan.pk, code])


def upload_url(scan, code=CODE):
    return reverse("checklists:evidence_upload", args=[scan.pk, code])


def file_url(scan, evidence):
    return reverse("checklists:evidence_file", args=[scan.pk, evidence.pk])


def delete_url(scan, evidence):
    return reverse("checklists:evidence_delete", args=[scan.pk, evidence.pk])


def upload(client, scan, name, content, code=CODE, content_type="application/octet-stream"):
    return client.post(
        upload_url(scan, code),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        **HTMX,
    )


def stored_names(scan) -> list[str]:
    """What the storage holds in the scan's evidence folder."""
    folder = f"evidence/{scan.pk}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def answer_of(scan, code=CODE) -> Answer | None:
    return Answer.objects.filter(scan=scan, item__code=code).first()


# Confidence, evidence text and link ----------------------------------------------------------


def test_saving_evidence_creates_the_answer_row_and_keeps_it_without_a_value(alice, scan):
    data = {
        "confidence": "low",
        "evidence": "Intranet page, seen 3 March.",
        "evidence_link": "https://intranet.example.com/purpose",
    }
    response = alice.post(evidence_url(scan), data, **HTMX)
    assert response.status_code == 200
    assert "Evidence saved." in response.text
    answer = answer_of(scan)
    assert (answer.confidence, answer.evidence, answer.evidence_link) == tuple(data.values())
    assert answer.value is None and not answer.not_applicable
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS
    # The panel tells the page what the statement's control says now.
    panel = elements(response.text, "div", id="evidence-panel")[0]
    assert panel["data-marker"] == "Evidence: 2 items (low confidence)"


def test_only_the_posted_fields_change_and_the_answer_stays(alice, scan):
    item = Item.objects.get(code=CODE)
    factories.answer(scan, item, 3, note="n", evidence="kept")
    assert alice.post(evidence_url(scan), {"confidence": "high"}, **HTMX).status_code == 200
    answer = answer_of(scan)
    assert (answer.value, answer.note, answer.evidence, answer.confidence) == (
        3,
        "n",
        "kept",
        "high",
    )
    assert (
        alice.post(evidence_url(scan), {"confidence": "", "evidence_link": ""}).status_code == 302
    )
    answer.refresh_from_db()
    assert (answer.confidence, answer.evidence) == ("", "kept")


def test_without_javascript_the_page_saves_and_comes_back_with_a_message(alice, scan):
    page = alice.get(evidence_url(scan))
    assert page.status_code == 200
    assert elements(page.text, "form", action=evidence_url(scan))
    assert elements(page.text, "a", href=area_url(scan) + f"#item-{CODE}")
    response = alice.post(evidence_url(scan), {"evidence": "Board minutes"}, follow=True)
    assert response.redirect_chain == [(evidence_url(scan), 302)]
    assert "Evidence saved." in response.text
    assert ">Board minutes</textarea>" in response.text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"confidence": "certain"}, "Choose a confidence of low, medium or high"),
        ({"evidence_link": "javascript:alert(1)"}, "must be a web address starting with http"),
        ({"evidence_link": "ftp://files.example.com/x.pdf"}, "must be a web address"),
        ({"evidence_link": "https://example.com/" + "a" * 500}, "at most 500 fit"),
        ({"evidence_link": "https://exa\x00mple.com/"}, "null character"),
        ({"evidence": "a\x00b"}, "null character"),
        ({"evidence": "x" * 2001}, "at most 2000 fit"),
    ],
)
def test_bad_input_is_refused_saves_nothing_and_keeps_what_was_typed(alice, scan, data, message):
    typed = {"confidence": "medium", "evidence": "Typed text stays", **data}
    for headers in (HTMX, {}):
        response = alice.post(evidence_url(scan), typed, **headers)
        assert response.status_code == 400
        assert message in response.text
        assert answer_of(scan) is None
        if message != "null character" and len(typed["evidence"]) < 100:
            assert f">{typed['evidence']}</textarea>" in response.text


def test_a_bad_field_beside_good_ones_saves_none_of_them(alice, scan):
    factories.answer(scan, CODE, evidence="before")
    data = {"evidence": "after", "evidence_link": "javascript:alert(1)"}
    assert alice.post(evidence_url(scan), data, **HTMX).status_code == 400
    assert answer_of(scan).evidence == "before"


def test_a_completed_scan_refuses_evidence_with_409_and_shows_it_read_only(alice, completed_scan):
    scan = completed_scan
    Answer.objects.filter(scan=scan).update(evidence="Frozen evidence")
    response = alice.post(evidence_url(scan), {"evidence": "later"}, **HTMX)
    assert response.status_code == 409
    assert "This scan is completed" in response.text
    assert answer_of(scan).evidence == "Frozen evidence"
    response = upload(alice, scan, "a.png", files.png())
    assert response.status_code == 409 and not EvidenceFile.objects.exists()
    page = alice.get(evidence_url(scan))
    assert "Frozen evidence" in page.text
    assert not elements(page.text, "textarea") and not elements(page.text, "input", type="file")


def test_an_inactive_statement_takes_no_evidence(alice, scan):
    Item.objects.filter(code=CODE).update(is_active=False)
    assert alice.post(evidence_url(scan), {"evidence": "x"}, **HTMX).status_code == 404
    assert answer_of(scan) is None


# Files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, extension, content_type",
    [
        (files.pdf(), ".pdf", "application/pdf"),
        (files.png(), ".png", "image/png"),
        (files.jpeg(), ".jpg", "image/jpeg"),
        (
            files.xlsx(),
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            files.docx(),
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            files.pptx(),
            ".pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_accepted_types_are_stored_under_a_server_name_with_the_recognised_extension(
    alice, scan, consultant, content, extension, content_type
):
    # The name and the browser's type say nothing: the content decides.
    response = upload(alice, scan, "Jaarverslag", content, content_type="text/html")
    assert response.status_code == 200
    evidence = EvidenceFile.objects.get()
    assert evidence.name == "Jaarverslag"
    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert evidence.uploaded_by == consultant
    assert re.fullmatch(rf"evidence/{scan.pk}/[0-9a-f]{{24}}\{extension}", evidence.file.name)
    with default_storage.open(evidence.file.name) as stored:
        assert stored.read() == content
    assert evidence.answer == answer_of(scan) and evidence.answer.value is None
    assert "Jaarverslag" in response.text


@pytest.mark.parametrize(
    "name, content, status, message",
    [
        ("x.pdf", b"<html><script>alert(1)</script></html>", 415, "not one of the accepted types"),
        ("sheet.xlsx", files.xlsm(), 415, "not one of the accepted types"),
        ("doc.docx", files.plain_zip(), 415, "not one of the accepted types"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", 415, "not one of the accepted types"),
        ("locked.docx", files.encrypted_docx(), 415, "not one of the accepted types"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415, "accepted types"),
        ("empty.pdf", b"", 400, "The file is empty."),
        ("big.pdf", files.pdf(padding=EvidenceFile.MAX_BYTES), 413, "at most 10 MB per file"),
    ],
)
def test_refused_files_store_nothing(alice, scan, name, content, status, message):
    response = upload(alice, scan, name, content)
    assert response.status_code == status
    assert message in response.text
    assert not EvidenceFile.objects.exists() and answer_of(scan) is None
    assert stored_names(scan) == []


BOMB = "as a zip bomb does"
ELSEWHERE = "makes Office fetch or run something from elsewhere"


@pytest.mark.parametrize(
    "name, content, status, message",
    [
        ("bomb.xlsx", files.zip_bomb("xl/workbook.xml"), 413, BOMB),
        ("bomb.docx", files.zip_bomb("word/document.xml"), 413, BOMB),
        ("huge.docx", files.declaring("word/document.xml"), 413, "unpacks to 1024 MB"),
        ("huge.xlsx", files.declaring("xl/workbook.xml"), 413, "at most 200 MB fit"),
        ("nested.docx", files.nested_archive_docx(), 415, "holds another archive"),
        # A chart's workbook is checked like any workbook: what it holds is refused the same.
        ("chart.docx", files.chart_docx(files.dde_formula_xlsx()), 415, ELSEWHERE),
        ("chart.docx", files.chart_docx(files.external_workbook_xlsx()), 415, ELSEWHERE),
        ("chart.docx", files.chart_docx(files.nested_archive_docx()), 415, "another archive"),
        ("chart.docx", files.chart_docx(files.zip_bomb()), 413, BOMB),
        ("template.docx", files.remote_template_docx(), 415, ELSEWHERE),
        ("dde.docx", files.dde_field_docx(), 415, ELSEWHERE),
        ("dde.xlsx", files.dde_link_xlsx(), 415, ELSEWHERE),
        ("formula.xlsx", files.dde_formula_xlsx(), 415, ELSEWHERE),
        ("linked.xlsx", files.external_workbook_xlsx(), 415, ELSEWHERE),
    ],
)
def test_office_documents_that_unpack_to_too_much_or_reach_elsewhere_store_nothing(
    alice, scan, name, content, status, message
):
    assert len(content) < 100 * 1024  # the bombs are small: the zip packs megabytes of zeros
    response = upload(alice, scan, name, content)
    assert response.status_code == status
    assert message in response.text
    assert not EvidenceFile.objects.exists() and answer_of(scan) is None
    assert stored_names(scan) == []


def test_the_limits_on_an_office_document_come_from_the_settings(alice, scan, settings):
    settings.EVIDENCE_ZIP_MAX_MEMBERS = 10
    response = upload(alice, scan, "many.docx", files.many_parts_docx(10))
    assert response.status_code == 413
    assert "This file holds 12 parts; at most 10 fit." in response.text
    settings.EVIDENCE_ZIP_MAX_MEMBERS = 12
    settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES = 4 * 1024 * 1024
    response = upload(alice, scan, "bomb.xlsx", files.zip_bomb(megabytes=5))
    assert response.status_code == 413
    assert "This file unpacks to 5 MB; at most 4 MB fit." in response.text
    settings.EVIDENCE_ZIP_MAX_RATIO = 10_000
    assert upload(alice, scan, "bomb.xlsx", files.zip_bomb(megabytes=3)).status_code == 200
    assert upload(alice, scan, "many.docx", files.many_parts_docx(10)).status_code == 200
    assert EvidenceFile.objects.count() == 2 and len(stored_names(scan)) == 2


def test_a_document_with_a_hyperlink_and_a_real_workbook_are_accepted(alice, scan):
    assert upload(alice, scan, "links.docx", files.hyperlink_docx()).status_code == 200
    assert upload(alice, scan, "sheet.xlsx", files.xlsx()).status_code == 200
    assert EvidenceFile.objects.count() == 2


def test_a_deck_or_document_with_a_chart_is_accepted(alice, scan):
    """Office keeps a chart's data as a workbook inside the deck or document: an archive in an
    archive, where Office puts one, and a clean workbook; refusing it would refuse most decks."""
    assert upload(alice, scan, "chart.docx", files.chart_docx()).status_code == 200
    assert upload(alice, scan, "chart.pptx", files.chart_pptx()).status_code == 200
    assert EvidenceFile.objects.count() == 2


def test_a_post_without_a_file_is_refused(alice, scan):
    response = alice.post(upload_url(scan), {}, **HTMX)
    assert response.status_code == 400 and "Choose a file to upload." in response.text
    response = alice.post(upload_url(scan), {"file": "not a file"})
    assert response.status_code == 400 and not EvidenceFile.objects.exists()


def fill_quota(scan, used: int):
    """Rows as if the scan's files took `used` bytes (their stored files are small)."""
    answer = factories.answer(scan, "purpose-02")
    name = default_storage.save(f"evidence/{scan.pk}/filler.pdf", io.BytesIO(files.pdf()))
    EvidenceFile.objects.create(
        answer=answer, file=name, name="filler.pdf", size=used, content_type="application/pdf"
    )


def test_a_full_quota_refuses_the_upload_and_stores_nothing(alice, scan):
    fill_quota(scan, EvidenceFile.SCAN_QUOTA_BYTES - 100)
    response = upload(alice, scan, "a.pdf", files.pdf(padding=200))
    assert response.status_code == 413
    assert "at most 50 MB fit" in response.text
    assert EvidenceFile.objects.count() == 1 and stored_names(scan) == ["filler.pdf"]
    # What still fits is taken.
    assert upload(alice, scan, "a.png", files.png()).status_code == 200


def test_file_names_are_cleaned_for_showing_and_downloading():
    assert clean_name("C:\\Users\\me\\..\\Rapport.pdf") == "Rapport.pdf"
    assert clean_name("../../etc/passwd\x00.pdf") == "passwd.pdf"
    assert clean_name("evil\u202egnp.exe") == "evilgnp.exe"
    assert clean_name("tab\there\r\n.png") == "tabhere.png"
    assert clean_name("...") == "bestand"  # nothing left: a word in the language (Dutch here)
    long = clean_name("a" * 300 + ".docx")
    assert len(long) == 200 and long.endswith("a.docx")


def test_a_png_named_evil_html_downloads_as_a_png_attachment(alice, scan):
    content = files.png()
    assert upload(alice, scan, "evil.html", content, content_type="text/html").status_code == 200
    evidence = EvidenceFile.objects.get()
    response = alice.get(file_url(scan, evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="evil.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "name, content, downloaded",
    [
        ("report.html", files.pdf() + SCRIPT.encode(), "report.pdf"),
        ("drawing.svg", files.png(), "drawing.png"),
        ("setup.exe", files.pdf(), "setup.pdf"),
        ("a.pdf.html", files.pdf(), "a.pdf"),
        ("Jaarverslag", files.docx(), "Jaarverslag.docx"),
        ("Rapport v1.2", files.xlsx(), "Rapport v1.2.xlsx"),
        ("photo.jpeg", files.jpeg(), "photo.jpeg"),
        ("Scan.PDF", files.pdf(), "Scan.PDF"),
    ],
)
def test_a_download_is_named_with_the_extension_of_the_recognised_type(
    alice, scan, name, content, downloaded
):
    assert upload(alice, scan, name, content, content_type="text/html").status_code == 200
    evidence = EvidenceFile.objects.get()
    response = alice.get(file_url(scan, evidence))
    assert response["Content-Disposition"] == f'attachment; filename="{downloaded}"'
    # The uploaded name is kept, and shown as text only (the link's text, not a file name).
    assert evidence.name == name
    panel = alice.get(evidence_url(scan)).text
    url = file_url(scan, evidence)
    assert "download" in elements(panel, "a", href=url)[0]  # no name given: the server's
    assert re.search(rf'<a [^>]*href="{re.escape(url)}"[^>]*>{re.escape(name)}</a>', panel)


def test_a_name_with_quotes_and_accents_is_encoded_in_the_download(alice, scan):
    name = 'Rapport "café" 2026.pdf'
    assert upload(alice, scan, name, files.pdf()).status_code == 200
    response = alice.get(file_url(scan, EvidenceFile.objects.get()))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert quote(name) in disposition and '"café"' not in disposition


def test_deleting_a_file_removes_the_row_and_the_stored_file(
    alice, scan, django_capture_on_commit_callbacks
):
    assert upload(alice, scan, "a.png", files.png()).status_code == 200
    evidence = EvidenceFile.objects.get()
    assert stored_names(scan)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(delete_url(scan, evidence), **HTMX)
    assert response.status_code == 200 and "File deleted." in response.text
    assert not EvidenceFile.objects.exists()
    assert stored_names(scan) == []
    assert alice.get(file_url(scan, evidence)).status_code == 404


def test_a_completed_scan_keeps_its_files(alice, scan):
    assert upload(alice, scan, "a.png", files.png()).status_code == 200
    completion.complete(scan)
    evidence = EvidenceFile.objects.get()
    assert alice.post(delete_url(scan, evidence), **HTMX).status_code == 409
    assert EvidenceFile.objects.exists() and stored_names(scan)
    assert alice.get(file_url(scan, evidence)).status_code == 200


@pytest.mark.parametrize("deleted", ["answer", "scan", "organisation"])
def test_files_leave_storage_when_their_answer_scan_or_organisation_is_deleted(
    alice, scan, deleted, django_capture_on_commit_callbacks
):
    assert upload(alice, scan, "a.png", files.png()).status_code == 200
    assert upload(alice, scan, "b.pdf", files.pdf(), code="purpose-02").status_code == 200
    assert len(stored_names(scan)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        if deleted == "answer":
            Answer.objects.filter(scan=scan).delete()
        elif deleted == "scan":
            Scan.objects.get(pk=scan.pk).delete()
        else:
            Organisation.objects.get(pk=scan.organisation_id).delete()
    assert not EvidenceFile.objects.exists()
    assert stored_names(scan) == []


# Who may reach it ---------------------------------------------------------------------------


@pytest.fixture
def stored_file(alice, scan):
    assert upload(alice, scan, "a.png", files.png()).status_code == 200
    return EvidenceFile.objects.get()


def every_url(scan, evidence):
    return [
        ("get", evidence_url(scan)),
        ("post", evidence_url(scan)),
        ("post", upload_url(scan)),
        ("get", file_url(scan, evidence)),
        ("post", delete_url(scan, evidence)),
    ]


def test_anonymous_users_are_sent_to_log_in(client, scan, stored_file):
    client.logout()
    for method, url in every_url(scan, stored_file):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert EvidenceFile.objects.count() == 1


def test_another_consultant_gets_404_and_changes_nothing(client, outsider, scan, stored_file):
    client.force_login(outsider)
    for method, url in every_url(scan, stored_file):
        assert getattr(client, method)(url, {"evidence": "x"}).status_code == 404, url
    assert EvidenceFile.objects.count() == 1 and answer_of(scan).evidence == ""
    # A file of Alice's scan is not reached through a scan of his own either.
    own = factories.organisation("Charlie's client", consultants=[outsider])
    own_scan = factories.scan(own, title="His", created_by=outsider)
    assert client.get(file_url(own_scan, stored_file)).status_code == 404
    assert client.post(delete_url(own_scan, stored_file)).status_code == 404


def test_a_colleague_and_staff_may_download(client, colleague, admin_user, scan, stored_file):
    for user in (colleague, admin_user):
        client.force_login(user)
        assert client.get(file_url(scan, stored_file)).status_code == 200


def test_a_download_is_in_the_audit_trail_and_a_refused_one_is_not(
    client, colleague, outsider, scan, stored_file
):
    client.force_login(outsider)
    assert client.get(file_url(scan, stored_file)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EVIDENCE_DOWNLOADED).exists()
    client.force_login(colleague)
    assert client.get(file_url(scan, stored_file)).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EVIDENCE_DOWNLOADED)
    assert (event.actor, event.organisation, event.object_id) == (
        colleague,
        scan.organisation,
        str(scan.pk),
    )
    assert event.details == {"file": stored_file.name, "statement": CODE}


def test_other_methods_are_not_allowed(alice, scan, stored_file):
    assert alice.put(evidence_url(scan)).status_code == 405
    assert alice.get(upload_url(scan)).status_code == 405
    assert alice.post(file_url(scan, stored_file)).status_code == 405
    assert alice.get(delete_url(scan, stored_file)).status_code == 405
    assert EvidenceFile.objects.count() == 1


def test_unknown_statements_and_files_are_404(alice, scan):
    assert alice.get(evidence_url(scan, "no-such-item")).status_code == 404
    assert alice.get(reverse("checklists:evidence_file", args=[scan.pk, 999999])).status_code == 404


# The scan page --------------------------------------------------------------------------------


def evidence_links(page: str) -> dict[str, str]:
    """The evidence control of each statement: its URL's code -> its text."""
    found = re.findall(
        r'<a class=(?:ev|"ev on") href=/scans/\d+/answers/([\w-]+)/evidence/>(.*?)</a>', page
    )
    return dict(found)


def test_each_statement_has_a_small_evidence_link_saying_what_it_holds(alice, scan):
    assert alice.post(evidence_url(scan), {"confidence": "low"}, **HTMX).status_code == 200
    assert upload(alice, scan, "a.png", files.png(), code="purpose-02").status_code == 200
    page = alice.get(area_url(scan)).text
    links = evidence_links(page)
    assert len(links) == Item.objects.active().filter(area__code="purpose").count()
    assert links[CODE] == "Evidence (low confidence)"
    assert links["purpose-02"] == "Evidence: 1 item"
    assert links["purpose-03"] == "Evidence"
    # The panel opens in a dialog outside the page's form (it has forms of its own).
    assert elements(page, "dialog", id="evidence-dialog")
    assert page.index('id="evidence-dialog"') > page.index("</form>", page.index('id="scan-form"'))


def test_script_in_evidence_is_escaped_in_the_panel_and_page(alice, scan):
    data = {"evidence": SCRIPT, "evidence_link": "https://example.com/?q=<b>"}
    alice.post(evidence_url(scan), data, **HTMX)
    assert alice.post(evidence_url(scan), data, **HTMX).status_code == 200
    assert upload(alice, scan, f"{SCRIPT}.png", files.png()).status_code == 200
    for response in (alice.get(evidence_url(scan), **HTMX), alice.get(evidence_url(scan))):
        assert SCRIPT not in response.text and "<b>" not in response.text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.text
    assert SCRIPT not in alice.get(area_url(scan)).text


def test_a_completed_scan_still_opens_the_evidence_read_only(alice, completed_scan):
    page = alice.get(area_url(completed_scan)).text
    assert CODE in evidence_links(page)


def test_workshop_participants_get_no_evidence_control(scan, consultant):
    # Self-paced, so the phone shows the statements at once (following, it waits for a slide).
    workshop = factories.workshop(scan, created_by=consultant, pace=Workshop.Pace.SELF)
    browser = Client()
    joined = browser.post(reverse("workshops:join", args=[workshop.code]), {"name": "IT"})
    assert joined.status_code == 302
    page = browser.get(joined.url).text
    assert 'class="scan-item' in page
    assert not evidence_links(page) and "/evidence/" not in page


# Results, report, export, follow-up, admin ---------------------------------------------------


@pytest.fixture
def backed_scan(alice, scan, recording_server):
    """Purpose answered: purpose-01 with low confidence and full evidence (script in the text,
    a link to a server that records every request, a file), purpose-02 low confidence and
    unanswered (not listed as low confidence), purpose-03 high confidence."""
    factories.answer_items(scan, {"purpose-01": 1, "purpose-03": 4})
    link = f"{recording_server}/evidence.png"
    saved = [
        (
            "purpose-01",
            {"confidence": "low", "evidence": SCRIPT + " Intranet", "evidence_link": link},
        ),
        ("purpose-02", {"confidence": "low"}),
        ("purpose-03", {"confidence": "high"}),
    ]
    for code, data in saved:
        assert alice.post(evidence_url(scan, code), data, **HTMX).status_code == 200
    assert upload(alice, scan, "Board minutes.pdf", files.pdf()).status_code == 200
    scan.link = link
    return scan


def test_the_results_page_lists_low_confidence_and_evidence_per_area(alice, backed_scan):
    page = alice.get(reverse("scoring:results", args=[backed_scan.pk])).text
    section = page[
        page.index('id="evidence"') : page.index("</section>", page.index('id="evidence"'))
    ]
    assert "Answered with low confidence" in section
    low = section[section.index("Answered with low confidence") : section.index("<table")]
    statements = {
        code: escape(Item.objects.get(code=code).statement_en)
        for code in ("purpose-01", "purpose-02", "purpose-03")
    }
    assert statements["purpose-01"] in low
    assert statements["purpose-02"] not in low and statements["purpose-03"] not in low
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Intranet" in section
    assert SCRIPT not in page
    assert backed_scan.link in section and f'href="{backed_scan.link}"' not in page
    assert "Board minutes.pdf" in section


def test_the_report_lists_evidence_as_text_and_fetches_nothing(backed_scan):
    pdf = render_report(backed_scan, "en")
    assert RecordingHandler.requests == []
    whole = " ".join(pdf_pages(pdf))
    assert "Answered with low confidence" in whole
    assert flat(SCRIPT + " Intranet") in flat(whole)
    assert flat(backed_scan.link) in flat(whole)
    assert "Board minutes.pdf" in whole
    # No link annotations: the address is text, never something to click or fetch.
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert backed_scan.link not in str(action.get("/URI", ""))


def test_a_changed_evidence_makes_the_stored_report_out_of_date(alice, backed_scan):
    scan = backed_scan
    report_url = reverse("reports:report", args=[scan.pk]) + "?language=en"
    completion.complete(scan)
    render_reports(scan, ["en"])
    first = " ".join(pdf_pages(alice.get(report_url).content))
    assert "Intranet" in first and "Annual survey" not in first
    completion.reopen(scan)
    data = {"evidence": "Annual survey 2026"}
    assert alice.post(evidence_url(scan), data, **HTMX).status_code == 200
    # The consultant's download of the open scan shows it at once; the stored report (what
    # share links serve) stays that of the last completion.
    assert "Annual survey" in " ".join(pdf_pages(alice.get(report_url).content))
    assert "Annual survey" not in " ".join(pdf_pages(ready_pdf(scan, "en")))
    completion.complete(scan)
    render_reports(scan, ["en"])
    again = " ".join(pdf_pages(alice.get(report_url).content))
    assert "Annual survey 2026" in again and "Intranet" not in again


def test_the_json_export_has_confidence_evidence_and_file_names(alice, backed_scan):
    response = alice.get(reverse("scoring:export_json", args=[backed_scan.pk]))
    answers = {a["code"]: a for a in json.loads(response.content)["answers"]}
    first = answers["purpose-01"]
    assert first["confidence"] == "low"
    assert first["evidence"] == SCRIPT + " Intranet"
    assert first["evidence_link"] == backed_scan.link
    assert first["evidence_files"] == ["Board minutes.pdf"]
    assert (answers["purpose-04"]["confidence"], answers["purpose-04"]["evidence_files"]) == (
        "",
        [],
    )


def test_score_scan_json_keeps_its_shape(backed_scan):
    out = io.StringIO()
    call_command("score_scan", str(backed_scan.pk), "--json", stdout=out)
    assert set(json.loads(out.getvalue())) == {"overall", "areas", "pillars", "targets"}


def test_a_follow_up_carries_confidence_evidence_and_link_but_not_files(alice, backed_scan):
    completion.complete(backed_scan)
    url = reverse("scoring:follow_up", args=[backed_scan.pk])
    assert alice.post(url, {"title": "2027", "start": "previous"}).status_code == 302
    follow_up = Scan.objects.get(previous=backed_scan)
    carried = {
        a.item.code: (a.confidence, a.evidence, a.evidence_link)
        for a in follow_up.answers.select_related("item")
    }
    assert carried["purpose-01"] == ("low", SCRIPT + " Intranet", backed_scan.link)
    assert carried["purpose-02"] == ("low", "", "")  # only a confidence: carried over too
    assert carried["purpose-03"] == ("high", "", "")
    assert not EvidenceFile.objects.filter(answer__scan=follow_up).exists()
    assert EvidenceFile.objects.filter(answer__scan=backed_scan).count() == 1
    assert "evidence files are not copied" in alice.get(url).text


def test_staff_see_evidence_files_in_the_admin(admin_user, backed_scan):
    admin_client = Client()
    admin_client.force_login(admin_user)
    evidence = EvidenceFile.objects.get()
    listing = admin_client.get(reverse("admin:checklists_evidencefile_changelist"))
    assert listing.status_code == 200 and "Board minutes.pdf" in listing.text
    detail = admin_client.get(reverse("admin:checklists_evidencefile_change", args=[evidence.pk]))
    assert detail.status_code == 200
    assert file_url(backed_scan, evidence) in detail.text
    assert not elements(detail.text, "input", name="name")  # read-only
