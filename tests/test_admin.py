"""Staff edit the content in Django admin; everyone else is kept out; bad input changes nothing."""

import pytest
from django.urls import reverse

from checklists.models import Area, Item, MaturityLevel, Pillar, Tip, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


MODELS = [Area, Pillar, Topic, Item, Tip, MaturityLevel]


def admin_url(model, view, *args):
    return reverse(f"admin:checklists_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_see_list_and_change_pages(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_staff_manage_organisations_and_look_up_scans(admin_client, scan):
    assert admin_client.get(reverse("admin:checklists_organisation_changelist")).status_code == 200
    url = reverse("admin:checklists_organisation_change", args=[scan.organisation.pk])
    assert "Acme Retail" in admin_client.get(url).text
    assert "Scan 2026" in admin_client.get(reverse("admin:checklists_scan_changelist")).text


def test_item_list_filters_and_search(admin_client):
    url = admin_url(Item, "changelist")
    response = admin_client.get(url, {"area__id__exact": Area.objects.get(code="ecosystem").pk})
    assert response.status_code == 200
    assert "eco-invoices-01" in response.text
    assert "purpose-01" not in response.text
    response = admin_client.get(url, {"q": "purpose-01"})
    assert "purpose-01" in response.text


def test_item_change_page_shows_both_languages_side_by_side(admin_client):
    item = Item.objects.get(code="purpose-01")
    response = admin_client.get(admin_url(Item, "change", item.pk))
    assert item.statement_nl in response.text
    assert item.statement_en in response.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_consultants_and_visitors_are_sent_to_the_admin_login(client, consultant, model):
    url = admin_url(model, "changelist")
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(consultant)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def level_form(level, **changes):
    data = {
        "number": level.number,
        "lower_bound": level.lower_bound,
        "name_nl": level.name_nl,
        "name_en": level.name_en,
        "description_nl": level.description_nl,
        "description_en": level.description_en,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("number", "bound", "message"),
    [
        (1, 10, "The lowest level must start at 0%."),
        (3, 20, "Each level must start higher than the level below it."),
        (3, 70, "Each level must start higher than the level below it."),
        (5, 101, "Ensure this value is less than or equal to 100."),
    ],
)
def test_bad_level_bounds_are_refused_with_a_message(admin_client, number, bound, message):
    level = MaturityLevel.objects.get(number=number)
    before = list(MaturityLevel.objects.values_list("lower_bound", flat=True))
    response = admin_client.post(
        admin_url(MaturityLevel, "change", level.pk), level_form(level, lower_bound=bound)
    )
    assert response.status_code == 200
    assert message in response.text
    assert list(MaturityLevel.objects.values_list("lower_bound", flat=True)) == before


def test_a_good_level_bound_is_saved(admin_client):
    level = MaturityLevel.objects.get(number=3)
    response = admin_client.post(
        admin_url(MaturityLevel, "change", level.pk), level_form(level, lower_bound=45)
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.lower_bound == 45


def item_form(item, **changes):
    data = {
        "code": item.code,
        "area": item.area_id,
        "topic": item.topic_id or "",
        "pillar": item.pillar_id,
        "weight": item.weight,
        "position": item.position,
        "is_active": "on" if item.is_active else "",
        "statement_nl": item.statement_nl,
        "statement_en": item.statement_en,
        "guidance_nl": item.guidance_nl,
        "guidance_en": item.guidance_en,
    }
    return {**data, **changes}


def test_item_weight_outside_1_to_3_is_refused(admin_client):
    item = Item.objects.get(code="purpose-02")
    response = admin_client.post(admin_url(Item, "change", item.pk), item_form(item, weight=4))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 3." in response.text
    assert Item.objects.get(pk=item.pk).weight == item.weight


def test_item_code_must_be_unique(admin_client):
    item = Item.objects.get(code="purpose-02")
    response = admin_client.post(
        admin_url(Item, "change", item.pk), item_form(item, code="purpose-01")
    )
    assert response.status_code == 200
    assert "Item with this Code already exists." in response.text


def test_item_topic_must_belong_to_the_item_area(admin_client):
    item = Item.objects.get(code="purpose-02")
    topic = Topic.objects.get(code="eco-invoices")
    response = admin_client.post(
        admin_url(Item, "change", item.pk), item_form(item, topic=topic.pk)
    )
    assert "This topic belongs to another area than the item." in response.text
    assert Item.objects.get(pk=item.pk).topic is None


def test_tip_needs_exactly_one_of_area_and_pillar(admin_client):
    response = admin_client.post(
        admin_url(Tip, "add"),
        {
            "code": "tip-new",
            "kind": "do",
            "area": Area.objects.first().pk,
            "pillar": Pillar.objects.first().pk,
            "position": 1,
            "text_nl": "Doe het",
            "text_en": "Do it",
        },
    )
    assert response.status_code == 200
    assert "Choose an area or a pillar for this tip (exactly one)." in response.text
    assert not Tip.objects.filter(code="tip-new").exists()


def test_deactivate_action_keeps_the_items(admin_client):
    items = Item.objects.filter(code__in=["purpose-01", "purpose-02"])
    response = admin_client.post(
        admin_url(Item, "changelist"),
        {"action": "deactivate", "_selected_action": [i.pk for i in items]},
        follow=True,
    )
    assert "2 items deactivated." in response.text
    assert Item.objects.filter(code__in=["purpose-01", "purpose-02"], is_active=False).count() == 2


def test_levels_cannot_be_deleted(admin_client):
    level = MaturityLevel.objects.get(number=5)
    response = admin_client.post(admin_url(MaturityLevel, "delete", level.pk), {"post": "yes"})
    assert response.status_code == 403
    assert MaturityLevel.objects.filter(number=5).exists()


def test_import_and_export_pages_and_empty_choices_speak_dutch(admin_client):
    admin_client.cookies["django_language"] = "nl"

    export = admin_client.get("/admin/checklists/item/export/").content.decode()
    assert "Deze export schrijft de volgende velden" in export
    assert "Alles selecteren" in export
    assert "This exporter" not in export and "Select all" not in export
    imported = admin_client.get("/admin/checklists/item/import/").content.decode()
    assert "Deze import leest de volgende velden" in imported
    # The empty choice of a select (Django 6.1's "- Select an option -"), here the size band.
    new_organisation = admin_client.get("/organisations/new/").content.decode()
    assert "- Kies een optie -" in new_organisation
    assert "Select an option" not in new_organisation
