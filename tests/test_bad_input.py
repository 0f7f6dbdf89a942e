"""Bad input gets a 4xx, never a 500: NUL bytes, huge numbers, wrong methods, odd bodies.

The walker requests every URL of the project with each kind of bad input. On PostgreSQL a NUL
byte or an out-of-range integer that reaches the database raises an error (500), so running
this file with DATABASE_URL pointing at PostgreSQL (as CI does) is the real proof.
"""

import re

import pytest
from django.urls import reverse

from checklists.models import Answer, Item, Organisation
from scoring.forms import KpiBaselineForm
from scoring.models import KpiBaseline, ShareLink

pytestmark = pytest.mark.django_db

HUGE = 2**70
NUL = "\x00"
ITEMS = ["purpose-01", "purpose-02"]


@pytest.fixture
def world(consultant, scan):
    """The consultant's objects, for the parameters of the URLs."""
    Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-01"), value=2, note="ok")
    action = scan.actions.create(title="Betaallink", impact=3, effort=3)
    link = ShareLink.objects.create(scan=scan, created_by=consultant)
    KpiBaseline.objects.create(scan=scan, contacts=1, orders=10)
    return {
        "consultant": consultant.pk,
        "item_pk": Item.objects.get(code="purpose-01").pk,
        "organisation": scan.organisation.pk,
        "pk": scan.pk,
        "area": "purpose",
        "item": "purpose-01",
        "action": action.pk,
        "link": link.pk,
        "token": link.token,
    }


# The specific cases the security probe found


def nul_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "null character" in response.text


def test_nul_in_an_autosaved_note_is_refused_and_nothing_saved(client, consultant, scan):
    Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-01"), value=2, note="ok")
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
        reverse("scoring:action_from_gap", args=[scan.pk]),
        {"item": f"purpose-01{NUL}"},
        headers={"accept-language": "en"},
    )
    nul_refused(response)
    assert not scan.actions.exists()


def test_nul_is_refused_in_the_query_string_and_on_the_login_pages(client):
    nul_refused(
        client.get(f"{reverse('checklists:home')}?q=%00", headers={"accept-language": "en"})
    )
    for url in [reverse("login"), reverse("admin:login")]:
        response = client.post(
            url, {"username": f"ada{NUL}", "password": "x"}, headers={"accept-language": "en"}
        )
        nul_refused(response)


def kpi_data(**values):
    data = {name: "" for name in KpiBaselineForm().fields}
    return data | {key: str(value) for key, value in values.items()}


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("contacts", {"contacts": 2**31, "orders": 10}),
        ("orders", {"contacts": 1, "orders": 2**31}),
        ("contacts", {"contacts": HUGE, "orders": 10}),
        ("nps_9", {"nps_9": 10**9 + 1}),
        ("roi_returns", {"roi_returns": HUGE, "roi_investment": 1}),
    ],
)
def test_kpi_numbers_beyond_what_the_database_holds_are_refused(
    client, consultant, scan, field, values
):
    KpiBaseline.objects.create(scan=scan, contacts=1, orders=10)
    client.force_login(consultant)
    response = client.post(reverse("scoring:kpi_baseline", args=[scan.pk]), kpi_data(**values))
    assert response.status_code == 400
    # The error sits right under the field's input.
    error = rf'id="id_{field}"[^>]*>\s*(<div class="invalid-feedback d-block"[^>]*>[^<]+</div>)'
    assert re.search(error, response.text), response.text
    baseline = KpiBaseline.objects.get(scan=scan)
    assert (baseline.contacts, baseline.orders, baseline.nps_counts) == (1, 10, None)


def test_the_largest_kpi_numbers_the_database_holds_are_saved(client, consultant, scan):
    client.force_login(consultant)
    values = {"contacts": 2**31 - 1, "orders": 2**31 - 1, "nps_9": 10**9}
    response = client.post(reverse("scoring:kpi_baseline", args=[scan.pk]), kpi_data(**values))
    assert response.status_code == 302
    baseline = KpiBaseline.objects.get(scan=scan)
    assert (baseline.contacts, baseline.orders) == (2**31 - 1, 2**31 - 1)
    assert baseline.nps_counts[9] == 10**9


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("checklists:home", []),
        ("checklists:scan", ["pk"]),
        ("scoring:results", ["pk"]),
        ("scoring:export_json", ["pk"]),
        ("scoring:report", ["pk"]),
        ("scoring:shared_results", ["token"]),
        ("scoring:shared_report", ["token"]),
    ],
)
def test_read_only_pages_allow_only_get_and_head(client, consultant, world, name, args):
    client.force_login(consultant)
    url = reverse(name, args=[world[arg] for arg in args])
    for method in ["POST", "PUT", "DELETE", "PATCH", "BREW"]:
        assert client.generic(method, url).status_code == 405, method
    assert client.head(url).status_code == (302 if name == "checklists:scan" else 200)


def test_put_on_the_results_is_not_allowed(client, consultant, scan):
    client.force_login(consultant)
    response = client.put(reverse("scoring:results", args=[scan.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_an_unknown_huge_consultant_id_is_a_form_error(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("checklists:organisation_create"),
        {"name": "Bakkerij", "consultants": [str(consultant.pk), str(HUGE)]},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "is not a valid value" in response.text
    assert not Organisation.objects.exists()
