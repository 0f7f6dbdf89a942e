"""The render task lives beside its work (reports.stored); rows queued under its old address,
`reports.tasks.render_report_task`, before it moved still run and are still found."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from reports import stored
from reports.models import StoredReport
from tests.helpers import CONTENT_ROWS
from tests.test_stored_reports import ROOT, database_url

OLD_PATH = "reports.tasks.render_report_task"


def queue_under_old_path(scan, language):
    return DBTaskResult.objects.create(
        task_path=OLD_PATH,
        args_kwargs={"args": [], "kwargs": {"scan_id": scan.pk, "language": language}},
        backend_name="default",
        run_after=get_date_max(),  # "run as soon as possible"
        exception_class_path="",
        traceback="",
    )


def test_new_renders_are_queued_under_the_module_that_does_the_work(completed_scan, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stored.queue_again(
        StoredReport.objects.get(scan=completed_scan, language="nl"), delay=timedelta(0)
    )
    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "reports.stored.render_report_task" == stored.TASK_PATH


@pytest.fixture
def queue_in_database(transactional_db, settings):
    """Before the scan is completed: the content (transactional tests start from an emptied
    database) and the database queue, so completing queues its renders instead of running them."""
    CONTENT_ROWS.restore()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_render_queued_under_the_old_path_is_found_and_runs(queue_in_database, completed_scan):
    """As after an upgrade: the row was queued by the code of before; `manage.py db_worker`
    (a real one, in its own process) runs it and the report is stored."""
    StoredReport.objects.filter(scan=completed_scan, language="nl").out_of_date()
    DBTaskResult.objects.all().delete()
    assert stored.ready_pdf(completed_scan, "nl") is None
    row = queue_under_old_path(completed_scan, "nl")
    assert list(stored.waiting_tasks(completed_scan.pk, "nl")) == [row]  # "render it now" moves it

    env = {**os.environ, "DATABASE_URL": database_url()}
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    worker = subprocess.run(
        [*command, "--interval", "0"], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert worker.returncode == 0, worker.stderr
    row.refresh_from_db()
    assert (row.status, row.return_value) == ("SUCCESSFUL", "rendered"), worker.stderr
    assert stored.ready_pdf(completed_scan, "nl").startswith(b"%PDF")
