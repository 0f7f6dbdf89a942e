"""The limits hold under parallel requests against the production stack: gunicorn with four
worker processes on the loopback, PostgreSQL, and a cache shared through the database
(bench/production.py starts it). 50 requests at once reach each limit; exactly the limit passes.

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
from django_tasks_db.models import DBTaskResult

from api.auth import RATE
from api.models import ApiToken
from bench.production import gunicorn, server_environment
from cxscan.accounts import RESET_LIMIT_PER_EMAIL
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
    form_url = f"{server}/accounts/password_reset/"
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
