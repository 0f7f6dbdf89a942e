"""The blank checklist to print: every active statement and no inactive one, in both languages,
its pages, who may download it, a bad language, what it may fetch (nothing), and its cache
following admin edits."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from branding.models import Branding
from checklists.models import Area, Item, Topic
from tests import factories
from tests.conftest import RecordingHandler
from tests.helpers import flat, pdf_pages
from tests.test_branding import branded  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = reverse("reports:checklist")


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return flat(" ".join(pdf_pages(response.content)))


RENDERED: dict[str, list[str]] = {}


def unchanged_checklist(client, language: str) -> list[str]:
    """The pages of the checklist of the fixture content, downloaded once per test run (each
    render takes seconds); for the tests that change no content."""
    if language not in RENDERED:
        response = client.get(URL, {"language": language})
        assert response.status_code == 200
        RENDERED[language] = [flat(page) for page in pdf_pages(response.content)]
    return RENDERED[language]


@pytest.mark.parametrize(
    ("language", "statement_field", "scale_words"),
    [("nl", "statement_nl", "0Nietaanwezig"), ("en", "statement_en", "0Notinplace")],
)
def test_every_active_statement_in_the_asked_language(
    consultant_client, language, statement_field, scale_words
):
    text = "".join(unchanged_checklist(consultant_client, language))
    items = Item.objects.active()
    assert items.count() == 131
    for item in items:
        assert flat(item.code) not in text, item.code  # internal: never printed
        assert flat(getattr(item, statement_field)) in text, item.code
    assert scale_words in text  # the legend of the answer scale


def test_pages_are_numbered_carry_the_scale_and_never_split_a_statement(consultant_client):
    pages = [
        flat(page) for page in pdf_pages(consultant_client.get(URL, {"language": "en"}).content)
    ]
    assert all(f"{number}/{len(pages)}" in page for number, page in enumerate(pages, start=1))
    assert all("0Notinplace·1Occasional" in page for page in pages)
    for item in Item.objects.active():
        assert sum(flat(item.statement_en) in page for page in pages) == 1, item.code


def test_statements_are_grouped_under_their_area_and_topic(consultant_client):
    text = "".join(unchanged_checklist(consultant_client, "en"))
    areas = Area.objects.order_by("position")
    starts = [text.index(flat(area.name_en) + flat(area.description_en)) for area in areas]
    assert starts == sorted(starts)
    for area, start, end in zip(areas, starts, [*starts[1:], len(text)], strict=True):
        for item in Item.objects.active().filter(area=area):
            assert start < text.index(flat(item.statement_en)) < end, item.code
    # A topic's heading is followed by its first statement, numbered within the area.
    topics = list(Topic.objects.filter(items__is_active=True).distinct().order_by("position"))
    first = [topic.items.filter(is_active=True).order_by("position", "code")[0] for topic in topics]
    headings = [
        re.search(
            re.escape(flat(topic.name_en)) + r"\d+\." + re.escape(flat(item.statement_en)), text
        ).start()
        for topic, item in zip(topics, first, strict=True)
    ]
    assert headings == sorted(headings)
    for topic, start, end in zip(topics, headings, [*headings[1:], len(text)], strict=True):
        for item in topic.items.filter(is_active=True):
            assert start < text.index(flat(item.statement_en)) < end, item.code


def test_no_language_means_the_users_language(consultant_client):
    response = consultant_client.get(URL, headers={"accept-language": "en"})
    assert response["Content-Disposition"] == 'inline; filename="cx-maturity-checklist-en.pdf"'
    text = pdf_text(response)
    assert "0Notinplace" in text and "Nietaanwezig" not in text


@pytest.mark.parametrize("language", ["de", "NL", "nl-be", "<script>", "x" * 500])
def test_another_language_is_refused_with_a_message(consultant_client, language):
    response = consultant_client.get(URL, {"language": language})
    assert response.status_code == 400
    assert "language=nl" in response.text and "<script>" not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL, {"language": "nl"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_get_and_head(consultant_client):
    for method in ["POST", "PUT", "DELETE"]:
        assert consultant_client.generic(method, URL).status_code == 405


def test_typed_html_is_text_and_nothing_is_fetched(consultant_client, recording_server):
    url = recording_server
    Item.objects.filter(code="purpose-01").update(
        statement_nl=f'<img src="{url}/statement.png"> Purpose {url}/link'
    )
    Branding.objects.create(
        consultancy=factories.default_consultancy(), name=f"<img src={url}/brand.png>"
    )
    text = pdf_text(consultant_client.get(URL, {"language": "nl"}))
    assert RecordingHandler.requests == []
    assert flat(f'<img src="{url}/statement.png">') in text


def test_an_admin_edit_shows_in_the_next_download(consultant_client):
    first = consultant_client.get(URL, {"language": "en"})
    assert consultant_client.get(URL, {"language": "en"}).content == first.content  # cached
    Item.objects.filter(code="purpose-02").update(statement_en="Reworded by an admin.")
    Item.objects.filter(code="eco-buildings-05").update(is_active=False)
    switched_off = flat(Item.objects.get(code="eco-buildings-05").statement_en)
    before, edited = pdf_text(first), pdf_text(consultant_client.get(URL, {"language": "en"}))
    assert "Rewordedbyanadmin." in edited and "Rewordedbyanadmin." not in before
    assert switched_off not in edited and switched_off in before


def test_linked_from_the_workshop_start_and_the_organisation(consultant_client, scan):
    page = consultant_client.get(reverse("workshops:start", args=[scan.pk])).text
    assert f'href="{URL}?language=nl"' in page
    page = consultant_client.get(scan.organisation.get_absolute_url()).text
    assert f'href="{URL}?language=nl"' in page and f'href="{URL}?language=en"' in page


def test_the_consultancys_name_and_logo_head_every_page(consultant_client, branded):  # noqa: F811
    response = consultant_client.get(URL, {"language": "en"})
    reader = PdfReader(io.BytesIO(response.content))
    assert all("KompasCXAdvies" in flat(page.extract_text()) for page in reader.pages)
    assert all(len(page.images) == 1 for page in reader.pages)  # the logo, nothing else
