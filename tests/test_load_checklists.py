"""`load_checklists` is idempotent, keeps admin edits, and restores them only when asked."""

import pytest
from django.core.management import call_command

from checklists.models import Area, Item, MaturityLevel, Pillar, Tip, Topic

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [Tip, Item, Topic, Area, Pillar, MaturityLevel]


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_loading_into_an_empty_database_twice_gives_the_same_counts(capsys):
    for model in CONTENT_MODELS:
        model.objects.all().delete()
    call_command("load_checklists")
    first = counts()
    assert first["Item"] >= 120 and first["Area"] == 4 and first["MaturityLevel"] == 5
    call_command("load_checklists")
    assert counts() == first
    assert "0 created" in capsys.readouterr().out.splitlines()[-1]


def test_admin_edit_survives_a_second_load_and_overwrite_restores_it():
    item = Item.objects.get(code="purpose-01")
    original = item.statement_en
    item.statement_en = "Edited by an admin"
    item.weight = 3 if item.weight != 3 else 1
    item.save()

    call_command("load_checklists")
    item.refresh_from_db()
    assert item.statement_en == "Edited by an admin"

    call_command("load_checklists", "--overwrite")
    item.refresh_from_db()
    assert item.statement_en == original


def test_overwrite_restores_the_texts_of_a_deactivated_item_and_keeps_it_inactive():
    item = Item.objects.get(code="purpose-01")
    original = item.statement_en
    Item.objects.filter(pk=item.pk).update(statement_en="Edited by an admin", is_active=False)

    call_command("load_checklists", overwrite=True)

    item.refresh_from_db()
    assert item.statement_en == original
    assert item.is_active is False


def test_loading_deletes_nothing_an_admin_added():
    Item.objects.create(
        code="extra-01",
        area=Area.objects.get(code="purpose"),
        pillar=Pillar.objects.get(code="strategy"),
        statement_nl="Extra",
        statement_en="Extra",
    )
    before = counts()
    call_command("load_checklists", "--overwrite")
    assert counts() == before
    assert Item.objects.filter(code="extra-01").exists()


def test_level_names_edited_by_an_admin_are_kept():
    MaturityLevel.objects.filter(number=3).update(name_en="Organised")
    call_command("load_checklists")
    assert MaturityLevel.objects.get(number=3).name_en == "Organised"
