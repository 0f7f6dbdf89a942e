"""The results page, the JSON export and `score_scan`: same numbers everywhere, frozen when done."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from branding.models import branding_of
from checklists.models import Answer, Area, Item, MaturityLevel, Pillar
from reports.models import ShareLink
from scoring import completion
from scoring.radar import wrap
from scoring.results import build_results, frozen_results, results_for
from tests import factories
from tests.helpers import elements, results_url, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_scan(scan):
    """Purpose fully scored 4 (→ 100), journey all 1 (→ 25), the rest open; one N/A."""
    factories.answer_items(scan, items=Item.objects.filter(area__code="purpose"), value=4)
    factories.answer_items(scan, items=Item.objects.filter(area__code="journey"), value=1)
    factories.answer(scan, "eco-01", "na")
    return scan


def figures(html):
    scripts = elements(html, "script", type="application/json")
    names = [script["id"] for script in scripts if script["id"].endswith("-chart-data")]
    return {name: json.loads(text_of(html, name, collapse=False)) for name in names}


def test_results_numbers(answered_scan):
    results = build_results(answered_scan)
    areas = {area.code: area for area in results.areas}
    assert areas["purpose"].score == 100 and areas["purpose"].level == 5
    assert areas["journey"].score == 25 and areas["journey"].level == 2
    assert areas["ecosystem"].score is None and areas["ecosystem"].level is None
    assert areas["ecosystem"].answered == 1  # the N/A counts towards coverage
    assert results.overall.score == 62.5 and results.overall.level == 4


def test_results_page_for_the_consultant(client, consultant, answered_scan):
    client.force_login(consultant)
    response = client.get(results_url(answered_scan))
    assert response.status_code == 200
    results = results_for(answered_scan)
    for section in results.areas + results.pillars:
        assert escape(section.name["nl"]) in response.text
    assert "Klantgedreven" in response.text  # purpose's level, in the scan's language


def test_outsider_gets_404_for_results_and_export(client, outsider, answered_scan):
    client.force_login(outsider)
    assert client.get(results_url(answered_scan)).status_code == 404
    assert client.get(reverse("scoring:export_json", args=[answered_scan.pk])).status_code == 404


def test_results_need_a_login(client, answered_scan):
    assert client.get(results_url(answered_scan)).status_code == 302


def test_chart_data_equals_the_scoring_output(client, consultant, answered_scan):
    client.force_login(consultant)
    charts = figures(client.get(results_url(answered_scan)).text)
    results = results_for(answered_scan)
    for name, sections in [("area-chart-data", "areas"), ("pillar-chart-data", "pillars")]:
        score_trace = charts[name]["data"][-1]
        # A section without a score has no point (None: a gap in the outline), not 0.
        expected = [section.score for section in getattr(results, sections)]
        assert score_trace["r"] == [*expected, expected[0]]
        assert len(score_trace["theta"]) == len(getattr(results, sections)) + 1
        # One ring per maturity level under the scores.
        assert len(charts[name]["data"]) == MaturityLevel.objects.count() + 1


def test_results_page_queries_do_not_grow_with_answers(
    client, consultant, scan, django_assert_max_num_queries
):
    client.force_login(consultant)
    branding_of(consultant)  # cached across requests: one query per process every few minutes
    factories.answer(scan, "purpose-01", 1)
    # 18: the workshop panel asks whether the scan had a workshop; one reads the targets; one
    # the evidence files' names; one counts the peers for a benchmark (none here, else two more
    # read it); one reads the user's consultancy (membership), which scopes what they may see;
    # one reads the consultant's texts (summary and commentaries, all in one).
    with django_assert_max_num_queries(18):
        client.get(results_url(scan))
    for item in Item.objects.all():
        Answer.objects.update_or_create(scan=scan, item=item, defaults={"value": 2, "note": "n"})
    with django_assert_max_num_queries(18):
        client.get(results_url(scan))


def test_completed_results_are_frozen_until_reopened(answered_scan):
    completion.complete(answered_scan)
    before = results_for(answered_scan)

    Item.objects.filter(area__code="journey").update(weight=3)
    Item.objects.filter(code="purpose-01").update(statement_nl="Gewijzigd na afronding")
    MaturityLevel.objects.filter(number=2).update(lower_bound=30, name_nl="Anders")
    answered_scan.refresh_from_db()
    after = results_for(answered_scan)
    assert after == before
    journey = next(area for area in after.areas if area.code == "journey")
    assert journey.level == 2

    completion.reopen(answered_scan)
    answered_scan.refresh_from_db()
    reopened = results_for(answered_scan)
    journey = next(area for area in reopened.areas if area.code == "journey")
    assert journey.level == 1  # 25 < the new bound of 30
    assert reopened.items[0].statement["nl"] == "Gewijzigd na afronding"


def test_completing_in_the_browser_freezes_and_shows_results(client, consultant, answered_scan):
    client.force_login(consultant)
    response = client.post(reverse("scoring:complete", args=[answered_scan.pk]))
    assert response["Location"] == results_url(answered_scan)
    answered_scan.refresh_from_db()
    assert frozen_results(answered_scan).overall.level == 4
    dashboard = client.get(reverse("home")).text
    assert "4 Geïntegreerd" in dashboard


def test_score_scan_json(answered_scan, capsys):
    call_command("score_scan", str(answered_scan.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    # answered_scan answers few statements outside purpose: the overall level is indicative.
    assert data["overall"] == {"score": 62.5, "level": 4, "indicative": True}
    assert data["areas"]["purpose"] == {
        "score": 100.0,
        "level": 5,
        "coverage": 1.0,
        "indicative": False,
    }
    assert data["areas"]["ecosystem"]["level"] is None
    assert set(data["pillars"]) == {
        "strategy",
        "culture",
        "adoption",
        "insight",
        "design",
        "metrics",
    }


def test_score_scan_unknown_id_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no scan with id 999"):
        call_command("score_scan", "999")


def test_json_export_holds_answers_scores_and_levels(client, consultant, answered_scan):
    client.force_login(consultant)
    response = client.get(reverse("scoring:export_json", args=[answered_scan.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["scan"]["organisation"] == "Acme Retail"
    assert data["overall"]["level"] == 4
    answers = {answer["code"]: answer for answer in data["answers"]}
    assert answers["purpose-01"]["value"] == 4
    assert answers["eco-01"]["not_applicable"] is True
    assert [level["lower_bound"] for level in data["levels"]] == [0, 20, 40, 60, 80]


def test_dashboard_shows_levels_from_the_section_rows(
    client, consultant, answered_scan, django_assert_max_num_queries
):
    completion.complete(answered_scan)
    client.force_login(consultant)
    with django_assert_max_num_queries(8) as queries:
        page = client.get(reverse("home")).text
    assert "4 Geïntegreerd" in page
    # The level comes from the section rows; the results document is never read.
    assert not any('"document"' in q["sql"] for q in queries.captured_queries)


LINK = '<a href="https://evil.example/">x</a>'
ESCAPED_LINK = '&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;'  # Plotly shows it as typed


def test_typed_html_in_chart_labels_is_shown_as_text_not_drawn(client, consultant, answered_scan):
    """Plotly draws <a href>, <b>, <span style> … in any label; only our own tags reach it (<br>
    in wrapped labels, <extra></extra> in hover templates)."""
    Area.objects.filter(code="purpose").update(name_nl=LINK)
    Pillar.objects.filter(code="strategy").update(name_nl=f"Strategie {LINK}")
    MaturityLevel.objects.filter(number=5).update(name_nl=LINK)
    answered_scan.actions.create(title=LINK, impact=4, effort=2)
    completion.complete(answered_scan)  # a share link shows completed results
    link = ShareLink.objects.create(scan=answered_scan, created_by=consultant)
    client.force_login(consultant)
    pages = [
        client.get(results_url(answered_scan)).text,
        client.get(reverse("reports:shared_results", args=[link.token])).text,
    ]
    for page in pages:
        charts = figures(page)
        assert set(charts) == {"area-chart-data", "pillar-chart-data", "action-chart-data"}
        for chart in charts.values():
            assert not re.search(r"<(?!br>|/?extra>)", json.dumps(chart)), chart
        area_chart, pillar_chart = charts["area-chart-data"], charts["pillar-chart-data"]
        assert (
            '&lt;a<br>href="https://evil.example/"&gt;x&lt;/a&gt;'
            in (area_chart["data"][-1]["theta"])
        )
        assert any("&lt;a" in name for name in pillar_chart["data"][-1]["theta"])
        assert area_chart["data"][0]["name"] == f"5 {ESCAPED_LINK}"  # the outer ring's legend
        assert charts["action-chart-data"]["data"][0]["customdata"] == [ESCAPED_LINK]


def test_chart_labels_keep_their_line_breaks_and_escape_each_line():
    assert wrap("Klantgerichte cultuur & leiderschap") == (
        "Klantgerichte<br>cultuur &amp;<br>leiderschap"
    )
    assert wrap('"Quoted" <i>') == '"Quoted" &lt;i&gt;'  # Plotly would show &quot; as such
    assert wrap("<b>bold</b> <br> x") == "&lt;b&gt;bold&lt;/b&gt; &lt;br&gt;<br>x"


def test_scores_follow_the_language_of_the_page(client, consultant, answered_scan):
    """Dutch writes 62,5 and English 62.5: in tables and in the chart labels alike."""
    client.force_login(consultant)
    dutch = client.get(results_url(answered_scan)).text  # the scan is Dutch
    assert "62,5 / 100" in dutch and "62.5 / 100" not in dutch
    assert "100,0" in figures(dutch)["area-chart-data"]["data"][-1]["text"]
    answered_scan.language = "en"
    answered_scan.save()
    english = client.get(results_url(answered_scan)).text
    assert "62.5 / 100" in english
    assert "100.0" in figures(english)["area-chart-data"]["data"][-1]["text"]
