"""The benchmark: quartiles of the peers' latest scores per section, by hand-computed cases; the
minimum group size, the widening, and that nothing from a group below the minimum shows
anywhere; a constant number of queries."""

import datetime as dt
import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from api.models import ApiToken
from checklists.models import Area, Organisation, Scan
from consultancies.models import Consultancy
from reports.report import render_report
from scoring import completion
from scoring.benchmark import ALL, SECTOR, SECTOR_AND_SIZE, benchmark_for
from scoring.latest import mark_latest
from scoring.models import Results, SectionResult
from scoring.results import results_for
from tests import factories

from .helpers import pdf_pages

pytestmark = pytest.mark.django_db

KINDS = {"overall": "overall", "area": "area", "pillar": "pillar"}


def peer(
    name,
    purpose,
    *,
    sector="Retail",
    size="",
    days_ago=10,
    overall=None,
    pillars=None,
    consultancy=None,
):
    """Another organisation with one completed scan: `purpose` is its Purpose area score.
    Of the default consultancy (which contributes to benchmarks) unless another is named."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "sector": sector,
            "size_band": size,
            "consultancy": consultancy or factories.default_consultancy(),
        },
    )
    completed_at = timezone.now() - dt.timedelta(days=days_ago)
    scan = Scan.objects.create(
        organisation=organisation,
        title=f"{name} {days_ago}",
        status=Scan.Status.COMPLETED,
        completed_at=completed_at,
    )
    results = Results.objects.create(scan=scan, version=2, document={}, completed_at=completed_at)
    rows = [
        ("area", "purpose", purpose),
        ("overall", "", overall if overall is not None else purpose),
    ]
    rows += [("pillar", code, score) for code, score in (pillars or {}).items()]
    SectionResult.objects.bulk_create(
        SectionResult(
            results=results,
            kind=kind,
            code=code,
            score=score,
            level=min(5, int(score // 20) + 1),  # the default bounds: 0, 20, 40, 60, 80
            coverage=1.0,
        )
        for kind, code, score in rows
    )
    mark_latest(organisation.pk)  # as completing a scan does
    return organisation


def the_benchmark(scan):
    return benchmark_for(scan, results_for(scan))


def test_quartiles_of_five_peers_are_their_ranked_scores(completed_scan):
    for index, score in enumerate([30.0, 10.0, 50.0, 20.0, 40.0]):
        peer(f"Peer {index}", score)
    benchmark = the_benchmark(completed_scan)
    purpose = benchmark.areas["purpose"]
    assert (purpose.q1, purpose.median, purpose.q3, purpose.n) == (20.0, 30.0, 40.0, 5)
    # Alice's scan: purpose-01 answered 3 of 4, so Purpose scores 75, above all five.
    assert purpose.below == 5
    with translation.override("en"):
        assert purpose.standing() == "higher than 5 of 5 peers"
    assert benchmark.group.scope == SECTOR
    assert benchmark.group.n == 5


def test_quartiles_between_ranks_are_interpolated(completed_scan):
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 90.0, 80.0]):
        peer(f"Peer {index}", score)
    purpose = the_benchmark(completed_scan).areas["purpose"]
    # Positions (n - 1) × p = 1.75, 3.5, 5.25 in 10 20 30 40 50 60 80 90.
    assert (purpose.q1, purpose.median, purpose.q3) == (27.5, 45.0, 65.0)
    assert purpose.below == 6  # 75 is higher than 10 … 60, not 80 or 90


def test_ties_do_not_count_as_lower(completed_scan):
    for index, score in enumerate([75.0, 75.0, 10.0, 10.0, 80.0]):
        peer(f"Peer {index}", score)
    assert the_benchmark(completed_scan).areas["purpose"].below == 2


def test_only_each_organisations_latest_completed_scan_counts(completed_scan):
    for index in range(5):
        peer(f"Peer {index}", 60.0, days_ago=10)
        peer(f"Peer {index}", 5.0, days_ago=400)  # an older scan of the same organisation
    purpose = the_benchmark(completed_scan).areas["purpose"]
    assert (purpose.q1, purpose.median, purpose.q3, purpose.n) == (60.0, 60.0, 60.0, 5)


def test_the_scans_own_organisation_is_never_its_peer(completed_scan, consultant):
    for index in range(4):
        peer(f"Peer {index}", 50.0)
    # Another completed scan of Alice's own client does not make the fifth peer.
    peer(completed_scan.organisation.name, 50.0)
    assert the_benchmark(completed_scan) is None


def test_below_the_minimum_there_is_no_benchmark(completed_scan, settings):
    for index in range(4):
        peer(f"Peer {index}", 50.0)
    assert the_benchmark(completed_scan) is None
    settings.CXSCAN_BENCHMARK_MIN_N = 4
    assert the_benchmark(completed_scan).group.n == 4


def test_a_consultancy_that_does_not_contribute_is_left_out_of_the_pool(completed_scan):
    private = factories.consultancy("Discreet Advies", contributes_to_benchmarks=False)
    for index in range(4):
        peer(f"Peer {index}", 50.0)
    for index in range(3):
        peer(f"Private {index}", 99.0, consultancy=private)
    assert the_benchmark(completed_scan) is None  # 4 contributors: below the minimum of 5
    peer("Peer 4", 50.0)
    benchmark = the_benchmark(completed_scan)
    assert benchmark.group.n == 5
    assert benchmark.areas["purpose"].median == 50.0


def test_a_consultancy_that_does_not_contribute_still_reads_the_pool(consultant):
    private = factories.consultancy("Discreet Advies", contributes_to_benchmarks=False)
    theirs = factories.scan(
        factories.organisation("Zeta Retail", sector="Retail", consultancy=private)
    )
    factories.answer(theirs, "purpose-01", 3)
    factories.complete(theirs)
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0]):
        peer(f"Peer {index}", score)
    benchmark = the_benchmark(theirs)
    assert benchmark.group.n == 5
    assert benchmark.areas["purpose"].median == 30.0


def test_new_consultancies_do_not_contribute_until_they_choose_to(db):
    assert not Consultancy.objects.create(name="New", slug="new").contributes_to_benchmarks


def test_the_group_widens_from_sector_and_size_to_the_sector(completed_scan):
    organisation = completed_scan.organisation
    organisation.size_band = "50-249"
    organisation.save()
    for index in range(4):
        peer(f"Same size {index}", 50.0, size="50-249")
    for index in range(2):
        peer(f"Other size {index}", 70.0, size="250+")
    peer("Other sector", 99.0, sector="Energy", size="50-249")
    group = the_benchmark(completed_scan).group
    assert (group.scope, group.n, group.widened_from) == (SECTOR, 6, SECTOR_AND_SIZE)

    peer("Same size 5", 50.0, size="50-249")
    group = the_benchmark(completed_scan).group
    assert (group.scope, group.n, group.widened_from) == (SECTOR_AND_SIZE, 5, None)


def test_then_to_all_organisations(completed_scan):
    for index in range(3):
        peer(f"Retailer {index}", 50.0)
    for index in range(3):
        peer(f"Energy {index}", 50.0, sector="Energy")
    group = the_benchmark(completed_scan).group
    assert (group.scope, group.n, group.widened_from) == (ALL, 6, SECTOR)


def test_sectors_match_whatever_their_case_or_spaces(completed_scan):
    for index, sector in enumerate(["retail", "RETAIL", " Retail ", "Retail", "retaiL"]):
        peer(f"Peer {index}", 50.0, sector=sector)
    assert the_benchmark(completed_scan).group.scope == SECTOR


def test_a_section_too_few_peers_have_a_score_for_is_left_out(completed_scan):
    for index in range(5):
        pillars = {"strategy": 40.0 + index} if index < 4 else {}
        peer(f"Peer {index}", 50.0, pillars=pillars)
    benchmark = the_benchmark(completed_scan)
    assert "purpose" in benchmark.areas
    assert "strategy" not in benchmark.pillars


def test_the_number_of_queries_does_not_grow_with_the_peers(completed_scan):
    for index in range(5):
        peer(f"Peer {index}", 50.0)
    with CaptureQueriesContext(connection) as few:
        the_benchmark(completed_scan)
    for index in range(5, 40):
        peer(f"Peer {index}", 50.0 + index)
    with CaptureQueriesContext(connection) as many:
        the_benchmark(completed_scan)
    assert len(few) == len(many) == 2


# Where it shows --------------------------------------------------------------------------


def export(client, scan):
    return json.loads(client.get(reverse("scoring:export_json", args=[scan.pk])).content)


def test_the_json_export_carries_the_benchmark(consultant_client, completed_scan):
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0]):
        peer(f"Peer {index}", score)
    benchmark = export(consultant_client, completed_scan)["benchmark"]
    assert benchmark["n"] == 5
    assert benchmark["group"] == {
        "scope": "sector",
        "sector": "Retail",
        "size_band": None,
        "n": 5,
        "widened_from": None,
    }
    assert benchmark["areas"]["purpose"] == {"median": 30.0, "q1": 20.0, "q3": 40.0}


def test_the_results_page_shows_the_peers(consultant_client, completed_scan):
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0]):
        peer(f"Peer {index}", score)
    consultant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = consultant_client.get(reverse("scoring:results", args=[completed_scan.pk])).content
    html = page.decode()
    assert "the latest completed scan of 5 other organisations in Retail, any size" in html
    purpose = next(row for row in html.split("<tr>") if ">Purpose</th>" in row)
    assert '30.0 <span class="small text-body-secondary">(20.0–40.0)</span>' in purpose
    assert "higher than 5 of 5 peers" in purpose


def chart(html: str, data_id: str) -> dict:
    """A Plotly figure the page hands to the browser in a json_script element."""
    found = re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_results_radars_outline_the_peer_median_where_every_section_has_one(
    consultant_client, completed_scan
):
    for index in range(5):
        peer(f"Peer {index}", 40.0 + index)
    codes = list(Area.objects.values_list("code", flat=True))
    # Give the peers a score in every area: then the area radar can draw their median.
    for results in Results.objects.exclude(scan=completed_scan):
        SectionResult.objects.bulk_create(
            SectionResult(results=results, kind="area", code=code, score=50.0, coverage=1.0)
            for code in codes
            if code != "purpose"
        )
    consultant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = consultant_client.get(reverse("scoring:results", args=[completed_scan.pk])).text
    areas = chart(html, "area-chart-data")
    outline = [trace for trace in areas["data"] if trace.get("name") == "Peer median"]
    assert len(outline) == 1
    assert outline[0]["r"][0] == 42.0  # Purpose: the median of 40 … 44, first and last
    assert outline[0]["line"]["dash"] == "dot"
    pillars = chart(html, "pillar-chart-data")
    assert not [trace for trace in pillars["data"] if trace.get("name") == "Peer median"]


def test_the_pdf_shows_the_peers_column_and_their_median_on_the_radars(completed_scan):
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0]):
        peer(f"Peer {index}", score)
    text = " ".join(pdf_pages(render_report(completed_scan, "en")))
    assert "Peers" in text
    assert "30.0 (20.0–40.0)" in text
    assert "higher than 5 of 5 peers" in text
    assert "5 other organisations in Retail, any size" in text


def api_results(client, scan, user) -> dict:
    secret = ApiToken.issue(user, "Dashboard")[1]
    response = client.get(
        f"/api/v1/scans/{scan.pk}/results/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    return response.json()


def test_the_api_carries_the_benchmark(client, completed_scan, consultant):
    for index, score in enumerate([10.0, 20.0, 30.0, 40.0, 50.0]):
        peer(f"Peer {index}", score)
    benchmark = api_results(client, completed_scan, consultant)["benchmark"]
    assert benchmark["group"]["n"] == benchmark["n"] == 5
    assert benchmark["areas"]["purpose"] == {"median": 30.0, "q1": 20.0, "q3": 40.0}


def test_nothing_from_a_group_of_four_appears_anywhere(
    consultant_client, completed_scan, consultant
):
    """Four other organisations in all: no group reaches five, so none of their figures shows
    on the results page, in the JSON export, in the API or in the PDF."""
    distinctive = [91.3, 92.7, 93.1, 94.9]
    for index, score in enumerate(distinctive):
        peer(f"Peer {index}", score, sector="Retail" if index < 2 else "Energy")
    assert export(consultant_client, completed_scan)["benchmark"] is None
    api = api_results(consultant_client, completed_scan, consultant)
    assert api["benchmark"] is None
    for score in distinctive:
        assert str(score) not in json.dumps(api)
    html = consultant_client.get(reverse("scoring:results", args=[completed_scan.pk])).content
    for score in distinctive:
        assert str(score).encode() not in html
        assert str(score).replace(".", ",").encode() not in html
    assert b"peers" not in html.lower()
    text = " ".join(pdf_pages(render_report(completed_scan, "en")))
    for score in distinctive:
        assert str(score) not in text
    assert "Peer" not in text


def test_seed_benchmark_makes_completed_scans_a_benchmark_reads(completed_scan):
    call_command("seed_benchmark", organisations=40, scans=100, stdout=io.StringIO())
    synthetic = Organisation.objects.filter(name__startswith="Synthetic ")
    assert synthetic.count() == 40
    scans = Scan.objects.filter(organisation__in=synthetic)
    assert scans.count() == 100
    assert set(scans.values_list("status", flat=True)) == {Scan.Status.COMPLETED}
    # Overall, 4 areas and 6 pillars per scan, each with a level that fits its score.
    rows = SectionResult.objects.filter(results__scan__in=scans)
    assert rows.count() == 100 * 11
    assert not rows.filter(score__isnull=True).exists()
    for row in rows.filter(kind="area")[:50]:
        assert 0 <= row.score <= 100 and row.level is not None
    # Its results page opens: the document is one the app reads.
    benchmark = the_benchmark(completed_scan)
    assert benchmark.group.scope == SECTOR  # "Retail" is one of the synthetic sectors
    assert benchmark.group.n == 5

    call_command("seed_benchmark", delete=True, stdout=io.StringIO())
    assert not Organisation.objects.filter(name__startswith="Synthetic ").exists()
    assert Scan.objects.filter(pk=completed_scan.pk).exists()


def test_a_synthetic_scans_results_page_opens(admin_client):
    call_command("seed_benchmark", organisations=5, scans=5, stdout=io.StringIO())
    scan = Scan.objects.filter(organisation__name__startswith="Synthetic ").first()
    assert admin_client.get(reverse("scoring:results", args=[scan.pk])).status_code == 200


# The latest results of each organisation ----------------------------------------------------


def latest_of(organisation):
    return list(
        Results.objects.filter(scan__organisation=organisation, is_latest=True).values_list(
            "scan__title", flat=True
        )
    )


def test_completing_a_newer_scan_moves_the_latest_mark(organisation, consultant):
    first = factories.complete(factories.scan(organisation, title="2025", created_by=consultant))
    assert latest_of(organisation) == ["2025"]
    second = factories.complete(factories.scan(organisation, title="2026", created_by=consultant))
    assert latest_of(organisation) == ["2026"]

    # Reopened, its last completion stays the latest; completed again, still.
    completion.reopen(second)
    assert latest_of(organisation) == ["2026"]
    completion.complete(first)  # not reopened: nothing changes
    assert latest_of(organisation) == ["2026"]


def test_deleting_the_latest_scan_marks_the_one_before(
    organisation, consultant, django_capture_on_commit_callbacks
):
    factories.complete(factories.scan(organisation, title="2025", created_by=consultant))
    second = factories.complete(factories.scan(organisation, title="2026", created_by=consultant))
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert latest_of(organisation) == ["2025"]
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()  # everything goes; nothing to mark, and no error
    assert not Results.objects.exists()
