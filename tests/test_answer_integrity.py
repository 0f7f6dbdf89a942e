"""The database keeps answers whole: one answer per scan and item; answered items stay."""

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.urls import reverse

from checklists.models import Answer, Item

pytestmark = pytest.mark.django_db


def test_one_answer_per_scan_and_item_is_enforced_by_the_database(scan):
    item = Item.objects.get(code="purpose-01")
    Answer.objects.create(scan=scan, item=item, value=1)
    with pytest.raises(IntegrityError):
        Answer.objects.create(scan=scan, item=item, value=2)


def test_an_answered_item_cannot_be_deleted(scan):
    item = Item.objects.get(code="purpose-01")
    Answer.objects.create(scan=scan, item=item, value=1)
    with pytest.raises(ProtectedError):
        item.delete()


def test_admin_delete_of_an_answered_item_is_refused(admin_client, scan):
    item = Item.objects.get(code="purpose-01")
    Answer.objects.create(scan=scan, item=item, value=1)
    url = reverse("admin:checklists_item_delete", args=[item.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the page explains which answers protect it
    assert Item.objects.filter(pk=item.pk).exists()
