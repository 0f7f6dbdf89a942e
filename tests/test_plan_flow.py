"""The plan at the table: one action per gap, a removal that asks first, back to the section."""

import pytest
from django.urls import reverse

from plans.models import ImprovementAction, KpiBaseline
from tests import factories
from tests.helpers import results_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def gap_scan(scan):
    factories.answer_items(scan, {"kpis-01": 0, "purpose-01": 4})
    return scan


def test_a_gap_becomes_one_action_however_often_it_is_clicked(client, consultant, gap_scan):
    client.force_login(consultant)
    url = reverse("plans:action_from_gap", args=[gap_scan.pk])
    first = client.post(url, {"item": "kpis-01"})
    second = client.post(url, {"item": "kpis-01"}, follow=True)
    action = ImprovementAction.objects.get(scan=gap_scan)
    assert first["Location"] == reverse("plans:action_edit", args=[gap_scan.pk, action.pk])
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Deze stelling staat al in het plan." in second.text


def test_a_planned_gap_says_so_instead_of_offering_a_button(client, consultant, gap_scan):
    client.force_login(consultant)
    button = 'name="item" value="kpis-01"'
    assert button in client.get(results_url(gap_scan)).text
    client.post(reverse("plans:action_from_gap", args=[gap_scan.pk]), {"item": "kpis-01"})
    page = client.get(results_url(gap_scan)).text
    assert button not in page
    assert "in het plan" in page


def test_removing_an_action_asks_first(client, consultant, gap_scan):
    action = gap_scan.actions.create(title="Betaallink", impact=4, effort=1)
    client.force_login(consultant)
    url = reverse("plans:action_delete", args=[gap_scan.pk, action.pk])
    edit = client.get(reverse("plans:action_edit", args=[gap_scan.pk, action.pk])).text
    assert f'href="{url}"' in edit  # the edit page links to the question, it does not remove
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'id="remove-action-form"' in confirm.text
    assert ImprovementAction.objects.filter(pk=action.pk).exists()
    removed = client.post(url)
    assert removed["Location"] == f"{results_url(gap_scan)}#plan-heading"
    assert not ImprovementAction.objects.filter(pk=action.pk).exists()


def test_saving_returns_to_the_section_just_edited(client, consultant, gap_scan):
    client.force_login(consultant)
    action = {"title": "Betaallink", "impact": 4, "effort": 1, "status": "planned"}
    created = client.post(reverse("plans:action_create", args=[gap_scan.pk]), action)
    assert created["Location"] == f"{results_url(gap_scan)}#plan-heading"
    kpis = {"orders_with_contact": 10, "orders": 100}
    saved = client.post(reverse("plans:kpi_baseline", args=[gap_scan.pk]), kpis)
    assert saved["Location"] == f"{results_url(gap_scan)}#kpi-heading"
    page = client.get(results_url(gap_scan)).text
    assert 'id="plan-heading"' in page and 'id="kpi-heading"' in page


def test_outsider_cannot_remove_an_action(client, outsider, gap_scan):
    action = gap_scan.actions.create(title="Betaallink", impact=4, effort=1)
    client.force_login(outsider)
    url = reverse("plans:action_delete", args=[gap_scan.pk, action.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ImprovementAction.objects.filter(pk=action.pk).exists()


def test_a_negative_investment_says_so(client, consultant, gap_scan):
    client.force_login(consultant)
    response = client.post(
        reverse("plans:kpi_baseline", args=[gap_scan.pk]),
        {"roi_returns": "1000", "roi_investment": "-50"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "Dit getal kan niet negatief zijn." in response.text  # the scan's language
    assert "Vul beide getallen in" not in response.text
    assert not KpiBaseline.objects.filter(scan=gap_scan).exists()
