"""Running a scan: organisations, the scan pages, autosave, bad input, completing, access."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from checklists.models import Answer, Item, Organisation, Scan
from scoring.results import frozen_results

pytestmark = pytest.mark.django_db


def area_url(scan, area="purpose"):
    return reverse("checklists:scan_area", args=[scan.pk, area])


def autosave_url(scan, code):
    return reverse("checklists:autosave", args=[scan.pk, code])


def answers(scan):
    return {a.item.code: (a.choice, a.note) for a in scan.answers.select_related("item")}


# Dashboard and organisations


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("checklists:organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_lists_only_my_organisations(client, consultant, organisation, scan, outsider):
    Organisation.objects.create(name="Charlie's Client").consultants.add(outsider)
    client.force_login(consultant)
    response = client.get(reverse("home"))
    assert "Acme Retail" in response.text
    assert "Scan 2026" in response.text
    assert "Charlie&#x27;s Client" not in response.text and "Charlie's Client" not in response.text


def test_staff_see_every_organisation(client, admin_user, organisation):
    client.force_login(admin_user)
    assert "Acme Retail" in client.get(reverse("home")).text


def test_dashboard_search_and_pagination(client, consultant):
    for number in range(25):
        Organisation.objects.create(name=f"Client {number:02d}").consultants.add(consultant)
    client.force_login(consultant)
    first = client.get(reverse("home"))
    assert "Client 00" in first.text and "Client 24" not in first.text
    second = client.get(reverse("home"), {"page": 2})
    assert "Client 24" in second.text
    found = client.get(reverse("home"), {"q": "ent 07"})
    assert "Client 07" in found.text and "Client 08" not in found.text


def test_consultant_creates_an_organisation_and_keeps_access(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("checklists:organisation_create"),
        {"name": "Bakkerij de Vries", "sector": "Food", "size_band": "10-49"},
    )
    organisation = Organisation.objects.get(name="Bakkerij de Vries")
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert list(organisation.consultants.all()) == [consultant]


def test_organisation_without_a_name_is_refused(client, consultant):
    client.force_login(consultant)
    response = client.post(reverse("checklists:organisation_create"), {"name": "  ", "sector": "X"})
    assert response.status_code == 200
    assert 'value="X"' in response.text  # what was typed stays
    assert not Organisation.objects.exists()


def test_consultant_starts_a_scan(client, consultant, organisation):
    client.force_login(consultant)
    response = client.post(
        organisation.get_absolute_url(), {"title": "Nulmeting", "language": "en"}
    )
    scan = Scan.objects.get(title="Nulmeting")
    assert response.status_code == 302 and response["Location"] == scan.get_absolute_url()
    assert scan.status == Scan.Status.DRAFT and scan.created_by == consultant
    assert scan.language == "en"


def test_scan_url_opens_the_first_area_with_open_items(client, consultant, scan):
    client.force_login(consultant)
    response = client.get(scan.get_absolute_url())
    assert response["Location"] == area_url(scan, "purpose")
    for item in Item.objects.filter(area__code="purpose"):
        Answer.objects.create(scan=scan, item=item, value=2)
    assert client.get(scan.get_absolute_url())["Location"] == area_url(scan, "journey")


# Access


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("checklists:organisation", lambda s: [s.organisation.pk], "get"),
        ("checklists:organisation_edit", lambda s: [s.organisation.pk], "get"),
        ("checklists:scan", lambda s: [s.pk], "get"),
        ("checklists:scan_area", lambda s: [s.pk, "purpose"], "get"),
        ("checklists:scan_area", lambda s: [s.pk, "purpose"], "post"),
        ("checklists:autosave", lambda s: [s.pk, "purpose-01"], "post"),
        ("scoring:complete", lambda s: [s.pk], "get"),
        ("scoring:complete", lambda s: [s.pk], "post"),
        ("scoring:reopen", lambda s: [s.pk], "post"),
    ],
)
def test_outsider_gets_404_and_changes_nothing(client, outsider, scan, name, args, method):
    client.force_login(outsider)
    url = reverse(name, args=args(scan))
    response = getattr(client, method)(url, {"value-purpose-01": "4", "title": "x"})
    assert response.status_code == 404
    assert "Acme" not in response.text
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT and not scan.answers.exists()


@pytest.mark.parametrize("persona", ["consultant", "colleague", "admin_user"])
def test_consultants_of_the_organisation_and_staff_see_the_scan(client, scan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(area_url(scan)).status_code == 200


# The scan page


def test_scan_page_shows_items_topics_tips_and_progress(client, consultant, scan):
    Answer.objects.create(scan=scan, item=Item.objects.get(code="eco-invoices-01"), value=3)
    client.force_login(consultant)
    response = client.get(area_url(scan, "ecosystem"))
    assert response.status_code == 200
    for item in Item.objects.filter(area__code="ecosystem"):
        assert f'id="item-{item.code}"' in response.text
    assert "Facturen, bonnen en betalen" in response.text  # a topic heading, in Dutch
    assert "1 van 68 beantwoord" in response.text or "1 of 68 answered" in response.text
    tip = scan.organisation and Item.objects.get(code="eco-01").area.tips.first()
    assert tip.text_nl in response.text
    assert 'id="value-eco-invoices-01-3" value="3" autocomplete="off" checked' in response.text


def test_scan_page_is_in_the_language_of_the_scan(client, consultant, scan):
    scan.language = "en"
    scan.save()
    client.force_login(consultant)
    response = client.get(area_url(scan))
    assert Item.objects.get(code="purpose-01").statement_en in response.text
    assert '<html lang="en">' in response.text


def test_inactive_items_are_not_in_the_scan(client, consultant, scan):
    Item.objects.filter(code="purpose-02").update(is_active=False)
    client.force_login(consultant)
    assert 'id="item-purpose-02"' not in client.get(area_url(scan)).text


def test_scan_page_queries_do_not_grow_with_items(
    client, consultant, scan, django_assert_max_num_queries
):
    for item in Item.objects.all():
        Answer.objects.create(scan=scan, item=item, value=1, note="n")
    client.force_login(consultant)
    with django_assert_max_num_queries(12):
        assert client.get(area_url(scan, "ecosystem")).status_code == 200  # the largest area
    with django_assert_max_num_queries(12):
        assert client.get(area_url(scan, "purpose")).status_code == 200


# Autosave


def test_autosave_saves_a_value_and_starts_the_scan(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 200
    assert "Opgeslagen" in response.text or "Saved" in response.text
    assert 'id="stepper"' in response.text  # progress comes along, swapped out of band
    assert answers(scan) == {"purpose-01": ("3", "")}
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS
    assert scan.answers.get().answered_by == consultant


def test_autosave_of_a_note_keeps_the_value_and_vice_versa(client, consultant, scan):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "2"})
    client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": "Alleen op papier"})
    assert answers(scan) == {"purpose-01": ("2", "Alleen op papier")}
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "na"})
    assert answers(scan) == {"purpose-01": ("na", "Alleen op papier")}


def test_a_note_without_a_value_is_kept_and_counts_as_unanswered(client, consultant, scan):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": "Nog bespreken"})
    answer = scan.answers.get()
    assert answer.note == "Nog bespreken" and not scan.answers.answered().exists()


def test_a_full_note_with_line_breaks_fits(client, consultant, scan):
    client.force_login(consultant)
    note = ("x" * 99 + "\r\n") * 20  # 2000 characters as the browser counts them
    response = client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": note})
    assert response.status_code == 200
    assert scan.answers.get().note == note.replace("\r\n", "\n")


def test_two_tabs_answering_different_items_keep_both(client, consultant, colleague, scan):
    other = Client()
    other.force_login(colleague)
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"})
    other.post(autosave_url(scan, "purpose-02"), {"value-purpose-02": "1"})
    assert answers(scan) == {"purpose-01": ("4", ""), "purpose-02": ("1", "")}


@pytest.mark.parametrize(
    ("code", "data", "status", "message"),
    [
        ("purpose-01", {"value-purpose-01": "7"}, 400, "is not on the answer scale"),
        ("purpose-01", {"value-purpose-01": "-1"}, 400, "is not on the answer scale"),
        ("purpose-01", {"note-purpose-01": "x" * 2001}, 400, "at most 2000 fit"),
        ("no-such-item", {"value-no-such-item": "1"}, 404, "does not exist"),
    ],
)
def test_bad_autosave_is_refused_with_a_message(
    client, consultant, scan, code, data, status, message
):
    Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-01"), value=2, note="ok")
    client.force_login(consultant)
    response = client.post(autosave_url(scan, code), data, headers={"accept-language": "en"})
    assert response.status_code == status
    assert message in response.text
    assert answers(scan) == {"purpose-01": ("2", "ok")}


def test_autosave_of_an_inactive_item_is_refused(client, consultant, scan):
    Item.objects.filter(code="purpose-03").update(is_active=False)
    client.force_login(consultant)
    response = client.post(
        autosave_url(scan, "purpose-03"),
        {"value-purpose-03": "1"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 404
    assert "no longer part of the scan" in response.text
    assert not scan.answers.exists()


def test_autosave_without_csrf_token_is_refused(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 403
    assert not scan.answers.exists()


def test_autosave_accepts_the_csrf_header_htmx_sends(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    page = client.get(area_url(scan))
    token = page.text.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(
        autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 200
    assert answers(scan) == {"purpose-01": ("3", "")}


def test_autosave_only_accepts_post(client, consultant, scan):
    client.force_login(consultant)
    assert client.get(autosave_url(scan, "purpose-01")).status_code == 405


# The whole-page save (without JavaScript)


def page_data(scan, area="purpose", **values):
    """What the page form posts when nothing was loaded and the given fields were filled in."""
    data = {}
    for item in Item.objects.active().filter(area__code=area):
        data[f"original-value-{item.code}"] = ""
        data[f"original-note-{item.code}"] = ""
        data[f"note-{item.code}"] = ""
    data.update(values)
    return data


def test_page_save_writes_what_changed_and_goes_where_asked(client, consultant, scan):
    client.force_login(consultant)
    data = page_data(
        scan, **{"value-purpose-01": "4", "note-purpose-02": "Zie beleid", "go": "journey"}
    )
    response = client.post(area_url(scan), data)
    assert response.status_code == 302 and response["Location"] == area_url(scan, "journey")
    assert answers(scan) == {"purpose-01": ("4", ""), "purpose-02": ("", "Zie beleid")}


def test_stale_page_save_keeps_answers_given_in_another_tab(client, consultant, scan):
    client.force_login(consultant)
    # Tab 1 loaded the page empty; meanwhile tab 2 answered purpose-03 with a note.
    client.post(autosave_url(scan, "purpose-03"), {"value-purpose-03": "3", "note-purpose-03": "B"})
    client.post(area_url(scan), page_data(scan, **{"value-purpose-01": "1"}))
    assert answers(scan) == {"purpose-01": ("1", ""), "purpose-03": ("3", "B")}


def test_page_save_with_a_bad_value_saves_nothing_and_keeps_what_was_typed(
    client, consultant, scan
):
    client.force_login(consultant)
    data = page_data(
        scan,
        **{"value-purpose-01": "4", "value-purpose-02": "9", "note-purpose-03": "Mijn notitie"},
    )
    response = client.post(area_url(scan), data)
    assert response.status_code == 400
    assert "“9” staat niet op de antwoordschaal" in response.text  # the scan is in Dutch
    assert "Mijn notitie" in response.text
    assert 'id="value-purpose-01-4" value="4" autocomplete="off" checked' in response.text
    assert not scan.answers.exists()


# Completing and reopening


def test_complete_warns_about_unanswered_items_and_completes(client, consultant, scan):
    Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-01"), value=2)
    client.force_login(consultant)
    total = Item.objects.active().count()
    page = client.get(reverse("scoring:complete", args=[scan.pk]))
    assert f"{total - 1} " in page.text
    assert Item.objects.get(code="kpis-01").statement_nl in page.text
    response = client.post(reverse("scoring:complete", args=[scan.pk]))
    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED and scan.completed_at is not None


def test_completed_scan_is_read_only_until_reopened(client, consultant, scan):
    Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-01"), value=2)
    client.force_login(consultant)
    client.post(reverse("scoring:complete", args=[scan.pk]))

    page = client.get(area_url(scan))
    assert "hx-post" not in page.text
    assert 'value="2" autocomplete="off" checked disabled' in page.text
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"})
    assert response.status_code == 409
    refused = client.post(area_url(scan), page_data(scan, **{"value-purpose-01": "4"}))
    assert refused.status_code == 409
    assert "Deze scan is afgerond, dus de antwoorden kunnen niet meer veranderen" in refused.text
    assert 'value="4" autocomplete="off" checked disabled' in refused.text  # typed, kept
    assert answers(scan) == {"purpose-01": ("2", "")}
    scan.refresh_from_db()
    completed_at = scan.completed_at

    client.post(reverse("scoring:reopen", args=[scan.pk]))
    scan.refresh_from_db()
    # Open again; the last completion (its time and results) stays for share links.
    assert scan.status == Scan.Status.IN_PROGRESS
    assert scan.completed_at == completed_at and frozen_results(scan) is not None
    assert (
        client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "4"}).status_code == 200
    )
    assert answers(scan) == {"purpose-01": ("4", "")}


# The database keeps answers whole


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


# Demo data


def test_seed_demo_is_idempotent_and_varied(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Organisation.objects.filter(name="Demo Retail B.V.").count() == 1
    completed = Scan.objects.get(status=Scan.Status.COMPLETED)
    in_progress = Scan.objects.get(status=Scan.Status.IN_PROGRESS)
    assert completed.answers.filter(not_applicable=True).exists()
    assert completed.answers.exclude(note="").exists()
    assert len({a.value for a in completed.answers.exclude(value=None)}) >= 4
    assert 0 < in_progress.answers.count() < completed.answers.count()
    assert "password cxscan-demo" in capsys.readouterr().out


def test_seed_demo_if_new_leaves_an_existing_database_alone(consultant):
    call_command("seed_demo", "--if-new")
    assert not Organisation.objects.exists()


def test_autosave_when_logged_out_says_so_instead_of_redirecting(client, scan):
    response = client.post(
        autosave_url(scan, "purpose-01"),
        {"value-purpose-01": "3"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 401
    assert response.text.startswith("You are logged out.")
    assert not scan.answers.exists()


def test_csrf_failure_is_explained_in_words(consultant, scan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    htmx = client.post(
        autosave_url(scan, "purpose-01"),
        {"value-purpose-01": "3"},
        headers={"hx-request": "true", "accept-language": "en"},
    )
    assert htmx.status_code == 403 and htmx["Content-Type"].startswith("text/plain")
    assert htmx.text.startswith("This page is out of date")
    page = client.post(area_url(scan), {"value-purpose-01": "3"}, headers={"accept-language": "en"})
    assert page.status_code == 403 and "Reload the page and try again." in page.text
    assert not scan.answers.exists()


def test_page_save_does_not_rewrite_an_untouched_note_with_line_breaks(client, consultant, scan):
    item = Item.objects.get(code="purpose-01")
    Answer.objects.create(scan=scan, item=item, value=2, note="regel 1\nregel 2")
    client.force_login(consultant)
    # Meanwhile another tab changed the note; this tab posts its untouched copy (CRLF, as sent).
    Answer.objects.filter(item=item).update(note="nieuwer")
    data = page_data(scan)
    data |= {
        "note-purpose-01": "regel 1\r\nregel 2",
        "original-note-purpose-01": "regel 1\nregel 2",
        "original-value-purpose-01": "2",
        "value-purpose-01": "2",
    }
    client.post(area_url(scan), data)
    assert answers(scan) == {"purpose-01": ("2", "nieuwer")}
