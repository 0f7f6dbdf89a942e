"""Which organisations have had no activity for a while: the latest moment any of its rows
was made or changed (every date-time field that Django sets by itself, `auto_now` or
`auto_now_add`, on every model with a path to the organisation: the organisation, its scans,
answers, evidence files, plan, KPIs, workshops and votes, share links...)."""

from datetime import datetime

from django.db import models
from django.db.models import Max
from django.utils import timezone

from checklists.models import Organisation

from .walk import organisation_paths


def activity_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
    ]


def last_activity() -> dict[int, datetime]:
    """Each organisation's latest activity, by its id (one query per model and field)."""
    latest: dict[int, datetime] = {}
    for model, path in organisation_paths().items():
        for field in activity_fields(model):
            rows = (
                model._base_manager.order_by()
                .values_list(path)
                .annotate(latest=Max(field))
                .values_list(path, "latest")
            )
            for organisation_id, moment in rows:
                known = latest.get(organisation_id)
                if moment is not None and (known is None or moment > known):
                    latest[organisation_id] = moment
    return latest


def cutoff(years: int, now: datetime | None = None) -> datetime:
    """`years` years before now (a leap day becomes 28 February)."""
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def inactive_organisations(years: int) -> list[tuple[Organisation, datetime]]:
    """The organisations with no activity since `cutoff(years)`, oldest activity first."""
    before = cutoff(years)
    latest = last_activity()
    stale = {pk: moment for pk, moment in latest.items() if moment < before}
    organisations = Organisation.objects.in_bulk(list(stale))
    return sorted(
        ((organisations[pk], moment) for pk, moment in stale.items() if pk in organisations),
        key=lambda pair: (pair[1], pair[0].pk),
    )
