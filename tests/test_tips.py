"""Where the do's and don'ts are shown (issue 22): an area's tips while scanning it, the tips of
its statements' pillars beside them, and the area's tips on its page of the report. Seed 004's
do's and don'ts that sat only on a pillar are on an area too."""

import pytest
from django.urls import reverse

from checklists.models import Area, Item, Scan, Tip
from reports.report import render_report
from scoring.results import results_for
from tests import factories
from tests.helpers import area_url, flat, pdf_pages

pytestmark = pytest.mark.django_db

# Seed 004's tip and the area where it helps while scanning.
SEED_004_ON_AREAS = {
    "tip-practice-01": "journey",  # get to know your customers
    "tip-practice-02": "purpose",  # no separate CX department
    "tip-practice-05": "ecosystem",  # dare to make choices
}


@pytest.mark.parametrize(("code", "area"), SEED_004_ON_AREAS.items())
def test_seed_004_tips_sit_on_their_area_as_well_as_their_pillar(code, area):
    on_pillar = Tip.objects.get(code=code)
    on_area = Tip.objects.get(area__code=area, text_nl=on_pillar.text_nl)
    assert on_pillar.pillar is not None
    assert (on_area.text_en, on_area.kind) == (on_pillar.text_en, on_pillar.kind)


@pytest.mark.parametrize(("code", "area"), SEED_004_ON_AREAS.items())
def test_scan_page_shows_seed_004_tips_on_their_area(client, consultant, scan, code, area):
    client.force_login(consultant)
    page = client.get(area_url(scan, area)).text
    assert flat(Tip.objects.get(code=code).text_nl.replace("'", "&#x27;")) in flat(page)


def pillar_tips_url(scan, area):
    return reverse("checklists:pillar_tips", args=[scan.pk, area])


def test_scan_page_shows_the_tips_of_the_pillars_of_its_statements(client, consultant, scan):
    """The page has the panel; opening it fetches the tips (not sent with every page: they
    doubled its rendering time)."""
    Scan.objects.filter(pk=scan.pk).update(language="en")
    client.force_login(consultant)
    page = client.get(area_url(scan, "purpose")).text
    assert "Tips for the pillars of these statements" in page
    assert f'data-hx-get="{pillar_tips_url(scan, "purpose")}"' in page
    assert Tip.objects.get(code="tip-practice-21").text_en not in page
    panel = client.get(pillar_tips_url(scan, "purpose"))
    assert panel.status_code == 200
    # Purpose has statements of the strategy, culture and adoption pillars, none of insight.
    for code in ["tip-practice-21", "tip-practice-32", "tip-practice-07"]:
        assert Tip.objects.get(code=code).text_en in panel.text, code
    assert "<summary>CX strategy (2)</summary>" in panel.text
    assert Tip.objects.get(code="tip-practice-25").text_en not in panel.text  # insight


def test_ecosystem_panel_shows_every_pillars_tips(client, consultant, scan):
    """Its statements belong to every pillar: each pillar tip is in the panel, or with the
    area's own tips on the page when it sits on the area too ("dare to make choices")."""
    client.force_login(consultant)
    page = client.get(area_url(scan, "ecosystem")).text
    panel = client.get(pillar_tips_url(scan, "ecosystem")).text
    for tip in Tip.objects.filter(pillar__isnull=False):
        text = tip.text_nl.replace("'", "&#x27;")
        on_area = Tip.objects.filter(area__code="ecosystem", text_nl=tip.text_nl).exists()
        assert text in (page if on_area else panel), tip.code
        assert (text in panel) != on_area, tip.code


def test_a_pillar_tip_that_is_also_on_the_area_is_shown_once_with_the_areas_tips(
    client, consultant, scan
):
    """The page shows its tip list twice (folded above the statements on a tablet, beside them
    on a laptop); the CX department tip is among the area's, and not again with its pillar."""
    client.force_login(consultant)
    page = client.get(area_url(scan, "purpose")).text
    department = Tip.objects.get(code="tip-practice-02").text_nl.replace("'", "&#x27;")
    ordinary = Tip.objects.get(code="tip-purpose-do-1").text_nl
    assert page.count(department) == page.count(ordinary) == 2
    panel = client.get(pillar_tips_url(scan, "purpose")).text
    assert department not in panel
    assert "Klantgerichte cultuur (1)" in panel  # the culture pillar: only tip-practice-32


def test_the_pillar_tips_are_the_consultants_alone(client, outsider, scan):
    assert client.get(pillar_tips_url(scan, "purpose")).status_code == 302  # log in first
    client.force_login(outsider)
    assert client.get(pillar_tips_url(scan, "purpose")).status_code == 404
    assert client.post(pillar_tips_url(scan, "purpose")).status_code == 405


@pytest.fixture
def completed_report_scan(scan):
    factories.answer_items(scan, value=2)
    factories.complete(scan)
    return scan


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reports_area_pages_show_the_areas_tips(completed_report_scan, language):
    """Each area's chapter, from its description to the next chapter, lists its tips,
    seed 004's among them."""
    whole = flat(" ".join(pdf_pages(render_report(completed_report_scan, language))))
    areas = ["purpose", "journey", "ecosystem", "kpis"]
    starts = [
        whole.index(flat(getattr(Area.objects.get(code=code), f"description_{language}")))
        for code in areas
    ]
    ends = [*starts[1:], None]
    chapters = {code: whole[starts[i] : ends[i]] for i, code in enumerate(areas)}
    for code, chapter in chapters.items():
        for tip in Tip.objects.filter(area__code=code):
            assert flat(getattr(tip, f"text_{language}")) in chapter, (code, tip.code)
    for tip_code, code in SEED_004_ON_AREAS.items():
        tip = Tip.objects.get(code=tip_code)  # the pillar's: the same text
        assert flat(getattr(tip, f"text_{language}")) in chapters[code], tip_code


def test_a_tip_on_a_pillar_and_its_area_is_recommended_once(scan):
    """Strategy the weakest pillar and ecosystem the weakest area: "dare to make choices" is the
    tip of both, and the recommendations name it once."""
    choices = {}
    for item in Item.objects.active().select_related("area", "pillar"):
        if item.pillar.code == "strategy":
            choices[item.code] = 0
        elif item.area.code == "ecosystem":
            choices[item.code] = 1
        else:
            choices[item.code] = 4
    factories.answer_items(scan, choices)
    results = results_for(scan)
    assert results.weakest_sections == ["pillar:strategy", "area:ecosystem"]
    texts = [tip.text["nl"] for tip in results.recommendations]
    assert Tip.objects.get(code="tip-practice-05").text_nl in texts
    assert len(texts) == len(set(texts)) == 6
