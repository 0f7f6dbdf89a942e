"""The demo data: `seed_demo` makes one varied set and leaves an existing database alone."""

import pytest
from django.core.management import call_command

from checklists.models import Organisation, Scan

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_varied(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Organisation.objects.filter(name="Demo Retail B.V.").count() == 1
    completed = Scan.objects.get(status=Scan.Status.COMPLETED)
    in_progress = Scan.objects.get(status=Scan.Status.IN_PROGRESS)
    assert completed.answers.filter(not_applicable=True).exists()
    assert completed.answers.exclude(note="").exists()
    assert len({a.value for a in completed.answers.exclude(value=None)}) >= 4
    assert 0 < in_progress.answers.count() < completed.answers.count()
    assert "password cxscan-demo" in capsys.readouterr().out


def test_seed_demo_if_new_leaves_an_existing_database_alone(consultant):
    call_command("seed_demo", "--if-new")
    assert not Organisation.objects.exists()
