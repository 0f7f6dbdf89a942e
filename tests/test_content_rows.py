"""The content a transactional test gets back (tests.helpers.ContentRows) is what loading the
fixtures gives: the same objects, fields and references, and new objects still get new ids."""

import pytest
from django.core import serializers
from django.core.management import call_command

from checklists.content import load_content
from checklists.models import Area, Item
from tests.helpers import CONTENT_ROWS, ContentRows


def content_dump() -> list[dict]:
    """Every content object by its natural keys, as the fixtures name them (no ids)."""
    objects = [obj for model in ContentRows.models() for obj in model._default_manager.all()]
    dumped = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return sorted(dumped, key=lambda entry: (entry["model"], repr(entry["fields"])))


def emptied() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not Item.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_rows_put_back_are_the_content_the_fixtures_load():
    emptied()
    load_content()
    loaded = content_dump()
    emptied()

    CONTENT_ROWS.restore()

    assert len(loaded) > 200
    assert content_dump() == loaded
    # Nothing is added twice when the content is there.
    CONTENT_ROWS.restore()
    assert content_dump() == loaded
    # A new object gets an id of its own after the rows put back with theirs.
    area = Area.objects.create(code="extra", name_nl="Extra", name_en="Extra")
    assert area.pk not in set(Area.objects.exclude(pk=area.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_content_in_a_database_that_was_not_emptied_is_completed_from_the_fixtures():
    Item.objects.filter(code="purpose-01").delete()

    CONTENT_ROWS.restore()

    assert Item.objects.filter(code="purpose-01").exists()
    assert Item.objects.count() == sum(
        len(rows) for model, rows in CONTENT_ROWS.rows if model is Item
    )
