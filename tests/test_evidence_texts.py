"""What the evidence control and the results' confidence list say, in Dutch and English: a count
that names what it counts, a confidence that stands apart, and the confidence of each statement
with evidence."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from checklists.models import Answer, Item

from .helpers import area_url, elements

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def evidence_url(scan, code):
    return reverse("checklists:evidence", args=[scan.pk, code])


def evidence_links(page: str) -> dict[str, str]:
    found = re.findall(
        r'<a class=(?:ev|"ev on") href=/scans/\d+/answers/([\w-]+)/evidence/>(.*?)</a>', page
    )
    return dict(found)


@pytest.fixture
def dutch(client, consultant, scan):
    scan.language = "nl"
    scan.save()
    client.force_login(consultant)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "nl"})
    return client


def test_the_dutch_evidence_link_names_its_count_and_its_confidence_apart(dutch, scan):
    """An unscored statement with a text, a link and medium confidence: no "3, zekerheid"."""
    data = {
        "confidence": "medium",
        "evidence": "Intranetpagina",
        "evidence_link": "https://intranet.example.nl/doel",
    }
    response = dutch.post(evidence_url(scan, "purpose-01"), data, **HTMX)
    assert response.status_code == 200
    marker = elements(response.text, "div", id="evidence-panel")[0]["data-marker"]
    assert marker == "Onderbouwing: 2 stukken (zekerheid: gemiddeld)"
    dutch.post(evidence_url(scan, "purpose-02"), {"confidence": "high"}, **HTMX)
    dutch.post(evidence_url(scan, "purpose-03"), {"evidence": "Notulen"}, **HTMX)
    links = evidence_links(dutch.get(area_url(scan)).text)
    assert links["purpose-01"] == "Onderbouwing: 2 stukken (zekerheid: gemiddeld)"
    assert links["purpose-02"] == "Onderbouwing (zekerheid: hoog)"
    assert links["purpose-03"] == "Onderbouwing: 1 stuk"
    assert links["purpose-04"] == "Onderbouwing"


def test_the_results_show_the_confidence_of_each_statement_with_evidence(client, consultant, scan):
    """Low confidence is listed as such; a medium one with evidence says "Medium", so the
    list under "Confidence and evidence" no longer looks like it holds low ones only."""
    scan.language = "en"
    scan.save()
    items = {item.code: item for item in Item.objects.filter(area__code="purpose")}
    Answer.objects.create(
        scan=scan, item=items["purpose-01"], value=2, confidence="low", evidence="Survey"
    )
    Answer.objects.create(
        scan=scan, item=items["purpose-02"], value=3, confidence="medium", evidence="Minutes"
    )
    Answer.objects.create(scan=scan, item=items["purpose-03"], value=3, evidence="Memo")
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[scan.pk])).text
    start = page.index('id="evidence"')
    section = page[start : page.index("</section>", start)]
    low = section[section.index("Answered with low confidence") : section.index("<table")]
    assert "purpose-01" in low and "purpose-02" not in low
    assert "then every statement with evidence, with the confidence given to it" in section
    rows = {
        code: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        for code, cells in re.findall(r'<tr><th scope="row"[^>]*>([\w-]+)</th>(.*?)</tr>', section)
    }
    assert rows["purpose-01"][0] == "Low"
    assert rows["purpose-02"][:2] == ["Medium", "Minutes"]
    assert rows["purpose-03"][0] == "–"
