"""Loading the checklist content from `fixtures/checklists/`."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

CONTENT_DIR = settings.BASE_DIR / "fixtures" / "checklists"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0


def content_files(directory: Path = CONTENT_DIR) -> list[Path]:
    """The fixture files, in the order they must load (structure before the items that use it)."""
    return sorted(directory.glob("*.json"))


@transaction.atomic
def load_content(*, overwrite: bool = False, directory: Path = CONTENT_DIR) -> LoadResult:
    """Create the content that is missing; with `overwrite`, also restore what exists.

    Objects are matched on their natural key (`code`, or `number` for levels), so loading again
    creates nothing twice. Nothing is ever deleted, so answers and admin additions are safe, and
    without `overwrite` an admin's edits to existing objects are kept.
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
                deserialized.save()
                result.updated += 1
            else:
                result.kept += 1
    return result
