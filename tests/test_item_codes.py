"""Item codes are internal: the pages and outputs people read show statement texts (numbered per
area on paper), never a code such as "journey-12". Exports and the API keep codes as data."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from checklists.models import Item
from plans.models import ImprovementAction
from reports.report import render_report
from tests import factories

from .helpers import flat, pdf_pages

pytestmark = pytest.mark.django_db

CODE_PATTERN = re.compile(r"\b[a-z]+(?:-[a-z]+)*-\d{2}\b")


class _VisibleText(HTMLParser):
    """The text a reader sees: element content outside <script> and <style>, and the texts
    assistive technology reads out (aria-label, title, alt)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str) -> set[str]:
    """The item codes of the database that occur in `text`."""
    codes = set(Item.objects.values_list("code", flat=True))
    found = set(CODE_PATTERN.findall(text)) | {
        code
        for code in codes
        if flat(code) in flat(text)  # PDF text breaks lines anywhere
    }
    return found & codes


@pytest.fixture
def backed_scan(scan):
    """A partly answered scan whose answers carry low confidence and evidence in every area,
    with an improvement action on a statement."""
    factories.answer_items(
        scan,
        items=Item.objects.active().filter(area__code__in=["purpose", "journey"]),
        value=2,
        confidence="low",
        evidence="Interview notes",
    )
    factories.answer_items(
        scan,
        items=Item.objects.active().filter(area__code="ecosystem")[:3],
        value=1,
        evidence_link="https://example.org",
    )
    ImprovementAction.objects.create(
        scan=scan,
        item=Item.objects.get(code="journey-12"),
        title="Map the journey",
        impact=4,
        effort=2,
    )
    return scan


def test_the_pattern_finds_the_codes_it_is_meant_to_find(db):
    assert codes_in("Zie journey-12 en purpose-01.") == {"journey-12", "purpose-01"}
    assert codes_in("journey- 12 in a PDF line break") == {"journey-12"}
    assert codes_in("Nothing here, 2026-12 or well-being") == set()


def test_the_results_page_shows_statements_not_codes(client, consultant, backed_scan):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[backed_scan.pk]))
    assert page.status_code == 200
    text = visible_text(page.text)
    assert Item.objects.get(code="journey-12").statement_nl in text  # the confidence list
    assert "Interview notes" in text  # the evidence table
    assert codes_in(text) == set()


def test_the_report_shows_statements_not_codes(backed_scan):
    text = " ".join(pdf_pages(render_report(backed_scan, "en")))
    assert "Interview notes" in text
    assert codes_in(text) == set()


def test_the_blank_checklist_numbers_statements_per_area_without_codes(client, consultant):
    client.force_login(consultant)
    response = client.get(reverse("reports:checklist"), {"language": "nl"})
    assert response.status_code == 200
    text = " ".join(pdf_pages(response.content))
    first = Item.objects.active().filter(area__code="purpose").order_by("position").first()
    assert flat(f"1. {first.statement_nl}") in flat(text)
    assert codes_in(text) == set()


def test_the_action_forms_statement_list_shows_area_and_statement(client, consultant, backed_scan):
    client.force_login(consultant)
    action = backed_scan.actions.get()
    for url in (
        reverse("plans:action_create", args=[backed_scan.pk]),
        reverse("plans:action_edit", args=[backed_scan.pk, action.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        text = visible_text(page.text)
        item = Item.objects.get(code="journey-12")
        assert f"{item.area.name_nl}: {item.statement_nl}" in text
        assert codes_in(text) == set()


def test_the_evidence_page_names_the_statement_not_its_code(client, consultant, backed_scan):
    client.force_login(consultant)
    page = client.get(reverse("checklists:evidence", args=[backed_scan.pk, "journey-12"]))
    assert page.status_code == 200
    text = visible_text(page.text)
    assert Item.objects.get(code="journey-12").statement_nl in text
    assert codes_in(text) == set()


def test_the_exports_keep_codes_as_data(client, consultant, backed_scan):
    client.force_login(consultant)
    export = client.get(reverse("scoring:export_json", args=[backed_scan.pk])).json()
    assert "journey-12" in {answer["code"] for answer in export["answers"]}
