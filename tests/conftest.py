"""Shared fixtures: the checklist content (loaded once per test database), personas, and a
server that records what is fetched from it (a PDF must fetch nothing from outside)."""

import http.server
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from checklists.content import load_content
from tests import factories
from tests.helpers import CONTENT_ROWS

# No test has a time limit: Hypothesis's per-example deadline (200 ms) and its "too slow" health
# check fail the property tests on a busy machine (several test runs sharing two cores).
hypothesis_settings.register_profile(
    "cxscan", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("cxscan")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the full checklist content, loaded once (and kept to be
    put back quickly after a transactional test emptied the database: `content` below)."""
    with django_db_blocker.unblock():
        load_content()
        CONTENT_ROWS.take()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests talk plain http to the test client; production redirects to https.
    settings.SECURE_SSL_REDIRECT = False
    # Tests run without collectstatic, so there is no manifest of hashed names: plain static
    # files, as under DEBUG. tests/test_production.py covers the manifest after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A task runs at once, inside the call that enqueues it (on commit: the receivers wait for it).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Uploads (the logo) land in a folder of this test's own.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The cache outlives a test's rolled-back transaction: what it holds (the branding) would leak.
    cache.clear()
    # Each test starts in the default language. A request through the test client runs in the
    # test's own thread and leaves its language active there, so a test that read a translated
    # field (a statement) after an English request elsewhere in the same worker got English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def content():
    """The checklist content, also in a transactional test (which starts from an emptied
    database, but the first): the rows the session loaded, put back."""
    CONTENT_ROWS.restore()


@pytest.fixture
def admin_user(db):
    return factories.staff_user("ada")


@pytest.fixture
def consultant(db):
    """Alice: a consultant, an ordinary user with no staff rights."""
    return factories.user("alice")


@pytest.fixture
def colleague(db):
    """Bob: a consultant who shares Alice's client organisation."""
    return factories.user("bob")


@pytest.fixture
def outsider(db):
    """Charlie: a consultant with clients of his own, none of Alice's."""
    return factories.user("charlie")


@pytest.fixture
def organisation(consultant, colleague):
    return factories.organisation(
        "Acme Retail", sector="Retail", consultants=[consultant, colleague]
    )


@pytest.fixture
def scan(organisation, consultant):
    return factories.scan(organisation, title="Scan 2026", created_by=consultant)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def completed_scan(scan):
    """Alice's scan with one statement answered, completed (its results frozen)."""
    factories.answer(scan, "purpose-01", 3)
    return factories.complete(scan)


@pytest.fixture
def alice(client, consultant):
    """Alice's browser: logged in, reading English (the language cookie)."""
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english_scan(scan):
    """Alice's scan, in English: its pages and report open in English."""
    scan.language = "en"
    scan.save()
    return scan


@pytest.fixture
def english(settings):
    """English everywhere: the site's default language (what a request without a choice gets,
    the admin's messages) and the test's own thread (forms, messages built outside a request).
    A module in English throughout: `pytestmark = pytest.mark.usefixtures("english")`."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with an empty image and notes the path it was asked for."""

    requests: list[str] = []

    def do_GET(self):
        RecordingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server():
    """The base URL of a local server; `RecordingHandler.requests` lists what reached it."""
    RecordingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def world(scan, consultant):
    """One client with one of everything (tests/world.py)."""
    from tests.world import make_world

    return make_world(scan, consultant)


@pytest.fixture
def clock():
    """Time stands still (at Clock.START) until the test shifts it."""
    import time_machine

    from tests.helpers import Clock

    with time_machine.travel(Clock.START, tick=False) as traveller:
        yield Clock(traveller)
