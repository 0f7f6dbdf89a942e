"""The report tells the story first: the findings, the radars and the plan in the first pages
after the cover; the chapters show what was answered, an appendix lists what was not."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from checklists.models import Item
from plans.models import ImprovementAction
from reports import svg
from reports.report import render_report
from scoring import completion
from scoring.results import frozen_results
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


def test_findings_radars_and_plan_come_within_four_pages_after_the_cover(story_scan):
    text = pdf_pages(render_report(story_scan, "en"))
    first_four = flat(" ".join(text[1:5]))
    results = frozen_results(story_scan)
    for code in results.strengths[:3] + results.gaps[:3]:
        assert flat(results.item(code).statement["en"]) in first_four, code
    for tip in results.recommendations[:2]:
        assert flat(tip.text["en"]) in first_four
    for words in ["Strengths", "Gaps", "Recommendations", "Maturity profile", "Improvement plan"]:
        assert flat(words) in first_four
    assert "Mapthereturnsjourney" in first_four and "Impact" in first_four


def test_chapters_show_answered_statements_and_the_appendix_the_rest(story_scan):
    text = pdf_pages(render_report(story_scan, "en"))
    appendix_start = next(
        i for i, page in enumerate(text) if "Appendix: statements not answered" in page
    )
    chapters = flat(" ".join(text[5:appendix_start]))
    appendix = flat(" ".join(text[appendix_start:]))
    answered = Item.objects.get(code="purpose-01")
    unanswered = Item.objects.get(code="journey-01")
    assert flat(answered.statement_en) in chapters
    assert flat(unanswered.statement_en) not in chapters
    assert flat(unanswered.statement_en) in appendix
    assert "Not answered" not in " ".join(text)


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
