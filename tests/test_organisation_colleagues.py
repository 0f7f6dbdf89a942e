"""Who may see which accounts: a consultant adds colleagues by exact username or e-mail address.

Only staff get a list of every account; a consultant sees the colleagues who already share the
organisation and never the others.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from checklists.models import Organisation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW = reverse("checklists:organisation_create")


def edit_url(organisation):
    return reverse("checklists:organisation_edit", args=[organisation.pk])


def consultants(organisation):
    return set(organisation.consultants.values_list("username", flat=True))


def organisation_data(organisation=None, **data):
    base = {"name": "Bakkerij de Vries", "sector": "Food", "size_band": "10-49"}
    if organisation:
        base = {"name": organisation.name, "sector": organisation.sector, "size_band": ""}
    return base | data


def test_consultant_sees_no_other_accounts_on_the_new_organisation_page(
    consultant_client, colleague, outsider
):
    response = consultant_client.get(NEW)
    assert response.status_code == 200
    assert "Add colleagues (username or e-mail)" in response.text
    for other in ("charlie", "bob"):
        assert other not in response.text


def test_edit_page_shows_the_colleagues_who_share_it_and_no_one_else(
    consultant_client, organisation, outsider
):
    response = consultant_client.get(edit_url(organisation))
    assert response.status_code == 200
    assert "Colleagues with access" in response.text and "Remove bob" in response.text
    assert "charlie" not in response.text


@pytest.mark.parametrize("typed", ["bob", "BOB@example.com", " bob@example.com "])
def test_consultant_adds_a_colleague_by_username_or_email(
    consultant_client, consultant, colleague, outsider, typed
):
    response = consultant_client.post(NEW, organisation_data(add_colleagues=typed))
    organisation = Organisation.objects.get(name="Bakkerij de Vries")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert consultants(organisation) == {"alice", "bob"}


def test_several_colleagues_separated_by_commas(consultant_client, colleague, outsider):
    consultant_client.post(NEW, organisation_data(add_colleagues="bob, charlie@example.com"))
    organisation = Organisation.objects.get(name="Bakkerij de Vries")
    assert consultants(organisation) == {"alice", "bob", "charlie"}


def test_consultant_adds_a_colleague_on_the_edit_page(consultant_client, organisation, outsider):
    response = consultant_client.post(
        edit_url(organisation), organisation_data(organisation, add_colleagues="charlie")
    )
    assert response.status_code == 302
    assert consultants(organisation) == {"alice", "bob", "charlie"}


@pytest.mark.parametrize("typed", ["nobody", "Bob", "bob@example", "bob, nobody"])
def test_unknown_colleague_is_refused_and_nothing_is_saved(consultant_client, colleague, typed):
    response = consultant_client.post(NEW, organisation_data(add_colleagues=typed))
    assert response.status_code == 200
    unknown = typed.split(", ")[-1]
    assert f"No colleague with the username or e-mail “{unknown}”." in response.text
    assert f'value="{typed}"' in response.text  # what was typed stays
    assert not Organisation.objects.exists()


def test_unknown_colleague_on_the_edit_page_changes_nothing(consultant_client, organisation):
    response = consultant_client.post(
        edit_url(organisation), organisation_data(organisation, name="Renamed", add_colleagues="x")
    )
    assert response.status_code == 200
    assert "No colleague with the username or e-mail “x”." in response.text
    organisation.refresh_from_db()
    assert organisation.name == "Acme Retail"
    assert consultants(organisation) == {"alice", "bob"}


def test_inactive_account_is_not_a_colleague(consultant_client, outsider):
    outsider.is_active = False
    outsider.save()
    response = consultant_client.post(NEW, organisation_data(add_colleagues="charlie"))
    assert "No colleague with the username or e-mail “charlie”." in response.text
    assert not Organisation.objects.exists()


def test_email_of_several_accounts_asks_for_the_username(consultant_client, colleague):
    factories.user("dave", email="Bob@example.com")
    response = consultant_client.post(NEW, organisation_data(add_colleagues="bob@example.com"))
    assert response.status_code == 200
    assert "give the username instead" in response.text
    assert "dave" not in response.text
    assert not Organisation.objects.exists()


def test_consultant_cannot_attach_anyone_through_the_old_list_field(consultant_client, outsider):
    consultant_client.post(NEW, organisation_data(consultants=[outsider.pk]))
    assert consultants(Organisation.objects.get()) == {"alice"}


def test_consultant_removes_a_colleague_and_keeps_access(
    consultant_client, consultant, colleague, organisation
):
    response = consultant_client.post(
        edit_url(organisation), organisation_data(organisation, remove_colleagues=[colleague.pk])
    )
    assert response.status_code == 302
    assert consultants(organisation) == {"alice"}


def test_consultant_cannot_remove_themselves(consultant_client, consultant, organisation):
    response = consultant_client.post(
        edit_url(organisation), organisation_data(organisation, remove_colleagues=[consultant.pk])
    )
    assert response.status_code == 200
    assert consultants(organisation) == {"alice", "bob"}


def test_platform_staff_choose_the_consultancy_and_its_members(admin_client, consultant, outsider):
    response = admin_client.get(NEW)
    assert "charlie" in response.text and "alice" in response.text
    data = organisation_data(consultants=[outsider.pk])
    response = admin_client.post(
        NEW, data | {"consultancy_choice": consultant.membership.consultancy_id}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert consultants(organisation) == {"charlie"}
    assert organisation.consultancy == consultant.membership.consultancy


def test_platform_staff_cannot_give_an_organisation_to_another_consultancys_member(
    admin_client, consultant
):
    other = factories.user("dora", consultancy=factories.consultancy("Elders"))
    data = organisation_data(consultants=[other.pk])
    response = admin_client.post(
        NEW, data | {"consultancy_choice": consultant.membership.consultancy_id}
    )
    assert response.status_code == 200
    assert "Only members of the organisation’s consultancy can see it." in response.text
    assert not Organisation.objects.exists()


def test_a_new_organisation_belongs_to_its_creators_consultancy(consultant_client, consultant):
    response = consultant_client.post(NEW, organisation_data())
    assert response.status_code == 302
    assert Organisation.objects.get().consultancy == consultant.membership.consultancy


def test_a_member_of_another_consultancy_is_no_colleague(consultant_client):
    factories.user("dora", consultancy=factories.consultancy("Elders"))
    for name in ("dora", "dora@example.com"):
        response = consultant_client.post(NEW, organisation_data(add_colleagues=name))
        assert f"No colleague with the username or e-mail “{name}”." in response.text
    assert not Organisation.objects.exists()


def test_an_account_in_no_consultancy_cannot_add_organisations(client, db):
    client.force_login(get_user_model().objects.create_user("loner", password="password"))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, organisation_data()).status_code == 403
    assert not Organisation.objects.exists()
