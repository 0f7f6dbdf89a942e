"""The report as a Word document (reports/document.py), read back with python-docx as Word
would: the story's headings in order, the consultant's words with their bold and bullets, tables
with header rows, every action, the radars with alt text, no item code; and its download."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from audit.models import AuditEvent
from branding.models import Branding
from checklists.models import Scan
from cxscan import ratelimit
from narrative.part import NarrativePart, Text
from plans.models import ImprovementAction
from reports.document import build_document
from reports.models import ShareLink
from scoring.presentation import present
from scoring.signals import results_presented
from tests import factories

pytestmark = pytest.mark.django_db

ITEM_CODE = re.compile(r"\b[a-z]+(-[a-z]+)?-\d{2}\b")
SUMMARY = (
    "The client has a **clear purpose**, but the journey is not measured.\n\n"
    "- First: **measure** after every contact\n"
    "- Second: share the results (see https://example.com/cx)\n\n"
    "Closing words."
)


@pytest.fixture
def demo():
    """The demo scan (manage.py seed_demo): completed, with a plan, KPIs, a workshop and a
    previous scan, in Dutch."""
    call_command("seed_demo", stdout=io.StringIO())
    return Scan.objects.get(title="CX-scan 2026")


@pytest.fixture
def narrative():
    """The consultant's words, as the narrative app's receiver gives them."""

    def receiver(sender, presentation, **kwargs):
        return NarrativePart(
            summary=Text(SUMMARY),
            areas={"journey": Text("The journey **is drawn** but not yet owned.")},
        )

    results_presented.connect(receiver, dispatch_uid="test-document-narrative")
    yield
    results_presented.disconnect(dispatch_uid="test-document-narrative")


def document(scan, language=None):
    language = language or scan.language
    with translation.override(language):
        return Document(io.BytesIO(build_document(present(scan, language=language))))


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def all_text(doc) -> str:
    """Every text in the document: paragraphs, table cells, and the pictures' alt texts."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    texts += [shape._inline.docPr.get("descr") or "" for shape in doc.inline_shapes]
    return "\n".join(texts)


def test_headings_tell_the_story_in_order(demo):
    doc = document(demo)
    assert headings(doc, 1) == [
        "Samenvatting",
        "Volwassenheidsprofiel",
        "Purpose",
        "Customer journey",
        "Ecosysteem",
        "CX-metrics en verbetering (KPI's)",
        "Verbeterplan",
        "KPI-nulmeting",
        f"Voortgang sinds {present(demo, language='nl').progress_since}",
        "Workshop: waar het team het oneens was",
        "Bijlage: de antwoorden",
        "Methode",
    ]
    cover = [p for p in doc.paragraphs if p.style.name == "Title"]
    assert [p.text for p in cover] == ["Demo Retail B.V."]
    # The appendix has a Heading 2 per area, under it: the navigation pane's second level.
    assert headings(doc, 2)[-7:-3] == [
        "Purpose",
        "Customer journey",
        "Ecosysteem",
        "CX-metrics en verbetering (KPI's)",
    ]


def test_narrative_paragraphs_and_bullets_in_order_with_bold(demo, narrative):
    doc = document(demo, "en")
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Executive summary")
    written = paragraphs[start + 1 : start + 5]
    assert [(p.style.name, p.text) for p in written] == [
        ("Normal", "The client has a clear purpose, but the journey is not measured."),
        ("List Bullet", "First: measure after every contact"),
        ("List Bullet", "Second: share the results (see https://example.com/cx)"),
        ("Normal", "Closing words."),
    ]
    assert [(r.text, bool(r.bold)) for r in written[0].runs] == [
        ("The client has a ", False),
        ("clear purpose", True),
        (", but the journey is not measured.", False),
    ]
    assert [r.text for r in written[1].runs if r.bold] == ["measure"]
    # The area's commentary sits in its own section, after its level.
    journey = next(i for i, p in enumerate(paragraphs) if p.text == "Customer journey")
    commentary = next(i for i, p in enumerate(paragraphs) if p.text.startswith("The journey "))
    later = next(i for i, p in enumerate(paragraphs) if p.text == "Ecosystem")
    assert journey < commentary < later
    assert [r.text for r in paragraphs[commentary].runs if r.bold] == ["is drawn"]
    # A typed address stays text: no hyperlink in the document.
    assert not [rel for rel in doc.part.rels.values() if "hyperlink" in rel.reltype]


def test_without_narrative_nothing_is_made_up(demo):
    doc = document(demo, "en")
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("Executive summary")
    assert paragraphs[start + 1].startswith("Overall maturity level: ")
    assert "The consultant's commentary" not in paragraphs


def test_tables_have_header_rows_repeated_on_each_page(demo):
    doc = document(demo, "en")
    assert len(doc.tables) >= 10
    for table in doc.tables:
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)
    areas = doc.tables[0]
    assert [cell.text for cell in areas.rows[0].cells] == ["Area", "Score", "Level", "Coverage"]
    assert [row.cells[0].text for row in areas.rows[1:]] == [
        "Purpose",
        "Customer journey",
        "Ecosystem",
        "CX metrics and improvement (KPIs)",
    ]


def test_every_action_is_in_the_roadmap_focus_first(demo):
    for number in range(4):
        ImprovementAction.objects.create(
            scan=demo,
            title=f"Extra action {number}",
            impact=2,
            effort=3,
            owner="Operations",
            due_date=date(2027, 3, 31),
        )
    actions = list(demo.actions.all())
    assert len(actions) == 7
    doc = document(demo, "en")
    assert "In focus" in headings(doc, 2) and "Later" in headings(doc, 2)
    rows = [
        [cell.text for cell in row.cells]
        for table in doc.tables
        if table.rows[0].cells[1].text == "Action"
        for row in table.rows[1:]
    ]
    assert [row[1] for row in rows] == [action.title for action in actions]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 8)]
    assert rows[-1][4:6] == ["Operations", "31/03/2027"]


def test_radars_are_images_with_alt_text_naming_the_values(demo):
    doc = document(demo, "en")
    alts = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    # The areas, the pillars, the roadmap's matrix, and the progress since the previous scan.
    assert len(alts) == 4
    results = present(demo, language="en").results
    for area in results.areas:
        assert f"{area.name['en']} {area.score:.1f}" in alts[0]
    for pillar in results.pillars:
        assert f"{pillar.name['en']} {pillar.score:.1f}" in alts[1]
    for number, action in enumerate(demo.actions.all(), start=1):
        assert f"{number} {action.title}: Impact {action.impact}, Effort {action.effort}" in alts[2]
    previous = present(demo.previous, language="en").results
    for before, after in zip(previous.areas, results.areas, strict=True):
        assert f"{after.name['en']} {before.score:.1f} → {after.score:.1f}" in alts[3]
    for shape in doc.inline_shapes:
        assert shape.width > 0 and shape.height > 0
    with zipfile.ZipFile(io.BytesIO(build_document(present(demo, language="en")))) as docx:
        pictures = [name for name in docx.namelist() if name.startswith("word/media/")]
        assert pictures and all(docx.read(name)[:8] == b"\x89PNG\r\n\x1a\n" for name in pictures)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_item_code_in_any_text(demo, narrative, language):
    doc = document(demo, language)
    text = all_text(doc)
    assert len(text) > 5000
    assert ITEM_CODE.findall(text) == []


def test_english_document_is_english(demo):
    doc = document(demo, "en")
    assert headings(doc, 1)[:2] == ["Executive summary", "Maturity profile"]
    assert doc.core_properties.language == "en-GB"
    normal = doc.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert "Samenvatting" not in all_text(doc)
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text == "CX Maturity Scan · Demo Retail B.V. · "
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_cover_has_the_consultancys_logo_and_its_accent_colours_headings_and_tables(demo):
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "#7a1f5c").save(logo, "PNG")
    branding = Branding(
        consultancy=demo.organisation.consultancy, name="Demo CX Advies", accent="#7A1F5C"
    )
    branding.logo = ContentFile(logo.getvalue(), name="logo.png")
    branding.full_clean()
    branding.save()
    doc = document(demo, "en")
    assert doc.paragraphs[0].runs[0]._r.xpath(".//pic:pic")  # the logo, first on the cover
    assert doc.inline_shapes[0]._inline.docPr.get("descr") == "Demo CX Advies"
    assert doc.paragraphs[1].text == "Demo CX Advies"
    assert str(doc.styles["Heading 1"].font.color.rgb) == "7A1F5C"
    title_line = doc.styles["Title"].element.xpath("./w:pPr/w:pBdr/w:bottom")[0]
    assert title_line.get(qn("w:color")) == "7A1F5C"
    fill = doc.tables[0].rows[0].cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "7A1F5C"


# The download ---------------------------------------------------------------------------------


def test_consultant_downloads_the_document_and_it_is_recorded(client, demo):
    client.force_login(demo.created_by)
    url = reverse("reports:report_document", args=[demo.pk])
    response = client.get(url, {"language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="cx-maturity-demo-retail-bv-cx-scan-2026-en.docx"'
    )
    doc = Document(io.BytesIO(response.content))
    assert headings(doc, 1)[0] == "Executive summary"
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.details == {"language": "en", "draft": False, "format": "docx"}
    # Without ?language=, the scan's own.
    dutch = Document(io.BytesIO(client.get(url).content))
    assert headings(dutch, 1)[0] == "Samenvatting"


def test_results_page_offers_the_document_in_both_languages(client, demo):
    client.force_login(demo.created_by)
    page = client.get(reverse("scoring:results", args=[demo.pk])).content.decode()
    url = reverse("reports:report_document", args=[demo.pk])
    assert f'href="{url}?language=nl"' in page and f'href="{url}?language=en"' in page


def test_another_consultancy_gets_404_and_nothing_is_recorded(client, demo):
    stranger = factories.member("mallory", consultancy=factories.consultancy("Other"))
    client.force_login(stranger)
    response = client.get(reverse("reports:report_document", args=[demo.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, demo):
    response = client.get(reverse("reports:report_document", args=[demo.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_open_scan_gives_a_draft(client, consultant, scan):
    factories.answer(scan, "purpose-01", 3)
    client.force_login(consultant)
    response = client.get(reverse("reports:report_document", args=[scan.pk]), {"language": "en"})
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert "Status: Provisional: the scan is not completed" in [p.text for p in doc.paragraphs]
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.details["draft"] is True


def test_shared_page_does_not_offer_the_document(client, demo):
    """A client manager's page keeps the PDF only: which outputs a link offers is chosen per link
    (issue 25, section 5), not here."""
    link = ShareLink.objects.create(scan=demo, created_by=demo.created_by)
    page = client.get(reverse("reports:shared_results", args=[link.token])).content.decode()
    assert "document.docx" not in page and "report.pdf" in page


def test_characters_xml_cannot_hold_are_left_out_not_a_failed_download(client, demo):
    ImprovementAction.objects.create(
        scan=demo, title="Pasted\x0btitle\x01 with **stars**", impact=3, effort=2
    )
    client.force_login(demo.created_by)
    response = client.get(reverse("reports:report_document", args=[demo.pk]), {"language": "en"})
    assert response.status_code == 200
    assert "Pastedtitle with **stars**" in all_text(Document(io.BytesIO(response.content)))


def test_evidence_and_low_confidence_are_in_their_area_and_a_link_stays_text(scan):
    factories.answer(
        scan,
        "purpose-01",
        3,
        confidence="low",
        evidence="Survey of Q3",
        evidence_link="https://intranet.example.com/purpose",
    )
    doc = document(scan, "en")
    texts = [p.text for p in doc.paragraphs]
    purpose, ends = texts.index("Purpose"), texts.index("Customer journey")
    low, backed = texts.index("Answered with low confidence"), texts.index("Evidence")
    assert purpose < low < backed < ends
    assert texts[low + 1] == present(scan, language="en").results.item("purpose-01").statement["en"]
    evidence = next(t for t in doc.tables if t.rows[0].cells[1].text == "Evidence")
    assert [cell.text for cell in evidence.rows[1].cells][1:] == [
        "Survey of Q3",
        "https://intranet.example.com/purpose",
        "",
    ]
    assert not [rel for rel in doc.part.rels.values() if "hyperlink" in rel.reltype]


def test_a_scan_without_answers_gives_a_document_without_levels(client, consultant, scan):
    client.force_login(consultant)
    response = client.get(reverse("reports:report_document", args=[scan.pk]), {"language": "en"})
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert "Overall maturity level: No level yet" in [p.text for p in doc.paragraphs]
    assert headings(doc, 1)[-2:] == ["Appendix: the answers", "Method"]


def test_one_document_at_a_time_per_user(client, demo):
    """While one of the consultant's documents is being made, another request gets a 429 and
    nothing is recorded; once it is done, the next is made."""
    client.force_login(demo.created_by)
    url = reverse("reports:report_document", args=[demo.pk])
    with ratelimit.exclusive(f"reports:document:user:{demo.created_by.pk}", 60):
        busy = client.get(url, {"language": "en"})
    assert busy.status_code == 429 and busy["Retry-After"] == "5"
    assert "being made already" in busy.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).exists()
    assert client.get(url).status_code == 200
