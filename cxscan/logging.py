"""Log lines for operations: one per request and one per background task, and the formatters.

`LOG_FORMAT=json` (settings.LOGGING) writes every record, Django's and gunicorn's too, as one JSON
object per line (timestamp, level, logger, message and the record's own fields) for a log
collector; otherwise plain text for a person.

Paths can hold secrets: a share link's token (`/shared/<token>/`) opens a client's results to
whoever has it, a workshop code (`/w/<code>/`) lets anyone join and vote, and a password reset
link (`/accounts/password/reset/key/<uid>-<key>/`) sets a password, and an e-mail confirmation
link (`/accounts/confirm-email/<key>/`) confirms an address. Logs are read by more people and kept
longer than these live, so those parts are written as `…`. Query strings are never logged.

Imported by gunicorn's configuration (gunicorn.conf.py) before Django is set up: module level
imports only what works without settings.
"""

import datetime
import json
import logging
import re
import sys
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.functional import empty

MASK = "…"
SECRET_IN_PATH = re.compile(
    r"(/shared/|/w/|/accounts/password/reset/key/|/accounts/confirm-email/)[^/]+"
)

HEALTH = {"health", "health_web"}  # the health checks' URL names: asked every few seconds

requests_logger = logging.getLogger("cxscan.requests")
tasks_logger = logging.getLogger("cxscan.tasks")


def masked_path(path: str) -> str:
    """The path with share tokens, workshop codes and password reset tokens replaced by `…`."""
    return SECRET_IN_PATH.sub(rf"\g<1>{MASK}", path)


class RequestLog:
    """One line per request: method, path (masked), status, duration in ms and the user's id
    (null when anonymous; for the API, the token's user). Not for static files or the health
    check, which a load balancer asks every few seconds.

    First in MIDDLEWARE, so the duration covers every other middleware. A streamed response (a
    file download) is counted until it starts, not until its last byte is sent.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not self.skipped(request):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = masked_path(request.path)
            user = user_id(request)
            requests_logger.info(
                "%s %s %s %.1f ms user=%s",
                request.method,
                path,
                response.status_code,
                duration_ms,
                user,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user": user,
                },
            )
        return response

    @staticmethod
    def skipped(request) -> bool:
        match = request.resolver_match  # None when no view was resolved (WhiteNoise, a 404)
        return (match is not None and match.url_name in HEALTH) or request.path.startswith(
            settings.STATIC_URL
        )


def user_id(request) -> int | None:
    """The logged-in user's id, or the API token's user's id; None when anonymous (or when the
    session cannot be read: the log line must never turn a response into an error).

    A view that never looked at `request.user` (the JavaScript catalogue, say) leaves it
    unloaded; the id then comes from the session, which costs no query for the user's row.
    """
    try:
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "_wrapped", None) is not empty:
            if user.is_authenticated:
                return user.pk
        elif (session := getattr(request, "session", None)) is not None and (
            value := session.get(SESSION_KEY)
        ) is not None:
            return int(value)
    except Exception:
        return None
    return getattr(getattr(request, "auth", None), "user_id", None)


def log_task_finished(sender, task_result, **kwargs) -> None:
    """One line per finished background task (a receiver of django.tasks' `task_finished`):
    its name, status, duration and the scan it worked on (`scan_id`), never other arguments.
    A failure is an error with its traceback (the signal is sent while the exception is handled).
    """
    failed = task_result.status == "FAILED"
    scan = task_result.kwargs.get("scan_id")
    if not isinstance(scan, int) or isinstance(scan, bool):
        scan = None
    duration_ms = None
    if task_result.started_at and task_result.finished_at:
        seconds = (task_result.finished_at - task_result.started_at).total_seconds()
        duration_ms = round(seconds * 1000, 1)
    exc_info = sys.exc_info() if failed and sys.exc_info()[0] else None
    tasks_logger.log(
        logging.ERROR if failed else logging.INFO,
        "task %s %s %s ms scan=%s",
        task_result.task.name,
        task_result.status,
        duration_ms,
        scan,
        exc_info=exc_info,
        extra={
            "task": task_result.task.name,
            "status": str(task_result.status),
            "duration_ms": duration_ms,
            "scan": scan,
        },
    )


class DropDjangoTaskLines(logging.Filter):
    """Django logs each task's start and end itself (`django.tasks`, "Task id=… path=…
    state=…"); our one line per task says that with the duration and the scan, so its lines are
    dropped. A filter rather than a level: `manage.py db_worker` sets that logger's level itself.
    Anything else that logger says passes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.funcName.startswith("log_task_")


class MaskSecretPaths(logging.Filter):
    """Masks share tokens, workshop codes and reset tokens in the arguments of any record, such
    as Django's "Internal Server Error: /shared/<token>/"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                masked_path(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


# What every LogRecord has; anything else on a record came from `extra=` (the fields).
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, the
    record's own fields when they are plain values (others, such as the request object Django
    attaches, are left out), and the traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str | int | float | bool | None] = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and isinstance(
                value, str | int | float | bool | type(None)
            ):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
