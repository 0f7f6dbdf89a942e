"""The report tells the story, then the evidence: cover, executive summary (the consultant's
summary, the level, the area table, three key findings), profile, a page per area, roadmap with
every action, KPIs, progress, workshop; then the answers per area and the method, which the
summary only leaves out."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string

from checklists.models import Item, Scan
from narrative.part import NarrativePart, Text
from plans.models import ImprovementAction
from reports import svg
from reports.report import render_report
from scoring import completion
from scoring.results import frozen_results
from scoring.signals import results_presented
from tests import factories
from tests.helpers import flat, pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_scan(scan):
    scan.language = "en"
    scan.save()
    values = [4, 3, 0, 1]
    items = Item.objects.active().filter(area__code="purpose")
    factories.answer_items(scan, {item.code: values[index % 4] for index, item in enumerate(items)})
    ImprovementAction.objects.create(scan=scan, title="Map the returns journey", impact=5, effort=2)
    ImprovementAction.objects.create(scan=scan, title="Invoice in plain words", impact=5, effort=2)
    completion.complete(scan)
    return scan


def page_of(pages: list[str], words: str, start: int = 0) -> int:
    """The index of the first page from `start` whose text holds `words` (white space ignored)."""
    return next(i for i, page in enumerate(pages) if i >= start and flat(words) in flat(page))


def test_the_story_comes_first_then_the_evidence(story_scan):
    pages = pdf_pages(render_report(story_scan, "en"))
    assert "Executive summary" in pages[1] and "Key findings" in pages[1]
    assert "Maturity profile" in pages[2]
    # One page per area, in the checklist's order, each with its strengths, gaps and tips.
    purpose = page_of(pages, "Strengths", 3)
    assert purpose == 3 and "Purpose" in pages[3] and "Gaps" in pages[3]
    assert pages[3].startswith("Purpose")
    order = [
        page_of(pages, title, 3)
        for title in ["Customer journey", "Ecosystem", "CX metrics and improvement (KPIs)"]
    ]
    assert order == [4, 5, 6]
    roadmap = page_of(pages, "Roadmap", 7)
    assert roadmap == 7
    assert page_of(pages, "KPIs", roadmap) >= roadmap
    appendix = page_of(pages, "Appendix: the answers per area")
    method = page_of(pages, "Method", appendix)
    assert roadmap < appendix < method == len(pages) - 1


def test_the_summary_page_holds_the_level_the_areas_and_three_findings(scan):
    items = Item.objects.active().filter(area__code__in=["purpose", "kpis"])
    factories.answer_items(scan, {i.code: 4 if i.area.code == "purpose" else 0 for i in items})
    completion.complete(scan)
    summary = flat(pdf_pages(render_report(scan, "en"))[1])
    results = frozen_results(scan)
    for area in results.areas:
        assert flat(area.name["en"]) in summary
    assert flat("Strongest area: Purpose, with a score of 100.0") in summary
    assert flat("Weakest area: CX metrics and improvement (KPIs), with a score of 0.0") in summary
    assert flat("statements score 2 or lower") in summary  # the third finding


def test_each_area_page_shows_its_level_and_what_it_means_and_its_own_strengths_and_gaps(
    story_scan,
):
    pages = pdf_pages(render_report(story_scan, "en"))
    purpose = flat(pages[3])
    results = frozen_results(story_scan)
    area = next(area for area in results.areas if area.code == "purpose")
    level = next(level for level in results.levels if level.number == area.level)
    assert flat(level.description["en"]) in purpose
    strongest = [i for i in results.items if i.area == "purpose" and i.value == 4]
    weakest = [i for i in results.items if i.area == "purpose" and i.value == 0]
    assert flat(strongest[0].statement["en"]) in purpose
    assert flat(weakest[0].statement["en"]) in purpose
    for tip in results.tips.get("area:purpose", []):
        assert flat(tip.text["en"]) in purpose


def test_the_appendix_shows_the_answers_and_lists_what_was_not_answered(story_scan):
    pages = pdf_pages(render_report(story_scan, "en"))
    appendix_start = page_of(pages, "Appendix: the answers per area")
    story = flat(" ".join(pages[:appendix_start]))
    appendix = flat(" ".join(pages[appendix_start:]))
    answered = Item.objects.get(code="purpose-02")
    unanswered = Item.objects.get(code="journey-01")
    assert flat(answered.statement_en) in appendix
    assert flat(unanswered.statement_en) not in story
    assert flat(unanswered.statement_en) in appendix
    assert "Not answered" not in " ".join(pages)  # no answer cell says so: a list does


@pytest.fixture
def narrative():
    """The consultant's words as the narrative app's part gives them (its model comes with the
    merge): a receiver of `results_presented`, connected for the test."""
    part = NarrativePart(
        summary=Text("The team **knows its purpose**.\n\n- Measure after contact\n- Fix invoices"),
        areas={"journey": Text("Journeys are mapped, but **nobody owns them**.")},
    )

    def receiver(sender, presentation, **kwargs):
        return part

    results_presented.connect(receiver, dispatch_uid="test-narrative")
    yield part
    results_presented.disconnect(dispatch_uid="test-narrative")


def test_the_consultants_summary_opens_page_two_and_their_commentary_its_area(
    story_scan, narrative
):
    pages = pdf_pages(render_report(story_scan, "en"))
    summary = flat(pages[1])
    assert flat("The team knows its purpose.") in summary
    assert flat("Measure after contact") in summary and "**" not in pages[1]
    assert summary.index(flat("knows its purpose")) < summary.index(flat("Overall maturity"))
    journey = flat(pages[page_of(pages, "Customer journey", 4)])
    assert flat("Journeys are mapped, but nobody owns them.") in journey
    assert flat("Journeys are mapped") not in flat(pages[3])  # not on another area's page


def test_the_roadmap_lists_every_action_with_owner_and_due_date_in_british_form(story_scan):
    for number in range(1, 7):
        ImprovementAction.objects.create(
            scan=story_scan,
            title=f"Later step number {number}",
            impact=2,
            effort=4,
            owner="Customer service lead",
            due_date=date(2026, 12, 6),
        )
    pages = pdf_pages(render_report(story_scan, "en", appendix=False))
    roadmap = flat(" ".join(pages[page_of(pages, "Roadmap") :]))
    for action in ImprovementAction.objects.filter(scan=story_scan):
        assert flat(action.title) in roadmap
    assert flat("In focus") in roadmap and flat("Later") in roadmap
    assert roadmap.index(flat("Map the returns journey")) < roadmap.index(flat("Later step"))
    assert flat("Customer service lead") in roadmap
    assert flat("6 December 2026") in roadmap
    assert "06/12/2026" not in " ".join(pages)


@pytest.fixture
def demo_scan():
    call_command("seed_demo")
    return Scan.objects.get(title="CX-scan 2026")


ITEM_CODE = re.compile(r"\b[a-z]+(-[a-z]+)?-\d{2}\b")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_demo_scans_summary_only_fits_in_ten_pages_in_its_order(demo_scan, language):
    pages = pdf_pages(render_report(demo_scan, language, appendix=False))
    assert len(pages) <= 10
    whole = " ".join(pages)
    assert not ITEM_CODE.search(whole), ITEM_CODE.search(whole)
    titles = {
        "en": ["Executive summary", "Maturity profile", "Purpose", "Roadmap", "KPIs", "Progress"],
        "nl": ["Samenvatting", "Volwassenheidsprofiel", "Purpose", "Roadmap", "KPI's", "Voortgang"],
    }[language]
    # Each chapter opens its page, but the KPIs, which follow the roadmap on its page.
    kpis = titles.pop(4)
    found = [next(i for i, page in enumerate(pages) if page.startswith(t)) for t in titles]
    assert found == sorted(found) and found[0] == 1, found
    assert found[3] <= page_of(pages, kpis, found[3]) < found[4]
    assert pages[-1].startswith("Workshop")
    appendix = "Appendix" if language == "en" else "Bijlage"
    assert appendix not in whole


def test_the_demo_scans_full_report_has_the_answers_and_no_item_code(demo_scan):
    pages = pdf_pages(render_report(demo_scan, "en"))
    summary_only = pdf_pages(render_report(demo_scan, "en", appendix=False))
    assert len(pages) > len(summary_only)
    whole = " ".join(pages)
    assert not ITEM_CODE.search(whole), ITEM_CODE.search(whole)
    assert "Appendix: the answers per area" in whole and "Method" in pages[-1]
    for action in demo_scan.actions.all():
        assert flat(action.title) in flat(whole)


def test_two_actions_on_one_spot_stay_apart_in_the_matrix():
    chart = svg.matrix(
        [{"effort": 2, "impact": 5}, {"effort": 2, "impact": 5}, {"effort": 4, "impact": 1}],
        {"quick_win": "a", "big_bet": "b", "fill_in": "c", "money_pit": "d"},
        "Effort",
        "Impact",
    )
    (x1, y1, _), (x2, y2, _), _third = chart["dots"]
    distance = ((float(x1) - float(x2)) ** 2 + (float(y1) - float(y2)) ** 2) ** 0.5
    assert distance >= 2 * chart["dot"]  # the two circles do not overlap
    markup = render_to_string("reports/matrix.svg", {"chart": chart})
    assert re.findall(r'fill="#fff">(\d)</text>', markup) == ["1", "2", "3"]


def test_radar_labels_print_at_8_pt_or_more():
    """The report draws a radar 120 mm wide; its SVG is svg.WIDTH units wide."""
    css = (settings.BASE_DIR / "static" / "css" / "report.css").read_text()
    width_mm = float(re.search(r"\.chart svg \{ width: (\d+)mm", css).group(1))
    points_per_unit = width_mm / svg.WIDTH / 25.4 * 72
    assert svg.LABEL_SIZE * points_per_unit >= 8
    markup = (settings.BASE_DIR / "templates" / "reports" / "radar.svg").read_text()
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', markup)]
    assert min(size for size in sizes if size != 11) * points_per_unit >= 8  # 11: the ring ticks
