"""Follow-up scans: starting one from a completed scan, empty or with the previous answers carried
over; the predecessor rules; the carried-over mark until the answer is confirmed or changed; and
the count of unconfirmed answers on the results page and in the JSON export."""

import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from checklists.models import Item, Scan
from scoring import completion
from tests import factories

from .helpers import area_url, autosave_url, element, elements, page_data, results_url, text_of

pytestmark = pytest.mark.django_db

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


def follow_up_url(scan):
    return reverse("scoring:follow_up", args=[scan.pk])


@pytest.fixture
def previous(scan):
    """Alice's completed scan: two answers with notes, one N/A, one note only, and an answer to
    a statement that has since been deactivated."""
    factories.answer(scan, "purpose-01", 3, note="a")
    factories.answer(scan, "purpose-02", 1)
    factories.answer(scan, "eco-01", "na")
    factories.answer(scan, "journey-01", note="only a note")
    factories.answer(scan, "purpose-03", 4)
    factories.complete(scan)
    Item.objects.filter(code="purpose-03").update(is_active=False)
    return scan


def start(client, scan, start="previous", title="Scan 2027"):
    return client.post(follow_up_url(scan), {"title": title, "start": start})


def the_follow_up(previous):
    return Scan.objects.get(previous=previous)


# Starting a follow-up -----------------------------------------------------------------------


def test_the_form_offers_a_title_and_both_choices(client, consultant, previous):
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    page = client.get(follow_up_url(previous))
    assert page.status_code == 200
    assert element(page.text, "input", name="title")["value"] == "Scan 2026 – follow-up"
    assert [e["value"] for e in elements(page.text, "input", name="start")] == [
        "previous",
        "empty",
    ]
    assert not Scan.objects.filter(previous=previous).exists()


def test_starting_from_the_previous_answers_copies_those_of_active_statements(
    client, consultant, previous
):
    client.force_login(consultant)
    response = start(client, previous)
    scan = the_follow_up(previous)
    assert response.status_code == 302
    assert response["Location"] == area_url(scan, "purpose")
    assert scan.organisation == previous.organisation
    assert scan.language == previous.language
    assert scan.title == "Scan 2027"
    assert scan.created_by == consultant
    assert scan.status == Scan.Status.IN_PROGRESS
    copied = {
        a.item.code: (a.value, a.not_applicable, a.note, a.carried_over_from)
        for a in scan.answers.select_related("item")
    }
    completed_on = timezone.localdate(previous.completed_at)
    # purpose-03 is no longer active: not carried over. The previous answers stay as they were.
    assert copied == {
        "purpose-01": (3, False, "a", completed_on),
        "purpose-02": (1, False, "", completed_on),
        "eco-01": (None, True, "", completed_on),
        "journey-01": (None, False, "only a note", completed_on),
    }
    assert previous.answers.count() == 5


def test_starting_empty_copies_no_answers(client, consultant, previous):
    client.force_login(consultant)
    assert start(client, previous, start="empty").status_code == 302
    scan = the_follow_up(previous)
    assert scan.previous == previous
    assert scan.status == Scan.Status.DRAFT
    assert not scan.answers.exists()


def test_a_repeated_start_opens_the_follow_up_the_first_one_made(client, consultant, previous):
    """A double click or a resent form makes one follow-up, not two."""
    client.force_login(consultant)
    first = start(client, previous)
    second = start(client, previous)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == area_url(the_follow_up(previous), "purpose")
    assert previous.followups.count() == 1


def test_a_second_follow_up_later_or_by_another_title_is_a_new_scan(client, consultant, previous):
    client.force_login(consultant)
    start(client, previous)
    start(client, previous, title="Scan 2027 (again)")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        start(client, previous)
    assert sorted(previous.followups.values_list("title", flat=True)) == [
        "Scan 2027",
        "Scan 2027",
        "Scan 2027 (again)",
    ]


@pytest.mark.parametrize(
    "data",
    [{"title": " ", "start": "empty"}, {"title": "x", "start": "both"}, {"title": "x" * 201}],
)
def test_bad_input_is_refused_and_starts_nothing(client, consultant, previous, data):
    client.force_login(consultant)
    assert client.post(follow_up_url(previous), data).status_code == 400
    assert Scan.objects.count() == 1


def test_a_scan_that_is_not_completed_cannot_be_followed_up(client, consultant, scan):
    client.force_login(consultant)
    page = client.get(follow_up_url(scan))
    assert page.status_code == 409
    assert 'id="follow-up-form"' not in page.text
    assert start(client, scan).status_code == 409
    assert Scan.objects.count() == 1


def test_a_reopened_scan_cannot_be_followed_up(client, consultant, previous):
    completion.reopen(previous)
    client.force_login(consultant)
    assert start(client, previous).status_code == 409
    assert Scan.objects.count() == 1


def test_the_results_and_organisation_pages_offer_a_follow_up(
    client, consultant, previous, organisation
):
    client.force_login(consultant)
    link = f'href="{follow_up_url(previous)}"'
    assert link in client.get(results_url(previous)).text
    assert link in client.get(organisation.get_absolute_url()).text
    open_scan = factories.scan(organisation, title="Open", created_by=consultant)
    assert f'href="{follow_up_url(open_scan)}"' not in client.get(results_url(open_scan)).text
    assert f'href="{follow_up_url(open_scan)}"' not in client.get(organisation.get_absolute_url())


def test_the_organisation_page_names_the_scan_a_follow_up_follows(
    client, consultant, previous, organisation
):
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    start(client, previous, title="Scan 2027")
    assert "follow-up of Scan 2026" in client.get(organisation.get_absolute_url()).text


# Access -------------------------------------------------------------------------------------


def test_another_consultant_gets_404(client, outsider, previous):
    client.force_login(outsider)
    assert client.get(follow_up_url(previous)).status_code == 404
    assert start(client, previous).status_code == 404
    assert Scan.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, previous):
    response = start(client, previous)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Scan.objects.count() == 1


def test_a_colleague_may_start_a_follow_up(client, colleague, previous):
    client.force_login(colleague)
    assert start(client, previous).status_code == 302
    assert the_follow_up(previous).created_by == colleague


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, consultant, previous, method):
    client.force_login(consultant)
    assert getattr(client, method)(follow_up_url(previous)).status_code == 405
    assert Scan.objects.count() == 1


# The predecessor rules ----------------------------------------------------------------------


def predecessor_refusal(scan, previous):
    scan.previous = previous
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            scan.full_clean()
        return [str(message) for message in refused.value.message_dict["previous"]]


def test_an_earlier_completed_scan_of_the_same_organisation_is_a_predecessor(
    previous, organisation, consultant
):
    scan = Scan.objects.create(
        organisation=organisation, title="Next", previous=previous, created_by=consultant
    )
    scan.full_clean()
    assert list(previous.followups.all()) == [scan]


def test_a_scan_of_another_organisation_is_refused(previous, outsider):
    other = factories.organisation("Other")
    scan = Scan.objects.create(organisation=other, title="Theirs")
    assert predecessor_refusal(scan, previous) == [
        "The previous scan must belong to the same organisation."
    ]


def test_a_scan_that_was_never_completed_is_refused(scan, organisation):
    later = Scan.objects.create(organisation=organisation, title="Later")
    assert predecessor_refusal(later, scan) == ["The previous scan must be completed."]


def test_a_scan_completed_after_this_one_was_started_is_refused(scan, organisation):
    later = Scan.objects.create(organisation=organisation, title="Started before completion")
    completion.complete(scan)
    assert predecessor_refusal(later, scan) == [
        "The previous scan must have been completed before this scan was started."
    ]
    # Nor the other way round: the later scan completed, the earlier one cannot follow it up.
    completion.complete(later)
    Scan.objects.filter(pk=scan.pk).update(completed_at=None, status=Scan.Status.IN_PROGRESS)
    scan.refresh_from_db()
    assert predecessor_refusal(scan, later) == [
        "The previous scan must have been completed before this scan was started."
    ]


def test_a_scan_cannot_follow_up_itself(previous):
    assert predecessor_refusal(previous, previous) == ["A scan cannot follow up itself."]


def test_the_admin_refuses_a_bad_predecessor(admin_client, scan, organisation):
    other = Scan.objects.create(organisation=organisation, title="Other")
    url = reverse("admin:checklists_scan_change", args=[other.pk])
    data = {"organisation": organisation.pk, "title": "Other", "language": "nl"}
    admin_client.cookies.load(ENGLISH)
    response = admin_client.post(url, {**data, "previous": scan.pk})
    assert response.status_code == 200  # the form again, with the error
    assert "The previous scan must be completed." in response.text
    other.refresh_from_db()
    assert other.previous is None


def test_deleting_the_previous_scan_keeps_the_follow_up(client, consultant, previous):
    client.force_login(consultant)
    start(client, previous)
    scan = the_follow_up(previous)
    previous.delete()
    scan.refresh_from_db()
    assert scan.previous is None


# The carried-over mark ----------------------------------------------------------------------


@pytest.fixture
def follow_up(client, consultant, previous):
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    start(client, previous)
    return the_follow_up(previous)


def marked(scan):
    return set(scan.answers.unconfirmed().values_list("item__code", flat=True))


def test_the_scan_page_marks_carried_over_answers_with_a_confirm_button(client, follow_up):
    page = client.get(area_url(follow_up, "purpose")).text
    with translation.override("en"):
        date = date_format(timezone.localdate(follow_up.previous.completed_at), "DATE_FORMAT")
    assert text_of(page, "carried-purpose-01") == f"From {date} — confirm"
    assert element(page, "button", name="confirm", value="purpose-01")
    assert not elements(page, id="carried-purpose-04")  # not answered before
    assert element(page, "button", name="confirm-all")
    assert "2 answers on this page were carried over" in text_of(page, "carried-note")


def test_confirming_keeps_the_answer_and_clears_the_mark(client, follow_up, consultant):
    response = client.post(autosave_url(follow_up, "purpose-01"), {"confirm": "purpose-01"})
    assert response.status_code == 200
    answer = follow_up.answers.get(item__code="purpose-01")
    assert (answer.value, answer.note, answer.carried_over_from) == (3, "a", None)
    assert answer.answered_by == consultant
    assert marked(follow_up) == {"purpose-02", "eco-01", "journey-01"}
    assert not elements(client.get(area_url(follow_up, "purpose")).text, id="carried-purpose-01")


@pytest.mark.parametrize("field,value", [("value-purpose-01", "3"), ("note-purpose-01", "b")])
def test_saving_the_value_or_note_clears_the_mark(client, follow_up, field, value):
    assert client.post(autosave_url(follow_up, "purpose-01"), {field: value}).status_code == 200
    assert "purpose-01" not in marked(follow_up)
    assert "purpose-02" in marked(follow_up)


def test_confirm_works_without_javascript(client, follow_up):
    data = page_data(follow_up, "purpose", **{"original-value-purpose-01": "3"})
    data |= {"value-purpose-01": "3", "note-purpose-01": "a", "original-note-purpose-01": "a"}
    response = client.post(area_url(follow_up, "purpose"), {**data, "confirm": "purpose-02"})
    assert response.status_code == 302
    assert marked(follow_up) == {"purpose-01", "eco-01", "journey-01"}
    assert follow_up.answers.get(item__code="purpose-02").value == 1


def test_confirm_all_confirms_only_this_page(client, follow_up):
    data = page_data(follow_up, "purpose")
    response = client.post(area_url(follow_up, "purpose"), {**data, "confirm-all": "1"})
    assert response.status_code == 302
    assert marked(follow_up) == {"eco-01", "journey-01"}
    assert follow_up.answers.get(item__code="purpose-01").value == 3
    assert not follow_up.answers.filter(item__code="purpose-04").exists()  # no empty rows


def test_a_completed_scan_cannot_be_confirmed(client, follow_up):
    completion.complete(follow_up)
    response = client.post(autosave_url(follow_up, "purpose-01"), {"confirm": "purpose-01"})
    assert response.status_code == 409
    assert "purpose-01" in marked(follow_up)
    page = client.get(area_url(follow_up, "purpose")).text
    assert not elements(page, "button", name="confirm")
    assert "not confirmed" in text_of(page, "carried-purpose-01")


def test_an_inactive_statement_cannot_be_confirmed(client, follow_up):
    Item.objects.filter(code="purpose-01").update(is_active=False)
    response = client.post(autosave_url(follow_up, "purpose-01"), {"confirm": "purpose-01"})
    assert response.status_code == 404
    assert "purpose-01" in marked(follow_up)


# Counting what is still unconfirmed ---------------------------------------------------------


def test_the_results_count_carried_over_answers_still_unconfirmed(client, follow_up):
    client.post(autosave_url(follow_up, "purpose-01"), {"confirm": "purpose-01"})
    client.post(autosave_url(follow_up, "purpose-02"), {"value-purpose-02": "2"})
    # eco-01 (N/A) is left; journey-01 carries only a note, which is no answer.
    page = client.get(results_url(follow_up)).text
    assert text_of(page, "carried-over-note").startswith(
        "1 answer was carried over from the previous scan and is still unchanged and unconfirmed."
    )
    export = json.loads(client.get(reverse("scoring:export_json", args=[follow_up.pk])).content)
    assert export["carried_over"] == {"unconfirmed": 1, "confirmed_unchanged": 1}


def test_once_all_are_confirmed_the_results_say_nothing_of_it(client, follow_up):
    for area in ("purpose", "ecosystem", "journey"):
        client.post(area_url(follow_up, area), {**page_data(follow_up, area), "confirm-all": "1"})
    assert marked(follow_up) == set()
    assert not elements(client.get(results_url(follow_up)).text, id="carried-over-note")
    export = json.loads(client.get(reverse("scoring:export_json", args=[follow_up.pk])).content)
    assert export["carried_over"] == {"unconfirmed": 0, "confirmed_unchanged": 3}


# Carried-over answers are "to confirm", not answered ------------------------------------------


def complete_url(scan):
    return reverse("scoring:complete", args=[scan.pk])


def test_the_stepper_and_progress_count_carried_answers_as_to_confirm(client, follow_up):
    total = Item.objects.active().filter(area__code="purpose").count()
    page = client.get(area_url(follow_up, "purpose")).text
    stepper = text_of(page, "stepper")
    assert f"0 of {total} answered 2 to confirm" in stepper  # purpose-01 and -02
    assert "1 to confirm" in stepper  # eco-01 (N/A) in Ecosystem
    assert text_of(page, "overall-progress").startswith("0 of 130 statements answered (0%)")
    assert "3 carried-over answers to confirm" in text_of(page, "overall-progress")
    assert element(page, "progress", id="scan-progress")["value"] == "0"

    client.post(autosave_url(follow_up, "purpose-01"), {"confirm": "purpose-01"})
    page = client.get(area_url(follow_up, "purpose")).text
    assert f"1 of {total} answered 1 to confirm" in text_of(page, "stepper")
    assert "2 carried-over answers to confirm" in text_of(page, "overall-progress")


def test_the_skip_link_leads_to_the_first_answer_still_to_confirm(client, follow_up):
    page = client.get(area_url(follow_up, "purpose")).text
    assert element(page, "a", id="skip-unanswered")["href"] == "#item-purpose-01"


def test_a_follow_up_opens_at_an_area_with_answers_to_confirm(client, follow_up):
    carried = {"purpose-01", "purpose-02"}
    for item in Item.objects.active().filter(area__code="purpose").exclude(code__in=carried):
        client.post(autosave_url(follow_up, item.code), {f"value-{item.code}": "2"})
    response = client.get(reverse("checklists:scan", args=[follow_up.pk]))
    assert response.url == area_url(follow_up, "purpose")  # two answers still to confirm


def test_the_complete_page_asks_to_confirm_the_carried_answers(client, follow_up):
    page = client.get(complete_url(follow_up)).text
    assert text_of(page, "to-confirm").startswith(
        "3 answers were carried over from the previous scan and nobody has confirmed them yet."
    )
    assert "Purpose: 2 to confirm" in text_of(page, "to-confirm")
    button = element(page, "button", name="confirm_carried")
    assert button["value"] == "3"
    assert "Confirm all 3 as they were and complete" in page
    assert "Every statement is answered." not in page


@pytest.mark.parametrize("data", [{}, {"confirm_carried": "2"}, {"confirm_carried": "x"}])
def test_completing_without_confirming_them_all_is_refused(client, follow_up, data):
    response = client.post(complete_url(follow_up), data)
    assert response.status_code == 409
    assert text_of(response.text, "complete-refused").startswith(
        "Nothing was completed: 3 carried-over answers are not confirmed yet."
    )
    follow_up.refresh_from_db()
    assert not follow_up.is_completed
    assert marked(follow_up) == {"purpose-01", "purpose-02", "eco-01", "journey-01"}


def test_confirm_all_as_they_were_completes_and_the_results_say_so(client, follow_up, consultant):
    client.post(autosave_url(follow_up, "purpose-02"), {"value-purpose-02": "2"})  # changed
    page = client.get(complete_url(follow_up)).text
    assert element(page, "button", name="confirm_carried")["value"] == "2"
    response = client.post(complete_url(follow_up), {"confirm_carried": "2"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_completed
    assert marked(follow_up) == {"journey-01"}  # a note only: never an answer to confirm
    answer = follow_up.answers.get(item__code="eco-01")
    assert answer.not_applicable and answer.answered_by == consultant
    results = client.get(results_url(follow_up)).text
    assert "2 carried-over answers were confirmed as they were." in results
    assert text_of(results, "confirmed-unchanged") == (
        "2 answers stand as they were in the previous scan: confirmed without change."
    )
    assert not elements(results, id="carried-over-note")
    export = json.loads(client.get(reverse("scoring:export_json", args=[follow_up.pk])).content)
    assert export["carried_over"] == {"unconfirmed": 0, "confirmed_unchanged": 2}


def test_a_scan_without_carried_answers_completes_as_before(client, consultant, scan):
    client.force_login(consultant)
    page = client.get(complete_url(scan)).text
    assert not elements(page, id="to-confirm")
    assert not elements(page, "button", name="confirm_carried")
    assert client.post(complete_url(scan)).status_code == 302
    scan.refresh_from_db()
    assert scan.is_completed


def test_a_scan_without_predecessor_exports_zero(client, consultant, previous):
    client.force_login(consultant)
    export = json.loads(client.get(reverse("scoring:export_json", args=[previous.pk])).content)
    assert export["carried_over"] == {"unconfirmed": 0, "confirmed_unchanged": 0}


def test_the_carried_date_is_the_previous_completion_day(client, consultant, previous):
    completed_at = dt.datetime(2025, 11, 3, 23, 30, tzinfo=dt.UTC)
    Scan.objects.filter(pk=previous.pk).update(completed_at=completed_at)
    client.force_login(consultant)
    start(client, previous)
    dates = set(the_follow_up(previous).answers.values_list("carried_over_from", flat=True))
    assert dates == {timezone.localdate(completed_at)}


def test_a_long_title_is_shortened_to_fit(client, consultant, previous):
    Scan.objects.filter(pk=previous.pk).update(title="x" * 200)
    client.force_login(consultant)
    client.cookies.load(ENGLISH)
    title = element(client.get(follow_up_url(previous)).text, "input", name="title")["value"]
    assert title == "x" * 188 + " – follow-up"


def test_a_follow_up_starts_with_the_targets_of_its_predecessor(client, consultant, previous):
    from scoring.models import Target
    from scoring.targets import targets_of

    Target.objects.create(scan=previous, kind=Target.Kind.AREA, code="purpose", level=4)
    Target.objects.create(scan=previous, kind=Target.Kind.PILLAR, code="culture", level=3)
    client.force_login(consultant)
    start(client, previous, start="empty")
    copied = targets_of(the_follow_up(previous))
    assert copied.document() == {"areas": {"purpose": 4}, "pillars": {"culture": 3}}


def test_the_compare_page_takes_the_predecessor_first(client, consultant, previous):
    from django.urls import reverse

    client.force_login(consultant)
    later = Scan.objects.create(
        organisation=previous.organisation, title="Later, unrelated", created_by=consultant
    )
    completion.complete(later)
    start(client, previous, start="previous")
    follow = the_follow_up(previous)
    page = client.get(reverse("scoring:compare", args=[follow.pk]))
    assert page.context["comparison"].earlier_scan == previous


def test_the_export_carries_the_predecessors_stored_scores(client, consultant, previous):
    import json

    from django.urls import reverse

    from scoring.results import frozen_results

    client.force_login(consultant)
    start(client, previous, start="previous")
    follow = the_follow_up(previous)
    exported = json.loads(client.get(reverse("scoring:export_json", args=[follow.pk])).content)
    earlier = frozen_results(previous)
    purpose = next(area for area in earlier.areas if area.code == "purpose")
    assert exported["previous"]["scan"] == previous.pk
    assert exported["previous"]["completed_at"] == previous.completed_at.isoformat()
    assert exported["previous"]["areas"]["purpose"] == {
        "score": purpose.score,
        "level": purpose.level,
    }
    assert set(exported["previous"]["pillars"]) == {p.code for p in earlier.pillars}
    first = json.loads(client.get(reverse("scoring:export_json", args=[previous.pk])).content)
    assert first["previous"] is None
