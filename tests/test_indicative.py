"""A level that rests on few answers is indicative, and every place that shows it says so."""

import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from checklists.models import Answer, Item
from reports.report import render_report
from reports.svg import radar
from scoring.radar import radar_figure
from scoring.results import build_results
from tests import factories

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def thin_scan(scan):
    """Purpose fully answered; of the voice-of-the-customer pillar (insight) only 2 statements."""
    factories.answer_items(scan, area="purpose", value=3)
    for item in Item.objects.active().filter(pillar__code="insight")[:2]:
        Answer.objects.update_or_create(scan=scan, item=item, defaults={"value": 4})
    return scan


def sections_by_code(sections):
    return {section.code: section for section in sections}


def test_coverage_below_the_threshold_makes_a_level_indicative(thin_scan, settings):
    results = build_results(thin_scan)
    areas, pillars = sections_by_code(results.areas), sections_by_code(results.pillars)
    assert areas["purpose"].coverage == 1 and not areas["purpose"].indicative
    assert pillars["insight"].level is not None and pillars["insight"].indicative
    assert results.overall.indicative  # far fewer than half of all statements answered
    settings.CXSCAN_MIN_COVERAGE = 0.1
    assert not pillars["insight"].indicative  # 2 of 13 is above 10 %


def test_score_scan_json_says_which_levels_are_indicative(thin_scan, capsys):
    call_command("score_scan", str(thin_scan.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["areas"]["purpose"]["indicative"] is False
    assert data["pillars"]["insight"]["indicative"] is True
    assert data["overall"]["indicative"] is True


def test_json_export_says_which_levels_are_indicative(client, consultant, thin_scan):
    client.force_login(consultant)
    data = client.get(reverse("scoring:export_json", args=[thin_scan.pk])).json()
    assert data["pillars"]["insight"]["indicative"] is True
    assert data["areas"]["purpose"]["indicative"] is False


def test_results_page_marks_indicative_levels(client, consultant, thin_scan):
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[thin_scan.pk]), headers={})
    assert 'id="indicative-note"' in page.text
    # One badge per indicative section with a level, and one for the overall level.
    results = build_results(thin_scan)
    marked = [
        section
        for section in [results.overall, *results.areas, *results.pillars]
        if section.indicative and section.level is not None
    ]
    assert len(marked) >= 2
    assert page.text.count("badge rounded-pill text-bg-warning") == len(marked)


def test_web_radar_draws_indicative_points_hollow(thin_scan):
    results = build_results(thin_scan)
    with translation.override("en"):
        figure = radar_figure(results.pillars, results.levels, "en")
    scores = figure["data"][-1]
    codes = [pillar.code for pillar in results.pillars]
    symbols = dict(zip(codes, scores["marker"]["symbol"], strict=False))
    assert symbols["insight"] == "circle-open"
    labels = dict(zip(codes, scores["text"], strict=False))
    insight = sections_by_code(results.pillars)["insight"]
    assert labels["insight"].endswith(f"(indicative: on 2 of {insight.total} statements)")
    with translation.override("en"):
        areas = radar_figure(results.areas, results.levels, "en")["data"][-1]
    purpose = sections_by_code(results.areas)["purpose"]  # every statement answered
    assert (areas["text"][0], areas["marker"]["symbol"][0]) == (f"{purpose.score:.1f}", "circle")


def test_report_marks_indicative_levels_in_tables_and_charts(thin_scan):
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_report(thin_scan, "en"))).pages
    )
    assert "(indicative)" in text
    results = build_results(thin_scan)
    markup = render_to_string(
        "reports/radar.svg",
        {"chart": radar(results.pillars, results.levels, "en", "Pillars", "hollow: indicative")},
    )
    circles = list(ElementTree.fromstring(markup).iter(f"{SVG}circle"))
    hollow = [circle for circle in circles if circle.get("fill") == "#fff"]
    # One per indicative point, and one in the legend; a pillar without a score has no point.
    indicative = sum(pillar.indicative and pillar.score is not None for pillar in results.pillars)
    assert len(hollow) == indicative + 1
    assert re.search(r"hollow: indicative", markup)
