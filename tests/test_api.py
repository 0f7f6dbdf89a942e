"""The read-only API (/api/v1/): tokens, who sees what, pages, the schema, limits, bad input."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.auth import RATE
from api.models import ApiToken
from checklists.models import Answer, EvidenceFile, Item, Organisation, Scan
from scoring.targets import save_targets
from tests import factories

API = "/api/v1"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def secret(consultant):
    """Alice's token."""
    return ApiToken.issue(consultant, "Reporting")[1]


@pytest.fixture
def outsider_secret(outsider):
    return ApiToken.issue(outsider, "Charlie's script")[1]


@pytest.fixture
def staff_secret(admin_user):
    return ApiToken.issue(admin_user, "Staff report")[1]


def get(client, path: str, secret: str, **params):
    return client.get(f"{API}{path}", params, headers=bearer(secret))


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer cxs_not-a-token"},
        {"Authorization": "Bearer " + "cxs_" + "x" * 5000},
        {"Authorization": "Token cxs_abc"},
        {"Authorization": "Basic YWxpY2U6cGFzc3dvcmQ="},
    ],
)
def test_a_request_without_a_valid_token_is_401_with_a_json_error(client, scan, headers):
    response = client.get(f"{API}/scans/", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_session_login_does_not_open_the_api(client, consultant, scan):
    client.force_login(consultant)
    assert client.get(f"{API}/scans/").status_code == 401


def test_a_revoked_token_is_401(client, consultant, scan, secret):
    assert get(client, "/scans/", secret).status_code == 200
    ApiToken.objects.get(user=consultant).revoke()
    assert get(client, "/scans/", secret).status_code == 401


def test_an_inactive_users_token_is_401(client, consultant, scan, secret):
    consultant.is_active = False
    consultant.save()
    assert get(client, "/scans/", secret).status_code == 401


def test_the_database_holds_no_secret(consultant):
    token, secret = ApiToken.issue(consultant, "Reporting")
    assert secret.startswith("cxs_") and len(secret) >= 40
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret[4:] not in str(value) for value in row.values())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert all(secret[4:] not in str(value) for value in cursor.fetchone())


def test_two_tokens_never_share_a_secret(consultant):
    secrets = {ApiToken.issue(consultant, f"t{n}")[1] for n in range(20)}
    assert len(secrets) == 20


def test_last_used_is_written_at_most_once_a_minute(client, consultant, scan, secret):
    token = ApiToken.objects.get(user=consultant)
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        get(client, "/scans/", secret)
        token.refresh_from_db()
        assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        with CaptureQueriesContext(connection) as queries:
            get(client, "/scans/", secret)
        assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
        token.refresh_from_db()
        assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        get(client, "/scans/", secret)
        token.refresh_from_db()
        assert token.last_used_at == start + timedelta(seconds=61)


# --- who sees what ----------------------------------------------------------------------------


def test_a_consultant_lists_only_their_own_organisations(
    client, organisation, outsider, secret, outsider_secret
):
    factories.organisation("Charlie's client", consultants=[outsider])
    names = [o["name"] for o in get(client, "/organisations/", secret).json()["items"]]
    assert names == ["Acme Retail"]
    names = [o["name"] for o in get(client, "/organisations/", outsider_secret).json()["items"]]
    assert names == ["Charlie's client"]


def test_staff_see_every_organisation(client, organisation, outsider, staff_secret):
    factories.organisation("Charlie's client", consultants=[outsider])
    page = get(client, "/organisations/", staff_secret).json()
    assert [o["name"] for o in page["items"]] == ["Acme Retail", "Charlie's client"]


@pytest.mark.parametrize(
    "path",
    ["/organisations/{org}/", "/scans/{scan}/", "/scans/{scan}/answers/", "/scans/{scan}/results/"],
)
def test_another_consultants_objects_are_404(client, completed_scan, outsider_secret, secret, path):
    url = path.format(org=completed_scan.organisation_id, scan=completed_scan.pk)
    response = get(client, url, outsider_secret)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert get(client, url, secret).status_code == 200


def test_objects_that_do_not_exist_are_404(client, secret, scan):
    assert get(client, "/scans/987654/", secret).status_code == 404
    assert get(client, "/organisations/987654/", secret).status_code == 404


def test_the_scan_list_hides_other_consultants_scans_and_filters_by_organisation(
    client, consultant, outsider, organisation, scan, secret
):
    other = factories.organisation("Beta Bank", consultants=[consultant])
    beta_scan = factories.scan(other, title="Beta 2026")
    hidden = factories.organisation("Charlie's client", consultants=[outsider])
    factories.scan(hidden, title="Hidden")

    everything = get(client, "/scans/", secret).json()
    assert {s["title"] for s in everything["items"]} == {"Scan 2026", "Beta 2026"}
    assert everything["count"] == 2
    only_beta = get(client, "/scans/", secret, organisation=other.pk).json()
    assert only_beta["items"] == [get(client, f"/scans/{beta_scan.pk}/", secret).json()]
    assert get(client, "/scans/", secret, organisation=hidden.pk).json()["count"] == 0


def test_a_scan_says_what_it_is(client, completed_scan, secret):
    body = get(client, f"/scans/{completed_scan.pk}/", secret).json()
    assert body["id"] == completed_scan.pk
    assert body["organisation"] == completed_scan.organisation_id
    assert body["title"] == "Scan 2026"
    assert body["status"] == "completed"
    assert body["language"] == "nl"
    assert body["completed_at"] is not None
    assert body["previous"] is None


# --- answers and results ----------------------------------------------------------------------


def test_answers_carry_codes_values_confidence_evidence_and_file_names(
    client, consultant, scan, secret
):
    answer = factories.answer(
        scan,
        "purpose-01",
        2,
        note="<script>alert(1)</script>",
        confidence=Answer.Confidence.LOW,
        evidence="Board minutes of March",
        evidence_link="https://intranet.example.com/minutes",
    )
    EvidenceFile.objects.create(
        answer=answer,
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        name="Board minutes.pdf",
        size=16,
        content_type="application/pdf",
    )
    ecosystem_item = Item.objects.filter(topic__isnull=False).first()
    factories.answer(scan, ecosystem_item, "na")

    items = get(client, f"/scans/{scan.pk}/answers/", secret).json()["items"]
    by_code = {item["item"]: item for item in items}
    assert by_code["purpose-01"] == {
        "item": "purpose-01",
        "area": "purpose",
        "topic": None,
        "pillar": answer.item.pillar.code,
        "value": 2,
        "not_applicable": False,
        "note": "<script>alert(1)</script>",  # JSON data, never HTML: the client escapes it
        "confidence": "low",
        "evidence": "Board minutes of March",
        "evidence_link": "https://intranet.example.com/minutes",
        "evidence_files": ["Board minutes.pdf"],
        "carried_over_from": None,
    }
    na = by_code[ecosystem_item.code]
    assert (na["value"], na["not_applicable"], na["confidence"]) == (None, True, None)
    assert na["topic"] == ecosystem_item.topic.code
    assert na["area"] == ecosystem_item.area.code


def test_results_are_what_score_scan_json_prints(client, completed_scan, secret):
    save_targets(completed_scan, {("area", "purpose"): 5})
    out = io.StringIO()
    call_command("score_scan", completed_scan.pk, "--json", stdout=out)
    printed = json.loads(out.getvalue())

    body = get(client, f"/scans/{completed_scan.pk}/results/", secret).json()
    assert body.pop("previous") is None
    assert body.pop("benchmark") is None  # no other organisation has a completed scan
    assert body.pop("narrative") == {"summary": "", "areas": {}, "pillars": {}}  # none written
    assert body == printed
    assert body["targets"]["areas"] == {"purpose": 5}
    assert body["areas"]["purpose"]["score"] == 75.0


def test_a_follow_ups_results_carry_the_previous_scans_scores(
    client, consultant, completed_scan, secret
):
    follow_up = factories.follow_up(completed_scan, title="Scan 2027", user=consultant)
    factories.answer(follow_up, "purpose-01", 4)

    body = get(client, f"/scans/{follow_up.pk}/results/", secret).json()
    assert body["areas"]["purpose"]["score"] == 100.0
    assert body["previous"]["scan"] == completed_scan.pk
    assert body["previous"]["areas"]["purpose"] == {"score": 75.0, "level": 4}
    assert get(client, f"/scans/{follow_up.pk}/", secret).json()["previous"] == completed_scan.pk


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def many_organisations(consultant):
    for n in range(25):
        factories.organisation(f"Client {n:02}", consultants=[consultant])


def test_lists_come_in_pages_that_link_to_each_other(client, many_organisations, secret):
    first = get(client, "/organisations/", secret, limit=10).json()
    assert (first["count"], first["limit"], first["offset"]) == (25, 10, 0)
    assert [o["name"] for o in first["items"]] == [f"Client {n:02}" for n in range(10)]
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{API}/organisations/?limit=10&offset=10"

    last = client.get(first["next"].replace("offset=10", "offset=20"), headers=bearer(secret))
    last = last.json()
    assert [o["name"] for o in last["items"]] == [f"Client {n:02}" for n in range(20, 25)]
    assert last["next"] is None
    assert last["previous"] == f"http://testserver{API}/organisations/?limit=10&offset=10"

    beyond = get(client, "/organisations/", secret, offset=500).json()
    assert (beyond["count"], beyond["items"], beyond["next"]) == (25, [], None)


def test_the_default_page_holds_20_and_filters_stay_in_the_links(
    client, consultant, organisation, secret
):
    for n in range(21):
        factories.scan(organisation, title=f"Scan {n}")
    page = get(client, "/scans/", secret, organisation=organisation.pk).json()
    assert (page["count"], len(page["items"]), page["limit"]) == (21, 20, 20)
    assert page["next"] == (
        f"http://testserver{API}/scans/?organisation={organisation.pk}&limit=20&offset=20"
    )
    assert [s["title"] for s in page["items"]][:2] == ["Scan 20", "Scan 19"]  # newest first


def make_scans(organisation, count: int) -> Scan:
    """`count` scans of the organisation; the last one has `count` answers with a file each."""
    items = list(Item.objects.active().order_by("position")[:count])
    for n in range(count):
        scan = factories.scan(organisation, title=f"Scan {n}")
    for answer in factories.answer_items(scan, items=items, value=1):
        EvidenceFile.objects.create(
            answer=answer,
            file=ContentFile(b"x", name="e.pdf"),
            name="e.pdf",
            size=1,
            content_type="application/pdf",
        )
    return scan


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/organisations/", 4),  # the token, the rate-limit count, the count, the page
        ("/scans/", 4),
        ("/scans/{scan}/answers/", 6),  # and the scan, and the answers' files
    ],
)
def test_a_page_takes_as_many_queries_for_20_objects_as_for_2(
    client, consultant, secret, path, expected
):
    def queries(count: int) -> int:
        organisation = factories.organisation(f"Org {count}", consultants=[consultant])
        for n in range(count - 1):
            factories.organisation(f"Org {count}-{n}", consultants=[consultant])
        scan = make_scans(organisation, count)
        url = path.format(scan=scan.pk)
        get(client, url, secret)  # the first request of the minute also writes last_used_at
        with CaptureQueriesContext(connection) as captured:
            response = get(client, url, secret, limit=100)
        assert response.status_code == 200
        return len(captured)

    few = queries(2)
    Organisation.objects.all().delete()
    many = queries(20)
    assert few == many == expected


# --- methods, content type, bad input --------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/organisations/", "/scans/", "/scans/{scan}/results/"])
def test_only_get_is_allowed(client, scan, secret, method, path):
    response = getattr(client, method)(f"{API}{path.format(scan=scan.pk)}", headers=bearer(secret))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert Scan.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=0",
        "limit=101",
        "limit=" + "9" * 30,
        "limit=abc",
        "limit=1.5",
        "offset=abc",
        "offset=-1",
        "offset=" + "9" * 30,
        "offset=%00",
        "organisation=abc",
        "organisation=0",
        "organisation=" + "9" * 30,
        "organisation=1%00",
        "limit=%EF%BF%BF",
    ],
)
def test_bad_parameters_are_refused_with_4xx(client, scan, secret, query):
    response = client.get(f"{API}/scans/?{query}", headers=bearer(secret))
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/scans/" + "9" * 30 + "/",
        "/scans/0/",
        "/scans/abc/",
        "/scans/1%00/",
        "/organisations/" + "9" * 30 + "/",
        "/scans/" + "9" * 30 + "/answers/",
        "/scans/-1/results/",
    ],
)
def test_bad_ids_are_refused_with_4xx(client, scan, secret, path):
    response = client.get(f"{API}{path}", headers=bearer(secret))
    assert 400 <= response.status_code < 500


def test_responses_are_json(client, completed_scan, secret):
    for path in ["/organisations/", "/scans/", f"/scans/{completed_scan.pk}/results/"]:
        response = get(client, path, secret)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        response.json()
    invalid = get(client, "/scans/", secret, limit="abc")
    assert invalid.status_code == 422
    assert invalid["Content-Type"] == "application/json; charset=utf-8"
    assert invalid.json()["detail"][0]["loc"] == ["query", "limit"]


# --- rate limit -------------------------------------------------------------------------------


def test_each_token_is_limited_to_120_requests_a_minute(client, consultant, scan, secret):
    assert RATE == "120/m"
    other = ApiToken.issue(consultant, "Second")[1]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(120):
            assert get(client, "/organisations/", secret).status_code == 200
        refused = get(client, "/organisations/", secret)
        assert refused.status_code == 429
        assert refused["Content-Type"] == "application/json; charset=utf-8"
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert "Retry-After" in refused.json()["detail"]
        assert get(client, "/organisations/", other).status_code == 200  # per token
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert get(client, "/organisations/", secret).status_code == 200


# --- schema and docs --------------------------------------------------------------------------


def test_the_schema_lists_every_endpoint_and_the_bearer_scheme(client, consultant):
    client.force_login(consultant)
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        f"{API}/organisations/",
        f"{API}/organisations/{{pk}}/",
        f"{API}/scans/",
        f"{API}/scans/{{pk}}/",
        f"{API}/scans/{{pk}}/answers/",
        f"{API}/scans/{{pk}}/results/",
    }
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    schemes = schema["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]
    parameters = {p["name"] for p in schema["paths"][f"{API}/scans/"]["get"]["parameters"]}
    assert parameters == {"organisation", "limit", "offset"}


def test_every_operation_documents_the_errors_it_answers(client, consultant):
    client.force_login(consultant)
    schema = client.get(f"{API}/openapi.json").json()
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        expected = {"200", "400", "401", "422", "429"} | ({"404"} if "{pk}" in path else set())
        assert set(responses) == expected, path
        for status in ["401", "404", "429"]:
            if status in responses:
                body = responses[status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}
        invalid = responses["422"]["content"]["application/json"]["schema"]
        assert invalid == {"$ref": "#/components/schemas/InvalidParameters"}
        assert responses["400"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
        assert "Retry-After" in responses["429"]["headers"]
        assert "WWW-Authenticate" in responses["401"]["headers"]


def test_the_docs_are_served_from_our_own_static_files(client, consultant):
    client.force_login(consultant)
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert '"validatorUrl": null' in html
    for name in ["swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"]:
        static = client.get(f"/static/ninja/{name}")
        assert static.status_code == 200
        static.close()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_schema_and_docs_need_a_login(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_schema_and_docs_only_answer_get(client, consultant, path):
    client.force_login(consultant)
    assert client.post(f"{API}{path}").status_code == 405


# --- the tokens page --------------------------------------------------------------------------

TOKENS = reverse("api:tokens")


def test_the_tokens_page_needs_a_login(client, consultant):
    response = client.get(TOKENS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(TOKENS, {"name": "Sneaky"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_header_links_to_the_tokens_page(client, consultant):
    client.force_login(consultant)
    assert f'href="{TOKENS}"' in client.get(reverse("home")).content.decode()


def test_a_new_token_is_shown_once_and_opens_the_api(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(TOKENS, {"name": "Power BI"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("cxs_")
    token = ApiToken.objects.get(user=consultant)
    assert token.name == "Power BI"

    assert get(client, "/scans/", secret).status_code == 200
    later = client.get(TOKENS).content.decode()
    assert "Power BI" in later
    assert secret not in later and secret[4:] not in later


def test_the_page_shows_created_last_used_and_revoked(client, consultant, scan, secret):
    get(client, "/scans/", secret)
    ApiToken.issue(consultant, "Old script")[0].revoke()
    used = ApiToken.objects.get(name="Reporting")
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = client.get(TOKENS).content.decode().split("<tr>")[2:]
    old_row, used_row = rows  # newest first
    assert "Old script" in old_row and "never" in old_row and "Revoked " in old_row
    assert "/revoke/" not in old_row
    assert "Reporting" in used_row and "never" not in used_row and "Revoked " not in used_row
    assert reverse("api:revoke", args=[used.pk]) in used_row


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 101}])
def test_a_bad_name_is_refused_and_makes_no_token(client, consultant, data):
    client.force_login(consultant)
    response = client.post(TOKENS, data)
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert 'id="new-token"' not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_name_with_script_is_escaped(client, consultant):
    client.force_login(consultant)
    client.post(TOKENS, {"name": "<script>alert(1)</script>"})
    html = client.get(TOKENS).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_user_has_at_most_20_active_tokens(client, consultant):
    for n in range(20):
        ApiToken.issue(consultant, f"t{n}")
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(TOKENS, {"name": "one more"})
    assert response.status_code == 400
    assert "Revoke one first" in response.content.decode()
    assert ApiToken.objects.count() == 20
    ApiToken.objects.first().revoke()
    assert client.post(TOKENS, {"name": "one more"}).status_code == 200
    assert ApiToken.objects.count() == 21


def test_creating_a_token_needs_the_csrf_token(consultant):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(consultant)
    assert strict.post(TOKENS, {"name": "Power BI"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token(client, consultant, scan, secret):
    token = ApiToken.objects.get(user=consultant)
    client.force_login(consultant)
    response = client.post(reverse("api:revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert get(client, "/scans/", secret).status_code == 401


def test_another_users_token_is_404_and_stays_active(client, outsider, secret, consultant):
    token = ApiToken.objects.get(user=consultant)
    client.force_login(outsider)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Reporting" not in client.get(TOKENS).content.decode()


def test_revoking_answers_only_post(client, consultant, secret):
    token = ApiToken.objects.get(user=consultant)
    client.force_login(consultant)
    assert client.get(reverse("api:revoke", args=[token.pk])).status_code == 405
    assert client.put(TOKENS).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


# --- the admin --------------------------------------------------------------------------------


def test_staff_revoke_any_token_in_the_admin(client, admin_user, consultant, secret):
    token = ApiToken.objects.get(user=consultant)
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    changelist = reverse("admin:api_apitoken_changelist")
    assert "Reporting" in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "1 token revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_admin_neither_shows_nor_edits_the_hash_and_makes_no_tokens(
    client, admin_user, consultant, secret
):
    token = ApiToken.objects.get(user=consultant)
    client.force_login(admin_user)
    change = reverse("admin:api_apitoken_change", args=[token.pk])
    html = client.get(change).content.decode()
    assert token.key_hash not in html
    client.post(change, {"name": "Renamed", "key_hash": "0" * 64})
    token.refresh_from_db()
    assert (token.name, token.key_hash) != ("Renamed", "0" * 64)
    assert token.name == "Reporting"
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403


def test_deleting_a_user_deletes_their_tokens(consultant, secret):
    get_user_model().objects.filter(pk=consultant.pk).delete()
    assert not ApiToken.objects.exists()
