"""Done with an area (issue 26, item 4): the moment the area's last open statement is answered,
the autosave's fragment brings a line with the count and a link to the next area (at the last
area: to complete the scan), swapped in out of band; a page opened with the area complete shows
it too. N/A counts as answered; a carried-over answer not yet confirmed does not."""

import pytest
from django.urls import reverse

from checklists.models import Answer, Item
from tests import factories
from tests.helpers import area_url, autosave_url, elements, text_of

pytestmark = pytest.mark.django_db

BLOCK = "area-done-now"


def codes(area):
    return list(Item.objects.active().filter(area__code=area).values_list("code", flat=True))


def answer_all_but_one(scan, area):
    """Every statement of `area` answered but its last; returns that one's code."""
    *answered, last = codes(area)
    factories.answer_items(scan, {code: 2 for code in answered})
    return last


def links_in_block(html):
    """The hrefs of the links inside the area-done block (the block itself must be there)."""
    start = html.index(f'id="{BLOCK}"')
    block = html[start : html.index("</div>", start)]
    return [found["href"] for found in elements(block, "a")]


@pytest.fixture
def english_scan(organisation, consultant):
    return factories.scan(organisation, title="Baseline", created_by=consultant, language="en")


def test_the_last_answer_brings_the_count_and_the_next_area(client, consultant, english_scan):
    client.force_login(consultant)
    last = answer_all_but_one(english_scan, "purpose")
    response = client.post(autosave_url(english_scan, last), {f"value-{last}": "3"})
    assert response.status_code == 200
    assert text_of(response.text, BLOCK) == (
        "All 18 statements in Purpose are answered. Next area: Customer journey"
    )
    assert links_in_block(response.text) == [area_url(english_scan, "journey")]
    # Out of band, into the space the page keeps for it.
    (block,) = elements(response.text, "div", id=BLOCK)
    assert block["data-hx-swap-oob"] == "innerHTML" and block["role"] == "status"


def test_before_the_last_answer_the_block_stays_empty(client, consultant, english_scan):
    client.force_login(consultant)
    first, *_rest = codes("purpose")
    response = client.post(autosave_url(english_scan, first), {f"value-{first}": "1"})
    assert response.status_code == 200
    assert text_of(response.text, BLOCK) == "" and links_in_block(response.text) == []
    page = client.get(area_url(english_scan, "purpose"))
    assert text_of(page.text, BLOCK) == "" and "{#" not in page.text
    assert Answer.objects.filter(scan=english_scan).count() == 1


def test_not_applicable_counts_as_answered(client, consultant, english_scan):
    client.force_login(consultant)
    last = answer_all_but_one(english_scan, "purpose")
    response = client.post(autosave_url(english_scan, last), {f"value-{last}": "na"})
    assert links_in_block(response.text) == [area_url(english_scan, "journey")]


def test_at_the_last_area_the_button_completes_the_scan(client, consultant, english_scan):
    client.force_login(consultant)
    last = answer_all_but_one(english_scan, "kpis")
    response = client.post(autosave_url(english_scan, last), {f"value-{last}": "4"})
    complete = reverse("scoring:complete", args=[english_scan.pk])
    assert links_in_block(response.text) == [complete]
    assert text_of(response.text, BLOCK) == (
        "All 26 statements in CX metrics and improvement (KPIs) are answered. Complete scan"
    )


def test_a_page_opened_complete_shows_the_block(client, consultant, english_scan):
    client.force_login(consultant)
    factories.answer_items(english_scan, area="journey", value=3)
    response = client.get(area_url(english_scan, "journey"))
    assert response.status_code == 200
    assert links_in_block(response.text) == [area_url(english_scan, "ecosystem")]
    assert text_of(response.text, BLOCK).startswith("All 19 statements in Customer journey")


def test_the_block_is_in_the_scans_language(client, consultant, scan):
    client.force_login(consultant)  # `scan` is Dutch
    last = answer_all_but_one(scan, "purpose")
    response = client.post(autosave_url(scan, last), {f"value-{last}": "2"})
    assert text_of(response.text, BLOCK) == (
        "Alle 18 stellingen in Purpose zijn beantwoord. Volgend gebied: Customer journey"
    )


def test_a_carried_over_answer_counts_once_it_is_confirmed(client, consultant, english_scan):
    client.force_login(consultant)
    last = answer_all_but_one(english_scan, "purpose")
    carried = codes("purpose")[0]
    Answer.objects.filter(scan=english_scan, item__code=carried).update(
        carried_over_from="2026-01-15"
    )
    response = client.post(autosave_url(english_scan, last), {f"value-{last}": "3"})
    assert links_in_block(response.text) == []  # one is still to confirm
    response = client.post(autosave_url(english_scan, carried), {"confirm": carried})
    assert response.status_code == 200
    assert links_in_block(response.text) == [area_url(english_scan, "journey")]


def test_a_completed_scan_never_shows_it(client, consultant, english_scan):
    client.force_login(consultant)
    factories.answer_items(english_scan, value=3)  # every statement of every area
    factories.complete(english_scan)
    for area in ("purpose", "kpis"):
        response = client.get(area_url(english_scan, area))
        assert response.status_code == 200
        assert f'id="{BLOCK}"' not in response.text
        complete = reverse("scoring:complete", args=[english_scan.pk])
        assert f'href="{complete}"' not in response.text
