"""Log lines: one per request (method, path, status, duration, user), one per background task
(name, status, duration, scan), secrets in paths masked, and LOG_FORMAT=json for every line."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.tasks import task
from django.urls import reverse

from api.models import ApiToken
from cxscan.logging import JsonFormatter, masked_path

pytestmark = pytest.mark.django_db

FIELDS = {"method", "path", "status", "duration_ms", "user"}


@pytest.fixture
def logged(caplog):
    """The records logged at INFO or above, after the request or task."""
    caplog.set_level(logging.INFO)
    return caplog


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "cxscan.requests"]


def test_a_request_gives_one_line_with_its_fields(client, logged):
    assert client.get("/", {"q": "query-secret"}).status_code == 200
    assert [record.name for record in logged.records] == ["cxscan.requests"]
    (line,) = logged.records
    assert line.levelname == "INFO"
    assert {name: getattr(line, name) for name in FIELDS - {"duration_ms"}} == {
        "method": "GET",
        "path": "/",
        "status": 200,
        "user": None,
    }
    assert line.duration_ms > 0
    assert line.getMessage().startswith("GET / 200 ")
    assert line.getMessage().endswith(" ms user=None")
    assert "query-secret" not in logged.text


def test_the_line_names_the_logged_in_user(consultant_client, consultant, logged):
    consultant_client.post(reverse("checklists:organisation_create"), {})
    (line,) = request_lines(logged)
    assert line.user == consultant.pk
    assert line.method == "POST"


def test_the_line_names_an_api_tokens_user(client, consultant, logged):
    secret = ApiToken.issue(consultant, "Reporting")[1]
    response = client.get("/api/v1/scans/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    (line,) = request_lines(logged)
    assert (line.path, line.user) == ("/api/v1/scans/", consultant.pk)


def test_an_error_page_is_one_line_too(client, logged):
    assert client.get("/no-such-page/").status_code == 404
    assert [(record.name, record.status) for record in logged.records] == [("cxscan.requests", 404)]


def test_health_checks_and_static_files_are_not_logged(client, logged):
    assert client.get("/health/").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get("/static/css/no-such-file.css").status_code == 404
    assert logged.records == []


@pytest.mark.parametrize(
    ("route", "args", "shown"),
    [
        ("reports:shared_results", ["tok-SECRET-123"], "/shared/…/"),
        ("reports:shared_report", ["tok-SECRET-123"], "/shared/…/report.pdf"),
        ("workshops:join", ["SECRETCD"], "/w/…/"),
        ("workshops:vote", ["SECRETCD", "purpose-01"], "/w/…/votes/purpose-01/"),
        (
            "account_reset_password_from_key",
            ["1", "tok-SECRET-123"],
            "/accounts/password/reset/key/…/",
        ),
        ("account_confirm_email", ["SECRET-key"], "/accounts/confirm-email/…/"),
    ],
)
def test_secrets_in_paths_are_masked(client, logged, route, args, shown):
    client.get(reverse(route, args=args))
    (line,) = request_lines(logged)
    assert line.path == shown
    assert "SECRET" not in logged.text


def test_mask_leaves_other_paths_alone():
    assert masked_path("/w/") == "/w/"
    assert masked_path("/scans/12/evidence/3/") == "/scans/12/evidence/3/"
    assert masked_path("/prefix/shared/abc/") == "/prefix/shared/…/"


def test_json_formatter_writes_one_object_with_the_fields(client, logged):
    client.get("/")
    (line,) = request_lines(logged)
    text = JsonFormatter().format(line)
    assert "\n" not in text
    entry = json.loads(text)
    assert set(entry) == {"timestamp", "level", "logger", "message", *FIELDS}
    assert entry["level"] == "INFO"
    assert entry["logger"] == "cxscan.requests"
    assert entry["path"] == "/"
    assert entry["user"] is None
    assert entry["timestamp"].endswith("+00:00")


def test_json_formatter_keeps_a_traceback_in_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed"
    assert "ValueError: boom" in entry["exception"]


LOG_SOME = """
import logging, django
django.setup()
logging.getLogger("cxscan.requests").info("request", extra={"status": 200})
logging.getLogger("django.request").error("Internal Server Error: %s", "/shared/tok-SECRET/")
logging.getLogger("django.request").warning("Not Found: %s", "/nothing/")
logging.getLogger("weasyprint").info("a layout step")
"""


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cxscan.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_log_format_json_makes_every_line_json_on_stdout():
    result = run_python(LOG_SOME, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(entry["logger"], entry["level"]) for entry in entries] == [
        ("cxscan.requests", "INFO"),
        ("django.request", "ERROR"),
    ]
    assert entries[0]["status"] == 200
    assert entries[1]["message"] == "Internal Server Error: /shared/…/"
    assert result.stderr == ""


def test_log_format_text_is_plain():
    result = run_python(LOG_SOME)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(" INFO cxscan.requests request")
    assert lines[1].endswith(" ERROR django.request Internal Server Error: /shared/…/")


def test_an_unknown_log_format_stops_the_start():
    result = run_python("import django; django.setup()", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT is text or json" in result.stderr


def test_gunicorns_own_lines_are_json_too():
    code = (
        "import logging, logging.config, runpy\n"
        "config = runpy.run_path('gunicorn.conf.py')['logconfig_dict']\n"
        "logging.config.dictConfig({'version': 1, 'disable_existing_loggers': False, **config})\n"
        "logging.getLogger('gunicorn.error').info('Booting worker with pid: %s', 42)\n"
    )
    result = run_python(code, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    (entry,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (entry["logger"], entry["message"]) == ("gunicorn.error", "Booting worker with pid: 42")
    plain = run_python(
        "import runpy; print('logconfig_dict' in runpy.run_path('gunicorn.conf.py'))", LOG_FORMAT=""
    )
    assert plain.stdout.strip() == "False"


@task
def render_sample(scan_id: int, language: str) -> str:
    return "rendered"


@task
def fail_sample(scan_id: int, language: str) -> None:
    raise RuntimeError("the renderer broke")


def task_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name.startswith(("cxscan", "django"))]


def test_a_task_gives_one_line_with_its_scan(logged):
    render_sample.enqueue(scan_id=42, language="secret-argument")
    (line,) = task_lines(logged)
    assert line.name == "cxscan.tasks"
    assert line.levelname == "INFO"
    assert (line.task, line.status, line.scan) == ("render_sample", "SUCCESSFUL", 42)
    assert line.duration_ms >= 0
    assert "secret-argument" not in logged.text
    entry = json.loads(JsonFormatter().format(line))
    assert {"task", "status", "duration_ms", "scan"} <= set(entry)
    assert "secret-argument" not in json.dumps(entry)


def test_a_failed_task_is_one_error_line_with_its_traceback(logged):
    fail_sample.enqueue(scan_id=42, language="nl")
    (line,) = task_lines(logged)
    assert (line.levelname, line.status, line.scan) == ("ERROR", "FAILED", 42)
    assert "RuntimeError: the renderer broke" in logged.text


def test_a_task_without_a_scan_logs_none(logged):
    render_sample.enqueue(42, "nl")  # positional: not read
    (line,) = task_lines(logged)
    assert line.scan is None


def test_a_view_that_never_reads_the_user_is_logged_with_the_sessions_user(
    consultant_client, consultant, logged, django_assert_max_num_queries
):
    """The JavaScript catalogue never looks at request.user: the line takes the id from the
    session rather than loading the user's row for the log alone."""
    with django_assert_max_num_queries(1):  # the session; not the user
        consultant_client.get(reverse("javascript-catalog"))
    (line,) = request_lines(logged)
    assert line.user == consultant.pk
