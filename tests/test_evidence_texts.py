"""What the evidence control and the results' confidence list say, in Dutch and English: a count
that names what it counts, a confidence that stands apart, and the confidence of each statement
with evidence."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from checklists.models import Answer, Item
from tests import factories

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
    factories.answer(scan, "purpose-01", 2, confidence="low", evidence="Survey")
    factories.answer(scan, "purpose-02", 3, confidence="medium", evidence="Minutes")
    factories.answer(scan, "purpose-03", 3, evidence="Memo")
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[scan.pk])).text
    start = page.index('id="evidence"')
    section = page[start : page.index("</section>", start)]
    low = section[section.index("Answered with low confidence") : section.index("<table")]
    statement = {code: item.statement_en for code, item in items.items()}
    assert statement["purpose-01"] in low and statement["purpose-02"] not in low
    assert "then every statement with evidence, with the confidence given to it" in section
    by_statement = {
        text: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        for text, cells in re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', section)
    }
    rows = {code: by_statement[text] for code, text in statement.items() if text in by_statement}
    assert rows["purpose-01"][0] == "Low"
    assert rows["purpose-02"][:2] == ["Medium", "Minutes"]
    assert rows["purpose-03"][0] == "–"


# The link field: an address without a scheme gets https:// and the panel says so -------------


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("confluence.example.nl/cx", "https://confluence.example.nl/cx"),
        ("  www.example.com ", "https://www.example.com"),
        ("intranet.example.nl:8443/cx?page=2", "https://intranet.example.nl:8443/cx?page=2"),
        ("//files.example.com/plan.pdf", "https://files.example.com/plan.pdf"),
    ],
)
def test_a_link_without_a_scheme_is_saved_with_https_and_the_panel_says_so(
    alice, scan, typed, saved
):
    response = alice.post(evidence_url(scan, "purpose-01"), {"evidence_link": typed}, **HTMX)
    assert response.status_code == 200
    assert Answer.objects.get(scan=scan, item__code="purpose-01").evidence_link == saved
    done = re.search(r'id="evidence-done">(.*?)</div>', response.text).group(1)
    assert done == f"Evidence saved. https:// was put in front of the link: {saved}"


def test_a_link_with_its_scheme_is_saved_as_it_is_with_no_remark(alice, scan):
    link = "http://intranet.example.com/purpose"
    response = alice.post(evidence_url(scan, "purpose-01"), {"evidence_link": link}, **HTMX)
    assert Answer.objects.get(scan=scan, item__code="purpose-01").evidence_link == link
    assert re.search(r'id="evidence-done">(.*?)</div>', response.text).group(1) == (
        "Evidence saved."
    )


@pytest.mark.parametrize("typed", ["not a link", "javascript:alert(1)", "mailto:a@example.com"])
def test_what_is_no_web_address_even_with_https_is_refused_and_nothing_saved(alice, scan, typed):
    response = alice.post(
        evidence_url(scan, "purpose-01"), {"evidence_link": typed, "evidence": "x"}, **HTMX
    )
    assert response.status_code == 400
    assert "The link must be a web address starting with http:// or https://." in response.text
    assert not Answer.objects.filter(scan=scan).exists()


def test_without_javascript_the_message_says_https_was_added(alice, scan):
    response = alice.post(
        evidence_url(scan, "purpose-01"), {"evidence_link": "confluence.example.nl/cx"}, follow=True
    )
    assert "https:// was put in front of the link: https://confluence.example.nl/cx" in (
        response.text
    )


def test_the_dutch_panel_says_https_was_added(dutch, scan):
    response = dutch.post(
        evidence_url(scan, "purpose-01"), {"evidence_link": "confluence.example.nl/cx"}, **HTMX
    )
    assert "Voor de link is https:// gezet: https://confluence.example.nl/cx" in response.text


def test_the_link_field_lets_the_server_judge_the_address(alice, scan):
    """No browser check (type=url) that refuses an address without a scheme; the help says
    what happens to one."""
    page = alice.get(evidence_url(scan, "purpose-01")).text
    field = elements(page, "input", id="evidence-link")[0]
    assert (field["type"], field["inputmode"]) == ("text", "url")
    help_id = field["aria-describedby"]
    assert "the link gets https:// in front" in re.search(rf'id="{help_id}">(.*?)</p>', page).group(
        1
    )
