"""A consultancy's owner manages its members in the app: invites by e-mail (a signed link that
works once, for a week), changes roles, removes members (never the last owner), and edits the
consultancy's settings and branding."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from branding.models import Branding
from checklists.models import Organisation
from consultancies import members
from consultancies.models import Consultancy, Invitation, Membership
from tests import factories
from tests.test_concurrency import _in_threads

pytestmark = pytest.mark.django_db

MEMBERS = reverse("consultancies:members")
SETTINGS = reverse("branding:settings")


@pytest.fixture
def owner(db):
    return factories.owner("olivia")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    return client


def invite(owner_client, email="nina@example.com", role="consultant", capture=None):
    with capture(execute=True):
        return owner_client.post(MEMBERS, {"email": email, "role": role})


def link_in(mail) -> str:
    return re.search(r"https?://\S+/invitations/\S+/", mail.body).group(0)


def test_the_owner_sees_the_members_and_nobody_elses(owner_client, consultant, organisation):
    other = factories.consultancy("Elders Advies")
    factories.user("dirk", consultancy=other)
    page = owner_client.get(MEMBERS)
    assert page.status_code == 200
    assert re.findall(r"Role of (\w+)", page.text) == ["alice", "bob", "olivia"]
    assert "dirk" not in page.text


def test_the_header_offers_the_consultancy_page_to_owners_only(client, owner, consultant):
    client.force_login(owner)
    assert f'href="{MEMBERS}"' in client.get(reverse("home")).text
    client.force_login(consultant)
    assert f'href="{MEMBERS}"' not in client.get(reverse("home")).text


def test_an_invitation_mails_a_link_that_makes_a_member(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    response = invite(owner_client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Invitation.objects.get().email == "nina@example.com"
    [mail] = mailoutbox
    assert mail.to == ["nina@example.com"]
    assert "Kompas CX Advies" in mail.subject
    link = link_in(mail)

    nina = Client()
    assert nina.get(link).status_code == 200
    response = nina.post(
        link,
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "de Vries",
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    account = get_user_model().objects.get(username="nina")
    assert account.email == "nina@example.com" and account.check_password("a-long-new-password")
    assert (account.membership.consultancy.slug, account.membership.role) == (
        "kompas",
        "consultant",
    )
    assert nina.get(reverse("home")).wsgi_request.user == account  # logged in
    # The link works once.
    assert Client().get(link).status_code == 404
    # The audit trail: the new member, in the consultancy's trail.
    added = AuditEvent.objects.get(action="member_added")
    assert (added.object_label, added.actor, added.consultancy.slug) == ("nina", account, "kompas")


def test_an_invitation_link_expires_after_a_week(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    invite(owner_client, capture=django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    with time_machine.travel(datetime.now(UTC) + timedelta(days=7, minutes=1)):
        response = Client().get(link)
        assert response.status_code == 404
        assert Client().post(link, {"username": "nina"}).status_code == 404
    assert not get_user_model().objects.filter(username="nina").exists()


def test_a_changed_link_is_refused(owner_client, mailoutbox, django_capture_on_commit_callbacks):
    invite(owner_client, capture=django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    assert Client().get(link[:-3] + "xx/").status_code == 404


def test_a_weak_password_is_refused_and_nothing_is_made(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    invite(owner_client, capture=django_capture_on_commit_callbacks)
    response = Client().post(
        link_in(mailoutbox[0]), {"username": "nina", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="nina").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_outside_any_consultancy_joins_with_a_new_password(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    left = get_user_model().objects.create_user("nina", "Nina@example.com", "old-password")
    invite(owner_client, capture=django_capture_on_commit_callbacks)
    response = Client().post(
        link_in(mailoutbox[0]),
        {"new_password1": "a-long-new-password", "new_password2": "a-long-new-password"},
    )
    assert response.status_code == 302
    left.refresh_from_db()
    assert left.check_password("a-long-new-password")
    assert left.membership.consultancy.slug == "kompas"


def test_a_member_of_a_consultancy_cannot_be_invited(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    factories.user("dirk", consultancy=factories.consultancy("Elders Advies"))
    response = invite(owner_client, "dirk@example.com", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "already belongs to a consultancy" in response.text
    assert not Invitation.objects.exists() and mailoutbox == []


@pytest.mark.parametrize("data", [{"email": "not an address"}, {"email": "a@b.nl", "role": "god"}])
def test_a_bad_invitation_is_refused(owner_client, data, mailoutbox):
    response = owner_client.post(MEMBERS, data)
    assert response.status_code == 400
    assert not Invitation.objects.exists() and mailoutbox == []


def test_removing_a_member_keeps_their_organisations(owner_client, consultant, organisation):
    membership = consultant.membership
    response = owner_client.post(reverse("consultancies:member_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=consultant).exists()
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.consultancy.slug == "kompas"
    assert list(organisation.consultants.values_list("username", flat=True)) == ["bob"]
    # Alice keeps her account but sees no client any more.
    alice = Client()
    alice.force_login(consultant)
    assert alice.get(reverse("checklists:organisation", args=[organisation.pk])).status_code == 404
    assert "Acme" not in alice.get(reverse("home")).text
    removed = AuditEvent.objects.get(action="member_removed")
    assert (removed.object_label, removed.actor.username, removed.consultancy.slug) == (
        "alice",
        "olivia",
        "kompas",
    )


def test_the_last_owner_cannot_be_removed_or_demoted(owner_client, owner):
    membership = owner.membership
    response = owner_client.post(
        reverse("consultancies:member_remove", args=[membership.pk]), follow=True
    )
    assert "keeps at least one owner" in response.text
    response = owner_client.post(
        reverse("consultancies:member_role", args=[membership.pk]),
        {"role": "consultant"},
        follow=True,
    )
    assert "keeps at least one owner" in response.text
    assert Membership.objects.get(pk=membership.pk).role == "owner"


def test_an_owner_makes_a_consultant_owner_and_then_steps_down(owner_client, owner, consultant):
    url = reverse("consultancies:member_role", args=[consultant.membership.pk])
    assert owner_client.post(url, {"role": "owner"}).status_code == 302
    mine = reverse("consultancies:member_role", args=[owner.membership.pk])
    assert owner_client.post(mine, {"role": "consultant"}).status_code == 302
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"alice": "owner", "olivia": "consultant"}
    assert owner_client.get(MEMBERS).status_code == 404  # no longer an owner
    changes = AuditEvent.objects.filter(action="member_role_changed").order_by("pk")
    assert [(e.object_label, e.details["role"], e.actor.username) for e in changes] == [
        ("alice", "owner", "olivia"),
        ("olivia", "consultant", "olivia"),
    ]


def test_a_role_that_does_not_exist_changes_nothing(owner_client, consultant):
    url = reverse("consultancies:member_role", args=[consultant.membership.pk])
    response = owner_client.post(url, {"role": "admin"}, follow=True)
    assert "Choose owner or consultant." in response.text
    assert Membership.objects.get(user=consultant).role == "consultant"
    assert not AuditEvent.objects.filter(action="member_role_changed").exists()


def test_an_owner_edits_the_settings_and_branding(owner_client, owner):
    response = owner_client.post(
        SETTINGS,
        {
            "consultancy-name": "Kompas Advies",
            "consultancy-contributes_to_benchmarks": "on",
            "consultancy-require_mfa": "on",
            "branding-name": "Kompas",
            "branding-accent": "#C2410C",
        },
    )
    assert response.status_code == 302
    consultancy = Consultancy.objects.get(slug="kompas")
    assert consultancy.name == "Kompas Advies"
    assert consultancy.contributes_to_benchmarks and consultancy.require_mfa
    branding = Branding.objects.get()
    assert (branding.consultancy, branding.name, branding.accent) == (
        consultancy,
        "Kompas",
        "#c2410c",
    )
    # Two-factor login now required: the owner sets it up first, on a page in the new colours.
    page = owner_client.get(reverse("home"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("mfa_index")
    assert "--cx-accent: #c2410c" in page.text


def test_bad_settings_change_nothing(owner_client):
    response = owner_client.post(
        SETTINGS,
        {"consultancy-name": "", "branding-name": "X", "branding-accent": "red"},
    )
    assert response.status_code == 400
    assert "Give the colour as # and six hexadecimal digits." in response.text
    assert Consultancy.objects.get(slug="kompas").name == "Kompas CX Advies"
    assert not Branding.objects.exists()


def test_platform_staff_add_a_consultancy_with_its_owner_in_the_admin(admin_client, outsider):
    Membership.objects.filter(user=outsider).delete()  # an account in no consultancy yet
    response = admin_client.post(
        reverse("admin:consultancies_consultancy_add"),
        {
            "name": "Noord Klantadvies",
            "slug": "noord",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(outsider.pk),
            "memberships-0-role": "owner",
        },
    )
    assert response.status_code == 302
    noord = Consultancy.objects.get(slug="noord")
    assert not noord.contributes_to_benchmarks and not noord.require_mfa  # the defaults
    assert list(noord.memberships.values_list("user__username", "role")) == [("charlie", "owner")]
    page = admin_client.get(reverse("admin:auth_user_change", args=[outsider.pk]))
    assert page.status_code == 200 and "Noord Klantadvies" in page.text


def test_an_account_belongs_to_one_consultancy_only(admin_client, consultant):
    response = admin_client.post(
        reverse("admin:consultancies_consultancy_add"),
        {
            "name": "Noord Klantadvies",
            "slug": "noord",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(consultant.pk),
            "memberships-0-role": "owner",
        },
    )
    assert response.status_code == 200
    assert not Consultancy.objects.filter(slug="noord").exists()
    assert Membership.objects.get(user=consultant).consultancy.slug == "kompas"


@pytest.mark.django_db(transaction=True)
def test_two_owners_stepping_down_at_once_leave_one_owner(monkeypatch):
    """Each demotes themselves at the same moment. The first to pass the "keeps an owner" check
    holds its transaction open until the other has passed the check too, or for a second: with
    the lock on the consultancy's row the other cannot get there before the first commits, and
    is then told that the consultancy keeps an owner. Without the lock both would pass the
    check and leave no owner."""
    first, second = factories.owner("olivia"), factories.owner("otto")
    other_passed = threading.Semaphore(0)
    arrivals: list[str] = []
    real_check = members.keep_an_owner

    def check(consultancy, leaving):
        real_check(consultancy, leaving)
        arrivals.append(leaving.user.username)
        if len(arrivals) == 1:  # the first through waits for the other, a second at most
            other_passed.acquire(timeout=1)
        else:
            other_passed.release()

    monkeypatch.setattr(members, "keep_an_owner", check)

    def step_down(user):
        def job():
            client = Client(raise_request_exception=False)
            client.force_login(user)
            url = reverse("consultancies:member_role", args=[user.membership.pk])
            return client.post(url, {"role": "consultant"}).status_code

        return job

    assert _in_threads([step_down(first), step_down(second)]) == [302, 302]
    assert len(arrivals) == 1  # the other was refused by the check
    assert sorted(Membership.objects.values_list("role", flat=True)) == ["consultant", "owner"]
