"""The limits hold under parallel requests against the production stack: gunicorn with four
worker processes on the loopback, PostgreSQL, and a cache shared through the database
(bench/production.py starts it). 50 requests at once reach each limit; exactly the limit passes.
And one consultant's parallel report requests do not take the server processes: no stored
report is rendered in a request, and drafts are rendered one at a time per user.

PostgreSQL only: SQLite serialises every write and would hide a race. The SQLite pass of
`make test` deselects these tests on purpose (a skip with its reason); the PostgreSQL pass
(DATABASE_URL=postgres://…) runs them, in CI too.
"""

import http.cookiejar
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from api.auth import RATE
from api.models import ApiToken
from bench.production import gunicorn, server_environment
from cxscan.accounts import RESET_LIMIT_PER_EMAIL
from reports.models import StoredReport
from reports.stored import HURRY_PRIORITY
from tests import factories
from tests.helpers import CONTENT_ROWS
from workshops.limits import LIMITS

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…): SQLite hides races",
    ),
    pytest.mark.django_db(transaction=True),
]

PARALLEL = 50


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def server_key():
    return secrets.token_urlsafe(50)


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, server_key, tmp_path_factory):
    """gunicorn, 4 workers, on the test database, with the database cache; its base URL."""
    with django_db_blocker.unblock():
        call_command("createcachetable", "cxscan_cache")
        url = database_url()
    environment = {
        **server_environment(url),
        "SECRET_KEY": server_key,
        "CACHE_URL": "db://cxscan_cache",
    }
    logs = tmp_path_factory.mktemp("gunicorn")
    with gunicorn(environment, 4, logs / "error.log", logs / "access.log") as (base, _pid):
        yield base


def at_once(count: int, send) -> list:
    """`send(i)` from `count` threads released together; what each returned."""
    barrier = threading.Barrier(count)

    def released(i):
        barrier.wait()
        return send(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(released, range(count)))


def fetch(request: urllib.request.Request, opener=None) -> int:
    """The status of the answer, without following a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    handlers = [NoRedirect()]
    if opener is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(opener))
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_api_token_gets_exactly_its_rate(server, consultant):
    limit = int(RATE.split("/")[0])
    _token, secret = ApiToken.issue(consultant, "Parallel")

    def call(_i):
        headers = {"Authorization": f"Bearer {secret}"}
        return fetch(urllib.request.Request(f"{server}/api/v1/organisations/", headers=headers))

    statuses = []
    while len(statuses) < limit + PARALLEL // 2:  # rounds of 50 at once, past the limit
        statuses += at_once(PARALLEL, call)
    assert statuses.count(200) == limit
    assert statuses.count(429) == len(statuses) - limit


def test_unknown_workshop_codes_get_exactly_their_limit(server):
    def guess(i):
        return fetch(urllib.request.Request(f"{server}/w/ZZZZZZ{i % 10}Z/"))

    statuses = at_once(PARALLEL, guess)
    assert statuses.count(404) == LIMITS["code"]
    assert statuses.count(429) == PARALLEL - LIMITS["code"]


def test_password_reset_sends_exactly_its_limit_of_mails(server, consultant):
    cookies = http.cookiejar.CookieJar()
    form_url = f"{server}/accounts/password/reset/"
    with urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies)).open(
        form_url, timeout=60
    ) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": consultant.email}
    ).encode()

    def ask(_i):
        return fetch(urllib.request.Request(form_url, data=data), cookies)

    statuses = at_once(PARALLEL, ask)
    assert statuses == [302] * PARALLEL  # the same answer, limited or not
    mails = DBTaskResult.objects.filter(task_path="cxscan.accounts.send_password_reset")
    assert mails.count() == RESET_LIMIT_PER_EMAIL


def logged_in(user, server_key, settings) -> http.cookiejar.CookieJar:
    """A cookie jar with a session of `user` that the server accepts (its key signs it)."""
    settings.SECRET_KEY = server_key
    client = Client()
    client.force_login(user)
    jar = http.cookiejar.CookieJar()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    jar.set_cookie(
        http.cookiejar.Cookie(
            0, cookie.key, cookie.value, None, False, "127.0.0.1", False, False, "/", True,
            False, None, False, None, None, {},
        )
    )  # fmt: skip
    return jar


def test_render_it_now_by_one_user_renders_nothing_in_the_web_processes(
    server, server_key, settings, consultant, outsider
):
    """8 "render it now" at once by one consultant answer with the waiting page at once and put
    the render first in the queue; nothing is rendered by the web processes (no worker runs
    here, so nothing is rendered at all), and another consultant's scan page is served
    meanwhile."""
    CONTENT_ROWS.restore()  # transactional tests start from an emptied database
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    organisation = factories.organisation("Acme", sector="Retail", consultants=[consultant])
    scan = factories.scan(organisation, title="Scan", created_by=consultant)
    factories.answer(scan, "purpose-01", 3)
    factories.complete(scan)  # queues a render per language in the database queue
    others = factories.organisation("Other", sector="Retail", consultants=[outsider])
    other_scan = factories.scan(others, title="Other", created_by=outsider)

    alice = logged_in(consultant, server_key, settings)
    report_url = f"{server}{reverse('reports:report', args=[scan.pk])}?language=en"
    with urllib.request.build_opener(urllib.request.HTTPCookieProcessor(alice)).open(
        report_url, timeout=60
    ) as response:
        assert response.status == 202
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
    headers = {"Referer": report_url}
    bob = logged_in(outsider, server_key, settings)
    other_page = f"{server}{reverse('checklists:scan_area', args=[other_scan.pk, 'purpose'])}"

    def send(i):
        if i < 8:
            return fetch(urllib.request.Request(report_url, data=data, headers=headers), alice)
        return fetch(urllib.request.Request(other_page), bob)

    statuses = at_once(9, send)
    assert statuses == [202] * 8 + [200]
    assert not StoredReport.objects.filter(scan=scan, rendered_version__gt=0).exists()
    priorities = [
        task.priority
        for task in DBTaskResult.objects.ready()
        if task.args_kwargs["kwargs"] == {"scan_id": scan.pk, "language": "en"}
    ]
    assert HURRY_PRIORITY in priorities and len(priorities) <= 2


def test_parallel_drafts_by_one_user_render_one_at_a_time(server, server_key, settings, consultant):
    CONTENT_ROWS.restore()
    organisation = factories.organisation("Acme", sector="Retail", consultants=[consultant])
    scan = factories.scan(organisation, title="Open", created_by=consultant)
    alice = logged_in(consultant, server_key, settings)
    url = f"{server}{reverse('reports:report', args=[scan.pk])}?language=en"

    statuses = at_once(8, lambda _i: fetch(urllib.request.Request(url), alice))
    assert set(statuses) <= {200, 429}
    assert statuses.count(200) >= 1 and statuses.count(429) >= 1
