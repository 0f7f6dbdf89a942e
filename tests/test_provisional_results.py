"""Provisional results tell the truth: a section without a score is a gap in both radars (web and
PDF), never a point at 0; an indicative section has a hollow point and says on how many answers
it rests; the overall score says how many areas it is the mean of."""

import io
from xml.etree import ElementTree

import openpyxl
import plotly.graph_objects as go
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from checklists.models import Item
from reports.report import render_report
from reports.svg import radar
from scoring.radar import radar_figure
from scoring.results import build_results
from tests import factories

from .helpers import elements, flat, pdf_pages, text_of

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


@pytest.fixture
def early_scan(scan):
    """Early in the conversation: Purpose fully answered, one Customer journey statement, and
    nothing yet in the two other areas."""
    factories.answer_items(scan, items=Item.objects.active().filter(area__code="purpose"), value=3)
    journey = Item.objects.active().filter(area__code="journey").order_by("position").first()
    factories.answer(scan, journey, 4)
    return scan


def by_code(sections):
    return {section.code: section for section in sections}


def test_the_web_radar_leaves_a_gap_for_an_area_without_a_score(early_scan):
    results = build_results(early_scan)
    codes = [area.code for area in results.areas]
    assert [area.score is None for area in results.areas] == [False, False, True, True]
    with translation.override("en"):
        figure = radar_figure(results.areas, results.levels, "en")
    go.Figure(figure)  # still a spec Plotly accepts
    scores = figure["data"][-1]
    assert scores["connectgaps"] is False
    r = dict(zip(codes, scores["r"], strict=False))
    assert r["purpose"] == 75 and r["journey"] == 100
    assert r["ecosystem"] is None and r["kpis"] is None  # no point, not a point at 0
    assert scores["r"][-1] == scores["r"][0]  # closed where a score exists


def test_an_indicative_area_is_hollow_and_says_on_how_many_answers(early_scan):
    results = build_results(early_scan)
    journey = by_code(results.areas)["journey"]
    assert journey.indicative and journey.level == 5 and journey.answered == 1
    with translation.override("en"):
        scores = radar_figure(results.areas, results.levels, "en")["data"][-1]
    index = [area.code for area in results.areas].index("journey")
    assert scores["marker"]["symbol"][index] == "circle-open"
    assert scores["text"][index] == (f"100.0 (indicative: on 1 of {journey.total} statements)")
    assert scores["marker"]["symbol"][0] == "circle"  # Purpose: every statement answered


def test_the_results_page_says_how_many_areas_the_overall_score_rests_on(
    client, consultant, early_scan
):
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    page = client.get(reverse("scoring:results", args=[early_scan.pk])).text
    assert text_of(page, "overall-basis") == (
        "(mean of only 2 of the 4 areas; no score yet: "
        "Ecosystem, CX metrics and improvement (KPIs))"
    )
    journey = by_code(build_results(early_scan).areas)["journey"]
    # The area table's badge says on how many answers the level rests.
    assert f"indicative: on 1 of {journey.total}" in " ".join(page.split())


def test_the_overall_line_names_the_four_areas_once_each_has_a_score(client, consultant, scan):
    for code in ("purpose", "journey", "ecosystem", "kpis"):
        item = Item.objects.active().filter(area__code=code).first()
        factories.answer(scan, item, 2)
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    page = client.get(reverse("scoring:results", args=[scan.pk])).text
    assert text_of(page, "overall-basis") == "(mean of the four areas)"


def test_the_overall_line_of_an_empty_scan_says_no_area_has_a_score(client, consultant, scan):
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    page = client.get(reverse("scoring:results", args=[scan.pk])).text
    assert text_of(page, "overall-basis") == "(no area has a score yet)"
    assert elements(page, id="area-chart-data")


def svg_of(chart) -> ElementTree.Element:
    return ElementTree.fromstring(render_to_string("reports/radar.svg", {"chart": chart}))


def test_the_pdf_radar_draws_no_point_for_an_area_without_a_score(early_scan):
    results = build_results(early_scan)
    chart = radar(results.areas, results.levels, "en", "Areas", "hollow: indicative")
    svg = svg_of(chart)
    centre = tuple(float(value) for value in chart["centre"])
    points = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]
    on_axes = [point for point in points if point[1] != float(chart["note_y"])]  # not the legend
    assert len(on_axes) == 2  # Purpose and Customer journey only
    assert centre not in on_axes  # nothing sits at 0
    # The outline: a line between the two neighbouring areas with a score, no closed polygon.
    assert not chart["scores"]
    lines = [line.get("points") for line in svg.iter(f"{SVG}polyline")]
    assert len(lines) == 1 and len(lines[0].split()) == 2
    texts = [" ".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    assert "–" not in texts and "0.0" not in texts  # no score printed for a missing one


def test_the_pdf_radar_of_a_fully_scored_scan_is_one_closed_outline(early_scan):
    for code in ("ecosystem", "kpis"):
        item = Item.objects.active().filter(area__code=code).first()
        factories.answer(early_scan, item, 1)
    results = build_results(early_scan)
    svg = svg_of(radar(results.areas, results.levels, "en", "Areas"))
    assert not list(svg.iter(f"{SVG}polyline"))
    hollow = [c for c in svg.iter(f"{SVG}circle") if c.get("fill") == "#fff"]
    assert len(hollow) == sum(area.indicative for area in results.areas) + 1  # and the legend


def test_the_pdf_radar_prints_a_full_score_inside_the_ring_clear_of_the_axis_label(early_scan):
    results = build_results(early_scan)
    with translation.override("en"):
        chart = radar(results.areas, results.levels, "en", "Areas")
    purpose, journey = chart["points"]  # the two areas with a score, in axis order
    assert journey[5] == "100.0"
    x, _y, _indicative, label_x, *_rest = journey  # the axis points right
    assert float(label_x) < float(x)  # inside: towards the centre
    x, y, _indicative, label_x, label_y, *_rest = purpose  # 75: room outside, upwards
    assert float(label_y) < float(y)


def test_the_report_and_the_export_say_what_the_overall_score_rests_on(
    client, consultant, early_scan
):
    """Every output says it, not the page alone: the PDF's summary and the scores sheet."""
    summary = flat(pdf_pages(render_report(early_scan, "nl"))[1])
    assert flat("gemiddelde van maar 2 van de 4 gebieden; nog geen score: Ecosysteem") in summary

    client.force_login(consultant)
    response = client.get(reverse("reports:export_xlsx", args=[early_scan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Scores"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[0].startswith("Gemiddelde van maar 2 van de 4 gebieden; nog geen score:")


def test_every_pdf_radar_explains_its_hollow_markers_inside_its_height(early_scan):
    """The progress radar gave no label: its hollow marker stood alone, cut off at the bottom."""
    results = build_results(early_scan)
    with translation.override("en"):
        chart = radar(
            results.areas, results.levels, "en", "Areas", outline=[50.0, 40.0, None, None]
        )
        svg = svg_of(chart)
    texts = [" ".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    assert "hollow: indicative level, based on few answers" in texts
    assert float(chart["note_text_y"]) < float(chart["height"])
