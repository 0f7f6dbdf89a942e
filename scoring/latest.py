"""Which results are each organisation's latest: `Results.is_latest`, kept right on every
completion and every deleted scan, so benchmarks find the latest results of thousands of
organisations with an index instead of ranking all their results on every view."""

from django.db import transaction

from checklists.models import Organisation

from .models import Results


def mark_latest(organisation_id: int) -> None:
    """Mark the organisation's most recently completed results as its latest, and no other.

    The organisation's row is locked first, so two completions at once cannot both leave
    their own results marked (each would not yet see the other's).
    """
    with transaction.atomic():
        if not Organisation.objects.select_for_update().filter(pk=organisation_id).exists():
            return  # deleted along with its scans
        results = Results.objects.filter(scan__organisation_id=organisation_id)
        latest = results.order_by("-completed_at", "-pk").values_list("pk", flat=True).first()
        results.filter(is_latest=True).exclude(pk=latest).update(is_latest=False)
        if latest is not None:
            results.filter(pk=latest, is_latest=False).update(is_latest=True)


def scan_deleted(sender, instance, **kwargs) -> None:
    """A deleted scan may have held its organisation's latest results: mark them again once
    the deletion is committed (the organisation may be going too; then nothing is left)."""
    organisation_id = instance.organisation_id
    transaction.on_commit(lambda: mark_latest(organisation_id))
