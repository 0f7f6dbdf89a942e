"""Target levels per area and pillar: the rules, the form, and everywhere levels are shown."""

import json
from xml.etree import ElementTree

import plotly.graph_objects as go
import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from checklists.models import Item
from reports.models import StoredReport
from reports.report import render_report
from reports.stored import ready_pdf
from reports.svg import radar
from scoring import completion
from scoring.models import Target
from scoring.radar import radar_figure
from scoring.results import results_for
from scoring.targets import copy_targets, targets_of
from tests import factories
from tests.helpers import (
    element,
    elements,
    flat,
    pdf_pages,
    pdfs_not_drawn,
    render_reports,
    results_url,
    text_of,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def answered_scan(scan):
    """Purpose all 4 (level 5), journey all 1 (level 2), the rest open. In English: the Dutch
    of new texts comes later, the tests check the texts themselves."""
    scan.language = "en"
    scan.save()
    factories.answer_items(scan, items=Item.objects.filter(area__code="purpose"), value=4)
    factories.answer_items(scan, items=Item.objects.filter(area__code="journey"), value=1)
    return scan


def targets_url(scan):
    return reverse("scoring:targets", args=[scan.pk])


def form_data(**values):
    """Every select of the form, empty unless given (`area_journey=4` → area-journey: 4)."""
    data = {
        f"{kind}-{code}": ""
        for kind, codes in (
            ("area", ["purpose", "journey", "kpis", "ecosystem"]),
            ("pillar", ["strategy", "culture", "adoption", "insight", "design", "metrics"]),
        )
        for code in codes
    }
    data.update({key.replace("_", "-", 1): value for key, value in values.items()})
    return data


def stored(scan):
    return targets_of(scan).document()


def set_targets(scan, **levels):
    for key, level in levels.items():
        kind, code = key.split("_", 1)
        Target.objects.create(scan=scan, kind=kind, code=code, level=level)


# The model -------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 6, 32767])
def test_database_refuses_a_target_outside_1_to_5(scan, level):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(scan=scan, kind="area", code="journey", level=level)


def test_database_refuses_a_second_target_for_one_section(scan):
    Target.objects.create(scan=scan, kind="area", code="journey", level=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(scan=scan, kind="area", code="journey", level=4)
    Target.objects.create(scan=scan, kind="pillar", code="journey", level=4)  # another kind


def test_database_refuses_an_unknown_kind(scan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(scan=scan, kind="topic", code="eco-ict", level=3)


# The form and its view -------------------------------------------------------------------------


def test_consultant_sets_targets_and_returns_to_the_section(client, consultant, answered_scan):
    client.force_login(consultant)
    response = client.post(targets_url(answered_scan), form_data(area_journey=4, pillar_strategy=3))
    assert response.status_code == 302
    assert response["Location"] == f"{results_url(answered_scan)}#targets-heading"
    assert stored(answered_scan) == {"areas": {"journey": 4}, "pillars": {"strategy": 3}}


def test_targets_stay_editable_after_completion_and_clearing_removes_one(
    client, consultant, answered_scan
):
    completion.complete(answered_scan)
    set_targets(answered_scan, area_journey=4, area_kpis=2)
    client.force_login(consultant)
    response = client.post(targets_url(answered_scan), form_data(area_journey=5), follow=True)
    assert response.status_code == 200
    assert "Targets saved." in response.text
    assert stored(answered_scan) == {"areas": {"journey": 5}, "pillars": {}}


def test_a_section_not_sent_keeps_its_target(client, consultant, answered_scan):
    set_targets(answered_scan, area_journey=4, pillar_metrics=2)
    client.force_login(consultant)
    response = client.post(targets_url(answered_scan), {"area-kpis": "3"}, follow=True)
    assert response.status_code == 200
    assert stored(answered_scan) == {"areas": {"journey": 4, "kpis": 3}, "pillars": {"metrics": 2}}
    response = client.post(targets_url(answered_scan), {}, follow=True)
    assert "The targets were already set like this." in response.text
    assert stored(answered_scan) == {"areas": {"journey": 4, "kpis": 3}, "pillars": {"metrics": 2}}


def test_the_form_shows_the_targets_set(client, consultant, answered_scan):
    set_targets(answered_scan, area_journey=4)
    client.force_login(consultant)
    for url in (results_url(answered_scan), targets_url(answered_scan)):
        page = client.get(url).text
        (selected,) = [
            option["value"]
            for option in elements(page, "option")
            if "selected" in option and option["value"]
        ]
        assert selected == "4"
        assert "Now: 2 · Reactive" in page  # journey's reached level under its select


@pytest.mark.parametrize(
    "bad",
    ["0", "6", "-1", "3.0", "drie", "99999999999999999999999", "4 ", "<b>4</b>", "1e1"],
)
def test_bad_level_is_a_400_and_changes_nothing(client, consultant, answered_scan, bad):
    set_targets(answered_scan, area_purpose=5)
    client.force_login(consultant)
    response = client.post(targets_url(answered_scan), form_data(area_journey=bad))
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    select = element(response.text, "select", name="area-journey")
    assert select["aria-invalid"] == "true"
    assert "id_area-journey_error" in select["aria-describedby"]
    assert stored(answered_scan) == {"areas": {"purpose": 5}, "pillars": {}}


def test_nul_byte_is_a_400_and_changes_nothing(client, consultant, answered_scan):
    set_targets(answered_scan, area_purpose=5)
    client.force_login(consultant)
    response = client.post(targets_url(answered_scan), form_data(area_journey="3\x00"))
    assert response.status_code == 400
    assert stored(answered_scan) == {"areas": {"purpose": 5}, "pillars": {}}


def test_one_bad_field_saves_none_of_the_good_ones(client, consultant, answered_scan):
    set_targets(answered_scan, area_purpose=5)
    client.force_login(consultant)
    data = form_data(area_purpose="", area_journey=3, pillar_strategy=4, pillar_metrics=9)
    assert client.post(targets_url(answered_scan), data).status_code == 400
    assert stored(answered_scan) == {"areas": {"purpose": 5}, "pillars": {}}


def test_unknown_section_is_a_400_and_changes_nothing(client, consultant, answered_scan):
    client.force_login(consultant)
    data = form_data(area_journey=3)
    data["area-nowhere"] = "3"
    response = client.post(targets_url(answered_scan), data)
    assert response.status_code == 400
    assert response.text.count("There is no area or pillar “nowhere”") == 1
    assert stored(answered_scan) == {"areas": {}, "pillars": {}}


def test_outsider_gets_404_and_changes_nothing(client, outsider, answered_scan):
    set_targets(answered_scan, area_journey=3)
    client.force_login(outsider)
    assert client.get(targets_url(answered_scan)).status_code == 404
    assert client.post(targets_url(answered_scan), form_data(area_journey=5)).status_code == 404
    assert stored(answered_scan) == {"areas": {"journey": 3}, "pillars": {}}


def test_colleague_of_the_organisation_may_set_targets(client, colleague, answered_scan):
    client.force_login(colleague)
    assert client.post(targets_url(answered_scan), form_data(area_kpis=2)).status_code == 302
    assert stored(answered_scan) == {"areas": {"kpis": 2}, "pillars": {}}


def test_anonymous_is_sent_to_login_and_changes_nothing(client, answered_scan):
    response = client.post(targets_url(answered_scan), form_data(area_journey=5))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Target.objects.exists()


# Shown wherever levels are ---------------------------------------------------------------------


def test_results_tables_show_target_gap_and_met(client, consultant, answered_scan):
    set_targets(answered_scan, area_journey=4, area_purpose=3, pillar_strategy=5)
    client.force_login(consultant)
    page = client.get(results_url(answered_scan)).text
    rows = {row.split("</th>", 1)[0].rsplit(">", 1)[-1]: row for row in page.split("<tr>")[1:]}
    journey = " ".join(rows["Customer journey"].split())
    assert "<td>4 Integrated</td>" in journey  # the target
    assert '<td class="text-end">2</td>' in journey  # gap: 4 − 2 (level Reactive)
    assert ">met</span>" in rows["Purpose"]  # level 5 reaches target 3
    assert ">met</span>" not in rows["Customer journey"]
    assert "3 Structured" in rows["Purpose"]
    assert "5 Customer-driven" in rows["CX strategy"]  # a pillar table has them too
    assert page.count('<th scope="col">Target</th>') == 2


def test_tables_have_no_target_columns_without_targets(client, consultant, answered_scan):
    client.force_login(consultant)
    page = client.get(results_url(answered_scan)).text
    assert "Target</th>" not in page and "Gap</th>" not in page


def test_shared_page_shows_targets_read_only(client, consultant, answered_scan):
    completion.complete(answered_scan)
    set_targets(answered_scan, area_journey=4)
    link = answered_scan.share_links.create(created_by=consultant)
    page = client.get(reverse("reports:shared_results", args=[link.token])).text
    assert "Target</th>" in page and "4 Integrated" in page
    assert 'id="targets-heading"' not in page
    assert targets_url(answered_scan) not in page
    assert not elements(page, "select")


def test_json_export_and_score_scan_hold_the_targets(client, consultant, answered_scan, capsys):
    client.force_login(consultant)
    export = reverse("scoring:export_json", args=[answered_scan.pk])
    assert json.loads(client.get(export).content)["targets"] == {"areas": {}, "pillars": {}}
    set_targets(answered_scan, area_journey=4, pillar_metrics=2)
    expected = {"areas": {"journey": 4}, "pillars": {"metrics": 2}}
    assert json.loads(client.get(export).content)["targets"] == expected
    call_command("score_scan", str(answered_scan.pk), "--json")
    assert json.loads(capsys.readouterr().out)["targets"] == expected
    call_command("score_scan", str(answered_scan.pk))
    assert "target 4" in capsys.readouterr().out


def test_report_holds_targets_and_gaps(answered_scan):
    completion.complete(answered_scan)
    set_targets(answered_scan, area_journey=4, area_purpose=3, pillar_metrics=2)
    text = pdf_pages(render_report(answered_scan, "en"))
    summary = flat(text[1])
    assert flat("Level Target Gap Coverage") in summary
    assert flat("2 Reactive 4 Integrated 2") in summary  # journey: level 2, target 4, gap 2
    assert flat("5 Customer-driven 3 Structured met") in summary  # purpose reached its target
    whole = flat(" ".join(text))
    assert flat("Target: where the target level begins") in whole  # the radars' legend
    assert flat("Target: 4 · Integrated (2 levels to go)") in whole  # the journey chapter
    pillars = flat(next(page for page in text if "Pillar summary" in page))
    assert flat("Target Gap") in pillars and flat("2 Reactive") in pillars


def test_dutch_report_names_the_target_levels_in_dutch(answered_scan):
    completion.complete(answered_scan)
    set_targets(answered_scan, area_journey=4)
    summary = flat(pdf_pages(render_report(answered_scan, "nl"))[1])
    assert flat("2 Reactief 4 Geïntegreerd 2") in summary


def test_report_without_targets_has_no_target_columns(answered_scan):
    completion.complete(answered_scan)
    summary = pdf_pages(render_report(answered_scan, "en"))[1]
    assert flat("Score Level Coverage") in flat(summary)
    assert "Target" not in summary


def current(scan) -> bool:
    return all(report.is_ready for report in StoredReport.objects.filter(scan=scan))


def test_changing_targets_renders_the_stored_report_again(
    client, consultant, answered_scan, django_capture_on_commit_callbacks
):
    completion.complete(answered_scan)
    with pdfs_not_drawn():  # what it says is not read: only the one rendered again below is
        render_reports(answered_scan, ["en"])
    # One language is enough here (each render takes a second or two).
    StoredReport.objects.filter(scan=answered_scan, language="nl").delete()
    assert current(answered_scan)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks() as queued:
        client.post(targets_url(answered_scan), form_data(area_journey=4))
    assert not current(answered_scan) and len(queued) == 1  # a render is queued
    for render in queued:
        render()  # the worker (the tests' tasks run at once)
    assert current(answered_scan)
    assert "Target" in " ".join(pdf_pages(ready_pdf(answered_scan, "en")))

    # Saving the same targets again changes nothing: the stored report stays current.
    client.post(targets_url(answered_scan), form_data(area_journey=4))
    assert current(answered_scan)
    client.post(targets_url(answered_scan), form_data())  # clearing is a change
    assert not current(answered_scan)


def test_bad_input_keeps_the_stored_report(client, consultant, answered_scan):
    completion.complete(answered_scan)
    with pdfs_not_drawn():  # only their being current is read
        render_reports(answered_scan)
    client.force_login(consultant)
    client.post(targets_url(answered_scan), form_data(area_journey=4, area_kpis=7))
    assert current(answered_scan)


# Charts ----------------------------------------------------------------------------------------


def test_radar_target_trace_sits_on_the_lower_bound_of_the_target_level(answered_scan):
    results = results_for(answered_scan)
    bounds = {level.number: level.lower_bound for level in results.levels}
    targets = {"journey": 4, "purpose": 2}
    with translation.override("en"):
        figure = radar_figure(results.areas, results.levels, "en", targets)
    target = next(trace for trace in figure["data"] if trace["name"] == "Target")
    expected = [targets.get(area.code) for area in results.areas]
    expected = [bounds[level] if level else None for level in expected]
    assert target["r"] == [*expected, expected[0]]
    assert target["line"]["dash"] == "dash"
    journey = [area.code for area in results.areas].index("journey")
    assert target["text"][journey] == f"Target: 4 Integrated (from score {bounds[4]})"
    assert figure["data"][-1]["name"] == "Score"  # the score stays on top
    go.Figure(figure)  # a spec Plotly accepts


def test_radar_target_hover_follows_the_page_language(answered_scan):
    results = results_for(answered_scan)
    with translation.override("nl"):
        figure = radar_figure(results.areas, results.levels, "nl", {"journey": 4})
    target = figure["data"][-2]  # under the score
    assert target["line"]["dash"] == "dash"
    assert any("4 Geïntegreerd" in text for text in target["text"])


def test_radar_has_no_target_trace_without_targets(answered_scan):
    results = results_for(answered_scan)
    other = {"strategy": 4}  # a pillar's target does not belong on the area radar
    for targets in (None, {}, other):
        figure = radar_figure(results.areas, results.levels, "en", targets)
        assert len(figure["data"]) == len(results.levels) + 1


def test_results_page_charts_carry_the_targets(client, consultant, answered_scan):
    set_targets(answered_scan, pillar_strategy=3)
    client.force_login(consultant)
    page = client.get(results_url(answered_scan)).text
    charts = {
        name: json.loads(text_of(page, name, collapse=False))
        for name in ("area-chart-data", "pillar-chart-data")
    }
    assert not any(trace["name"] == "Target" for trace in charts["area-chart-data"]["data"])
    (target,) = [
        trace for trace in charts["pillar-chart-data"]["data"] if trace["name"] == "Target"
    ]
    assert target["r"][0] == 40  # strategy, the first pillar: level 3 begins at 40


def test_report_radar_draws_a_dashed_outline_and_a_legend_entry(answered_scan):
    results = results_for(answered_scan)
    every = {area.code: 3 for area in results.areas}
    with translation.override("nl"):
        chart = radar(results.areas, results.levels, "nl", "Gebieden", "hol", every, "Doel")
        markup = render_to_string("reports/radar.svg", {"chart": chart})
    svg = ElementTree.fromstring(markup)
    dashed = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == len(results.areas) + 1  # a closed outline, and the legend's sample
    assert "Doel" in [text.text for text in svg.iter(f"{SVG}text")]

    one = radar(results.areas, results.levels, "nl", "Gebieden", "hol", {"journey": 3}, "Doel")
    assert one["target_segments"] == [] and len(one["target_marks"]) == 1
    none = radar(results.areas, results.levels, "nl", "Gebieden", "hol", {}, "Doel")
    assert "stroke-dasharray" not in render_to_string("reports/radar.svg", {"chart": none})
    assert none["height"] < chart["height"]  # no legend row for targets


# Copying for a follow-up scan ------------------------------------------------------------------


def test_copy_targets_gives_the_new_scan_its_predecessors_targets(scan, organisation):
    set_targets(scan, area_journey=4, area_kpis=3, pillar_metrics=2)
    new_scan = factories.scan(organisation, title="Scan 2027")
    set_targets(new_scan, area_kpis=5)  # chosen for the new scan: kept
    assert copy_targets(scan, new_scan) == 2
    assert stored(new_scan) == {"areas": {"journey": 4, "kpis": 5}, "pillars": {"metrics": 2}}
    assert stored(scan) == {"areas": {"journey": 4, "kpis": 3}, "pillars": {"metrics": 2}}
    assert copy_targets(scan, new_scan) == 0  # twice is harmless


def test_copy_targets_of_a_scan_without_targets_copies_nothing(scan, organisation):
    new_scan = factories.scan(organisation, title="Scan 2027")
    assert copy_targets(scan, new_scan) == 0
    assert not new_scan.targets.exists()


def test_report_radar_prints_a_score_inside_its_point_when_the_target_sits_just_outside(
    answered_scan,
):
    results = results_for(answered_scan)
    first = results.areas[0]  # its axis points up: a smaller y is further out
    assert first.code == "purpose" and first.score == 100
    on_journey = [area.code for area in results.areas].index("journey")  # score 25, axis right

    def label_side(chart, index):
        x, y, _indicative, tx, ty, *_rest = chart["points"][index]
        return float(tx) - float(x), float(ty) - float(y)

    plain = radar(results.areas, results.levels, "en", "Areas")
    assert label_side(plain, on_journey)[0] > 0  # outside: to the right of its point
    close = radar(results.areas, results.levels, "en", "Areas", "", {"journey": 3}, "Target")
    assert label_side(close, on_journey)[0] < 0  # target 3 begins at 40, just outside 25
    far = radar(results.areas, results.levels, "en", "Areas", "", {"journey": 5}, "Target")
    assert label_side(far, on_journey)[0] > 0  # target 5 at 80: room for the score outside
