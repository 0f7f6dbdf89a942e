"""/health/ for a load balancer: what it checks, what it says when something fails (never a
secret), and that it works as a load balancer calls it (no login, plain http, no cookies)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check import checks
from health_check.exceptions import ServiceUnavailable

pytestmark = pytest.mark.django_db

URL = "/health/"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRETS = ["db-secret.internal", "10.1.2.3", "hunter2", "cxscan_user", "/srv/media"]
DATABASE_ERROR = (
    'connection to server at "db-secret.internal" (10.1.2.3), port 5432 failed: FATAL:  '
    'password authentication failed for user "cxscan_user" (password hunter2)'
)


def health(client, **headers):
    response = client.get(URL, {"format": "json"}, **headers)
    return response, json.loads(response.content)


def assert_no_secrets(response):
    for page in (response.content.decode(), *(str(v) for v in response.headers.values())):
        for secret in SECRETS:
            assert secret not in page


def test_health_reports_each_service_ok(client):
    response, body = health(client)
    assert response.status_code == 200
    assert body == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "Storage(alias='default')": "OK",
        "TaskQueue()": "OK",
        "ReportQueue()": "OK",
    }
    assert reverse("health") == URL


def test_health_answers_json_by_accept_header_and_html_by_default(client):
    assert client.get(URL, HTTP_ACCEPT="application/json").json()["TaskQueue()"] == "OK"
    page = client.get(URL)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "System status" in page.content.decode()


def test_health_needs_no_login_and_sets_no_cookie(client):
    for accept in ("text/html", "application/json", "text/plain"):
        response = client.get(URL, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert not response.cookies
        assert "no-store" in response["Cache-Control"]


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(URL).status_code == 200
    assert client.get("/").status_code == 301  # every other page is


def test_health_refuses_a_host_outside_allowed_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["scan.example.com"]
    assert client.get(URL, HTTP_HOST="10.0.0.7").status_code == 400
    assert client.get(URL, HTTP_HOST="scan.example.com").status_code == 200


def test_health_hides_database_errors(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError(DATABASE_ERROR)

    monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", refuse)
    response, body = health(client)
    assert response.status_code == 500
    assert body["Database(alias='default')"] == "Unavailable: The database does not answer."
    assert body["TaskQueue()"] == "Unavailable: The task queue cannot be read."
    assert_no_secrets(response)
    for accept in ("text/html", "text/plain"):
        page = client.get(URL, HTTP_ACCEPT=accept)
        assert page.status_code == 500
        assert_no_secrets(page)


def test_the_librarys_own_database_check_would_name_the_server(monkeypatch):
    """Why cxscan/health.py wraps the checks: the library passes part of the error on."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("failed to resolve host 'db-secret.internal'")

    monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", refuse)
    with pytest.raises(ServiceUnavailable, match=r"db-secret\.internal"):
        checks.Database().run()


class BrokenCache(LocMemCache):
    def set(self, *args, **kwargs):
        raise ConnectionError("redis://:hunter2@db-secret.internal:6379/0 refused")


def test_health_hides_cache_errors(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_health.BrokenCache"}}
    response, body = health(client)
    assert response.status_code == 500
    assert body["Cache(alias='default')"] == "Unavailable: The cache does not answer."
    assert body["Database(alias='default')"] == "OK"
    assert_no_secrets(response)


def test_health_hides_storage_errors(client, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def refuse(self, name, content, max_length=None):
        raise PermissionError(f"[Errno 13] Permission denied: '/srv/media/{name}'")

    monkeypatch.setattr(FileSystemStorage, "save", refuse)
    response, body = health(client)
    assert response.status_code == 500
    assert body["Storage(alias='default')"] == "Unavailable: The file storage does not work."
    assert_no_secrets(response)


def test_health_storage_check_leaves_no_file(client, settings):
    assert health(client)[0].status_code == 200
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


@task
def render_something(scan_id: int, language: str) -> None:
    pass


def waiting_task(enqueued_ago: timedelta, run_after=None) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        task_path="tests.test_health.render_something",
        args_kwargs={"args": [], "kwargs": {"scan_id": 7, "language": "secret-argument"}},
        backend_name="default",
        run_after=run_after,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - enqueued_ago)
    return result


def test_health_fails_when_the_oldest_task_waits_too_long(client, settings):
    settings.CXSCAN_HEALTH_TASK_WAIT = 300
    with time_machine.travel(NOW, tick=False):
        waiting_task(timedelta(seconds=300))
        assert health(client)[0].status_code == 200

        waiting_task(timedelta(minutes=12))
        response, body = health(client)
    assert response.status_code == 500
    assert body["TaskQueue()"] == (
        "Unavailable: The oldest waiting task has waited 720 s (more than 300 s): "
        "is a db_worker running?"
    )
    assert "secret-argument" not in response.content.decode()


def test_health_counts_waiting_from_when_a_task_became_due(client, settings):
    settings.CXSCAN_HEALTH_TASK_WAIT = 300
    # Enqueued an hour ago to run a minute ago: it has waited a minute.
    waiting_task(timedelta(hours=1), run_after=timezone.now() - timedelta(minutes=1))
    # Not due for another hour: not waiting at all.
    waiting_task(timedelta(hours=2), run_after=timezone.now() + timedelta(hours=1))
    assert health(client)[0].status_code == 200


def test_health_ignores_tasks_that_run_or_ran(client):
    for status in ("RUNNING", "SUCCESSFUL", "FAILED"):
        result = waiting_task(timedelta(hours=1))
        DBTaskResult.objects.filter(pk=result.pk).update(status=status)
    assert health(client)[0].status_code == 200


def test_health_sees_a_task_enqueued_with_the_database_backend(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CXSCAN_HEALTH_TASK_WAIT = 0
    render_something.enqueue(scan_id=7, language="nl")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=5))
    assert health(client)[0].status_code == 500


def test_health_web_leaves_the_queue_out(client, settings):
    """For a load balancer that should keep serving pages while reports wait."""
    settings.CXSCAN_HEALTH_TASK_WAIT = 300
    waiting_task(timedelta(minutes=12))
    assert health(client)[0].status_code == 500
    response = client.get("/health/web/?format=json")
    assert response.status_code == 200
    assert sorted(name.split("(")[0] for name in response.json()) == [
        "Cache",
        "Database",
        "Storage",
    ]


def test_health_fails_when_a_report_waits_too_long_for_its_render(client, settings, scan):
    """A worker killed mid-render leaves its claim behind: the report waits, /health/ says so."""
    from reports.models import StoredReport
    from scoring import completion

    settings.CXSCAN_HEALTH_REPORT_WAIT = 120
    completion.complete(scan)  # the tests' tasks run at once: both reports are rendered
    assert health(client)[0].status_code == 200
    report = StoredReport.objects.get(scan=scan, language="nl")
    StoredReport.objects.filter(pk=report.pk).out_of_date(queued_at=None)
    assert health(client)[0].status_code == 200  # out of date, but nobody asked for it yet
    StoredReport.objects.filter(pk=report.pk).update(
        rendering_since=timezone.now() - timedelta(seconds=100), renderer="dead-worker"
    )
    assert health(client)[0].status_code == 200  # within the limit
    StoredReport.objects.filter(pk=report.pk).update(
        rendering_since=timezone.now() - timedelta(seconds=303)
    )
    response, body = health(client)
    assert response.status_code == 500
    assert body["ReportQueue()"] == (
        "Unavailable: A report has waited 303 s for its render (more than 120 s): "
        "is a db_worker running?"
    )
    assert client.get("/health/web/?format=json").status_code == 200  # pages are still served
