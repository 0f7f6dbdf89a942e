"""A scan compared with an earlier completed scan of the same organisation: section deltas,
statements that improved or declined, and a question bank that changed in between."""

import pytest
from django.urls import reverse

from checklists.models import Answer, Item, Scan
from scoring import completion
from tests import factories
from tests.helpers import flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_scans(organisation, consultant):
    """2025: every Purpose statement 2 (score 50.0). Then the question bank changes: purpose-01
    reworded, purpose-02 deactivated, a new Purpose statement. 2026: every Purpose statement 3
    (score 75.0), except purpose-05 at 1 (it declined)."""
    earlier = factories.scan(organisation, title="2025", created_by=consultant)
    factories.answer_items(earlier, area="purpose", value=2)
    factories.complete(earlier)

    Item.objects.filter(code="purpose-01").update(
        statement_nl="Herschreven stelling", statement_en="Reworded statement"
    )
    Item.objects.filter(code="purpose-02").update(is_active=False)
    template = Item.objects.get(code="purpose-03")
    template.pk, template.code, template.position = None, "purpose-99", 99
    template.statement_nl, template.statement_en = "Nieuwe stelling", "New statement"
    template.save()

    later = factories.scan(organisation, title="2026", created_by=consultant)
    factories.answer_items(later, area="purpose", value=3)
    Answer.objects.filter(scan=later, item__code="purpose-05").update(value=1)
    factories.complete(later)
    return earlier, later


def compare_page(client, scan, **params):
    return client.get(reverse("scoring:compare", args=[scan.pk]), params)


def test_section_changes_are_the_differences_of_the_two_scores(consultant_client, two_scans):
    earlier, later = two_scans
    page = compare_page(consultant_client, later)
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert comparison.earlier_scan == earlier  # the latest earlier completed scan by default

    purpose = next(change for change in comparison.areas if change.code == "purpose")
    # 2025: all 2 → 50.0. 2026: 17 statements, all 3 except one 1, equal weights aside:
    # the engine's weighted mean; the change is exactly the difference of the two.
    assert purpose.before.score == 50.0
    assert purpose.score_change == round(purpose.after.score - 50.0, 1)
    assert purpose.score_change > 0
    journey = next(change for change in comparison.areas if change.code == "journey")
    assert journey.before.score is None and journey.score_change is None


def test_statements_are_matched_by_code_across_a_changed_question_bank(
    consultant_client, two_scans
):
    _earlier, later = two_scans
    comparison = compare_page(consultant_client, later).context["comparison"]

    improved = {change.code for change in comparison.improved}
    declined = {change.code for change in comparison.declined}
    assert declined == {"purpose-05"}  # 2 → 1
    assert "purpose-01" in improved  # reworded, compared all the same
    assert "purpose-02" not in improved | declined  # deactivated: only in 2025
    assert [item.code for item in comparison.removed] == ["purpose-02"]
    assert [item.code for item in comparison.added] == ["purpose-99"]
    assert [change.code for change in comparison.reworded] == ["purpose-01"]
    purpose_items = Item.objects.filter(area__code="purpose", is_active=True).count()
    # Every statement in both scans, scored in both, moved: 2 → 3 or 2 → 1.
    assert len(improved) + len(declined) == purpose_items - 1  # purpose-99 is new

    html = flat(compare_page(consultant_client, later).content.decode())
    for text in ("Herschreven stelling", "Nieuwe stelling", "2 → 1"):
        assert flat(text) in html


def test_an_open_scan_compares_its_live_answers(consultant_client, two_scans, consultant):
    _earlier, later = two_scans
    follow_up = factories.scan(later.organisation, title="2027", created_by=consultant)
    factories.answer_items(follow_up, area="purpose", value=4)
    comparison = compare_page(consultant_client, follow_up).context["comparison"]
    assert comparison.earlier_scan == later
    purpose = next(change for change in comparison.areas if change.code == "purpose")
    assert purpose.after.score == 100.0


def test_statements_are_grouped_by_area_with_counts_and_the_unchanged_folded_away(
    consultant_client, two_scans, consultant
):
    """60 moved statements in one list made a 4,000 px page: per area, the counts in a line that
    opens to improved beside declined, and the unchanged folded away once more."""
    _earlier, later = two_scans
    follow_up = factories.scan(later.organisation, title="2027", created_by=consultant)
    factories.answer_items(follow_up, area="purpose", value=3)  # 2026: all 3 but purpose-05 at 1
    Answer.objects.filter(scan=follow_up, item__code="purpose-04").update(value=2)
    page = compare_page(consultant_client, follow_up)
    groups = page.context["comparison"].by_area
    assert [group.code for group in groups] == ["purpose"]  # nothing else scored in both
    purpose = groups[0]
    assert [change.code for change in purpose.improved] == ["purpose-05"]
    assert [change.code for change in purpose.declined] == ["purpose-04"]
    # 2026 and 2027 share the same question bank: every active Purpose statement is in both.
    in_both = Item.objects.filter(area__code="purpose", is_active=True).count()
    assert len(purpose.unchanged) == in_both - 2

    html = flat(page.content.decode())
    summary = html[html.index(flat('<details class="mb-3')) : html.index("</summary>")]
    counts = f"1 verbeterd · 1 achteruitgegaan · {in_both - 2} ongewijzigd"  # Dutch by default
    assert flat(counts) in summary
    assert 'id="changes-journey"' not in html
    body = html[html.index("</summary>") :]
    unchanged = body[body.index(flat('<details class="mt-2 ms-3">')) :]
    assert flat(f"<summary>{in_both - 2} ongewijzigd</summary>") in unchanged


def test_any_earlier_completed_scan_can_be_chosen(consultant_client, two_scans):
    earlier, later = two_scans
    page = compare_page(consultant_client, later, **{"with": earlier.pk})
    assert page.status_code == 200
    assert page.context["comparison"].earlier_scan == earlier


@pytest.mark.parametrize("bogus", ["abc", "-1", "1" * 40, "1\x00"])
def test_a_malformed_choice_is_refused(consultant_client, two_scans, bogus):
    _earlier, later = two_scans
    assert compare_page(consultant_client, later, **{"with": bogus}).status_code in (400, 404)


def test_only_earlier_completed_scans_of_the_same_organisation_compare(
    consultant_client, two_scans, consultant
):
    earlier, later = two_scans
    # A later scan, the scan itself, an open scan, another organisation's completed scan.
    assert compare_page(consultant_client, earlier, **{"with": later.pk}).status_code == 400
    assert compare_page(consultant_client, later, **{"with": later.pk}).status_code == 400
    still_open = factories.scan(later.organisation, title="open")
    assert compare_page(consultant_client, later, **{"with": still_open.pk}).status_code == 400
    elsewhere = factories.organisation("Elders", consultants=[consultant])
    other = factories.scan(elsewhere, title="elders")
    factories.complete(other)
    assert compare_page(consultant_client, later, **{"with": other.pk}).status_code == 400


def test_another_consultants_scans_are_404_and_visitors_log_in(
    client, two_scans, outsider, consultant
):
    _earlier, later = two_scans
    response = compare_page(client, later)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(outsider)
    assert compare_page(client, later).status_code == 404
    theirs = factories.organisation("Charlie's client", consultants=[outsider])
    their_scan = factories.scan(theirs, title="Theirs")
    factories.complete(their_scan)
    client.force_login(consultant)
    assert compare_page(client, later, **{"with": their_scan.pk}).status_code == 404


def test_without_an_earlier_scan_the_page_says_so(consultant_client, scan):
    page = compare_page(consultant_client, scan)
    assert page.status_code == 200
    assert page.context.get("comparison") is None
    assert "earlier completed scan" in page.content.decode() or "eerder" in page.content.decode()


def test_the_compare_page_queries_do_not_grow_with_answers(
    consultant_client, two_scans, django_assert_max_num_queries
):
    _earlier, later = two_scans
    compare_page(consultant_client, later)  # warm (the branding cache)
    with django_assert_max_num_queries(8) as few:
        compare_page(consultant_client, later)
    factories.answer_items(later, area="journey", value=2)
    factories.answer_items(later, area="ecosystem", value=2)
    completion.reopen(later)
    factories.complete(later)
    with django_assert_max_num_queries(len(few)):
        compare_page(consultant_client, later)


def test_the_charts_draw_the_earlier_scan_dashed(consultant_client, two_scans):
    _earlier, later = two_scans
    chart = compare_page(consultant_client, later).context["area_chart"]
    earlier_trace = chart["data"][-1]
    assert earlier_trace["line"]["dash"] == "dash"
    assert earlier_trace["r"][0] == 50.0  # Purpose, 2025


# The organisation's trend over its completed scans


def test_the_organisation_page_shows_the_trend_of_completed_scans(consultant_client, two_scans):
    _earlier, later = two_scans
    factories.scan(later.organisation, title="still open")
    page = consultant_client.get(later.organisation.get_absolute_url())
    assert page.status_code == 200
    rows = page.context["trend_rows"]
    assert [row.title for row in rows] == ["2025", "2026"]
    assert rows[0].areas["purpose"] == (50.0, rows[0].areas["purpose"][1])
    html = page.content.decode()
    assert 'id="trend-chart"' in html and "50,0" in html
    assert reverse("scoring:compare", args=[later.pk]) in html

    chart = page.context["trend_chart"]
    purpose = next(trace for trace in chart["data"] if trace["name"] == "Purpose")
    assert purpose["y"][0] == 50.0 and purpose["y"][1] > 50.0
    assert len(chart["layout"]["shapes"]) == 5  # the level bands


def test_the_trend_figure_is_valid_plotly(consultant_client, two_scans):
    go = pytest.importorskip("plotly.graph_objects")
    _earlier, later = two_scans
    chart = consultant_client.get(later.organisation.get_absolute_url()).context["trend_chart"]
    go.Figure(chart)  # raises on anything Plotly does not know


def test_one_completed_scan_gives_a_table_without_a_chart(consultant_client, completed_scan):
    page = consultant_client.get(completed_scan.organisation.get_absolute_url())
    assert len(page.context["trend_rows"]) == 1 and page.context["trend_chart"] is None


def test_the_organisation_page_queries_do_not_grow_with_scans(
    consultant_client, two_scans, consultant, django_assert_max_num_queries
):
    _earlier, later = two_scans
    url = later.organisation.get_absolute_url()
    consultant_client.get(url)
    with django_assert_max_num_queries(20) as two:
        consultant_client.get(url)
    for year in range(2027, 2033):
        scan = factories.scan(later.organisation, title=str(year), created_by=consultant)
        factories.answer_items(scan, area="purpose", value=year % 5)
        factories.complete(scan)
    with django_assert_max_num_queries(len(two)):
        consultant_client.get(url)


# The report's "Progress since"


def test_the_report_shows_progress_since_the_predecessor(two_scans):
    from reports.report import render_report
    from tests.helpers import pdf_pages

    earlier, later = two_scans
    Scan.objects.filter(pk=later.pk).update(previous=earlier)
    later.refresh_from_db()
    pages = pdf_pages(render_report(later, "en"))
    progress = next(page for page in pages[1:] if "Progress since" in page)
    assert "2025" in progress
    assert flat("50.0") in flat(progress)  # Purpose in 2025
    # Without a predecessor the report has no such page.
    Scan.objects.filter(pk=later.pk).update(previous=None)
    later.refresh_from_db()
    assert not any("Progress since" in page for page in pdf_pages(render_report(later, "en")))
