"""Bad input gets a 4xx, never a 500: NUL bytes, huge numbers, wrong methods, odd bodies.

The walker requests every URL of the project with each kind of bad input. On PostgreSQL a NUL
byte or an out-of-range integer that reaches the database raises an error (500), so running
this file with DATABASE_URL pointing at PostgreSQL (as CI does) is the real proof.
"""

import copy
import io
import json
from urllib.parse import quote, urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from allauth.account.forms import ChangePasswordForm, ReauthenticateForm, ResetPasswordKeyForm
from allauth.mfa.base.forms import AuthenticateForm
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken
from api.v1 import api
from checklists.forms import OrganisationForm, ScanForm, SearchForm, StaffOrganisationForm
from checklists.models import EvidenceFile, Item, Organisation, Scan
from cxscan.accounts import LoginForm, PasswordResetForm
from cxscan.handlers import WSGIHandler
from narrative.forms import NarrativeForm
from plans.forms import ImprovementActionForm, KpiBaselineForm
from plans.models import KpiBaseline
from privacy import exporter
from privacy.forms import DeleteAccountForm, EraseForm
from privacy.models import OrganisationExport
from reports.forms import ShareLinkForm
from reports.models import ShareLink
from scoring import completion
from tests import factories
from tests.helpers import (
    answers,
    area_url,
    autosave_url,
    checked,
    element,
    page_data,
    pdfs_not_drawn,
    text_of,
)

pytestmark = pytest.mark.django_db

HUGE = 2**70
NUL = "\x00"
ITEMS = ["purpose-01", "purpose-02"]


def plausible(world) -> dict[str, str]:
    """A sensible value for every field a view of ours reads: the forms' fields and the fields
    read by hand. The walker checks that this list keeps up with the forms."""
    data = {
        # The KPI baseline.
        **{f"nps_{value}": "1" for value in range(11)},
        **{f"ces_{value}": "1" for value in range(1, 8)},
        # CSAT as a known value instead of counts: one KPI, one way.
        **{f"csat_{value}": "" for value in range(1, 6)},
        **{f"{kpi}_value": "" for kpi in ("nps", "ces")},
        "csat_value": "78",
        **{f"{kpi}_period": "Q3 2026" for kpi in ("nps", "ces", "csat")},
        **{f"{kpi}_source": "Medallia" for kpi in ("nps", "ces", "csat")},
        "orders_with_contact": "5",
        "orders": "10",
        "roi_returns": "150.00",
        "roi_investment": "100.00",
        # Improvement actions (`item` is a pk here; the gap button posts a code, see below).
        "title": "Betaallink",
        "item": str(world["item_pk"]),
        "impact": "3",
        "effort": "3",
        "owner": "Finance",
        "due_date": "2026-06-01",
        "status": "planned",
        # Organisations and scans, search and paging.
        "name": "Bakkerij",
        "sector": "Retail",
        "size_band": "1-9",
        "consultants": str(world["consultant"]),
        "consultancy_choice": str(world["consultancy"]),
        "add_colleagues": "bob",
        "remove_colleagues": str(world["consultant"]),
        "language": "nl",
        "q": "Acme",
        "page": "1",
        # Logging in (never with a valid password: the walker's session must survive).
        "login": "alice",
        "username": "alice",
        "password": "wrong",
        "next": "/",
        # Changing and resetting a password.
        "email": "alice@example.com",
        "old_password": "wrong",
        "new_password1": "a-new-long-password",
        "new_password2": "a-new-long-password",
        "oldpassword": "wrong",
        "password1": "a-new-long-password",
        "password2": "a-new-long-password",
        # A second factor's code.
        "code": "123456",
        # The scan page and autosave.
        "go": "journey",
        # Evidence of a statement.
        "confidence": "low",
        "evidence": "Notulen",
        "evidence_link": "https://example.com/notulen",
        # The consultant's words on the results.
        "text": "Onze **woorden**.",
        # A share link: what its client sees and may download.
        "notes": "on",
        **{name: "on" for name in ("full_pdf", "summary_pdf", "deck", "document")},
        "downloads_chosen": "1",
    }
    for code in ITEMS:
        data |= {f"value-{code}": "4", f"note-{code}": "Zie beleid"}
        data |= {f"original-value-{code}": "", f"original-note-{code}": ""}
    return data


def forms():
    return [
        KpiBaselineForm(),
        ImprovementActionForm(),
        ScanForm(),
        OrganisationForm(user=None),
        StaffOrganisationForm(user=None),
        SearchForm(),
        LoginForm(),
        PasswordResetForm(),
        ResetPasswordKeyForm(),
        ChangePasswordForm(user=None),
        ReauthenticateForm(user=None),
        AuthenticateForm(user=None),
        EraseForm(organisation=None),
        DeleteAccountForm(user=None),
        NarrativeForm(),
        ShareLinkForm(),
    ]


def url_patterns(patterns=None, prefix="", outer=None, route=""):
    """(name with namespace, converters, route) of every URL pattern but the admin's own."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        # A regular-expression pattern (allauth's) has named groups instead of converters; an
        # include() may take parameters of its own (allauth's security keys: keys/<pk>/...).
        groups = getattr(entry.pattern, "regex", None)
        converters = (outer or {}) | (
            entry.pattern.converters
            or {name: None for name in (groups.groupindex if groups else {})}
        )
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from url_patterns(
                entry.url_patterns, namespace, converters, route + str(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name}", converters, route + str(entry.pattern)


@pytest.fixture
def world(consultant, scan):
    """The consultant's objects, for the parameters of the URLs."""
    answer = factories.answer(scan, "purpose-01", 2, note="ok")
    evidence = EvidenceFile(answer=answer, name="a.png", size=8, content_type="image/png")
    evidence.file.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    action = scan.actions.create(title="Betaallink", impact=3, effort=3)
    # It offers every download, so the walker reaches the deck and the document too.
    link = ShareLink.objects.create(scan=scan, created_by=consultant, deck=True, document=True)
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    workshop = factories.workshop(scan, created_by=consultant)
    export = OrganisationExport.objects.create(organisation=scan.organisation)
    exporter.make_export(export.pk)
    return {
        "consultant": consultant.pk,
        "consultancy": consultant.membership.consultancy_id,
        "item_pk": Item.objects.get(code="purpose-01").pk,
        "organisation": scan.organisation.pk,
        "pk": scan.pk,
        "area": "purpose",
        "kind": "area",  # the consultant's commentary on an area
        "item": "purpose-01",
        "action": action.pk,
        "link": link.pk,
        "token": link.token,
        "uidb64": "MQ",
        "name": "logo-0000.png",  # the branding logo's file name
        "code": workshop.code,
        "file": evidence.pk,
        "export": export.pk,
        # allauth: a password reset link's user and key, an e-mail confirmation's key.
        "uidb36": "1",
        "key": "no-such-key",
        "provider_id": "no-such-provider",  # an OpenID Connect identity provider
    }


def urls(world) -> list[str]:
    """Every URL with the consultant's objects, and with each parameter unknown or huge."""
    found = [reverse("admin:login")]
    for name, converters, route in url_patterns():
        if name.endswith("None"):  # unnamed (allauth's social login pages): no parameters
            assert not converters, route
            found.append(f"/{route}")
            continue
        real = {}
        for parameter in converters:
            if parameter == "pk" and name.startswith(("checklists:organisation", "privacy:")):
                real[parameter] = world["organisation"]
            else:
                real[parameter] = world[parameter]  # a new parameter? Give it a real value.
        found.append(reverse(name, kwargs=real))
        for parameter, converter in converters.items():
            if converter is None:
                bogus = "zzzz"  # matches the regular expressions of these patterns
            else:
                bogus = HUGE if converter.regex == "[0-9]+" else "no-such-thing"
            found.append(reverse(name, kwargs=real | {parameter: bogus}))
    return found


def bad_requests(client, url, fields):
    """(description, response) for each kind of bad request to `url`."""
    with_nul = {name: f"x{NUL}y" for name in fields} | {f"extra{NUL}": "1", "extra": NUL}
    huge = {name: str(HUGE) for name in fields} | {"extra": str(-HUGE)}
    # Huge numbers where numbers go, the rest sensible: no other error hides an overflow.
    huge_integers = {
        name: str(HUGE) if value.isdigit() else value for name, value in fields.items()
    } | {"item": "purpose-01"}
    huge_decimals = fields | {"roi_returns": str(HUGE), "roi_investment": f"{HUGE}.5"}
    form = "application/x-www-form-urlencoded"
    yield "GET", client.get(url)
    yield "HEAD", client.head(url)
    yield "GET ?NUL", client.get(f"{url}?q=%00&page=%00&language=%00&next=%00&%00=1")
    yield "GET ?huge", client.get(url, {"q": HUGE, "page": HUGE, "language": HUGE, "p": HUGE})
    yield "POST NUL", client.post(url, with_nul)
    yield "POST huge", client.post(url, huge)
    yield "POST huge integers", client.post(url, huge_integers)
    yield "POST huge decimals", client.post(url, huge_decimals)
    yield "POST plausible", client.post(url, fields)
    yield "POST gap", client.post(url, {"item": "purpose-01"})
    yield "POST empty", client.post(url)
    for method in ["PUT", "DELETE", "PATCH", "BREW", "OPTIONS"]:
        yield method, client.generic(method, url, "item=purpose-01&go=%00", form)
    yield "POST json", client.post(url, json.dumps(with_nul), "application/json")
    garbage = "multipart/form-data; boundary=xyz"
    yield "POST multipart garbage", client.post(url, b"--xyz\r\ngarbage\x00\r\n--", garbage)
    no_boundary = "multipart/form-data"
    yield "POST multipart without boundary", client.post(url, b"garbage", no_boundary)


def test_the_walker_posts_every_field_of_every_form(world):
    fields = plausible(world)
    assert {name for form in forms() for name in form.fields} <= set(fields)


@pytest.fixture
def undrawn():
    """ "Render it now" (POST on the report) and the open scan's draft (GET) would draw a real PDF
    for each of their bad requests, the same PDF each time, 1-2 s each; what is checked here is
    how the input is handled (the report's HTML is still made), not WeasyPrint."""
    with pdfs_not_drawn():
        yield


@pytest.mark.parametrize("persona", ["anonymous", "consultant"])
@pytest.mark.usefixtures("undrawn")
def test_no_url_answers_bad_input_with_a_server_error(world, consultant, persona):
    client = Client(raise_request_exception=False)
    if persona == "consultant":
        client.force_login(consultant)
    fields = plausible(world)
    errors, requests = [], 0
    for url in urls(world):
        for description, response in _one_by_one(client, bad_requests(client, url, fields)):
            requests += 1
            if response.status_code >= 500:
                errors.append(f"{description} {url}: {response.status_code}")
            elif "NUL" in description and response.status_code != 400:
                errors.append(f"{description} {url}: {response.status_code}, not 400")
    assert requests > 500
    assert not errors, "\n".join(errors)


def _one_by_one(client, requests):
    """Every request starts from the same data and session: an earlier POST may have completed
    the scan, deleted the action or logged out, and a database error in one request must not
    spoil the transaction for the next."""
    cookies = copy.deepcopy(client.cookies)
    while True:
        with transaction.atomic():
            try:
                item = next(requests)
            except StopIteration:
                return
            transaction.set_rollback(True)
        client.cookies = copy.deepcopy(cookies)
        yield item


# Bad values for the API's ids, filters and pages: each must be refused as its schema says.
API_BAD_VALUES = [
    NUL,
    f"1{NUL}",
    str(HUGE),
    str(-HUGE),
    str(2**63),
    str(2**31),
    "0",
    "-1",
    "abc",
    "1.5",
    "1e3",
    "",
    " ",
    "true",
    "null",
    "[1]",
    "\uffff",
    "١",  # an Arabic-Indic digit one
    "9" * 5000,
]


def test_the_api_answers_bad_input_only_with_the_errors_its_schema_documents(world, consultant):
    """Every operation of the API, with a valid token, each path and query parameter bad in
    each way, and without a valid token: never a 5xx (PostgreSQL refuses a NUL or an
    out-of-range id that reaches it), only statuses the operation documents, 400 for a NUL."""
    secret = ApiToken.issue(consultant, "Walker")[1]
    client = Client(raise_request_exception=False)
    errors, requests = [], 0
    for path, operations in api.get_openapi_schema()["paths"].items():
        operation = operations["get"]
        documented = {int(status) for status in operation["responses"]}
        real = world["pk"] if "/scans/" in path else world["organisation"]
        queries = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        cases = [(path.format(pk=real), {}, f"Bearer {secret}")]
        cases += [(path.format(pk=real), {}, token) for token in ["", "Bearer cxs_x", NUL]]
        for value in API_BAD_VALUES:
            if "{pk}" in path:
                cases.append((path.format(pk=quote(value, safe="")), {}, f"Bearer {secret}"))
            for name in queries:
                cases.append((path.format(pk=real), {name: value}, f"Bearer {secret}"))
                cases.append((path.format(pk=real), {name: ["1", value]}, f"Bearer {secret}"))
        for url, query, authorization in cases:
            requests += 1
            response = client.get(url, query, headers={"Authorization": authorization})
            described = f"{url} {query} {authorization[:12]!r}: {response.status_code}"
            if response.status_code not in documented:
                errors.append(f"{described}, not one of {sorted(documented)}")
            elif NUL in f"{url}{query}" and response.status_code != 400:
                errors.append(f"{described}, not 400")
    assert requests > 300
    assert not errors, "\n".join(errors)


# Foreign charsets and over-long credentials, sent as a browser sends a form: with the CSRF
# cookie and header, so that Django's CSRF check reads the body too (as it does for real).

CSRF_TOKEN = "k" * 32
LONG = 300  # beyond the lockout record's 255 characters and the user's 150
FOREIGN_CHARSETS = ["utf-16", "latin-1"]


def long_credentials() -> dict[str, str]:
    password = "p" * 10_000
    return {
        "login": "u" * LONG,
        "username": "u" * LONG,
        "password": password,
        "email": f"{'e' * LONG}@example.com",
        "old_password": password,
        "new_password1": password,
        "new_password2": password,
        "oldpassword": password,
        "password1": password,
        "password2": password,
    }


def multipart(fields: dict[str, str], charset: str, boundary: str = "xyz") -> bytes:
    """A multipart body whose fields each say they are in `charset`, and are."""
    parts = []
    for name, value in fields.items():
        encoded = value.encode(charset)
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: text/plain; charset={charset}\r\n\r\n".encode()
            + encoded
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def foreign_requests(client, url, fields):
    """(description, response) for each request in a foreign charset or with long credentials."""
    headers = {"X-CSRFToken": CSRF_TOKEN, "accept-language": "en"}
    urlencoded = urlencode(fields)
    for charset in FOREIGN_CHARSETS:
        body = urlencoded.encode(charset)
        content_type = f"application/x-www-form-urlencoded; charset={charset}"
        yield f"POST {charset}", client.generic("POST", url, body, content_type, headers=headers)
        content_type = f"text/plain; charset={charset}"  # the query string is read with it too
        yield (
            f"GET {charset}",
            client.get(url, {"q": "Acme"}, headers=headers, CONTENT_TYPE=content_type),
        )
        content_type = f"multipart/form-data; boundary=xyz; charset={charset}"
        body = multipart(fields, charset)
        yield (
            f"POST multipart {charset}",
            client.generic("POST", url, body, content_type, headers=headers),
        )
        # Only the parts say so: Django reads parts as UTF-8 whatever they say.
        yield (
            f"POST parts in {charset}",
            client.generic("POST", url, body, "multipart/form-data; boundary=xyz", headers=headers),
        )
    long = fields | long_credentials()
    yield "POST long credentials", client.post(url, long, headers=headers)
    yield (
        "POST long credentials urlencoded",
        client.post(url, urlencode(long), "application/x-www-form-urlencoded", headers=headers),
    )


@pytest.mark.parametrize("persona", ["anonymous", "consultant"])
@pytest.mark.usefixtures("undrawn")
def test_no_url_answers_a_foreign_charset_or_long_credentials_with_a_server_error(
    world, consultant, persona
):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_TOKEN
    if persona == "consultant":
        client.force_login(consultant)
    fields = plausible(world)
    # A charset the request gives itself is refused; one given by the parts is not read.
    refused = {
        f"{kind} {charset}"
        for kind in ["POST", "POST multipart", "GET"]
        for charset in FOREIGN_CHARSETS
    }
    errors, requests = [], 0
    for url in urls(world):
        for description, response in _one_by_one(client, foreign_requests(client, url, fields)):
            requests += 1
            if response.status_code >= 500:
                errors.append(f"{description} {url}: {response.status_code}")
            elif description in refused and (
                response.status_code != 400 or FOREIGN_SENTENCE not in response.text
            ):
                errors.append(f"{description} {url}: {response.status_code}, not refused")
    assert requests > 500
    assert not errors, "\n".join(errors)


FOREIGN_SENTENCE = "this site reads only UTF-8"


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("content_type", "sentence"),
    [
        (f"{FORM}; charset=base64", FOREIGN_SENTENCE),
        (f"{FORM}; charset=rot13", FOREIGN_SENTENCE),
        (f"{FORM}; charset=hex", FOREIGN_SENTENCE),
        (f"{FORM}; charset*=klingon''utf-8", "This request could not be read"),
        (f"{FORM}; charset=utf-8; x={'x' * 10_000}", "This request could not be read"),
    ],
    ids=["base64", "rot13", "hex", "rfc2231-unknown", "too-long"],
)
def test_a_content_type_django_cannot_build_a_request_for_is_refused_on_every_url(
    world, content_type, sentence
):
    """Django's own request fails while it is built for these, before any middleware, so this
    goes through the project's WSGI handler (as gunicorn does), not the test client."""
    handler = WSGIHandler()
    errors, status = [], []
    for url in urls(world):
        for method in ["GET", "POST"]:
            body = b"username=alice&password=wrong"
            environ = {
                "REQUEST_METHOD": method,
                "PATH_INFO": url,
                "QUERY_STRING": "q=Acme",
                "CONTENT_TYPE": content_type,
                "CONTENT_LENGTH": str(len(body)),
                "HTTP_HOST": "testserver",
                "HTTP_ACCEPT_LANGUAGE": "en",
                "wsgi.input": io.BytesIO(body),
            }
            setup_testing_defaults(environ)
            status.clear()
            text = b"".join(handler(environ, lambda code, headers: status.append(code)))
            if not status[0].startswith("400") or sentence.encode() not in text:
                errors.append(f"{method} {url}: {status[0]}")
    assert not errors, "\n".join(errors)


def test_a_body_django_cannot_parse_is_answered_with_a_sentence(client):
    """Django's own 400 page says only "Bad Request (400)"."""
    for url in [reverse("login"), reverse("workshops:enter")]:
        response = client.post(
            url, b"garbage", "multipart/form-data", headers={"accept-language": "en"}
        )
        assert response.status_code == 400
        assert response.text == (
            "This request could not be read, so nothing was saved. Reload the page and try again."
        )


# The specific cases the security probe found


def nul_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "null character" in response.text


def test_nul_in_an_autosaved_note_is_refused_and_nothing_saved(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2, note="ok")
    client.force_login(consultant)
    response = client.post(
        reverse("checklists:autosave", args=[scan.pk, "purpose-01"]),
        {"note-purpose-01": f"Zie{NUL}beleid", "value-purpose-01": "4"},
        headers={"accept-language": "en", "hx-request": "true"},
    )
    nul_refused(response)
    assert list(scan.answers.values_list("value", "note")) == [(2, "ok")]


@pytest.mark.parametrize(
    "fields",
    [{"note-purpose-02": f"Zie{NUL}beleid"}, {"go": f"journey{NUL}"}],
    ids=["note", "go"],
)
def test_nul_in_a_page_save_is_refused_and_nothing_saved(client, consultant, scan, fields):
    client.force_login(consultant)
    data = {"value-purpose-01": "4", "original-value-purpose-01": ""} | fields
    response = client.post(
        reverse("checklists:scan_area", args=[scan.pk, "purpose"]),
        data,
        headers={"accept-language": "en"},
    )
    nul_refused(response)
    assert not scan.answers.exists()


def test_nul_in_the_gap_of_a_new_action_is_refused(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(
        reverse("plans:action_from_gap", args=[scan.pk]),
        {"item": f"purpose-01{NUL}"},
        headers={"accept-language": "en"},
    )
    nul_refused(response)
    assert not scan.actions.exists()


def test_nul_is_refused_in_the_query_string_and_on_the_login_pages(client):
    nul_refused(client.get(f"{reverse('home')}?q=%00", headers={"accept-language": "en"}))
    for url in [reverse("login"), reverse("admin:login")]:
        response = client.post(
            url, {"username": f"ada{NUL}", "password": "x"}, headers={"accept-language": "en"}
        )
        nul_refused(response)


def kpi_data(**values):
    data = {name: "" for name in KpiBaselineForm().fields}
    return data | {key: str(value) for key, value in values.items()}


AT_MOST_INT = "Zorg ervoor dat deze waarde hoogstens 2147483647 is."  # the site is in Dutch


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("orders_with_contact", {"orders_with_contact": 2**31, "orders": 10}, AT_MOST_INT),
        ("orders", {"orders_with_contact": 1, "orders": 2**31}, AT_MOST_INT),
        ("orders_with_contact", {"orders_with_contact": HUGE, "orders": 10}, AT_MOST_INT),
        ("nps_9", {"nps_9": 10**9 + 1}, "Zorg ervoor dat deze waarde hoogstens 1000000000 is."),
        ("roi_returns", {"roi_returns": HUGE, "roi_investment": 1}, "niet meer dan 14 cijfers"),
    ],
)
def test_kpi_numbers_beyond_what_the_database_holds_are_refused(
    client, consultant, scan, field, values, message
):
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    client.force_login(consultant)
    response = client.post(reverse("plans:kpi_baseline", args=[scan.pk]), kpi_data(**values))
    assert response.status_code == 400
    # The field's input is marked invalid and points to its error message.
    field_input = element(response.text, "input", id=f"id_{field}")
    assert field_input["aria-invalid"] == "true"
    assert "is-invalid" in field_input["class"].split()
    error = element(response.text, id=field_input["aria-describedby"])
    assert "invalid-feedback" in error["class"].split()
    assert message in text_of(response.text, field_input["aria-describedby"])
    baseline = KpiBaseline.objects.get(scan=scan)
    assert (baseline.orders_with_contact, baseline.orders, baseline.nps_counts) == (1, 10, None)


def test_the_largest_kpi_numbers_the_database_holds_are_saved(client, consultant, scan):
    client.force_login(consultant)
    values = {"orders_with_contact": 2**31 - 1, "orders": 2**31 - 1, "nps_9": 10**9}
    response = client.post(reverse("plans:kpi_baseline", args=[scan.pk]), kpi_data(**values))
    assert response.status_code == 302
    baseline = KpiBaseline.objects.get(scan=scan)
    assert (baseline.orders_with_contact, baseline.orders) == (2**31 - 1, 2**31 - 1)
    assert baseline.nps_counts[9] == 10**9


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("checklists:scan", ["pk"]),
        ("scoring:results", ["pk"]),
        ("scoring:export_json", ["pk"]),
        ("reports:report", ["pk"]),
        ("reports:report_status", ["pk"]),
        ("reports:export_xlsx", ["pk"]),
        ("reports:export_csv", ["pk"]),
        ("reports:shared_results", ["token"]),
        ("reports:shared_report", ["token"]),
        ("reports:shared_report_status", ["token"]),
        ("reports:shared_deck", ["token"]),
        ("reports:shared_document", ["token"]),
    ],
)
def test_read_only_pages_allow_only_get_and_head(client, consultant, world, name, args):
    completion.complete(Scan.objects.get(pk=world["pk"]))  # a share link shows completed scans
    client.force_login(consultant)
    url = reverse(name, args=[world[arg] for arg in args])
    # The consultant's report also takes POST: "render it now".
    writes = ["PUT", "DELETE", "PATCH", "BREW"] + ([] if name == "reports:report" else ["POST"])
    for method in writes:
        assert client.generic(method, url).status_code == 405, method
    # The report is not rendered yet (no worker ran): its page says it is being prepared.
    waiting = {"checklists:scan": 302, "reports:report": 202, "reports:shared_report": 202}
    assert client.head(url).status_code == waiting.get(name, 200)


def test_put_on_the_results_is_not_allowed(client, consultant, scan):
    client.force_login(consultant)
    response = client.put(reverse("scoring:results", args=[scan.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "url", ["checklists:organisation_create", "admin:checklists_organisation_add"]
)
def test_an_unknown_huge_consultant_id_is_a_form_error(admin_client, consultant, url):
    """Only staff choose consultants from a list: in the app and in the admin."""
    response = admin_client.post(
        reverse(url),
        {"name": "Bakkerij", "consultants": [str(consultant.pk), str(HUGE)]},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "is not a valid value" in response.text
    assert not Organisation.objects.exists()


# Bad answers on the scan pages


@pytest.mark.parametrize(
    ("code", "data", "status", "message"),
    [
        ("purpose-01", {"value-purpose-01": "7"}, 400, "is not on the answer scale"),
        ("purpose-01", {"value-purpose-01": "-1"}, 400, "is not on the answer scale"),
        ("purpose-01", {"note-purpose-01": "x" * 2001}, 400, "at most 2000 fit"),
        ("no-such-item", {"value-no-such-item": "1"}, 404, "does not exist"),
    ],
)
def test_bad_autosave_is_refused_with_a_message(
    client, consultant, scan, code, data, status, message
):
    factories.answer(scan, "purpose-01", 2, note="ok")
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page it answers, in English
    response = client.post(autosave_url(scan, code), data)
    assert response.status_code == status
    assert message in response.text
    assert answers(scan) == {"purpose-01": ("2", "ok")}


def test_autosave_of_an_inactive_item_is_refused(client, consultant, scan):
    Item.objects.filter(code="purpose-03").update(is_active=False)
    client.force_login(consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(autosave_url(scan, "purpose-03"), {"value-purpose-03": "1"})
    assert response.status_code == 404
    assert "no longer part of the scan" in response.text
    assert not scan.answers.exists()


def test_autosave_only_accepts_post(client, consultant, scan):
    client.force_login(consultant)
    assert client.get(autosave_url(scan, "purpose-01")).status_code == 405


def test_page_save_with_a_bad_value_saves_nothing_and_keeps_what_was_typed(
    client, consultant, scan
):
    client.force_login(consultant)
    data = page_data(
        scan,
        **{"value-purpose-01": "4", "value-purpose-02": "9", "note-purpose-03": "Mijn notitie"},
    )
    response = client.post(area_url(scan), data)
    assert response.status_code == 400
    assert "“9” staat niet op de antwoordschaal" in response.text  # the scan is in Dutch
    assert "Mijn notitie" in response.text
    assert checked(response.text, "value-purpose-01") == ["4"]
    assert not scan.answers.exists()
