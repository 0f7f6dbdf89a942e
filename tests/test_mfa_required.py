"""A consultancy that requires two-factor login: a member without a second factor is led to set
one up before anything else, on every page and in the admin; once set up, all opens as before.
Other consultancies' members are not affected."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests import factories
from tests.test_access import OWN, URLS
from tests.test_mfa import activate_totp, log_in
from tests.world import World

MFA_INDEX = reverse("mfa_index")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def required(db):
    consultancy = factories.consultancy()  # the default one: the consultant's
    consultancy.require_mfa = True
    consultancy.save()
    return consultancy


def test_a_member_without_a_second_factor_is_led_to_set_one_up_first(
    client, consultant, required, clock
):
    response = log_in(client)
    assert response.status_code == 302
    page = client.get(reverse("home"), follow=True)
    assert urlsplit(page.redirect_chain[-1][0]).path == MFA_INDEX
    assert "Your consultancy requires two-factor login" in page.text
    # Setting it up is open to them (the password asked again first); then all opens.
    activate_totp(client, clock)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("scoring:portfolio")).status_code == 200


@pytest.mark.parametrize(("name", "args", "method"), URLS)
def test_every_page_of_a_client_sends_them_to_set_it_up_and_changes_nothing(
    client, consultant, required, world: World, name, args, method
):
    client.force_login(consultant)
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, {} if method == "get" else {"title": "x"})
    if method == "get":
        assert (response.status_code, response.url) == (302, MFA_INDEX)
    else:
        assert response.status_code == 403
        assert "requires two-factor login" in response.text
    world.unchanged()


@pytest.mark.parametrize(("name", "method"), OWN)
def test_their_own_pages_and_the_admin_send_them_there_too(
    client, consultant, required, name, method
):
    client.force_login(consultant)
    for url in (reverse(name), reverse("admin:index")):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, MFA_INDEX)


def test_an_htmx_autosave_is_refused_with_a_message_not_a_redirect(
    client, consultant, required, scan
):
    client.force_login(consultant)
    url = reverse("checklists:autosave", args=[scan.pk, "purpose-01"])
    response = client.post(url, {"value-purpose-01": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert not scan.answers.filter(item__code="purpose-01", value=3).exists()


def test_logging_out_and_the_language_stay_open(client, consultant, required):
    client.force_login(consultant)
    assert client.post(reverse("set_language"), {"language": "nl"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert client.session.get("_auth_user_id") is None


def test_another_consultancys_member_and_platform_staff_are_not_held(client, required, admin_user):
    other = factories.consultancy("Elders Advies", slug="elders")
    elsewhere = factories.user("dirk", consultancy=other)
    client.force_login(elsewhere)
    assert client.get(reverse("home")).status_code == 200
    client.force_login(admin_user)  # a superuser belongs to no consultancy
    assert client.get(reverse("admin:index")).status_code == 200
