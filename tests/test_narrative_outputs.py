"""The consultant's words, written on the results page, in every output: the PDF (the summary on
page 2, the commentary on its area's page), the deck, the Word document, the JSON export; each
keeps bold and bullets, and an address the consultant typed stays text in all of them."""

import io
import json
import zipfile

import pikepdf
import pytest
from django.urls import reverse
from docx import Document
from pptx import Presentation as OpenPptx

from checklists.models import Area, Item
from reports.report import render_report
from tests import factories
from tests.helpers import flat, pdf_pages

pytestmark = pytest.mark.django_db

SUMMARY = (
    "Acme is **well on its way**.\n\n"
    "- Journeys are mapped\n"
    "- See https://evil.example/x for more <script>alert(1)</script>"
)
COMMENTARY = "Purpose is **shared** by the board."


@pytest.fixture
def written(alice, scan):
    """Alice's English scan, answered and completed, with the summary and the Purpose
    commentary written through the results page's forms."""
    scan.language = "en"
    scan.save()
    factories.varied_answers(scan, Item.objects.active().order_by("area__position", "position"))
    factories.complete(scan)
    summary = alice.post(reverse("narrative:summary", args=[scan.pk]), {"text": SUMMARY})
    area = alice.post(
        reverse("narrative:section", args=[scan.pk, "area", "purpose"]), {"text": COMMENTARY}
    )
    assert summary.status_code == area.status_code == 302
    return scan


def test_the_pdf_opens_with_the_summary_and_has_the_commentary_on_its_area_page(written):
    pdf = render_report(written, "en")
    pages = pdf_pages(pdf)
    assert "Acme is well on its way." in pages[1]  # page 2
    assert flat("See https://evil.example/x for more <script>alert(1)</script>") in flat(pages[1])
    purpose = Area.objects.get(code="purpose").name_en
    area_page = next(
        page for page in pages[2:] if COMMENTARY.replace("**", "") in page and purpose in page
    )
    assert area_page
    # The address is text, never a link a reader could follow.
    with pikepdf.open(io.BytesIO(pdf)) as document:
        uris = [
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        ]
    assert not any("evil.example" in uri for uri in uris)


def test_the_deck_carries_the_summary_and_the_commentary_with_bold(alice, written):
    response = alice.get(reverse("reports:deck", args=[written.pk]))
    assert response.status_code == 200
    deck = OpenPptx(io.BytesIO(response.content))
    runs = [
        (run.text, run.font.bold)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    texts = "".join(text for text, _bold in runs)
    assert "Acme is well on its way." in texts and "Journeys are mapped" in texts
    assert ("well on its way", True) in runs and ("shared", True) in runs
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        relations = "".join(
            package.read(name).decode() for name in package.namelist() if name.endswith(".rels")
        )
    assert "evil.example" not in relations  # no hyperlink anywhere


def test_the_document_carries_the_summary_and_the_commentary_with_bold(alice, written):
    response = alice.get(reverse("reports:report_document", args=[written.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Acme is well on its way." in paragraphs
    assert "Journeys are mapped" in paragraphs
    assert COMMENTARY.replace("**", "") in paragraphs
    bold = {run.text for paragraph in document.paragraphs for run in paragraph.runs if run.bold}
    assert {"well on its way", "shared"} <= bold
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        relations = "".join(
            package.read(name).decode() for name in package.namelist() if name.endswith(".rels")
        )
    assert "evil.example" not in relations


def test_the_json_export_carries_the_texts_as_written(alice, written):
    export = json.loads(alice.get(reverse("scoring:export_json", args=[written.pk])).content)
    assert export["narrative"] == {
        "summary": SUMMARY,
        "areas": {"purpose": COMMENTARY},
        "pillars": {},
    }
