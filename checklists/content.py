"""Loading the checklist content from `fixtures/checklists/`."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

CONTENT_DIR = settings.BASE_DIR / "fixtures" / "checklists"

# What an admin uses to take content out of use. Restoring the texts must not undo that, so
# `--overwrite` leaves these fields of existing objects as they are in the database.
KEPT_ON_OVERWRITE = frozenset({"is_active"})


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0


def content_files(directory: Path = CONTENT_DIR) -> list[Path]:
    """The fixture files, in the order they must load (structure before the items that use it)."""
    return sorted(directory.glob("*.json"))


def restored_fields(obj) -> list[str]:
    """The fields `overwrite` takes from the fixture: all but the key and KEPT_ON_OVERWRITE."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.name not in KEPT_ON_OVERWRITE
    ]


@transaction.atomic
def load_content(*, overwrite: bool = False, directory: Path = CONTENT_DIR) -> LoadResult:
    """Create the content that is missing; with `overwrite`, also restore what exists.

    Objects are matched on their natural key (`code`, or `number` for levels), so loading again
    creates nothing twice. Nothing is ever deleted, so answers and admin additions are safe, and
    without `overwrite` an admin's edits to existing objects are kept. `overwrite` restores
    texts and settings but not `KEPT_ON_OVERWRITE`: a deactivated item stays inactive.
    """
    result = LoadResult()
    for path in content_files(directory):
        for deserialized in serializers.deserialize(
            "json", path.read_text(encoding="utf-8"), handle_forward_references=False
        ):
            if deserialized.object.pk is None:
                deserialized.save()
                result.created += 1
            elif overwrite:
                deserialized.save(update_fields=restored_fields(deserialized.object))
                result.updated += 1
            else:
                result.kept += 1
    return result
