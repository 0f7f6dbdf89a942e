"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Never `playwright install` (it downloads a browser and fails on these machines): the tests use
the system's `chromium`. Without it they are skipped locally and fail in CI (CI=true), so a CI
image that lost its browser does not pass silently.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from tests import factories
from tests.helpers import CONTENT_ROWS

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HERE = Path(__file__).resolve().parent


def _is_browser_test(item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them last (after pytest-django's own ordering).

    Once Playwright's sync API has started, an event loop runs in this thread for the rest of
    the session, and Django then refuses ORM calls in any later test that is not a browser test.
    """
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=_is_browser_test)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Let browser tests use the ORM while Playwright's sync API keeps an event loop running.

    Their ORM calls are synchronous and safe. DJANGO_ALLOW_ASYNC_UNSAFE is set for the setup,
    call and teardown (the database flush) of each browser test only, not for the whole session:
    os.environ reaches every subprocess, and `check --deploy`, which tests/test_setup.py runs in
    a subprocess, rightly fails while it is set.
    """
    if not _is_browser_test(item):
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        reason = (
            "Browser tests need Debian's Chromium (`apt-get install -y chromium`); "
            "`chromium` is not on PATH. Do not run `playwright install`."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    # Dutch, as the app's users; a fixed viewport keeps layouts (and axe's results) stable, and
    # so does reduced motion: no colour transitions (Bootstrap's buttons fade for 0.15 s), so axe
    # never measures the contrast of a control halfway from one colour to the next.
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
    }


@pytest.fixture(scope="session")
def _plain_http():
    """Plain http for the live server, whose middleware is built once, when it starts.

    SecurityMiddleware reads SECURE_SSL_REDIRECT when it is created, and the session-scoped
    live server starts before any function-scoped `settings` change: without this it would
    redirect every request to https. Secure-only cookies would not come back over http either.
    """
    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
    )
    plain_http.enable()
    yield
    plain_http.disable()


@pytest.fixture(scope="session")
def live_server(_plain_http, live_server):
    return live_server


@pytest.fixture
def app(live_server, transactional_db, settings):
    """The live server with the checklist content and the consultant alice.

    `live_server` is transactional: the database is flushed after every test, so the content
    that the session loaded is gone by the next test and is put back here (the rows the session
    loaded: tests.helpers.ContentRows). Being committed,
    a completion here queues its reports for real: they wait in the dummy backend instead of
    being rendered at once (two PDFs, 2-3 s, that no page in these tests needs); a test that
    wants a report renders it as the worker would (tests.helpers.render_reports).
    """
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    CONTENT_ROWS.restore()
    return live_server, factories.user("alice", email="")
