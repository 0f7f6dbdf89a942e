"""KPI baseline: a known NPS, CES or CSAT entered directly (with its period and source) instead of
the counts; the contact ratio as a share of orders; a clear message for every bad number."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.forms import KpiBaselineForm
from plans.models import KpiBaseline
from reports.report import render_report
from tests.helpers import element, flat, pdf_pages, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NUL = "\x00"


def kpi_url(scan):
    return reverse("plans:kpi_baseline", args=[scan.pk])


def kpi_data(**values):
    """What the KPI form posts: every field empty but the ones given."""
    data = {name: "" for name in KpiBaselineForm().fields}
    return data | {key: str(value) for key, value in values.items()}


def form(**values) -> KpiBaselineForm:
    return KpiBaselineForm(kpi_data(**values))


def field_error(response, field) -> str:
    """The error shown under one field, which its input is marked with and points to."""
    field_input = element(response.text, "input", id=f"id_{field}")
    assert field_input["aria-invalid"] == "true"
    return text_of(response.text, field_input["aria-describedby"])


KNOWN_NPS = {"nps_value": "32.5", "nps_period": "Q3 2026", "nps_source": "Medallia survey"}


# The form's rules


@pytest.mark.parametrize(
    ("kpi", "lowest", "highest", "below", "above"),
    [
        ("nps", "-100", "100", "-100.1", "100.1"),
        ("ces", "1", "7", "0.9", "7.1"),
        ("csat", "0", "100", "-0.1", "100.1"),
    ],
)
def test_a_known_value_is_accepted_within_its_range_only(kpi, lowest, highest, below, above):
    where = {f"{kpi}_period": "2026", f"{kpi}_source": "Survey"}
    for value in (lowest, highest):
        assert form(**{f"{kpi}_value": value}, **where).is_valid()
    ranges = {"nps": "−100 and 100", "ces": "1 and 7", "csat": "between 0 and 100."}
    for value in (below, above, "1e30", str(10**30)):
        refused = form(**{f"{kpi}_value": value}, **where)
        assert refused.errors == {f"{kpi}_value": [refused.errors[f"{kpi}_value"][0]]}
        assert ranges[kpi] in refused.errors[f"{kpi}_value"][0]


def test_a_known_value_has_one_decimal_at_most():
    assert form(**KNOWN_NPS).is_valid()
    refused = form(**KNOWN_NPS | {"nps_value": "32.55"})
    assert refused.errors == {"nps_value": ["Use at most one decimal."]}


def test_counts_and_a_known_value_for_one_kpi_are_refused_naming_the_kpi():
    refused = form(nps_9=3, nps_2=1, **KNOWN_NPS)
    assert refused.errors == {"nps_value": ["Enter the counts or a known NPS, not both."]}
    # Counts for one KPI and a known value for another are fine.
    assert form(nps_9=3, csat_value=80, csat_period="2026", csat_source="Survey").is_valid()


def test_a_known_value_says_when_and_where_it_was_measured():
    refused = form(ces_value="3.4")
    assert refused.errors == {
        "ces_period": ["Say when this CES was measured."],
        "ces_source": ["Say where this CES comes from."],
    }


def test_a_period_or_source_needs_a_value_or_counts():
    refused = form(csat_period="Q3 2026")
    assert refused.errors == {
        "csat_value": ["Enter the CSAT or its counts, or clear its period and source."]
    }
    # With counts, the period and source say when and where the survey was held.
    assert form(csat_5=4, csat_period="Q3 2026", csat_source="Survey").is_valid()


def test_period_and_source_are_short():
    refused = form(**KNOWN_NPS | {"nps_period": "x" * 41, "nps_source": "y" * 121})
    assert set(refused.errors) == {"nps_period", "nps_source"}
    assert "at most 40 characters" in refused.errors["nps_period"][0]


def test_orders_with_a_contact_cannot_exceed_the_orders():
    refused = form(orders_with_contact=150, orders=100)
    assert refused.errors == {
        "orders_with_contact": ["There cannot be more orders with a contact than orders."]
    }
    assert form(orders_with_contact=100, orders=100).is_valid()


# Every KPI field and bad input: a clear message, nothing saved, no server error

COUNT = ("This number cannot be negative.", "less than or equal to 1000000000", "whole number")
ORDERS = ("This number cannot be negative.", "less than or equal to 2147483647", "whole number")
AMOUNT = ("This number cannot be negative.", "no more than 14 digits", "Enter a number.")
VALUE = {
    "nps": ("An NPS lies between −100 and 100.",) * 2 + ("Enter a number.",),
    "ces": ("A CES lies between 1 and 7.",) * 2 + ("Enter a number.",),
    "csat": ("A CSAT is a percentage between 0 and 100.",) * 2 + ("Enter a number.",),
}
# What each field needs beside it so that only its own error shows.
COMPANIONS = {
    "orders_with_contact": {"orders": 10},
    "orders": {"orders_with_contact": 1},
    "roi_returns": {"roi_investment": 100},
    "roi_investment": {"roi_returns": 100},
    **{f"{kpi}_value": {f"{kpi}_period": "2026", f"{kpi}_source": "Survey"} for kpi in VALUE},
}
COUNTS = [f"nps_{i}" for i in range(11)] + [f"ces_{i}" for i in range(1, 8)]
COUNTS += [f"csat_{i}" for i in range(1, 6)]
NUMBER_FIELDS = {
    **dict.fromkeys(COUNTS, COUNT),
    "orders_with_contact": ORDERS,
    "orders": ORDERS,
    "roi_returns": AMOUNT,
    "roi_investment": AMOUNT,
    **{f"{kpi}_value": messages for kpi, messages in VALUE.items()},
}


def test_every_number_field_of_the_form_is_checked_here():
    texts = {f"{kpi}_{part}" for kpi in VALUE for part in ("period", "source")}
    assert set(KpiBaselineForm().fields) == set(NUMBER_FIELDS) | texts


@pytest.fixture
def saved(english_scan):
    """The scan's baseline as saved before the bad input: it must stay exactly so."""
    return KpiBaseline.objects.create(
        scan=english_scan, orders_with_contact=1, orders=10, nps_value=Decimal("12.0")
    )


def unchanged(baseline):
    fresh = KpiBaseline.objects.get(pk=baseline.pk)
    assert (fresh.orders_with_contact, fresh.orders, fresh.nps_value, fresh.csat_counts) == (
        1,
        10,
        Decimal("12.0"),
        None,
    )


@pytest.mark.parametrize("field", NUMBER_FIELDS)
@pytest.mark.parametrize(
    ("bad", "kind"), [("-101", 0), (str(10**30), 1), ("abc", 2), ("12,5,3", 2), ("1e", 2)]
)
def test_every_kpi_number_gives_a_clear_message_for_bad_input(
    client, consultant, saved, field, bad, kind
):
    client.force_login(consultant)
    data = kpi_data(**COMPANIONS.get(field, {})) | {field: bad}
    response = client.post(kpi_url(saved.scan), data)
    assert response.status_code == 400
    assert NUMBER_FIELDS[field][kind] in field_error(response, field)
    assert "Fill in both numbers" not in response.text
    unchanged(saved)


@pytest.mark.parametrize("field", [*NUMBER_FIELDS, "nps_period", "csat_source"])
def test_a_nul_byte_in_any_kpi_field_is_refused(client, consultant, saved, field):
    client.force_login(consultant)
    response = client.post(
        kpi_url(saved.scan),
        kpi_data(**{field: f"1{NUL}2"}),
        headers={"accept-language": "en"},  # refused before the scan's language is known
    )
    assert response.status_code == 400
    assert "null character" in response.text
    unchanged(saved)


def test_a_negative_investment_says_so_in_english_too(client, consultant, saved):
    client.force_login(consultant)
    response = client.post(kpi_url(saved.scan), kpi_data(roi_returns=1000, roi_investment=-50))
    assert response.status_code == 400
    assert field_error(response, "roi_investment") == "This number cannot be negative."
    assert "Fill in both" not in response.text
    unchanged(saved)


# The view


def test_a_known_value_is_saved_with_its_period_and_source(client, consultant, english_scan):
    client.force_login(consultant)
    response = client.post(kpi_url(english_scan), kpi_data(**KNOWN_NPS, ces_2=3))
    assert response.status_code == 302
    baseline = KpiBaseline.objects.get(scan=english_scan)
    assert (baseline.nps_value, baseline.nps_period, baseline.nps_source) == (
        Decimal("32.5"),
        "Q3 2026",
        "Medallia survey",
    )
    assert baseline.nps_counts is None and baseline.ces_counts == [0, 3, 0, 0, 0, 0, 0]
    # Opened again, the form shows what was saved.
    page = client.get(kpi_url(english_scan)).text
    assert element(page, "input", id="id_nps_value")["value"] == "32.5"
    assert element(page, "input", id="id_nps_source")["value"] == "Medallia survey"


def test_clearing_a_known_value_for_counts_replaces_it(client, consultant, saved):
    client.force_login(consultant)
    response = client.post(kpi_url(saved.scan), kpi_data(nps_9=2, nps_3=1))
    assert response.status_code == 302
    baseline = KpiBaseline.objects.get(pk=saved.pk)
    assert (baseline.nps_value, baseline.nps_counts) == (None, [0, 0, 0, 1] + [0] * 5 + [2, 0])


def test_the_form_keeps_what_was_typed_on_error_and_saves_nothing(client, consultant, saved):
    client.force_login(consultant)
    typed = {
        "nps_9": 3,
        "nps_value": "40.5",
        "nps_period": "Q2 2026",
        "nps_source": "Panel",
        "orders_with_contact": 150,
        "orders": 100,
    }
    response = client.post(kpi_url(saved.scan), kpi_data(**typed))
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    for name, value in typed.items():
        assert element(response.text, "input", id=f"id_{name}")["value"] == str(value)
    assert "not both" in field_error(response, "nps_value")
    assert "more orders with a contact" in field_error(response, "orders_with_contact")
    unchanged(saved)


# Where the KPIs are shown


@pytest.fixture
def known_values(scan):
    return KpiBaseline.objects.create(
        scan=scan,
        nps_value=Decimal("-12.5"),
        nps_period="Q3 2026",
        nps_source="Medallia survey",
        ces_counts=[0, 3, 0, 0, 1, 0, 0],
        ces_period="2026",
        csat_value=Decimal("50.3"),
        csat_period="Week 12",
        csat_source="NPS-panel",
        orders_with_contact=150,
        orders=1000,
    )


def test_the_results_page_shows_known_values_with_period_and_source(
    client, consultant, known_values
):
    scan = known_values.scan
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[scan.pk])).text  # in Dutch, the default
    assert "-12,5" in page and "50,3%" in page
    assert "Q3 2026 · " in page and "Medallia survey" in page
    assert "Week 12" in page and "NPS-panel" in page
    scan.language = "en"
    scan.save()
    page = " ".join(client.get(reverse("scoring:results", args=[scan.pk])).text.split())
    assert "-12.5" in page and "50.3%" in page
    assert "Entered directly" in page and "Computed from counts · mean of 4 responses" in page
    assert "Q3 2026 · source: Medallia survey" in page and "Week 12 · source: NPS-panel" in page
    assert "15.0%" in page  # contact ratio
    assert "150 of 1,000 orders with at least one customer contact" in page


def test_the_export_says_how_each_kpi_was_obtained(client, consultant, known_values):
    scan = known_values.scan
    scan.language = "en"
    scan.save()
    client.force_login(consultant)
    export = json.loads(client.get(reverse("scoring:export_json", args=[scan.pk])).content)
    rows = {row["key"]: row for row in export["kpi_baseline"]}
    assert rows["nps"] | {"name": None} == {
        "key": "nps",
        "name": None,
        "value": -12.5,
        "shown": "-12.5",
        "basis": "entered",
        "inputs": "",
        "period": "Q3 2026",
        "source": "Medallia survey",
    }
    assert (rows["ces"]["basis"], rows["ces"]["period"], rows["ces"]["source"]) == (
        "counts",
        "2026",
        "",
    )
    assert (rows["csat"]["value"], rows["csat"]["shown"]) == (50.3, "50.3%")
    assert rows["contact_ratio"]["value"] == 15.0


def test_the_report_shows_known_values_with_period_and_source(known_values):
    scan = known_values.scan
    for language, nps, csat, entered in [
        ("en", "-12.5", "50.3%", "Entered directly"),
        ("nl", "-12,5", "50,3%", None),
    ]:
        text = flat(" ".join(pdf_pages(render_report(scan, language))))
        assert flat(f"Net Promoter Score (NPS) {nps}") in text
        assert flat(csat) in text
        assert flat("Q3 2026") in text and flat("Medallia survey") in text
        assert flat("Week 12") in text and flat("NPS-panel") in text
        if entered:
            assert flat(entered) in text and flat("Computed from counts") in text


def test_a_contact_ratio_saved_as_all_contacts_is_flagged_not_shown_above_100(
    client, consultant, english_scan
):
    """Saved before the form asked for orders with a contact: 150 contacts on 100 orders."""
    KpiBaseline.objects.create(scan=english_scan, orders_with_contact=150, orders=100)
    client.force_login(consultant)
    page = " ".join(client.get(reverse("scoring:results", args=[english_scan.pk])).text.split())
    assert "150.0%" not in page
    assert "Enter the orders with at least one contact again." in page
    export = json.loads(client.get(reverse("scoring:export_json", args=[english_scan.pk])).content)
    (row,) = export["kpi_baseline"]
    assert (row["key"], row["value"], row["shown"]) == ("contact_ratio", None, "–")
    # Opened again, the form says what to correct.
    response = client.post(kpi_url(english_scan), kpi_data(orders_with_contact=150, orders=100))
    assert response.status_code == 400
    assert "more orders with a contact" in field_error(response, "orders_with_contact")
