"""A user's own account data: downloaded as JSON, or the account deleted after the password,
unless they are the only consultant of an organisation."""

import json

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.urls import reverse

import audit
from api.models import ApiToken
from audit.models import AuditEvent
from checklists.models import Organisation, Scan
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

ACCOUNT = reverse("privacy:account")
EXPORT = reverse("privacy:account_export")
DELETE = reverse("privacy:account_delete")


def exists(user) -> bool:
    return get_user_model().objects.filter(pk=user.pk).exists()


def test_my_data_holds_my_profile_organisations_and_what_i_made(
    consultant_client, consultant, organisation, scan
):
    factories.answer(scan, "purpose-01", 3, answered_by=consultant)
    token, secret = ApiToken.issue(consultant, "Power BI")
    other = factories.organisation("Bolt Logistics", consultants=[factories.user("dave")])
    factories.scan(other, title="Not mine")
    response = consultant_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="account-alice.json"'
    document = json.loads(response.content)
    assert document["profile"]["username"] == "alice"
    assert document["profile"]["email"] == "alice@example.com"
    assert document["organisations"] == [{"pk": organisation.pk, "name": "Acme Retail"}]
    authored = document["authored"]
    assert [s["title"] for s in authored["checklists.scan"]] == ["Scan 2026"]
    assert [a["item"] for a in authored["checklists.answer"]] == ["purpose-01"]
    assert [t["name"] for t in authored["api.apitoken"]] == ["Power BI"]
    text = response.content.decode()
    assert secret not in text and token.key_hash not in text
    assert "Not mine" not in text and "Bolt Logistics" not in text


def test_the_only_consultant_is_asked_to_have_the_organisation_taken_over(client, consultant, scan):
    alone = factories.organisation("Solo BV", consultants=[consultant])
    client.force_login(consultant)
    page = client.get(ACCOUNT)
    assert "Solo BV" in page.text
    assert "account-delete-form" not in page.text
    response = client.post(DELETE, {"password": "password"})
    assert response.status_code == 409
    assert "Your account was not deleted" in response.text
    assert "owner to reassign them" in response.text
    assert exists(consultant)
    assert Organisation.objects.filter(pk=alone.pk).exists()


def test_a_wrong_password_deletes_nothing(consultant_client, consultant, organisation):
    response = consultant_client.post(DELETE, {"password": "wrong"})
    assert response.status_code == 400
    assert "That is not your password. Your account was not deleted." in response.text
    assert exists(consultant)
    assert consultant_client.post(DELETE, {}).status_code == 400
    assert exists(consultant)


def test_password_attempts_are_limited(consultant_client, consultant, organisation):
    for _attempt in range(5):
        assert consultant_client.post(DELETE, {"password": "wrong"}).status_code == 400
    response = consultant_client.post(DELETE, {"password": "password"})
    assert response.status_code == 429
    assert exists(consultant)


def test_deleting_my_account_keeps_the_shared_organisation_without_my_name(
    consultant_client, consultant, colleague, organisation, scan
):
    # Alice shares Acme Retail with Bob: it stays with Bob; her scan stays, without her name.
    ApiToken.issue(consultant, "Power BI")
    AccessLog.objects.create(username="alice", ip_address="192.0.2.1", user_agent="Firefox")
    AccessLog.objects.create(username="bob", ip_address="192.0.2.2", user_agent="Firefox")
    audit.record(None, AuditEvent.Action.SCAN_COMPLETED, scan, actor=consultant)
    response = consultant_client.post(DELETE, {"password": "password"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not exists(consultant)
    # The audit trail keeps what she did and her deletion, without her name.
    gone = f"deleted account {consultant.pk}"
    events = AuditEvent.objects.exclude(action="login").order_by("pk")
    assert list(events.values_list("action", "actor_label")) == [
        ("scan_completed", gone),
        ("account_deleted", gone),
    ]
    assert not ApiToken.objects.exists()
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["bob"]
    assert list(organisation.consultants.all()) == [colleague]
    assert Scan.objects.get(pk=scan.pk).created_by is None
    page = consultant_client.get(response.url)
    assert "Your account and your personal data were deleted." in page.text
    assert consultant_client.get(ACCOUNT).status_code == 302  # logged out


def test_account_pages_need_a_login(client):
    for url in (ACCOUNT, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert client.post(DELETE, {"password": "password"}).status_code == 302


def test_the_page_offers_download_and_deletion(consultant_client, organisation):
    page = consultant_client.get(ACCOUNT).text
    assert EXPORT in page
    assert "account-delete-form" in page
    assert "Delete my account" in page


def test_the_only_owner_is_asked_to_make_another_owner_first(client, db):
    owner = factories.owner("olivia")
    client.force_login(owner)
    assert "You are the only owner of Kompas CX Advies." in client.get(ACCOUNT).text
    response = client.post(DELETE, {"password": "password"})
    assert response.status_code == 409
    assert "Your account was not deleted" in response.text
    assert exists(owner)
    factories.owner("otto")  # a second owner: now she may go
    assert client.post(DELETE, {"password": "password"}).status_code == 302
    assert not exists(owner)
