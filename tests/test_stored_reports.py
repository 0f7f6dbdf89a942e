"""Reports rendered in the background: queued on completion and on plan changes, served stored,
waited for on a page that follows the render, retried when they fail, rendered by one worker."""

import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from checklists.models import Scan
from cxscan import ratelimit
from plans.models import ImprovementAction
from reports import stored
from reports.models import ShareLink, StoredReport
from reports.stored import claim, ready_pdf, render_stored
from scoring import completion
from tests import factories
from tests.helpers import (
    CONTENT_ROWS,
    element,
    elements,
    pdf_pages,
    pdfs_not_drawn,
    render_reports,
    render_shared,
)

ROOT = Path(__file__).resolve().parent.parent


def report_url(scan, language="en"):
    return reverse("reports:report", args=[scan.pk]) + f"?language={language}"


def status_url(scan, language="en"):
    return reverse("reports:report_status", args=[scan.pk]) + f"?language={language}"


def test_completing_a_scan_renders_its_report_in_both_languages(
    alice, scan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(reverse("scoring:complete", args=[scan.pk]))
    assert response.status_code == 302
    assert sorted(StoredReport.objects.values_list("language", "rendered_version")) == [
        ("en", 1),
        ("nl", 1),
    ]
    english = alice.get(report_url(scan, "en"))
    assert english.status_code == 200 and english["Content-Type"] == "application/pdf"
    assert "Executive summary" in pdf_pages(english.content)[1]
    assert "Samenvatting" in pdf_pages(alice.get(report_url(scan, "nl")).content)[1]


def test_a_report_not_ready_yet_gets_a_page_that_follows_it(alice, completed_scan):
    scan = completed_scan
    page = alice.get(report_url(scan))
    assert page.status_code == 202 and page["Cache-Control"] == "no-store"
    assert "The report is being prepared" in page.text
    follower = element(page.text, id="report-status")
    assert follower["data-hx-get"] == status_url(scan) and "every" in follower["data-hx-trigger"]
    assert element(page.text, "form", action=report_url(scan))["method"] == "post"

    waiting = alice.get(status_url(scan))
    assert waiting.status_code == 200 and "being prepared" in waiting.text

    render_reports(scan, ["en"])  # the worker
    ready = alice.get(status_url(scan))
    assert "The report is ready" in ready.text
    assert "data-hx-trigger" not in element(ready.text, id="report-status")  # the polling stops
    assert element(ready.text, "a", href=report_url(scan))
    # The ready state asks once more with start=1: htmx is sent on to the PDF.
    start = alice.get(status_url(scan) + "&start=1")
    assert start.status_code == 204 and start["HX-Redirect"] == report_url(scan)
    assert alice.get(report_url(scan)).content.startswith(b"%PDF")


def test_waiting_pages_queue_one_render_not_one_per_visit(
    alice, completed_scan, django_capture_on_commit_callbacks
):
    StoredReport.objects.filter(scan=completed_scan).update(queued_at=None)
    with django_capture_on_commit_callbacks() as queued:
        for _ in range(3):
            assert alice.get(report_url(completed_scan)).status_code == 202
            assert alice.get(status_url(completed_scan)).status_code == 200
    assert len(queued) == 1
    # A task queued long ago and never run (a lost task) is queued again.
    later = timezone.now() + stored.QUEUE_PATIENCE + timedelta(seconds=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks() as queued:
        alice.get(report_url(completed_scan))
    assert len(queued) == 1


def queued_renders(scan, language="en"):
    """(priority, status) of the database queue's render tasks for the report."""
    return [
        (task.priority, task.status)
        for task in DBTaskResult.objects.filter(task_path=stored.TASK_PATH)
        if task.args_kwargs["kwargs"] == {"scan_id": scan.pk, "language": language}
    ]


def test_render_it_now_puts_the_render_first_in_the_queue_and_renders_nothing(
    alice, settings, completed_scan, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rendered = []
    real_write_pdf = stored.write_pdf
    monkeypatch.setattr(
        "reports.stored.write_pdf", lambda html: rendered.append(1) or real_write_pdf(html)
    )
    with django_capture_on_commit_callbacks(execute=True):
        responses = [alice.post(report_url(completed_scan)) for _ in range(8)]
    assert not rendered  # nothing rendered in the requests
    assert {response.status_code for response in responses} == {202}
    page = responses[-1].text
    assert "first in the queue" in page
    assert not elements(page, "form", action=report_url(completed_scan))  # asked already
    follower = element(page, id="report-status")["data-hx-get"]
    assert follower == status_url(completed_scan) + "&hurried=1"
    polled = alice.get(follower)  # the poll keeps saying so, and offers no second click
    assert "first in the queue" in polled.text and "Render it now" not in polled.text
    # One task, at the front of the queue, however often it was asked for.
    assert queued_renders(completed_scan) == [(stored.HURRY_PRIORITY, "READY")]
    assert ready_pdf(completed_scan, "en") is None

    task = DBTaskResult.objects.get(priority=stored.HURRY_PRIORITY)
    task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])  # the worker
    assert rendered == [1]
    ready = alice.get(status_url(completed_scan))
    assert "The report is ready" in ready.text
    assert alice.get(report_url(completed_scan)).content.startswith(b"%PDF")


def test_render_it_now_moves_a_waiting_task_to_the_front(
    alice, settings, completed_scan, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        stored.queue_on_commit(completed_scan.pk, ["en"])  # waits behind others
    assert queued_renders(completed_scan) == [(0, "READY")]
    assert alice.post(report_url(completed_scan)).status_code == 202
    assert queued_renders(completed_scan) == [(stored.HURRY_PRIORITY, "READY")]


def test_while_a_worker_renders_the_page_says_so_and_offers_no_render_now(
    alice, completed_scan, django_capture_on_commit_callbacks
):
    report = StoredReport.objects.get(scan=completed_scan, language="en")
    assert claim(report, "worker-a")  # a worker is rendering it
    with django_capture_on_commit_callbacks() as queued:
        for response in [
            alice.get(report_url(completed_scan)),
            alice.post(report_url(completed_scan)),
        ]:
            assert response.status_code == 202
            assert "The report is being rendered now" in response.text
            assert not elements(response.text, "form", action=report_url(completed_scan))
    assert queued == []  # the worker's render is the one
    status = alice.get(status_url(completed_scan))
    assert "being rendered now" in status.text and "Render it now" not in status.text
    assert ready_pdf(completed_scan, "en") is None


def test_an_open_scan_is_rendered_in_the_request_as_a_draft(alice, scan):
    response = alice.get(report_url(scan))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not StoredReport.objects.exists()


def test_a_draft_is_rendered_one_at_a_time_per_user_and_per_scan(alice, scan, colleague):
    # Alice's draft of another scan is being rendered in another request: this one waits.
    with ratelimit.exclusive(f"reports:draft:user:{scan.created_by_id}", 60):
        refused = alice.get(report_url(scan))
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "being rendered already" in refused.text
    # Bob renders this scan's draft: Alice's request for the same scan waits too.
    with ratelimit.exclusive(f"reports:draft:scan:{scan.pk}", 60):
        assert alice.get(report_url(scan)).status_code == 429
    # Once they are done, the draft is rendered.
    assert alice.get(report_url(scan)).content.startswith(b"%PDF")


def test_a_plan_change_queues_a_render_and_the_new_report_shows_it(
    alice, completed_scan, django_capture_on_commit_callbacks
):
    with pdfs_not_drawn():  # only their being out of date after the change is read
        render_reports(completed_scan)
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(
            reverse("plans:action_create", args=[completed_scan.pk]),
            {"title": "Map the journey", "impact": 4, "effort": 2, "status": "planned"},
        )
    assert all(report.is_ready for report in StoredReport.objects.all())
    assert "Map the journey" in " ".join(pdf_pages(ready_pdf(completed_scan, "en")))


def test_deleting_a_scan_with_a_plan_and_reports_queues_nothing(
    alice, completed_scan, django_capture_on_commit_callbacks
):
    ImprovementAction.objects.create(scan=completed_scan, title="Map", impact=3, effort=2)
    with django_capture_on_commit_callbacks(execute=True):
        completed_scan.delete()
    assert not StoredReport.objects.exists()


# The shared page


def test_a_manager_waits_for_the_worker_and_never_renders(
    client, consultant, completed_scan, monkeypatch, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("reports:shared_report", args=[link.token]) + "?language=en"
    status = reverse("reports:shared_report_status", args=[link.token]) + "?language=en"

    def no_render(html):
        raise AssertionError("a manager's request rendered a report")

    with monkeypatch.context() as patched:
        patched.setattr("reports.stored.write_pdf", no_render)
        page = client.get(url)
        assert page.status_code == 202 and "being prepared" in page.text
        assert element(page.text, id="report-status")["data-hx-get"] == status
        assert "Render it now" not in page.text and not elements(page.text, "form", action=url)
        assert "being prepared" in client.get(status).text
        assert client.post(url).status_code == 405
    assert ready_pdf(completed_scan, "en") is None
    render_shared(link, ["en"])
    assert client.get(url).content.startswith(b"%PDF")


# Failures


def test_a_failed_render_is_retried_logged_and_shown_to_staff(
    alice, scan, monkeypatch, caplog, django_capture_on_commit_callbacks, admin_user
):
    def broken(html):
        raise OSError("font cache unreadable")

    monkeypatch.setattr("reports.stored.write_pdf", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        alice.post(reverse("scoring:complete", args=[scan.pk]))
    report = StoredReport.objects.get(scan=scan, language="en")
    assert report.attempts == stored.MAX_ATTEMPTS and not report.is_ready
    assert report.last_error == "OSError: font cache unreadable"
    failures = [r for r in caplog.records if r.name == "reports.stored"]
    assert len(failures) == 2 * stored.MAX_ATTEMPTS  # each attempt, each language
    assert all(r.scan == scan.pk and "font cache unreadable" in r.getMessage() for r in failures)

    page = alice.get(report_url(scan))
    assert page.status_code == 202 and "could not be prepared" in page.text
    assert "data-hx-trigger" not in element(page.text, id="report-status")  # no endless polling

    # "Render it now" gives it a clean slate and puts it first in the queue.
    with django_capture_on_commit_callbacks() as queued:
        again = alice.post(report_url(scan))
    assert again.status_code == 202 and "first in the queue" in again.text
    assert len(queued) == 1
    report.refresh_from_db()
    assert report.attempts == 0
    StoredReport.objects.filter(pk=report.pk).update(attempts=stored.MAX_ATTEMPTS)

    staff = Client()
    staff.force_login(admin_user)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = staff.get(reverse("admin:reports_storedreport_changelist") + "?state=failed")
    assert listing.status_code == 200
    assert "OSError: font cache unreadable" in listing.text and "failed" in listing.text


def test_a_retry_that_succeeds_clears_the_failure(scan, monkeypatch):
    completion.complete(scan)
    calls = []

    def flaky(html):
        calls.append(html)
        if len(calls) == 1:
            raise OSError("busy disk")
        return b"%PDF-fine"

    monkeypatch.setattr("reports.stored.write_pdf", flaky)
    with pytest.raises(OSError):  # the first attempt fails; the tests' tasks run at once
        render_stored(scan.pk, "en")
    report = StoredReport.objects.get(scan=scan, language="en")
    assert report.is_ready and report.attempts == 0 and report.last_error == ""
    assert bytes(report.pdf) == b"%PDF-fine" and len(calls) == 2


# One render at a time


def test_a_claimed_report_is_not_rendered_by_a_second_worker(completed_scan, monkeypatch):
    report = StoredReport.objects.get(scan=completed_scan, language="en")
    assert claim(report, "worker-a")
    rendered = []
    monkeypatch.setattr("reports.stored.write_pdf", lambda html: rendered.append(1) or b"%PDF")
    assert render_stored(completed_scan.pk, "en") == "busy"
    assert not rendered
    # A claim older than the lease (a worker killed mid-render) is taken over.
    with time_machine.travel(timezone.now() + stored.LEASE + timedelta(seconds=1)):
        assert render_stored(completed_scan.pk, "en") == "rendered"
    assert rendered == [1]
    assert render_stored(completed_scan.pk, "en") == "nothing to do"


def test_a_change_during_a_render_is_rendered_too(completed_scan, monkeypatch):
    versions = []

    def slow(html):  # the plan changes while the first render runs
        versions.append(StoredReport.objects.get(scan=completed_scan, language="en").version)
        if len(versions) == 1:
            StoredReport.objects.filter(pk=report.pk).update(version=report.version + 1)
        return f"%PDF-{len(versions)}".encode()

    report = StoredReport.objects.get(scan=completed_scan, language="en")
    monkeypatch.setattr("reports.stored.write_pdf", slow)
    assert render_stored(completed_scan.pk, "en") == "rendered"
    report.refresh_from_db()
    assert len(versions) == 2 and report.is_ready and bytes(report.pdf) == b"%PDF-2"


def test_a_task_renders_once_and_edits_during_it_are_rendered_once_after(
    completed_scan, monkeypatch, settings
):
    """Four plan edits during one render: the task renders once (it does not loop, holding the
    worker), and one more task, a few seconds later, renders the last version once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    report = StoredReport.objects.get(scan=completed_scan, language="nl")
    rendered = []

    def edited_meanwhile(html):
        rendered.append(StoredReport.objects.get(pk=report.pk).version)
        if len(rendered) == 1:
            for _ in range(4):
                StoredReport.objects.filter(pk=report.pk).out_of_date()
        return f"%PDF-{len(rendered)}".encode()

    monkeypatch.setattr("reports.stored.write_pdf", edited_meanwhile)
    assert render_stored(completed_scan.pk, "nl") == "rendered"
    assert rendered == [report.version]
    (follow_up,) = DBTaskResult.objects.filter(status="READY")
    assert follow_up.run_after > timezone.now()  # after the burst of edits
    assert follow_up.args_kwargs["kwargs"] == {"scan_id": completed_scan.pk, "language": "nl"}
    with time_machine.travel(follow_up.run_after + timedelta(seconds=1)):
        assert render_stored(completed_scan.pk, "nl") == "rendered"
        assert render_stored(completed_scan.pk, "nl") == "nothing to do"
    assert rendered == [report.version, report.version + 4]
    assert ready_pdf(completed_scan, "nl") == b"%PDF-2"
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # nothing more was queued


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_real_workers_render_each_report_once(scan, settings):
    """`manage.py db_worker` in two processes against the test database, each report queued
    four times: each language is rendered exactly once and every task succeeds."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    completion.complete(scan)  # queues a render per language (committed: no test transaction)
    for _ in range(3):
        stored.queue_on_commit(scan.pk, ["nl", "en"])  # outside a transaction: at once
    assert DBTaskResult.objects.ready().count() == 8

    env = {**os.environ, "DATABASE_URL": database_url(), "LOG_LEVEL": "INFO"}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0"]
    workers = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    renders = [
        line for out in outputs for line in out.splitlines() if "Rendered the report" in line
    ]
    assert len(renders) == 2, outputs
    assert DBTaskResult.objects.successful().count() == 8
    assert ready_pdf(Scan.objects.get(pk=scan.pk), "nl").startswith(b"%PDF")
    assert ready_pdf(Scan.objects.get(pk=scan.pk), "en").startswith(b"%PDF")


def test_another_consultant_and_anonymous_get_nothing(client, outsider, completed_scan):
    urls = [report_url(completed_scan), status_url(completed_scan)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.post(report_url(completed_scan)).status_code == 302
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(report_url(completed_scan)).status_code == 404
    assert ready_pdf(completed_scan, "en") is None  # nothing was rendered for them


# A worker killed mid-render


def test_a_render_left_running_by_a_dead_worker_is_failed_and_queued_again(
    alice, settings, completed_scan, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        stored.queue_on_commit(completed_scan.pk, ["en"])
    task = DBTaskResult.objects.get()
    report = StoredReport.objects.get(scan=completed_scan, language="en")
    started = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=started)
    # Its worker renews the claim (the heartbeat): a long render, not a dead worker.
    StoredReport.objects.filter(pk=report.pk).update(
        rendering_since=timezone.now() - timedelta(seconds=5), renderer="worker-a", queued_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "being rendered now" in alice.get(status_url(completed_scan)).text
    assert queued_renders(completed_scan) == [(0, "RUNNING")]

    # The worker was killed: its claim is not renewed for longer than the lease.
    StoredReport.objects.filter(pk=report.pk).update(
        rendering_since=timezone.now() - stored.LEASE - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = alice.get(status_url(completed_scan))
        alice.get(status_url(completed_scan))  # the next poll queues nothing more
    assert "being prepared" in page.text
    task.refresh_from_db()
    assert task.status == "FAILED" and task.finished_at is not None
    assert sorted(queued_renders(completed_scan)) == [(0, "FAILED"), (0, "READY")]

    again = DBTaskResult.objects.ready().get()  # another worker takes the new task
    assert again.task.call(*again.args_kwargs["args"], **again.args_kwargs["kwargs"]) == (
        "rendered"
    )
    assert ready_pdf(completed_scan, "en").startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_long_render_renews_its_claim(scan, monkeypatch):
    """The heartbeat: while a worker renders, its claim is renewed, so it is not taken over."""
    CONTENT_ROWS.restore()  # transactional tests start from an emptied database
    monkeypatch.setattr(stored, "HEARTBEAT", timedelta(milliseconds=20))
    renewed = []

    def slow(html):
        report = StoredReport.objects.exclude(renderer="").get(scan=scan)  # the one rendering
        claimed = report.rendering_since
        for _ in range(500):  # until the heartbeat has renewed the claim (a few tries)
            report.refresh_from_db(fields=["rendering_since"])
            if report.rendering_since != claimed:
                renewed.append(report.rendering_since - claimed)
                break
            threading.Event().wait(0.01)
        return b"%PDF-slow"

    factories.answer(scan, "purpose-01", 3)
    monkeypatch.setattr("reports.stored.write_pdf", slow)
    completion.complete(scan)  # outside a test transaction: both renders run at once
    assert len(renewed) == 2 and all(delta > timedelta(0) for delta in renewed)
    assert ready_pdf(Scan.objects.get(pk=scan.pk), "en") == b"%PDF-slow"
