"""The audit trail: each recorded event (status code and the row written), nothing secret in
it, the staff page with its filters, the CSV, the admin (read-only) and the retention."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from audit.events import forget_organisation, record
from audit.models import AuditEvent
from checklists.models import Item, Scan, Tip
from reports import stored
from reports.models import ShareLink
from tests import factories

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def events(action=None):
    found = AuditEvent.objects.all()
    return list(found.filter(action=action) if action else found)


def only(action) -> AuditEvent:
    found = events(action)
    assert len(found) == 1, found
    return found[0]


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"login": username, "password": password}, REMOTE_ADDR=ip)


# Logins


def test_a_login_is_recorded_with_who_and_the_address(client, consultant):
    response = log_in(client, "alice", "password", ip="192.0.2.10")
    assert response.status_code == 302
    event = only(Action.LOGIN)
    assert (event.actor, event.actor_label, event.client_address) == (
        consultant,
        "alice",
        "192.0.2.10",
    )


def test_a_failed_login_keeps_the_name_tried_never_the_password(client, consultant):
    response = log_in(client, "alice", "Wrong-Horse-Battery")
    assert response.status_code == 200
    event = only(Action.LOGIN_FAILED)
    assert (event.actor, event.actor_label, event.client_address) == (None, "alice", "10.0.0.1")
    assert "Wrong-Horse-Battery" not in json.dumps(AuditEvent.objects.values().get(), default=str)


def test_a_failed_login_by_e_mail_keeps_the_address_tried(db):
    """Logins by e-mail address (as allauth's) send it under "email"."""
    user_login_failed.send(
        sender=__name__, credentials={"email": "eve@example.com", "password": "Hunter2!"}
    )
    event = only(Action.LOGIN_FAILED)
    assert (event.actor_label, event.client_address) == ("eve@example.com", "")
    assert "Hunter2!" not in json.dumps(AuditEvent.objects.values().get(), default=str)


def test_a_lockout_is_recorded(client, consultant):
    for _ in range(5):
        response = log_in(client, "alice", "wrong")
    assert response.status_code == 429
    assert only(Action.LOCKED_OUT).actor_label == "alice"
    assert len(events(Action.LOGIN_FAILED)) == 5


# Share links and API tokens, and nothing secret in any row


def test_share_links_made_and_revoked_are_recorded(consultant_client, completed_scan):
    response = consultant_client.post(
        reverse("reports:share_link_create", args=[completed_scan.pk]), {"evidence": "none"}
    )
    assert response.status_code == 302
    link = ShareLink.objects.get()
    made = only(Action.SHARE_LINK_CREATED)
    assert (made.actor_label, made.object_type, made.object_id) == (
        "alice",
        "reports.sharelink",
        str(link.pk),
    )
    assert (made.organisation, made.organisation_name) == (
        completed_scan.organisation,
        "Acme Retail",
    )
    response = consultant_client.post(
        reverse("reports:share_link_revoke", args=[completed_scan.pk, link.pk])
    )
    assert response.status_code == 302
    assert only(Action.SHARE_LINK_REVOKED).object_id == str(link.pk)


def test_api_tokens_made_and_revoked_are_recorded(consultant_client, consultant):
    response = consultant_client.post(reverse("api:tokens"), {"name": "Power BI"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    made = only(Action.TOKEN_CREATED)
    assert (made.actor, made.object_label, made.object_id) == (
        consultant,
        "Power BI",
        str(token.pk),
    )
    response = consultant_client.post(reverse("api:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert only(Action.TOKEN_REVOKED).object_id == str(token.pk)


def test_no_row_holds_a_token_secret_or_share_link_key(consultant_client, completed_scan):
    response = consultant_client.post(reverse("api:tokens"), {"name": "Power BI"})
    secret = response.context["secret"]
    consultant_client.post(
        reverse("reports:share_link_create", args=[completed_scan.pk]), {"evidence": "none"}
    )
    link = ShareLink.objects.get()
    token = ApiToken.objects.get()
    # A caller that passes secrets in the details anyway gets them removed.
    record(None, Action.SSO_CHANGED, details={"client_secret": "s3cr3t-value", "issuer": "x"})
    stored_rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert len(events()) == 4  # with the login of force_login
    for secret_text in (secret, token.key_hash, link.key, link.token, "s3cr3t-value", "password"):
        assert secret_text not in stored_rows


# Exports and downloads


@pytest.mark.parametrize(
    ("url", "format"),
    [
        ("reports:export_xlsx", "xlsx"),
        ("reports:export_csv", "csv"),
        ("scoring:export_json", "json"),
    ],
)
def test_exports_are_recorded(consultant_client, completed_scan, url, format):
    response = consultant_client.get(reverse(url, args=[completed_scan.pk]))
    assert response.status_code == 200
    event = only(Action.EXPORTED)
    assert (event.actor_label, event.object_id, event.details) == (
        "alice",
        str(completed_scan.pk),
        {"format": format},
    )


def test_a_report_download_is_recorded_but_not_the_waiting_page(consultant_client, completed_scan):
    url = reverse("reports:report", args=[completed_scan.pk]) + "?language=en"
    assert consultant_client.get(url).status_code == 202  # not rendered yet: nothing sent
    assert events(Action.REPORT_DOWNLOADED) == []
    stored.render_stored(completed_scan.pk, "en")
    response = consultant_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    event = only(Action.REPORT_DOWNLOADED)
    assert (event.actor_label, event.details) == ("alice", {"language": "en", "draft": False})


def test_a_client_managers_download_is_recorded_as_the_share_link(
    client, completed_scan, django_capture_on_commit_callbacks
):
    link = ShareLink.objects.create(scan=completed_scan)
    url = reverse("reports:shared_report", args=[link.token]) + "?language=en"
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(url).status_code == 202  # the worker is asked for it
    assert events(Action.REPORT_DOWNLOADED) == []
    for callback in queued:  # the worker runs the queued task
        callback()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    event = only(Action.REPORT_DOWNLOADED)
    assert (event.actor, event.actor_label) == (None, f"share link {link.pk}")
    assert event.details["share_link"] == link.pk
    assert link.key not in json.dumps(event.details) and link.token not in event.object_label


# Scans completed, reopened, deleted


def test_completing_and_reopening_are_recorded(consultant_client, scan):
    factories.answer(scan, "purpose-01", 3)
    response = consultant_client.post(reverse("scoring:complete", args=[scan.pk]))
    assert response.status_code == 302
    assert only(Action.SCAN_COMPLETED).object_id == str(scan.pk)
    response = consultant_client.post(reverse("scoring:reopen", args=[scan.pk]))
    assert response.status_code == 302
    assert only(Action.SCAN_REOPENED).organisation_name == "Acme Retail"
    # Reopening an open scan changes nothing and records nothing.
    consultant_client.post(reverse("scoring:reopen", args=[scan.pk]))
    assert len(events(Action.SCAN_REOPENED)) == 1


def test_a_scan_deleted_in_the_admin_is_recorded(admin_client, scan):
    url = reverse("admin:checklists_scan_delete", args=[scan.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Scan.objects.exists()
    event = only(Action.SCAN_DELETED)
    assert (event.actor_label, event.object_label, event.organisation_name) == (
        "ada",
        str(scan),
        "Acme Retail",
    )


# Content edited in the admin


def test_content_changed_added_and_deleted_in_the_admin_is_recorded(admin_client):
    tip = Tip.objects.first()
    url = reverse("admin:checklists_tip_change", args=[tip.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["text_en"] = "Changed in the admin"
    assert admin_client.post(url, data).status_code == 302
    changed = only(Action.CONTENT_EDITED)
    assert (changed.actor_label, changed.object_type, changed.object_id, changed.details) == (
        "ada",
        "checklists.tip",
        str(tip.pk),
        {"change": "changed", "model": "tip"},
    )
    # "Delete selected" on two tips: one event each.
    two = list(Tip.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = admin_client.post(
        reverse("admin:checklists_tip_changelist"),
        {"action": "delete_selected", "_selected_action": two, "post": "yes"},
    )
    assert response.status_code == 302
    deleted = [e for e in events(Action.CONTENT_EDITED) if e.details["change"] == "deleted"]
    assert sorted(int(e.object_id) for e in deleted) == two


def test_an_item_that_cannot_be_deleted_records_nothing(admin_client, scan):
    item = Item.objects.get(code="purpose-01")
    factories.answer(scan, item, 2)
    response = admin_client.post(
        reverse("admin:checklists_item_delete", args=[item.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # the admin says it is protected
    assert Item.objects.filter(pk=item.pk).exists()
    assert events(Action.CONTENT_EDITED) == []


# The page, its filters, the CSV


def some_events(organisation):
    with time_machine.travel(START, tick=False):
        record(None, Action.LOGIN_FAILED, actor_label="mallory", label="mallory")
    with time_machine.travel(START + timedelta(days=3), tick=False):
        record(None, Action.EXPORTED, organisation=organisation, label='=HYPERLINK("x")')


def test_staff_read_and_filter_the_events(admin_client, organisation):
    some_events(organisation)
    page = admin_client.get(reverse("audit:events"))
    assert page.status_code == 200
    assert "mallory" in page.text and "Acme Retail" in page.text
    by_action = admin_client.get(reverse("audit:events"), {"action": "login_failed"})
    assert "mallory" in by_action.text and "Acme Retail" not in by_action.text
    by_date = admin_client.get(reverse("audit:events"), {"since": "2026-03-04"})
    assert "mallory" not in by_date.text and "Acme Retail" in by_date.text
    by_organisation = admin_client.get(reverse("audit:events"), {"organisation": "acme"})
    assert "mallory" not in by_organisation.text and "Acme Retail" in by_organisation.text


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2026-13-45"},
        {"action": "nonsense"},
        {"since": "2026-03-05", "until": "2026-03-01"},
    ],
)
def test_a_bad_filter_is_400_with_a_message(admin_client, organisation, query):
    some_events(organisation)
    response = admin_client.get(reverse("audit:events"), query)
    assert response.status_code == 400
    assert "invalid-feedback" in response.text or "alert-danger" in response.text
    assert admin_client.get(reverse("audit:events_csv"), query).status_code == 400


def test_the_header_links_staff_to_the_audit_trail(admin_client, consultant):
    assert reverse("audit:events") in admin_client.get(reverse("home")).text
    admin_client.force_login(consultant)
    assert reverse("audit:events") not in admin_client.get(reverse("home")).text


def test_the_pages_are_paginated(admin_client):
    AuditEvent.objects.bulk_create(
        AuditEvent(action=Action.LOGIN, actor_label=f"user{n:03}") for n in range(60)
    )
    first = admin_client.get(reverse("audit:events"))
    assert "Page 1 of 2" in first.text and "user059" in first.text and "user000" not in first.text
    second = admin_client.get(reverse("audit:events"), {"page": 2})
    assert "user000" in second.text


def test_consultants_and_visitors_reach_no_audit_page(client, consultant, organisation):
    some_events(organisation)
    for url in (reverse("audit:events"), reverse("audit:events_csv")):
        assert client.get(url).status_code == 302  # to the login
    client.force_login(consultant)
    for url in (reverse("audit:events"), reverse("audit:events_csv")):
        assert client.get(url).status_code == 404


def test_the_csv_streams_the_chosen_events_and_guards_formulas(admin_client, organisation):
    some_events(organisation)
    response = admin_client.get(reverse("audit:events_csv"), {"organisation": "Acme"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert rows[1:] == [
        ["2026-03-05 09:00:00", "", "exported", "", "", '\'=HYPERLINK("x")', "Acme Retail", "", ""]
    ]


# The admin and retention


def test_the_admin_shows_events_read_only(admin_client, organisation):
    some_events(organisation)
    event = AuditEvent.objects.get(actor_label="mallory")
    assert admin_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert admin_client.get(change).status_code == 200  # view only
    assert admin_client.post(change, {"actor_label": "someone else"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.actor_label == "mallory"


def test_prune_audit_removes_events_past_the_retention(settings, organisation, capsys):
    settings.CXSCAN_AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(START - timedelta(days=31), tick=False):
        record(None, Action.LOGIN, actor_label="old")
    with time_machine.travel(START - timedelta(days=29), tick=False):
        record(None, Action.LOGIN, actor_label="recent")
    with time_machine.travel(START, tick=False):
        call_command("prune_audit", "--dry-run")
        assert AuditEvent.objects.count() == 2
        call_command("prune_audit")
    assert [e.actor_label for e in events()] == ["recent"]
    assert "Removed 1 audit events older than 30 days." in capsys.readouterr().out


def test_events_outlive_the_actor_and_the_organisation(consultant, organisation):
    record(None, Action.EXPORTED, organisation=organisation, actor=consultant)
    consultant.delete()
    organisation.delete()
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_label, event.organisation, event.organisation_name) == (
        None,
        "alice",
        None,
        "Acme Retail",
    )


def test_an_erased_organisations_events_stay_without_its_name(consultant, scan, organisation):
    record(None, Action.EXPORTED, scan, actor=consultant)
    record(None, Action.LOGIN, consultant, actor=consultant)  # no organisation: untouched
    assert forget_organisation(organisation, "Erased organisation 1") == 1
    organisation.delete()
    exported = only(Action.EXPORTED)
    assert (exported.organisation_name, exported.object_label) == (
        "Erased organisation 1",
        "Erased organisation 1: Scan 2026",
    )
    assert "Acme" not in json.dumps(list(AuditEvent.objects.values()), default=str)


def test_a_client_posting_through_no_proxy_cannot_choose_its_address(consultant):
    client = Client()
    log_in(client, "alice", "password", ip="192.0.2.1")
    client.logout()
    client.post(
        reverse("login"),
        {"login": "alice", "password": "password"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert {e.client_address for e in events(Action.LOGIN)} == {"192.0.2.1"}


def test_an_owner_reads_the_consultancys_trail_and_no_other(client, consultant, organisation):
    """Every event knows its consultancy (the organisation's, else the actor's); the owner's
    page and CSV show theirs, and the link to it is in their header."""
    owner = factories.owner("olivia")
    record(None, Action.SCAN_COMPLETED, organisation.scans.create(title="Ours"), actor=consultant)
    elsewhere = factories.consultancy("Elders Advies", slug="elders")
    stranger = factories.owner("stan", consultancy=elsewhere)
    theirs = factories.organisation("Zeta Retail", consultancy=elsewhere, consultants=[stranger])
    record(None, Action.SCAN_COMPLETED, theirs.scans.create(title="Theirs"), actor=stranger)
    record(None, Action.LOGIN, stranger, actor=stranger)
    assert {e.consultancy.slug for e in AuditEvent.objects.filter(actor=stranger)} == {"elders"}

    client.force_login(owner)
    page = client.get(reverse("audit:events"))
    assert page.status_code == 200
    assert "Acme Retail" in page.text and "Zeta" not in page.text and "stan" not in page.text
    assert f'href="{reverse("audit:events")}"' in client.get(reverse("home")).text
    rows = b"".join(client.get(reverse("audit:events_csv"))).decode()
    assert "Acme Retail" in rows and "Zeta" not in rows
    client.force_login(consultant)
    assert client.get(reverse("audit:events")).status_code == 404
    assert f'href="{reverse("audit:events")}"' not in client.get(reverse("home")).text


def test_an_identity_provider_changed_in_the_admin_is_recorded_without_its_secret(admin_client):
    add = reverse("admin:socialaccount_socialapp_add")
    data = {
        "provider": "openid_connect",
        "provider_id": "acme-id",
        "name": "Acme ID",
        "client_id": "cxscan-client",
        "secret": "very-secret-value",
        "key": "",
        "settings": '{"server_url": "https://id.acme.example", "consultancy": "kompas"}',
    }
    assert admin_client.post(add, data).status_code == 302
    event = only(Action.SSO_CHANGED)
    assert (event.actor_label, event.object_label, event.details["change"]) == (
        "ada",
        "Acme ID",
        "added",
    )
    assert "very-secret-value" not in str(vars(event))
