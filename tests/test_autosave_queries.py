"""How many queries the autosave and every logged-in request make: the keyboard-speed target
(autosave <= 6 ms median, bench/scan_bench.py) rests on them, so a change that adds one shows
here, on any machine. Counts on the test database (SQLite: the transaction's savepoint and its
release count as two)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists.models import AnswerChange, Scan
from consultancies.models import membership_of
from tests import factories
from tests.helpers import answers, area_url, autosave_url

pytestmark = pytest.mark.django_db


def _request_of(client) -> HttpRequest:
    """A request with the client's session, already read (its own query is not counted)."""
    request = HttpRequest()
    request.session = client.session
    request.session.items()
    return request


def test_the_user_comes_with_their_membership_and_consultancy_in_one_query(client, consultant):
    client.force_login(consultant)
    request = _request_of(client)
    with CaptureQueriesContext(connection) as captured:
        user = get_user(request)
        membership = membership_of(user)
        consultancy = membership.consultancy
    assert user == consultant and consultancy.slug == factories.DEFAULT_CONSULTANCY
    assert len(captured) == 1


def test_platform_staff_without_a_membership_take_no_second_query(client, admin_user):
    client.force_login(admin_user)
    request = _request_of(client)
    with CaptureQueriesContext(connection) as captured:
        user = get_user(request)
        assert membership_of(user) is None
    assert user == admin_user and len(captured) == 1


def test_a_password_login_reads_the_membership_with_the_user(client, consultant):
    response = client.post(reverse("login"), {"login": "alice", "password": "password"})
    assert response.status_code == 302
    request = _request_of(client)
    with CaptureQueriesContext(connection) as captured:
        user = get_user(request)
        assert membership_of(user) is not None
    assert len(captured) == 1


@pytest.mark.parametrize(
    "backend",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_a_session_that_began_before_stays_logged_in(client, consultant, scan, backend):
    client.force_login(consultant)
    session = client.session
    session[BACKEND_SESSION_KEY] = backend  # as sessions logged in before the change hold it
    session.save()
    assert client.get(area_url(scan)).status_code == 200
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 200 and answers(scan) == {"purpose-01": ("3", "")}


def test_an_account_made_inactive_is_logged_out(client, consultant, scan):
    client.force_login(consultant)
    type(consultant).objects.filter(pk=consultant.pk).update(is_active=False)
    response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 401 and answers(scan) == {}


def test_a_first_answer_takes_at_most_13_queries(
    client, consultant, scan, django_assert_max_num_queries
):
    client.force_login(consultant)
    with django_assert_max_num_queries(13):
        response = client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    assert response.status_code == 200 and answers(scan) == {"purpose-01": ("3", "")}
    assert AnswerChange.objects.filter(answer__scan=scan).count() == 1
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS


def test_changing_an_answer_takes_at_most_11_queries(
    client, consultant, scan, django_assert_max_num_queries
):
    client.force_login(consultant)
    client.post(autosave_url(scan, "purpose-01"), {"value-purpose-01": "3"})
    with django_assert_max_num_queries(11):
        response = client.post(autosave_url(scan, "purpose-01"), {"note-purpose-01": "Op papier"})
    assert response.status_code == 200 and answers(scan) == {"purpose-01": ("3", "Op papier")}
    change = AnswerChange.objects.get(answer__scan=scan)  # one person, at once: one change
    assert (change.old_choice, change.new_choice, change.new_note) == ("", "3", "Op papier")


def test_a_save_to_a_scan_completed_since_it_was_read_is_refused(consultant, scan):
    from checklists import scanning
    from checklists.models import Item

    factories.answer(scan, "purpose-01", 3)
    stale = Scan.objects.get(pk=scan.pk)  # read open, as the request read it
    factories.complete(scan)
    with pytest.raises(scanning.AnswerRefused) as refused:
        scanning.save_answer(
            stale, Item.objects.get(code="purpose-01"), choice="1", note=None, user=consultant
        )
    assert refused.value.status == 409
    assert answers(scan) == {"purpose-01": ("3", "")}
    assert Scan.objects.get(pk=scan.pk).status == Scan.Status.COMPLETED


def test_progress_counts_as_the_answered_rule_says(scan):
    """The progress (one SQL statement) against `AnswerQuerySet.answered` and `unconfirmed`:
    a value or N/A is answered, a note alone is not, a carried-over answer is to confirm, an
    inactive statement counts nowhere."""
    from checklists.models import Answer, Area, Item
    from checklists.scanning import progress

    factories.answer(scan, "purpose-01", 3)
    factories.answer(scan, "purpose-02", factories.NOT_APPLICABLE)
    factories.answer(scan, "purpose-03", None, note="Alleen een notitie")
    factories.answer(scan, "purpose-04", 0)
    carried = factories.answer(scan, "journey-01", 2)
    Answer.objects.filter(pk=carried.pk).update(carried_over_from="2026-01-15")
    inactive = Item.objects.get(code="purpose-04")
    Item.objects.filter(pk=inactive.pk).update(is_active=False)

    areas = progress(scan)
    assert [p.area for p in areas] == list(Area.objects.order_by("position", "code"))
    for step in areas:
        active = Item.objects.active().filter(area=step.area)
        answered = scan.answers.answered().filter(item__in=active)
        assert step.total == active.count() > 0
        assert step.answered == answered.filter(carried_over_from=None).count()
        assert step.to_confirm == answered.unconfirmed().count()
    by_code = {p.area.code: p for p in areas}
    assert (by_code["purpose"].answered, by_code["purpose"].to_confirm) == (2, 0)
    assert (by_code["journey"].answered, by_code["journey"].to_confirm) == (0, 1)
