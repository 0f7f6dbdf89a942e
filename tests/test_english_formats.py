"""English is British (en-GB) under the language code "en": day before month, a 24-hour clock."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from checklists.models import Scan
from plans.models import ImprovementAction

pytestmark = pytest.mark.django_db

EVENING = datetime.datetime(2026, 12, 6, 20, 26, tzinfo=datetime.UTC)  # 21:26 in Amsterdam


def english(client, url):
    return client.get(url, headers={"accept-language": "en"}).text


def test_english_dates_and_times_read_the_british_way():
    with translation.override("en"):
        assert formats.date_format(EVENING.date()) == "6 December 2026"
        local = EVENING.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        assert formats.date_format(local, "DATETIME_FORMAT") == "6 December 2026, 21:26"
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == "06/12/2026 21:26"
        assert formats.date_format(datetime.date(2027, 3, 31), "SHORT_DATE_FORMAT") == "31/03/2027"


def test_dashboard_and_organisation_show_british_dates(client, consultant, scan):
    Scan.objects.filter(pk=scan.pk).update(updated_at=EVENING, created_at=EVENING)
    client.force_login(consultant)
    dashboard = english(client, reverse("home"))
    assert "06/12/2026 21:26" in dashboard
    assert "12/06/2026" not in dashboard and "p.m." not in dashboard
    assert "started 6 December 2026" in english(client, scan.organisation.get_absolute_url())


def test_a_due_date_is_shown_day_first_on_the_results(client, consultant, scan):
    scan.language = "en"
    scan.save()
    ImprovementAction.objects.create(
        scan=scan, title="Meet NPS", impact=3, effort=2, due_date=datetime.date(2027, 3, 31)
    )
    client.force_login(consultant)
    page = english(client, reverse("scoring:results", args=[scan.pk]))
    assert "31/03/2027" in page
    assert "03/31/2027" not in page


@pytest.mark.parametrize("typed", ["2027-03-31", "31/03/2027"])
def test_the_due_date_is_accepted_as_the_date_input_sends_it_and_day_first(
    client, consultant, scan, typed
):
    """A browser's date input sends ISO; without one, an English user types day first."""
    scan.language = "en"
    scan.save()
    client.force_login(consultant)
    data = {"title": "Meet NPS", "impact": "3", "effort": "2", "status": "planned"}
    response = client.post(
        reverse("plans:action_create", args=[scan.pk]),
        data | {"due_date": typed},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert scan.actions.get().due_date == datetime.date(2027, 3, 31)


def test_the_date_input_is_given_its_value_in_iso(client, consultant, scan):
    scan.language = "en"
    scan.save()
    action = ImprovementAction.objects.create(
        scan=scan, title="Meet NPS", impact=3, effort=2, due_date=datetime.date(2027, 3, 31)
    )
    client.force_login(consultant)
    page = english(client, reverse("plans:action_edit", args=[scan.pk, action.pk]))
    assert 'value="2027-03-31"' in page
