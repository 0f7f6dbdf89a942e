"""The demo data: `seed_demo` makes one varied set and leaves an existing database alone."""

import pytest
from django.core.management import call_command

from checklists.models import Organisation, Scan
from consultancies.models import Consultancy

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_varied(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Organisation.objects.filter(name="Demo Retail B.V.").count() == 1
    completed = Scan.objects.get(title="CX-scan 2026")
    in_progress = Scan.objects.get(status=Scan.Status.IN_PROGRESS)
    assert completed.answers.filter(not_applicable=True).exists()
    assert completed.answers.exclude(note="").exists()
    assert len({a.value for a in completed.answers.exclude(value=None)}) >= 4
    assert 0 < in_progress.answers.count() < completed.answers.count()
    assert "password cxscan-demo" in capsys.readouterr().out


def test_seed_demo_if_new_leaves_an_existing_database_alone(consultant):
    call_command("seed_demo", "--if-new")
    assert not Organisation.objects.exists()


def test_seed_demo_gives_the_completed_scan_an_earlier_lower_predecessor():
    call_command("seed_demo")
    current = Scan.objects.get(title="CX-scan 2026")
    earlier = current.previous
    assert earlier.status == Scan.Status.COMPLETED
    assert 360 <= (current.completed_at - earlier.completed_at).days <= 370
    assert earlier.frozen_results.completed_at == earlier.completed_at
    current.full_clean()  # a valid predecessor: same organisation, completed before
    assert Scan.objects.get(status=Scan.Status.IN_PROGRESS).previous == current
    # Somewhat lower: every area's score lower or equal, the overall score lower.
    scores = {
        scan.pk: {s.code: s.score for s in scan.frozen_results.sections.all()}
        for scan in (earlier, current)
    }
    assert all(scores[earlier.pk][c] <= scores[current.pk][c] for c in scores[current.pk])
    assert scores[earlier.pk][""] < scores[current.pk][""]
    # Its answers are its own, not marked as carried over.
    assert not earlier.answers.unconfirmed().exists() and not current.answers.unconfirmed()


def test_seed_demo_puts_the_demo_in_a_demo_consultancy_its_consultant_owns():
    call_command("seed_demo")
    call_command("seed_demo")
    demo = Consultancy.objects.get(slug="demo")
    assert list(demo.organisations.values_list("name", flat=True)) == ["Demo Retail B.V."]
    assert list(demo.memberships.values_list("user__username", "role")) == [("demo", "owner")]
