"""The improvement plan and KPI baseline: screens, guidance to five, export and report."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.models import ImprovementAction, KpiBaseline
from reports.report import render_report
from tests import factories
from tests.helpers import element, elements, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_scan")]


def results_page(client, scan):
    return client.get(reverse("scoring:results", args=[scan.pk])).text


def action_data(**changes):
    data = {"title": "Meet NPS per journey", "impact": "4", "effort": "2", "status": "planned"}
    return data | changes


def test_a_gap_becomes_an_action_in_one_click(client, consultant, scan):
    item = factories.answer(scan, "kpis-01", 0).item
    client.force_login(consultant)
    assert "Make it an action" in results_page(client, scan)
    response = client.post(reverse("plans:action_from_gap", args=[scan.pk]), {"item": "kpis-01"})
    action = scan.actions.get()
    assert response["Location"] == reverse("plans:action_edit", args=[scan.pk, action.pk])
    assert action.item == item and action.title == item.statement_en


def test_actions_are_added_edited_and_removed(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(reverse("plans:action_create", args=[scan.pk]), action_data(owner="Ann"))
    assert response.status_code == 302
    action = scan.actions.get()
    assert (action.impact, action.effort, action.owner, action.quadrant) == (
        4,
        2,
        "Ann",
        "quick_win",
    )
    url = reverse("plans:action_edit", args=[scan.pk, action.pk])
    client.post(url, action_data(effort="5", status="doing", due_date="2027-03-01"))
    action.refresh_from_db()
    assert (action.effort, action.status, str(action.due_date)) == (5, "doing", "2027-03-01")
    assert action.quadrant == "big_bet"
    page = results_page(client, scan)
    assert "Meet NPS per journey" in page and "action-chart-data" in page
    client.post(reverse("plans:action_delete", args=[scan.pk, action.pk]))
    assert not scan.actions.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"impact": "6"}, "Ensure this value is less than or equal to 5."),
        ({"effort": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"impact": "lots"}, "Enter a whole number."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_action_values_are_refused_with_a_message(client, consultant, scan, changes, message):
    client.force_login(consultant)
    response = client.post(reverse("plans:action_create", args=[scan.pk]), action_data(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not ImprovementAction.objects.exists()


def test_the_sixth_action_shows_why_to_focus(client, consultant, scan):
    client.force_login(consultant)
    for number in range(5):
        client.post(reverse("plans:action_create", args=[scan.pk]), action_data(title=f"A{number}"))
    assert "at most 5 improvement projects" not in results_page(client, scan)
    response = client.post(
        reverse("plans:action_create", args=[scan.pk]), action_data(title="A6"), follow=True
    )
    assert "more than 5 actions" in response.text  # the message after saving
    assert "at most 5 improvement projects" in response.text  # the plan's own guidance
    assert scan.actions.count() == 6  # advised against, not forbidden


def test_outsider_gets_404_for_plan_and_kpis(client, outsider, consultant, scan):
    action = scan.actions.create(title="Private", impact=3, effort=3)
    client.force_login(outsider)
    for url in [
        reverse("plans:action_create", args=[scan.pk]),
        reverse("plans:action_edit", args=[scan.pk, action.pk]),
        reverse("plans:kpi_baseline", args=[scan.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, action_data()).status_code == 404
    assert client.post(reverse("plans:action_delete", args=[scan.pk, action.pk])).status_code == 404
    assert (
        client.post(
            reverse("plans:action_from_gap", args=[scan.pk]), {"item": "purpose-01"}
        ).status_code
        == 404
    )
    assert list(scan.actions.values_list("title", flat=True)) == ["Private"]


def kpi_data(**values):
    data = {f"nps_{i}": "" for i in range(11)} | {f"ces_{i}": "" for i in range(1, 8)}
    data |= {f"csat_{i}": "" for i in range(1, 6)}
    data |= {"orders_with_contact": "", "orders": "", "roi_returns": "", "roi_investment": ""}
    return data | {key: str(value) for key, value in values.items()}


def test_kpi_baseline_is_saved_and_shown_with_its_inputs(client, consultant, scan):
    client.force_login(consultant)
    data = kpi_data(
        nps_10=30,
        nps_9=20,
        nps_8=25,
        nps_3=25,
        ces_2=3,
        ces_5=1,
        csat_5=3,
        csat_2=1,
        orders_with_contact=125,
        orders=1000,
        roi_returns=150000,
        roi_investment=60000,
    )
    response = client.post(reverse("plans:kpi_baseline", args=[scan.pk]), data)
    assert response.status_code == 302
    baseline = KpiBaseline.objects.get(scan=scan)
    assert baseline.nps_counts[10] == 30 and baseline.ces_counts == [0, 3, 0, 0, 1, 0, 0]
    page = results_page(client, scan)
    assert "+25.0" in page  # NPS: 50% promoters − 25% detractors
    assert "100 responses: 50 promoters (9–10), 25 detractors (0–6)" in page
    assert "2.8 / 7" in page  # CES (3×2 + 5) / 4 = 2.75
    assert "75.0%" in page  # CSAT: 3 of 4
    assert "12.5%" in page and "125 of 1,000 orders with at least one customer contact" in page
    assert "150.0%" in page  # ROI


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ces_1": 0, "ces_7": 0}, "There are no responses"),
        ({"orders": 0, "orders_with_contact": 5}, "With no orders there is no contact ratio"),
        ({"roi_returns": 10, "roi_investment": 0}, "With no investment there is no ROI"),
        ({"ces_3": -2}, "This number cannot be negative."),
        ({"orders_with_contact": 5}, "Fill in both numbers, or neither."),
    ],
)
def test_impossible_kpi_inputs_are_refused_and_nothing_is_saved(
    client, consultant, scan, values, message
):
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    client.force_login(consultant)
    response = client.post(
        reverse("plans:kpi_baseline", args=[scan.pk]), kpi_data(nps_7=4, **values)
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="4"' in response.text  # what was typed stays
    baseline = KpiBaseline.objects.get(scan=scan)
    assert (baseline.orders_with_contact, baseline.orders, baseline.nps_counts) == (1, 10, None)


def test_a_kpi_group_error_is_shown_in_its_fieldset_and_linked_to_it(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(
        reverse("plans:kpi_baseline", args=[scan.pk]), kpi_data(ces_1=0, ces_3=-2)
    )
    assert response.status_code == 400
    html = response.text
    assert len(elements(html, "fieldset", aria_describedby="ces-error")) == 1
    assert text_of(html, "ces-error")  # the group's message is there
    assert elements(html, aria_describedby="nps-error") == []
    field = element(html, "input", id="id_ces_3")
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == "id_ces_3_error"
    assert text_of(html, "id_ces_3_error")


def test_plan_and_kpis_are_in_the_export_and_the_report(client, consultant, scan):
    scan.actions.create(title="Betaallink in herinnering", impact=5, effort=1, owner="Finance")
    KpiBaseline.objects.create(
        scan=scan, nps_counts=[0] * 6 + [2, 0, 0, 0, 2], orders_with_contact=3, orders=4
    )
    client.force_login(consultant)
    export = json.loads(client.get(reverse("scoring:export_json", args=[scan.pk])).content)
    assert export["improvement_actions"][0]["title"] == "Betaallink in herinnering"
    assert export["improvement_actions"][0]["quadrant"] == "quick_win"
    # In the scan's language (English here), names and numbers alike.
    assert {row["key"]: row["shown"] for row in export["kpi_baseline"]} == {
        "nps": "0.0",
        "contact_ratio": "75.0%",
    }
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_report(scan))).pages
    )
    text = " ".join(text.split())
    assert "Betaallink in herinnering" in text and "Finance" in text and "quick wins" in text
    assert "Net Promoter Score (NPS) 0.0" in text
    assert "Contact ratio 75.0%" in text
