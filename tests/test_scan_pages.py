"""The scan pages: opening a scan, an area page (items, topics, tips, progress), its language,
and saving the whole page without JavaScript."""

import pytest

from checklists.models import Answer, Area, Item
from tests import factories
from tests.helpers import (
    answers,
    area_url,
    autosave_url,
    checked,
    page_data,
)

pytestmark = pytest.mark.django_db


def test_scan_url_opens_the_first_area_with_open_items(client, consultant, scan):
    client.force_login(consultant)
    response = client.get(scan.get_absolute_url())
    assert response["Location"] == area_url(scan, "purpose")
    factories.answer_items(scan, items=Item.objects.filter(area__code="purpose"), value=2)
    assert client.get(scan.get_absolute_url())["Location"] == area_url(scan, "journey")


def test_scan_page_shows_items_topics_tips_and_progress(client, consultant, scan):
    factories.answer(scan, "eco-invoices-01", 3)
    client.force_login(consultant)
    response = client.get(area_url(scan, "ecosystem"))
    assert response.status_code == 200
    for item in Item.objects.filter(area__code="ecosystem"):
        assert f'id="item-{item.code}"' in response.text
    assert "Facturen, bonnen en betalen" in response.text  # a topic heading, in Dutch
    assert "1 van 68 beantwoord" in response.text  # the scan is in Dutch
    tip = Area.objects.get(code="ecosystem").tips.first()
    assert tip.text_nl in response.text
    assert checked(response.text, "value-eco-invoices-01") == ["3"]
    assert checked(response.text, "value-eco-invoices-02") == []


def test_scan_page_is_in_the_language_of_the_scan(client, consultant, scan):
    scan.language = "en"
    scan.save()
    client.force_login(consultant)
    response = client.get(area_url(scan))
    assert Item.objects.get(code="purpose-01").statement_en in response.text
    assert '<html lang="en">' in response.text


def test_inactive_items_are_not_in_the_scan(client, consultant, scan):
    Item.objects.filter(code="purpose-02").update(is_active=False)
    client.force_login(consultant)
    assert 'id="item-purpose-02"' not in client.get(area_url(scan)).text


def test_scan_page_queries_do_not_grow_with_items(
    client, consultant, scan, django_assert_max_num_queries
):
    factories.answer_items(scan, items=Item.objects.all(), value=1, note="n")
    client.force_login(consultant)
    with django_assert_max_num_queries(12):
        assert client.get(area_url(scan, "ecosystem")).status_code == 200  # the largest area
    with django_assert_max_num_queries(12):
        assert client.get(area_url(scan, "purpose")).status_code == 200


def test_page_save_writes_what_changed_and_goes_where_asked(client, consultant, scan):
    client.force_login(consultant)
    data = page_data(
        scan, **{"value-purpose-01": "4", "note-purpose-02": "Zie beleid", "go": "journey"}
    )
    response = client.post(area_url(scan), data)
    assert response.status_code == 302 and response["Location"] == area_url(scan, "journey")
    assert answers(scan) == {"purpose-01": ("4", ""), "purpose-02": ("", "Zie beleid")}


def test_stale_page_save_keeps_answers_given_in_another_tab(client, consultant, scan):
    client.force_login(consultant)
    # Tab 1 loaded the page empty; meanwhile tab 2 answered purpose-03 with a note.
    client.post(autosave_url(scan, "purpose-03"), {"value-purpose-03": "3", "note-purpose-03": "B"})
    client.post(area_url(scan), page_data(scan, **{"value-purpose-01": "1"}))
    assert answers(scan) == {"purpose-01": ("1", ""), "purpose-03": ("3", "B")}


def test_page_save_does_not_rewrite_an_untouched_note_with_line_breaks(client, consultant, scan):
    item = Item.objects.get(code="purpose-01")
    factories.answer(scan, item, 2, note="regel 1\nregel 2")
    client.force_login(consultant)
    # Meanwhile another tab changed the note; this tab posts its untouched copy (CRLF, as sent).
    Answer.objects.filter(item=item).update(note="nieuwer")
    data = page_data(scan)
    data |= {
        "note-purpose-01": "regel 1\r\nregel 2",
        "original-note-purpose-01": "regel 1\nregel 2",
        "original-value-purpose-01": "2",
        "value-purpose-01": "2",
    }
    client.post(area_url(scan), data)
    assert answers(scan) == {"purpose-01": ("2", "nieuwer")}
