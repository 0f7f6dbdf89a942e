"""The API's OpenAPI schema tells the truth: schemathesis generates requests from it (valid ones
and invalid ones) and checks that every answer is documented, with the body the schema says.

The schema is the one the API serves (`/api/v1/openapi.json`), the requests go to the app in
this process (WSGI) on the test database, with a real token. Bounded and reproducible: a fixed
number of examples per operation, derandomised.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import ApiToken, hash_secret
from api.v1 import api
from checklists.models import Answer, Item

API = "/api/v1"

# Positive and negative examples per operation (the coverage phase adds its boundary cases).
EXAMPLES = 20

# Known to the test only: the test makes Alice a token with it.
SECRET = "cxs_schemathesis-" + "0" * 40

CONFIG = schemathesis.Config.from_dict(
    {
        "auth": {"openapi": {"BearerToken": {"bearer": SECRET}}},
        "seed": 22,
        # The API ignores query parameters it does not know (as most APIs do): not generated.
        "generation": {
            "deterministic": True,
            "max-examples": EXAMPLES,
            "allow-extra-parameters": False,
        },
        # Each operation on its own (no sequences of calls). Every check runs but the response
        # time: above all no 5xx, and no status, content type, body or header the schema does
        # not document.
        "phases": {"stateful": {"enabled": False}},
    }
)


def served_schema() -> dict:
    """What `/api/v1/openapi.json` serves (a test below checks that it is the same)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


# Loaded when the tests are collected, as parametrize needs the operations then.
schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)


def in_process(environ, start_response):
    """The project's WSGI app as Django's test client runs it: the middleware made for each
    request, so the test's settings (plain http) hold, and the database connection left open
    at the end of the request (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return WSGIHandler()(environ, start_response)


schema.app = in_process


@pytest.fixture(autouse=True)
def close_connections_again():
    """After the test, requests close old database connections again, as outside tests."""
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(consultant):
    """Alice's token, with the secret the schemathesis configuration sends."""
    return ApiToken.objects.create(
        user=consultant, name="schemathesis", key_hash=hash_secret(SECRET)
    )


def test_the_tested_schema_is_the_served_one(consultant):
    client = Client()
    client.force_login(consultant)
    assert client.get(f"{API}/openapi.json").json() == served_schema()


@schema.parametrize()
# The fixtures hold for every example: the API only reads.
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_of_the_api_is_in_its_schema(case, consultant, completed_scan):
    Answer.objects.get_or_create(
        scan=completed_scan, item=Item.objects.get(code="purpose-02"), defaults={"value": 1}
    )
    # A new token for each example: each starts with a full rate limit, so the examples test
    # what they were made for (the limit's own answer is tested below).
    ApiToken.objects.filter(key_hash=hash_secret(SECRET)).delete()
    ApiToken.objects.create(user=consultant, name="schemathesis", key_hash=hash_secret(SECRET))
    case.call_and_validate()


# --- each error, provoked on purpose --------------------------------------------------------

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
PATHS = list(served_schema()["paths"])


def call(path: str, scan, *, pk=None, auth: bool = True, **query) -> int:
    """Request the operation (for `scan` or its organisation) as schemathesis would, check the
    answer against the schema, and return its status."""
    operation = schema[path]["GET"]
    real = scan.pk if "/scans/" in path else scan.organisation_id
    case = operation.Case(
        path_parameters={"pk": real if pk is None else pk} if "{pk}" in path else {},
        query=query or None,
        headers={"Authorization": f"Bearer {SECRET}"} if auth else {},
    )
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    return response.status_code


@pytest.mark.parametrize("path", PATHS)
def test_each_error_is_answered_as_the_schema_documents_it(path, token, completed_scan):
    has_pk = "{pk}" in path
    assert call(path, completed_scan) == 200
    assert call(path, completed_scan, auth=False) == 401
    if has_pk:
        assert call(path, completed_scan, pk=0) == 422
        assert call(path, completed_scan, pk=2**63) == 422
        assert call(path, completed_scan, pk="abc") == 422
        assert call(path, completed_scan, pk=2**62) == 404
        assert call(path, completed_scan, pk=f"{completed_scan.pk}\x00") == 400
    if "/answers/" in path or not has_pk:  # the lists
        assert call(path, completed_scan, limit="abc") == 422
        assert call(path, completed_scan, offset=-1) == 422
        assert call(path, completed_scan, limit="1\x00") == 400
    if path == f"{API}/scans/":
        assert call(path, completed_scan, organisation=2**63) == 422
        assert call(path, completed_scan, organisation="\x00") == 400


def test_a_throttled_request_is_answered_as_the_schema_documents_it(client, token, completed_scan):
    for _ in range(1000):  # as many as it takes, whatever the rate
        response = client.get(PATHS[0], headers={"Authorization": f"Bearer {SECRET}"})
        if response.status_code == 429:
            break
    else:
        pytest.fail("no request was throttled")
    assert [call(path, completed_scan) for path in PATHS] == [429] * len(PATHS)
