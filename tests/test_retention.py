"""`manage.py retention`: organisations with no activity for CXSCAN_RETENTION_YEARS are listed,
and erased with --apply; expired export ZIPs are deleted on every run."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from checklists.models import Organisation
from privacy.models import OrganisationExport
from privacy.retention import last_activity
from tests import factories
from tests.privacy_data import organisation_with_everything


def retention(*args: str) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def years_ago(years: float):
    return timezone.now() - timedelta(days=365.25 * years)


@pytest.fixture
def old_and_new(consultant):
    """Old Corp: last touched four years ago. Busy BV: made four years ago, answered last month."""
    with time_machine.travel(years_ago(4), tick=False):
        old = factories.organisation("Old Corp", consultants=[consultant])
        factories.answered_scan(old, {"purpose-01": 2})
        busy = factories.organisation("Busy BV", consultants=[consultant])
        busy_scan = factories.scan(busy)
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        factories.answer(busy_scan, "purpose-01", 3)  # an answer counts as activity
    return old, busy


def test_activity_is_the_latest_change_of_anything_the_organisation_holds(old_and_new):
    old, busy = old_and_new
    latest = last_activity()
    assert latest[old.pk] < years_ago(3.9)
    assert latest[busy.pk] > timezone.now() - timedelta(days=31)


def test_retention_lists_without_erasing(old_and_new):
    old, _busy = old_and_new
    output = retention()
    assert "Old Corp" in output and "Busy BV" not in output
    assert "Nothing was erased: run again with --apply" in output
    assert Organisation.objects.filter(pk=old.pk).exists()


def test_retention_apply_erases_the_inactive_only(old_and_new):
    old, busy = old_and_new
    consultancy = old.consultancy
    output = retention("--apply")
    assert "Erased 1 organisation(s)." in output
    assert not Organisation.objects.filter(pk=old.pk).exists()
    # The audit trail says so, in the consultancy's own trail, and no longer names it.
    erased = AuditEvent.objects.get(action="organisation_erased")
    assert (erased.actor, erased.actor_label, erased.consultancy) == (
        None,
        "manage.py retention",
        consultancy,
    )
    assert "Old Corp" not in str(vars(erased))
    assert Organisation.objects.filter(pk=busy.pk).exists()
    assert busy.scans.get().answers.count() == 1


def test_the_years_come_from_the_setting_or_the_option(old_and_new, settings):
    settings.CXSCAN_RETENTION_YEARS = 5
    assert "No organisation without activity" in retention()
    assert "Old Corp" in retention("--years", "2")
    with pytest.raises(CommandError):
        retention("--years", "0")


def test_expired_exports_are_deleted_on_every_run(consultant, django_capture_on_commit_callbacks):
    everything = organisation_with_everything("Acme Retail", consultant)
    name = everything.export.file.name
    fresh = OrganisationExport.objects.create(organisation=everything.organisation)
    OrganisationExport.objects.filter(pk=everything.export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = retention()
    assert "Deleted 1 expired export(s)." in output
    assert not default_storage.exists(name)
    assert list(OrganisationExport.objects.all()) == [fresh]
