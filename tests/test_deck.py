"""The deck (PPTX): opened with python-pptx as PowerPoint would read it. Its slides in order,
its radars' data equal to the stored results, speaker notes with the statements behind the
findings, no text beyond its box, no item code anywhere, in the scan's language; and its
download, with the PDF's access rules."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree
from PIL import Image
from pptx import Presentation as OpenPptx
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from audit.models import AuditEvent
from branding.models import Branding
from checklists.models import Item, Organisation, Scan
from narrative.part import NarrativePart, Text
from plans.models import ImprovementAction, KpiBaseline
from reports import deck
from reports.deck import build_deck, render_deck
from scoring.latest import mark_latest
from scoring.models import Results, SectionResult
from scoring.presentation import present
from scoring.results import frozen_results, results_for
from scoring.signals import results_presented
from scoring.targets import save_targets
from tests import factories

pytestmark = pytest.mark.django_db

ITEM_CODE = re.compile(r"\b[a-z]+(-[a-z]+)?-\d{2}\b")
ENGLISH_TITLES = ["Executive summary", "Maturity profile: areas", "Maturity profile: pillars"]


@pytest.fixture
def full_scan(scan):
    """Alice's scan, every active statement answered (0–4, some N/A), two actions, a KPI
    baseline, completed."""
    items = list(Item.objects.active().order_by("area__position", "position"))
    factories.varied_answers(scan, items)
    ImprovementAction.objects.create(
        scan=scan, title="Map the returns journey", impact=5, effort=2, owner="Head of service"
    )
    ImprovementAction.objects.create(
        scan=scan, title="Invoice in plain words", impact=3, effort=4, due_date=dt.date(2027, 3, 1)
    )
    KpiBaseline.objects.create(scan=scan, nps_counts=[1, 0, 0, 2, 0, 3, 4, 5, 6, 7, 8])
    return factories.complete(scan)


@pytest.fixture
def english_full_scan(full_scan):
    full_scan.language = "en"
    full_scan.save()
    return full_scan


@pytest.fixture
def narrative():
    """A narrative part (the narrative app's, as its receiver would answer): set `texts`."""
    texts: dict = {}

    def receiver(sender, presentation, **kwargs):
        if not texts:
            return None
        return NarrativePart(
            summary=Text(texts.get("summary", "")) if texts.get("summary") else None,
            areas={code: Text(source) for code, source in texts.get("areas", {}).items()},
        )

    results_presented.connect(receiver, dispatch_uid="test-deck-narrative")
    yield texts
    results_presented.disconnect(dispatch_uid="test-deck-narrative")


def opened(content: bytes):
    return OpenPptx(io.BytesIO(content))


def title_of(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def slide_text(slide) -> str:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(texts)


def charts(pptx) -> list:
    return [shape.chart for slide in pptx.slides for shape in slide.shapes if shape.has_chart]


def test_slide_titles_in_order(english_full_scan):
    pptx = opened(render_deck(english_full_scan))
    results = frozen_results(english_full_scan)
    assert pptx.slide_width == Inches(13.333) and pptx.slide_height == Inches(7.5)  # 16:9
    assert "Acme Retail" in slide_text(pptx.slides[0])
    assert [title_of(slide) for slide in pptx.slides][1:] == [
        *ENGLISH_TITLES,
        *(area.name["en"] for area in results.areas),
        "Roadmap",
        "KPIs: where you start",
        "Next steps",
    ]


def test_a_dutch_scan_gets_a_dutch_deck_and_english_when_asked(full_scan):
    assert full_scan.language == "nl"
    titles = [title_of(slide) for slide in opened(render_deck(full_scan)).slides]
    assert titles[1] == "Samenvatting" and "Volgende stappen" in titles
    titles = [title_of(slide) for slide in opened(render_deck(full_scan, "en")).slides]
    assert titles[1] == "Executive summary" and "Next steps" in titles


def test_each_radar_is_a_native_chart_of_the_stored_scores(english_full_scan):
    results = frozen_results(english_full_scan)
    areas, pillars = charts(opened(render_deck(english_full_scan)))
    for chart, sections in ((areas, results.areas), (pillars, results.pillars)):
        assert chart.chart_type.name.startswith("RADAR")
        assert list(chart.plots[0].categories) == [section.name["en"] for section in sections]
        (score,) = chart.plots[0].series  # no targets, no peers: the scores only
        assert score.name == "Score"
        assert list(score.values) == [section.score for section in sections]
    # Each chart's text alternative names every value.
    frame = next(
        shape
        for slide in opened(render_deck(english_full_scan)).slides
        for shape in slide.shapes
        if shape.has_chart
    )
    alternative = frame._element.nvGraphicFramePr.cNvPr.get("descr")
    for area in results.areas:
        assert f"{area.name['en']}: {area.score:.1f}" in alternative


def test_targets_are_a_series_of_their_own(english_full_scan):
    save_targets(english_full_scan, {("area", "purpose"): 4, ("area", "journey"): 3})
    results = frozen_results(english_full_scan)
    bounds = {level.number: level.lower_bound for level in results.levels}
    areas, pillars = charts(opened(render_deck(english_full_scan)))
    _score, target = areas.plots[0].series
    assert target.name == "Target"
    wanted = {"purpose": bounds[4], "journey": bounds[3]}
    assert list(target.values) == [wanted.get(area.code) for area in results.areas]
    assert [series.name for series in pillars.plots[0].series] == ["Score"]  # none set there


def test_an_area_slides_notes_hold_its_gaps_statements(english_full_scan):
    pptx = opened(render_deck(english_full_scan))
    results = frozen_results(english_full_scan)
    purpose = next(slide for slide in pptx.slides if title_of(slide) == "Purpose")
    gaps = [item for item in results.items if item.area == "purpose" and item.value in (0, 1)]
    assert gaps
    notes = purpose.notes_slide.notes_text_frame.text
    for item in gaps:
        assert item.statement["en"] in notes
    # The slide shows the lowest ones (shortened where needed); the notes hold them whole.
    assert gaps[0].statement["en"][:30] in slide_text(purpose)


def test_the_consultants_words_keep_bold_and_bullets_and_no_link(english_full_scan, narrative):
    narrative["summary"] = (
        "The client is **strong on purpose**; see https://example.com/x for the survey.\n\n"
        "- **First** map the journey\n- Then measure after each contact"
    )
    narrative["areas"] = {"journey": "Nobody owns the journey yet."}
    content = render_deck(english_full_scan)
    pptx = opened(content)
    summary = pptx.slides[1]
    body = next(
        shape.text_frame
        for shape in summary.shapes
        if shape.has_text_frame and "strong on purpose" in shape.text_frame.text
    )
    first, *bullets = body.paragraphs
    assert [(run.text, bool(run.font.bold)) for run in first.runs][:2] == [
        ("The client is ", False),
        ("strong on purpose", True),
    ]
    assert "https://example.com/x" in first.text  # as text
    assert [paragraph.text for paragraph in bullets] == [
        "First map the journey",
        "Then measure after each contact",
    ]
    assert all(paragraph._p.pPr.find(qn("a:buChar")) is not None for paragraph in bullets)
    assert bullets[0].runs[0].font.bold
    assert first._p.pPr is None or first._p.pPr.find(qn("a:buChar")) is None
    journey = next(slide for slide in pptx.slides if title_of(slide) == "Customer journey")
    assert "Nobody owns the journey yet." in slide_text(journey)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        parts = b"".join(package.read(name) for name in package.namelist() if "xml" in name)
    # No link on any text, and no hyperlink relationship (app.xml's HyperlinksChanged aside).
    assert b"hlinkClick" not in parts and b"relationships/hyperlink" not in parts


def frame_paras(frame) -> list:
    """A text frame's paragraphs as the shortening rule counts them."""
    paras = []
    for paragraph in frame.paragraphs:
        runs = tuple((run.text, bool(run.font.bold)) for run in paragraph.runs)
        if not runs:
            continue
        size = max(run.font.size.pt for run in paragraph.runs)
        bullet = paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("a:buChar")) is not None
        space = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        paras.append(deck.Para(runs, size, bullet=bullet, space_before=space))
    return paras


def overflowing(pptx) -> list[str]:
    """Every text box or table cell whose text needs more room than it has, by the rule."""
    found = []
    for number, slide in enumerate(pptx.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                width, height = shape.width, shape.height
                if shape.text_frame._bodyPr.get("vert") == "vert270":  # turned: runs upwards
                    width, height = height, width
                if not deck.fits(frame_paras(shape.text_frame), width, height):
                    found.append(f"slide {number}: {shape.text_frame.text[:60]}")
            if shape.has_table:
                table = shape.table
                for row in table.rows:
                    for column, cell in zip(table.columns, row.cells, strict=True):
                        width = column.width - 2 * Inches(0.08) + 2 * deck.INSET
                        if not deck.fits(frame_paras(cell.text_frame), width, row.height):
                            found.append(f"slide {number}, cell: {cell.text[:60]}")
    return found


def test_long_texts_are_shortened_never_overflow(english_full_scan, narrative):
    narrative["summary"] = "\n\n".join(
        f"**Finding {n}.** " + "The customer journey lacks an owner and a measure. " * 12
        for n in range(6)
    )
    narrative["areas"] = {"purpose": "- " + "A very long commentary bullet. " * 80}
    for n in range(6):
        ImprovementAction.objects.create(
            scan=english_full_scan,
            title=f"Action {n}: " + "rebuild the invoice letters in plain words " * 6,  # 268 of 300
            impact=5 - n % 5,
            effort=1 + n % 5,
            owner="The head of customer service and the finance team, together " + "x" * 50,
        )
    pptx = opened(render_deck(english_full_scan))
    assert overflowing(pptx) == []
    summary = slide_text(pptx.slides[1])
    assert "Finding 0." in summary and "…" in summary  # the start kept, the rest cut by rule
    assert "Finding 5." not in summary
    roadmap = next(slide for slide in pptx.slides if title_of(slide) == "Roadmap")
    text = slide_text(roadmap)
    focus = list(english_full_scan.actions.all())[:5]  # the plan's order: impact, then effort
    assert all(action.title[:20] in text for action in focus)  # all five, shortened
    assert "3 more actions later" in text  # eight actions: five in focus, three later
    notes = roadmap.notes_slide.notes_text_frame.text
    assert all(f"Action {n}: " in notes for n in range(6))  # every title whole in the notes
    next_steps = slide_text(pptx.slides[-1])
    assert "Repeat the scan in a year" in next_steps  # after three long actions, still there


def test_the_shortening_rule_cuts_at_a_word_with_an_ellipsis():
    para = deck.plain("one two three four five six seven eight nine ten " * 10, 20)
    width, height = Inches(3), Inches(1)
    (cut,) = deck.fit([para], width, height)
    assert cut.text.endswith("…") and deck.fits([cut], width, height)
    assert cut.text[:-1].split()[-1] in para.text.split()  # ends on a whole word
    assert deck.fit([deck.plain("short", 20)], width, height)[0].text == "short"


def test_no_item_code_anywhere_in_the_deck(full_scan, narrative):
    narrative["summary"] = "A summary."
    content = render_deck(full_scan)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            text = " ".join(root.itertext())
            assert not ITEM_CODE.search(text), (name, ITEM_CODE.search(text))


def test_the_deck_wears_the_consultancys_accent_and_logo(english_full_scan):
    saved = Branding(
        consultancy=english_full_scan.organisation.consultancy, name="Kompas", accent="#1d6f42"
    )
    png = io.BytesIO()
    Image.new("RGB", (300, 100), "#c2410c").save(png, "PNG")
    saved.logo = ContentFile(png.getvalue(), name="logo.png")
    saved.save()
    content = build_deck(present(english_full_scan, language="en"), saved)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        first = package.read("ppt/slides/slide1.xml")
        images = [name for name in package.namelist() if name.startswith("ppt/media/")]
    assert b'val="1D6F42"' in first and b"Kompas" in first
    assert len(images) == 1  # one logo, shared by every slide that shows it
    pictures = [shape for shape in opened(content).slides[0].shapes if shape.shape_type == 13]
    assert [picture._element.nvPicPr.cNvPr.get("descr") for picture in pictures] == ["Kompas"]


# The download


def test_the_consultant_downloads_the_deck_and_it_is_recorded(consultant_client, full_scan):
    url = reverse("reports:deck", args=[full_scan.pk]) + "?language=en"
    response = consultant_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == deck.PPTX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="cx-maturity-acme-retail-scan-2026-en.pptx"'
    )
    assert title_of(opened(response.content).slides[1]) == "Executive summary"
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.details == {"format": "pptx", "language": "en", "draft": False}


def test_the_deck_is_in_the_scans_language_without_a_choice(consultant_client, full_scan):
    response = consultant_client.get(reverse("reports:deck", args=[full_scan.pk]))
    assert title_of(opened(response.content).slides[1]) == "Samenvatting"
    assert response["Content-Disposition"].endswith('-nl.pptx"')


def test_another_consultancy_gets_404_and_nothing_is_recorded(client, full_scan):
    other = factories.owner("oscar", consultancy=factories.consultancy("Other CX"))
    client.force_login(other)
    assert client.get(reverse("reports:deck", args=[full_scan.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, full_scan):
    response = client.get(reverse("reports:deck", args=[full_scan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_results_page_offers_the_deck_in_both_languages(alice, full_scan):
    page = alice.get(reverse("scoring:results", args=[full_scan.pk])).content.decode()
    url = reverse("reports:deck", args=[full_scan.pk])
    assert f'href="{url}?language=nl"' in page and f'href="{url}?language=en"' in page


def test_a_client_managers_shared_page_does_not_offer_the_deck(client, full_scan):
    from reports.models import ShareLink

    link = ShareLink.objects.create(scan=full_scan)
    page = client.get(reverse("reports:shared_results", args=[link.token])).content.decode()
    assert "deck.pptx" not in page


def test_an_open_scans_deck_is_a_draft_of_its_live_answers(consultant_client, scan):
    factories.answer(scan, "purpose-01", 4)
    response = consultant_client.get(reverse("reports:deck", args=[scan.pk]) + "?language=en")
    assert response.status_code == 200
    areas = charts(opened(response.content))[0]
    live = results_for(scan)
    assert list(areas.plots[0].series[0].values) == [area.score for area in live.areas]
    assert live.areas[0].score is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.details["draft"] is True


def test_a_control_character_in_a_name_does_not_break_the_deck(english_full_scan):
    organisation = english_full_scan.organisation
    organisation.name = "Acme\x0b Retail"  # pasted from elsewhere: XML cannot hold it
    organisation.save()
    pptx = opened(render_deck(english_full_scan))
    assert "Acme Retail" in slide_text(pptx.slides[0])


def peers_with_every_area(scan, scores: list[float]) -> None:
    """Other organisations in the scan's sector, each with one completed scan whose every area
    scored as given (one organisation per score)."""
    codes = [area.code for area in frozen_results(scan).areas]
    for number, score in enumerate(scores):
        organisation = Organisation.objects.create(
            name=f"Peer {number}",
            sector=scan.organisation.sector,
            consultancy=factories.default_consultancy(),
        )
        completed_at = timezone.now() - dt.timedelta(days=10)
        peer = Scan.objects.create(
            organisation=organisation,
            title="Peer",
            status=Scan.Status.COMPLETED,
            completed_at=completed_at,
        )
        results = Results.objects.create(
            scan=peer, version=2, document={}, completed_at=completed_at
        )
        SectionResult.objects.bulk_create(
            SectionResult(
                results=results,
                kind=kind,
                code=code,
                score=score,
                level=min(5, int(score // 20) + 1),
                coverage=1.0,
            )
            for kind, code in [("overall", ""), *(("area", code) for code in codes)]
        )
        mark_latest(organisation.pk)


def test_the_peers_median_is_a_series_of_its_own(english_full_scan):
    peers_with_every_area(english_full_scan, [20.0, 40.0, 50.0, 60.0, 80.0, 90.0])
    wanted = present(english_full_scan, language="en").peer_outline("areas")
    assert wanted is not None  # every area has peers
    areas, _pillars = charts(opened(render_deck(english_full_scan)))
    names = [series.name for series in areas.plots[0].series]
    assert names == ["Score", "Peer median"]
    assert list(areas.plots[0].series[1].values) == wanted


def test_a_follow_up_shows_its_progress_since_the_previous_scan(english_scan):
    factories.answer_items(english_scan, area="purpose", value=1)
    factories.complete(english_scan)
    follow_up = factories.follow_up(english_scan)
    factories.answer_items(follow_up, area="purpose", value=3)
    factories.complete(follow_up)
    before, after = frozen_results(english_scan), frozen_results(follow_up)
    pptx = opened(render_deck(follow_up))
    titles = [title_of(slide) for slide in pptx.slides]
    with translation.override("en"):
        since = present(follow_up, language="en").progress_since  # "7 December 2026"
    progress = pptx.slides[titles.index(f"Progress since {since}")]
    assert titles[-1] == "Next steps"
    table = next(shape.table for shape in progress.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Area", since, "Now", "Change"]
    change = round(after.areas[0].score - before.areas[0].score, 1)
    assert rows[1] == [
        "Purpose",
        f"{before.areas[0].score:.1f}",
        f"{after.areas[0].score:.1f}",
        f"+{change:.1f}",
    ]
    notes = progress.notes_slide.notes_text_frame.text
    improved = next(item for item in after.items if item.area == "purpose")
    assert improved.statement["en"] in notes


def test_when_not_a_word_more_fits_the_previous_paragraph_takes_the_ellipsis():
    width = Inches(4)
    first = deck.plain("A first paragraph that fills the box.", 20)
    height = Emu(Pt(deck.para_height(first, width)) + 2 * deck.INSET)
    kept = deck.fit([first, deck.plain("A second one.", 20)], width, height)
    assert [para.text for para in kept] == ["A first paragraph that fills the box…"]
    assert deck.fits(kept, width, height)
