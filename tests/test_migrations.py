"""A database made by the first wave's migrations moves to today's layout with nothing lost.

The database is migrated back to the state of the first wave (results in a column of the scan,
the plan, stored reports and share links in the scoring app), filled through that state's
models with a completed scan as the first wave froze it (`data/results_v1.json`, written by its
own code), then migrated forward again.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from checklists.content import load_content
from plans.models import ImprovementAction, KpiBaseline
from reports.models import ShareLink, StoredReport
from scoring.models import SectionResult
from scoring.record import ScanResults
from scoring.results import frozen_results

OLD_SALT = "scoring.share-link"  # what the first wave signed its share links with
FIRST_WAVE = [("checklists", "0003_scan_results"), ("scoring", "0003_share_key_length")]
V1_DOCUMENT = json.loads((Path(__file__).parent / "data" / "results_v1.json").read_text())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_first_wave_database_keeps_every_row(client, settings):
    # Committed, the shared report's request would run its render at once (a 17-page PDF no
    # assertion reads): queued instead, as the worker would find it.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    old = migrate(FIRST_WAVE)
    user = old.get_model("auth", "User").objects.create(username="alice", is_active=True)
    organisation = old.get_model("checklists", "Organisation").objects.create(name="Acme")
    organisation.consultants.add(user)
    completed_at = timezone.now() - timedelta(days=2)
    Scan = old.get_model("checklists", "Scan")
    scan = Scan.objects.create(
        organisation=organisation,
        title="Scan 2025",
        status="completed",
        completed_at=completed_at,
        results=V1_DOCUMENT,
        created_by=user,
    )
    open_scan = Scan.objects.create(organisation=organisation, title="Open", status="in_progress")
    Action = old.get_model("scoring", "ImprovementAction")
    Action.objects.create(scan=scan, title="Map the journey", impact=5, effort=2)
    Action.objects.create(scan=scan, title="Fix invoices", impact=4, effort=1, owner="Finance")
    old.get_model("scoring", "KpiBaseline").objects.create(
        scan=scan, nps_counts=[1] * 11, contacts=120, orders=1000
    )
    link = old.get_model("scoring", "ShareLink").objects.create(
        scan=scan, key="k" * 22, created_by=user
    )
    token = signing.dumps(
        {"id": link.pk, "key": link.key}, salt="scoring.share-link", compress=True
    )
    old.get_model("scoring", "CachedReport").objects.create(
        scan=scan, language="nl", completed_at=completed_at, pdf=b"%PDF-first-wave"
    )

    migrate(latest())
    load_content()  # the scan pages below need the content; the flush after this test removes it

    assert sorted(ImprovementAction.objects.values_list("title", "impact", "effort", "owner")) == [
        ("Fix invoices", 4, 1, "Finance"),
        ("Map the journey", 5, 2, ""),
    ]
    baseline = KpiBaseline.objects.get(scan_id=scan.pk)
    assert (baseline.nps_counts, baseline.orders_with_contact, baseline.orders) == (
        [1] * 11,
        120,
        1000,
    )
    assert ShareLink.from_token(token).pk == link.pk  # links sent before the move still open
    kept = StoredReport.objects.get(scan_id=scan.pk)
    # A report kept from before background rendering is served at once, not rendered again.
    assert bytes(kept.pdf) == b"%PDF-first-wave" and kept.is_ready

    results = frozen_results(ShareLink.from_token(token).scan)
    assert results.version == 1
    assert results.overall.score == V1_DOCUMENT["overall"]["score"]
    assert [area.level for area in results.areas] == [a["level"] for a in V1_DOCUMENT["areas"]]
    overall = SectionResult.objects.overall().get(results__scan_id=scan.pk)
    assert (overall.level, overall.level_name_nl) == (3, "Gestructureerd")
    assert SectionResult.objects.filter(results__scan_id=scan.pk).count() == 1 + 4 + 6
    assert not SectionResult.objects.filter(results__scan_id=open_scan.pk).exists()

    # And the pages read it: the shared page and its stored report, the dashboard's level.
    assert client.get(reverse("reports:shared_results", args=[token])).status_code == 200
    # The kept report is the consultant's: a link waits for its client's own (no notes).
    assert client.get(reverse("reports:shared_report", args=[token])).status_code == 202
    client.force_login(get_user_model().objects.get(username="alice"))
    pdf = client.get(reverse("reports:report", args=[scan.pk]) + "?language=nl")
    assert pdf.content == b"%PDF-first-wave"
    assert "3 Gestructureerd" in client.get(reverse("home")).text


def test_a_version_1_document_reads_as_the_typed_record():
    results = ScanResults.from_document(V1_DOCUMENT)
    assert results.version == 1
    assert results.overall.level == 3 and results.overall.code == ""
    assert len(results.items) == 131 and len(results.areas) == 4 and len(results.pillars) == 6
    assert results.level(3).name == {"nl": "Gestructureerd", "en": "Structured"}


def test_a_current_document_reads_back_equal():
    results = ScanResults.from_document(V1_DOCUMENT)
    again = ScanResults.from_document(results.to_document())
    assert again.version == 2
    assert again.to_document() == results.to_document()
    assert again.items == results.items and again.overall == results.overall


def test_an_unknown_version_is_refused_by_name():
    with pytest.raises(ValueError, match="version 99"):
        ScanResults.from_document({**V1_DOCUMENT, "version": 99})
