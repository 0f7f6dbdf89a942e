"""The PDF a client manager downloads from a share link shows what that link allows: evidence
(none, or the files' names only) and the answers' notes. The consultant's own report keeps
everything. Each choice is a stored report of its own, rendered by the worker when a link asks
for it, and marked out of date with the consultant's."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from checklists.models import Answer, EvidenceFile, Item, Scan
from reports import stored
from reports.models import ShareLink, StoredReport
from scoring import completion
from tests import factories
from tests.helpers import flat, pdf_pages, pdfs_not_drawn, render_reports

pytestmark = pytest.mark.django_db

TYPED = "Notulen van de directie, maart"
ADDRESS = "https://intranet.example.com/minutes"
FILE = "Directienotulen-maart.pdf"
NOTE = "Marketing ziet meer dan IT"
WORKSHOP_NOTE = "De zaal twijfelde over de klantreis"
STATEMENT = "purpose-01"


@pytest.fixture
def shared_scan(scan, consultant):
    """A completed scan with a note, typed evidence, an evidence link and an evidence file, and
    a workshop whose consensus on another statement carries a note."""
    discussed = Item.objects.get(code="purpose-02")
    factories.workshop(
        scan,
        created_by=consultant,
        participants=["Anna", "Bram", "Cor"],
        votes={discussed: [0, 2, 4]},
    )
    factories.answer(scan, discussed, 2, note=WORKSHOP_NOTE)
    answer = factories.answer(
        scan,
        STATEMENT,
        3,
        note=NOTE,
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


def link_url(link) -> str:
    return reverse("reports:shared_report", args=[link.token]) + "?language=en"


def download(client, link, django_capture_on_commit_callbacks) -> bytes:
    """A manager's download: the first asks for the link's report and waits (202); the worker
    renders it from the task that request queued; then the download is the PDF."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks() as queued:
        waiting = client.get(link_url(link))
    assert waiting.status_code == 202 and "being prepared" in waiting.text
    assert len(queued) == 1
    assert stored.ready_pdf(link.scan, "en", link.view.variant) is None  # nothing rendered yet
    for callback in queued:  # the worker runs the queued task
        callback()
    response = client.get(link_url(link))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def text_of(pdf: bytes) -> str:
    return flat(" ".join(pdf_pages(pdf)))


def test_the_consultants_report_shows_notes_and_all_evidence(client, consultant, shared_scan):
    render_reports(shared_scan, ["en"])
    client.force_login(consultant)
    response = client.get(reverse("reports:report", args=[shared_scan.pk]) + "?language=en")
    text = text_of(response.content)
    for shown in (NOTE, WORKSHOP_NOTE, TYPED, ADDRESS, FILE):
        assert flat(shown) in text


def test_a_link_without_evidence_or_notes_gets_a_pdf_without_them(
    client, consultant, shared_scan, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(scan=shared_scan, created_by=consultant)
    assert (link.evidence, link.notes) == ("none", False)
    render_reports(shared_scan, ["en"])  # the consultant's report is ready: not the client's
    text = text_of(download(client, link, django_capture_on_commit_callbacks))
    assert flat("Executive summary") in text and flat("Klantreis in kaart") in text
    for hidden in (NOTE, WORKSHOP_NOTE, TYPED, ADDRESS, FILE, "intranet", "Directienotulen"):
        assert flat(hidden) not in text


def test_file_names_and_notes_show_the_name_and_the_note_never_typed_evidence_or_links(
    client, consultant, shared_scan, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(
        scan=shared_scan, created_by=consultant, evidence="names", notes=True
    )
    text = text_of(download(client, link, django_capture_on_commit_callbacks))
    for shown in (FILE, NOTE, WORKSHOP_NOTE):
        assert flat(shown) in text
    for hidden in (TYPED, ADDRESS, "intranet"):
        assert flat(hidden) not in text


def test_links_with_other_choices_get_other_pdfs_and_the_same_choices_share_one(
    client, consultant, shared_scan, django_capture_on_commit_callbacks
):
    plain = ShareLink.objects.create(scan=shared_scan, created_by=consultant)
    named = ShareLink.objects.create(scan=shared_scan, created_by=consultant, evidence="names")
    plain_pdf = download(client, plain, django_capture_on_commit_callbacks)
    named_pdf = download(client, named, django_capture_on_commit_callbacks)
    assert flat(FILE) in text_of(named_pdf) and flat(FILE) not in text_of(plain_pdf)

    # A second link with the first one's choices is served that stored report at once.
    again = ShareLink.objects.create(scan=shared_scan, created_by=consultant)
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(link_url(again))
    assert response.status_code == 200 and response.content == plain_pdf and not queued
    assert sorted(
        StoredReport.objects.filter(scan=shared_scan, language="en").values_list(
            "variant", flat=True
        )
    ) == ["", "client:names:0", "client:none:0"]


def test_a_link_reaches_only_its_own_scans_report(
    client, consultant, shared_scan, organisation, django_capture_on_commit_callbacks
):
    other_organisation = factories.organisation("Zeta Telecom", sector="Telecom")
    other_organisation.consultants.add(consultant)
    other = Scan.objects.create(
        organisation=other_organisation, title="Other scan", created_by=consultant
    )
    Answer.objects.create(scan=other, item=Item.objects.get(code=STATEMENT), value=1, note="Zeta")
    completion.complete(other)
    other_link = ShareLink.objects.create(scan=other, created_by=consultant)
    other_text = text_of(download(client, other_link, django_capture_on_commit_callbacks))
    assert flat("Zeta Telecom") in other_text

    link = ShareLink.objects.create(scan=shared_scan, created_by=consultant)
    text = text_of(download(client, link, django_capture_on_commit_callbacks))
    assert flat("Acme Retail") in text and flat("Zeta Telecom") not in text
    # Both links share a variant key; each scan has its own stored report of it.
    assert StoredReport.objects.filter(variant=link.view.variant, language="en").count() == 2
    tampered = link.token[:-2] + ("AA" if not link.token.endswith("AA") else "BB")
    assert client.get(reverse("reports:shared_report", args=[tampered])).status_code == 404


def test_a_plan_change_marks_the_clients_reports_out_of_date_and_queues_only_the_consultants(
    client, consultant, shared_scan, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(scan=shared_scan, created_by=consultant, notes=True)
    download(client, link, django_capture_on_commit_callbacks)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks() as queued:
        client.post(
            reverse("plans:action_create", args=[shared_scan.pk]),
            {"title": "Nieuw klantpanel", "impact": 3, "effort": 1, "status": "planned"},
        )
    variant = StoredReport.objects.get(scan=shared_scan, language="en", variant=link.view.variant)
    assert not variant.is_ready and variant.queued_at is None
    # The worker runs what the change queued: the consultant's two (which are made is checked
    # here; what a report says after a plan change, below and in test_stored_reports.py).
    with pdfs_not_drawn():
        for callback in queued:
            callback()
    consultants = StoredReport.objects.filter(scan=shared_scan, variant="")
    assert sorted(consultants.values_list("language", flat=True)) == ["en", "nl"]
    assert all(report.is_ready for report in consultants)
    variant.refresh_from_db()
    assert not variant.is_ready  # not rendered until a link asks for it

    client.logout()
    text = text_of(download(client, link, django_capture_on_commit_callbacks))
    assert flat("Nieuw klantpanel") in text and flat(NOTE) in text


def test_a_new_completion_leaves_no_old_client_pdf(
    client, consultant, shared_scan, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(scan=shared_scan, created_by=consultant, notes=True)
    assert flat(NOTE) in text_of(download(client, link, django_capture_on_commit_callbacks))
    completion.reopen(shared_scan)
    shared_scan.answers.filter(item__code=STATEMENT).update(note="Nieuwe notitie")
    completion.complete(shared_scan)
    assert stored.ready_pdf(shared_scan, "en", link.view.variant) is None
    text = text_of(download(client, link, django_capture_on_commit_callbacks))
    assert flat("Nieuwe notitie") in text and flat(NOTE) not in text


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_stored_reports_as_the_consultants(client, consultant, organisation):
    executor = MigrationExecutor(connection)
    before = [("reports", "0003_sharelink_evidence_notes")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    scan = old.get_model("checklists", "Scan").objects.create(
        organisation_id=organisation.pk,
        title="Kept",
        status="completed",
        completed_at=timezone.now(),
        created_by_id=consultant.pk,
    )
    old.get_model("reports", "StoredReport").objects.create(
        scan_id=scan.pk,
        language="nl",
        completed_at=scan.completed_at,
        pdf=b"%PDF-kept",
        version=1,
        rendered_version=1,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept = StoredReport.objects.get(scan_id=scan.pk)
    assert (kept.language, kept.variant, bytes(kept.pdf)) == ("nl", "", b"%PDF-kept")
    client.force_login(consultant)
    response = client.get(reverse("reports:report", args=[scan.pk]) + "?language=nl")
    assert response.content == b"%PDF-kept"


def test_a_links_download_queues_one_task_for_its_report_in_the_database_queue(
    client, consultant, settings, shared_scan, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    link = ShareLink.objects.create(scan=shared_scan, created_by=consultant, evidence="names")
    status = reverse("reports:shared_report_status", args=[link.token]) + "?language=en"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(link_url(link)).status_code == 202
        for _ in range(3):  # the waiting page's polls queue nothing more
            assert client.get(status).status_code == 200
    tasks = DBTaskResult.objects.filter(task_path=stored.TASK_PATH)
    kwargs = [task.args_kwargs["kwargs"] for task in tasks]
    assert kwargs == [{"scan_id": shared_scan.pk, "language": "en", "variant": "client:names:0"}]

    # The consultant's "render it now" moves the consultant's render, not the client's.
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report", args=[shared_scan.pk]) + "?language=en")
    client_task = tasks.get(args_kwargs__kwargs__variant="client:names:0")
    assert client_task.priority == 0

    client_task.task.call(**client_task.args_kwargs["kwargs"])  # the worker
    client.logout()
    text = text_of(client.get(link_url(link)).content)
    assert flat(FILE) in text and flat(TYPED) not in text
