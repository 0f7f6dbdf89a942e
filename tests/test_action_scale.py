"""Impact and effort on the action form: a labelled 1–5 scale, not a bare number box."""

import re

import pytest
from django.urls import reverse

from plans.models import ImprovementAction

from .helpers import elements

pytestmark = pytest.mark.django_db


def scale(page: str, name: str) -> list[tuple[str, str]]:
    """(value, label text) of each radio button of the scale `name`, in order."""
    found = []
    for radio in elements(page, "input", name=name):
        assert radio["type"] == "radio"
        label = re.search(rf'<label[^>]*for="{radio["id"]}"[^>]*>(.*?)</label>', page, re.S)
        found.append((radio["value"], " ".join(re.sub(r"<[^>]+>", " ", label.group(1)).split())))
    return found


def test_the_dutch_action_form_offers_labelled_scales(client, consultant, scan):
    client.force_login(consultant)
    page = client.get(reverse("plans:action_create", args=[scan.pk])).text
    assert scale(page, "impact") == [
        ("1", "1 heel klein"),
        ("2", "2 klein"),
        ("3", "3 gemiddeld"),
        ("4", "4 groot"),
        ("5", "5 heel groot"),
    ]
    assert scale(page, "effort") == [
        ("1", "1 heel weinig"),
        ("2", "2 weinig"),
        ("3", "3 gemiddeld"),
        ("4", "4 veel"),
        ("5", "5 heel veel"),
    ]
    assert 'type="number"' not in page
    # Each scale is a group named by its legend.
    legends = re.findall(r"<legend[^>]*>(.*?)<span", page)
    assert "Impact" in legends and "Inspanning" in legends


def test_the_edit_form_checks_the_saved_values(client, consultant, scan):
    action = ImprovementAction.objects.create(scan=scan, title="Betaallink", impact=4, effort=2)
    client.force_login(consultant)
    page = client.get(reverse("plans:action_edit", args=[scan.pk, action.pk])).text
    checked = {(r["name"], r["value"]) for r in elements(page, "input") if "checked" in r}
    assert {("impact", "4"), ("effort", "2")} <= checked


@pytest.mark.parametrize(
    ("impact", "message"), [("6", "Zorg ervoor dat deze waarde hoogstens 5 is."), ("", "")]
)
def test_a_value_off_the_scale_is_refused_next_to_the_scale(
    client, consultant, scan, impact, message
):
    client.force_login(consultant)
    data = {"title": "Betaallink", "impact": impact, "effort": "2", "status": "planned"}
    response = client.post(reverse("plans:action_create", args=[scan.pk]), data)
    assert response.status_code == 200
    error = elements(response.text, "div", id="id_impact_error")
    assert error
    fieldset = elements(response.text, "fieldset", id="div_id_impact")[0]
    assert "id_impact_error" in fieldset["aria-describedby"]
    if message:
        assert message in response.text
    assert not ImprovementAction.objects.exists()
