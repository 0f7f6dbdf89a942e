"""Workshop mode: participants vote from their own devices without an account, the facilitator
sees the spread, and the consultant records the consensus as the scan's answer."""

import json
import re
import time

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branding.models import Branding
from checklists.models import Answer, Area, Item
from scoring import completion
from tests import factories
from tests.helpers import flat, pdf_pages, text_of
from workshops.codes import cookie_name
from workshops.models import CODE_ALPHABET, CODE_LENGTH, Participant, Vote, Workshop
from workshops.room import Figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(scan, consultant):
    return factories.workshop(
        scan, created_by=consultant, areas=["purpose", "journey"], pace=Workshop.Pace.SELF
    )


def join(workshop, name="") -> Client:
    """A participant's own browser, joined to the workshop."""
    browser = Client()
    response = browser.post(reverse("workshops:join", args=[workshop.code]), {"name": name})
    assert response.status_code == 302
    return browser


def vote(browser, workshop, code, value=None, comment=None):
    data = {}
    if value is not None:
        data[f"value-{code}"] = value
    if comment is not None:
        data[f"note-{code}"] = comment
    return browser.post(reverse("workshops:vote", args=[workshop.code, code]), data)


def votes_of(workshop):
    return sorted(
        (v.participant.name, v.item.code, v.value, v.not_applicable, v.comment)
        for v in Vote.objects.filter(workshop=workshop).select_related("participant", "item")
    )


# The consultant starts and runs it


def test_starting_a_workshop_covers_all_areas_by_default(consultant_client, scan):
    page = consultant_client.get(reverse("workshops:start", args=[scan.pk]))
    assert page.status_code == 200
    checked = [area for area in Area.objects.all() if f'value="{area.pk}"' in page.content.decode()]
    assert len(checked) == Area.objects.count()

    response = consultant_client.post(
        reverse("workshops:start", args=[scan.pk]),
        {"areas": [a.pk for a in Area.objects.all()], "pace": "self"},
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(scan=scan)
    assert len(workshop.code) == CODE_LENGTH >= 8
    assert set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(CODE_ALPHABET)
    assert workshop.areas.count() == Area.objects.count()


def test_the_start_slide_shows_the_qr_code_and_the_join_address(consultant_client, workshop):
    page = consultant_client.get(reverse("workshops:facilitator", args=[workshop.scan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert workshop.code in html
    assert f"http://testserver/w/{workshop.code}/" in html
    svg = html[html.index("<svg viewBox") : html.index("</svg>")]
    assert 'class="qr"' in svg and "href" not in svg  # drawn here, nothing loaded from elsewhere


def test_a_second_start_opens_the_running_workshop(consultant_client, workshop):
    response = consultant_client.post(
        reverse("workshops:start", args=[workshop.scan.pk]), {"areas": [1], "pace": "self"}
    )
    assert response.status_code == 302
    assert response.url == reverse("workshops:facilitator", args=[workshop.scan.pk])
    assert Workshop.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [{"pace": "self"}, {"areas": ["99999"], "pace": "self"}, {"areas": ["x"], "pace": "fast"}],
)
def test_a_start_with_bad_choices_is_refused(consultant_client, scan, data):
    response = consultant_client.post(reverse("workshops:start", args=[scan.pk]), data)
    assert response.status_code == 400
    assert not Workshop.objects.exists()


def test_a_completed_scan_has_no_new_workshop(consultant_client, completed_scan):
    response = consultant_client.post(
        reverse("workshops:start", args=[completed_scan.pk]), {"areas": [1], "pace": "self"}
    )
    assert response.status_code == 302
    assert not Workshop.objects.exists()


@pytest.mark.parametrize(
    "name", ["facilitator", "start", "live", "overview", "go", "consensus", "close"]
)
def test_another_consultant_and_a_visitor_reach_no_workshop_page(client, outsider, workshop, name):
    url = reverse(f"workshops:{name}", args=[workshop.scan.pk])
    method = "post" if name in ("go", "consensus", "close") else "get"
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    client.force_login(outsider)
    assert getattr(client, method)(url).status_code == 404
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.current_item is None


# Participants


def test_a_participant_joins_with_a_code_typed_loosely(workshop):
    browser = Client()
    lower = workshop.code.lower()
    response = browser.post(reverse("workshops:enter"), {"code": f" {lower[:4]}-{lower[4:]} "})
    assert response.status_code == 302
    assert response.url == reverse("workshops:join", args=[workshop.code])

    response = browser.post(response.url, {"name": "Marketing"})
    assert response.status_code == 302
    assert response.url == reverse("workshops:vote_page", args=[workshop.code])
    assert Participant.objects.get().name == "Marketing"
    assert browser.get(response.url).status_code == 200


def test_an_unknown_code_says_so_and_too_many_are_refused(workshop):
    browser = Client()
    response = browser.post(reverse("workshops:enter"), {"code": "XXXXXXXX"})
    assert response.status_code == 404
    assert "Geen workshop heeft deze code" in response.content.decode()
    for _attempt in range(40):
        response = browser.get(reverse("workshops:join", args=["XXXXXXXX"]))
    assert response.status_code == 429
    # Even the right code waits for the minute to pass: guessing is not worth it.
    assert browser.get(reverse("workshops:join", args=[workshop.code])).status_code == 429
    with time_machine.travel(time.time() + 61):  # the next minute
        assert browser.get(reverse("workshops:join", args=[workshop.code])).status_code == 200


def test_votes_save_at_once_and_can_change(workshop):
    browser = join(workshop, "IT")
    assert vote(browser, workshop, "purpose-01", "3").status_code == 200
    assert vote(browser, workshop, "purpose-01", "1").status_code == 200
    assert vote(browser, workshop, "purpose-01", comment="We zijn het oneens").status_code == 200
    assert vote(browser, workshop, "purpose-02", "na").status_code == 200
    assert votes_of(workshop) == [
        ("IT", "purpose-01", 1, False, "We zijn het oneens"),
        ("IT", "purpose-02", None, True, ""),
    ]
    # The scan's own answers stay as they were: only the consultant records the consensus.
    assert not Answer.objects.filter(scan=workshop.scan).exists()


@pytest.mark.parametrize(
    ("code", "data", "status"),
    [
        ("purpose-01", {"value-purpose-01": "7"}, 400),
        ("purpose-01", {"value-purpose-01": "-1"}, 400),
        ("purpose-01", {"value-purpose-01": "9" * 40}, 400),
        ("purpose-01", {"value-purpose-01": "3\x00"}, 400),
        ("purpose-01", {"note-purpose-01": "x" * 501}, 400),
        ("purpose-01", {}, 400),
        ("kpis-01", {"value-kpis-01": "2"}, 404),  # an area the workshop does not cover
        ("no-such-item", {"value-no-such-item": "2"}, 404),
    ],
)
def test_a_bad_vote_is_refused_and_changes_nothing(workshop, code, data, status):
    browser = join(workshop)
    vote(browser, workshop, "purpose-01", "2")
    before = votes_of(workshop)
    response = browser.post(reverse("workshops:vote", args=[workshop.code, code]), data)
    assert response.status_code == status
    assert response.content  # a sentence, not an empty error
    assert votes_of(workshop) == before


def test_a_vote_without_a_genuine_cookie_is_refused(workshop, scan, consultant):
    assert vote(Client(), workshop, "purpose-01", "2").status_code == 403
    forged = Client()
    forged.cookies[cookie_name(workshop)] = "made-up:value"
    assert vote(forged, workshop, "purpose-01", "2").status_code == 403
    # A cookie of another workshop opens nothing here.
    other = factories.workshop(factories.scan(scan.organisation, title=""))
    browser = join(other)
    browser.cookies[cookie_name(workshop)] = browser.cookies[cookie_name(other)].value
    assert vote(browser, workshop, "purpose-01", "2").status_code == 403
    assert not Vote.objects.filter(workshop=workshop).exists()


def test_a_participant_reaches_nothing_but_the_workshop(workshop, scan):
    browser = join(workshop)
    for url in [
        reverse("scoring:results", args=[scan.pk]),
        reverse("checklists:scan_area", args=[scan.pk, "purpose"]),
        reverse("workshops:facilitator", args=[scan.pk]),
        reverse("workshops:live", args=[scan.pk]),
    ]:
        response = browser.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    page = browser.get(reverse("workshops:vote_page", args=[workshop.code]) + "?area=kpis")
    html = page.content.decode()
    assert Item.objects.get(code="purpose-01").statement_nl in html  # the first area instead
    assert Item.objects.get(code="kpis-01").statement_nl not in html


def test_a_closed_workshop_takes_no_joins_or_votes(consultant_client, workshop):
    browser = join(workshop)
    response = consultant_client.post(reverse("workshops:close", args=[workshop.scan.pk]))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert not workshop.is_open

    joined = Client().get(reverse("workshops:join", args=[workshop.code]))
    assert joined.status_code == 410
    assert "closed" in joined.content.decode() or "gesloten" in joined.content.decode()
    assert vote(browser, workshop, "purpose-01", "2").status_code == 409
    assert not Vote.objects.exists()


def test_votes_stop_when_the_scan_is_completed(workshop):
    browser = join(workshop)
    completion.complete(workshop.scan)
    assert vote(browser, workshop, "purpose-01", "2").status_code == 409
    assert not Vote.objects.exists()


# What the room sees, and the consensus


def room_of_three(workshop):
    for name, value in [("Anna", "1"), ("Bram", "2"), ("Cor", "4")]:
        vote(join(workshop, name), workshop, "purpose-01", value)


def put_on_screen(client, workshop, code):
    return client.post(reverse("workshops:go", args=[workshop.scan.pk]), {"item": code})


def test_the_screen_shows_counts_median_spread_and_never_names(consultant_client, workshop):
    room_of_three(workshop)
    assert put_on_screen(consultant_client, workshop, "purpose-01").status_code == 302

    for name in ("facilitator", "live", "overview"):
        html = consultant_client.get(reverse(f"workshops:{name}", args=[workshop.scan.pk]))
        text = flat(html.content.decode())
        for person in ("Anna", "Bram", "Cor"):
            assert person not in text, name
    live_url = reverse("workshops:live", args=[workshop.scan.pk])
    live = flat(consultant_client.get(live_url).content.decode())
    assert flat("3 deelnemers") in live or flat("3 participants") in live
    assert "discuss" in live or "bespreken" in live
    assert flat('<strong class="median">2</strong>') in live  # 1, 2, 4: the middle vote
    assert flat("<strong>3</strong>") in live  # the spread, 4 − 1


def test_going_to_a_statement_outside_the_workshop_is_refused(consultant_client, workshop):
    assert put_on_screen(consultant_client, workshop, "kpis-01").status_code == 400
    workshop.refresh_from_db()
    assert workshop.current_item is None


def test_the_median_becomes_the_answer_with_a_reason(consultant_client, workshop):
    room_of_three(workshop)
    response = consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-01", "choice": "median", "reason": "Marketing ziet meer dan IT"},
    )
    assert response.status_code == 302
    answer = Answer.objects.get(scan=workshop.scan, item__code="purpose-01")
    assert (answer.value, answer.note) == (2, "Marketing ziet meer dan IT")


def test_a_consensus_key_records_that_value(consultant_client, workshop):
    consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-02", "choice": "na"},
    )
    answer = Answer.objects.get(scan=workshop.scan, item__code="purpose-02")
    assert answer.not_applicable and answer.note == ""


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"item": "purpose-01", "choice": "median"}, 400),  # nobody voted yet
        ({"item": "purpose-01", "choice": "5"}, 400),
        ({"item": "kpis-01", "choice": "2"}, 400),
        ({"item": "purpose-01", "choice": "2", "reason": "x" * 2001}, 400),
    ],
)
def test_a_bad_consensus_is_refused(consultant_client, workshop, data, status):
    response = consultant_client.post(reverse("workshops:consensus", args=[workshop.scan.pk]), data)
    assert response.status_code == status
    assert not Answer.objects.exists()


def test_the_median_of_an_even_room_is_the_lower_middle():
    figures = Figures()
    figures.counts.update({2: 1, 3: 1, "na": 2})
    assert (figures.votes, figures.scored, figures.na_share) == (4, 2, 0.5)
    assert (figures.middle, figures.median_label, figures.consensus_value) == ((2, 3), "2–3", None)
    assert (figures.spread, figures.discuss) == (1, False)


@pytest.mark.parametrize(
    ("counts", "middle", "label", "value"),
    [
        ({0: 1, 4: 1, "na": 1}, (0, 4), "0–4", None),  # the issue's room: never "2"
        ({1: 2, 3: 1, "na": 3}, (1, 1), "1", 1),  # N/A never pulls the median
        ({2: 2, "na": 1}, (2, 2), "2", 2),  # an even room that agrees
        ({"na": 2}, None, "–", None),  # only N/A: no median at all
        ({}, None, "–", None),
    ],
)
def test_the_median_is_over_scores_only_and_a_split_room_shows_both(counts, middle, label, value):
    figures = Figures()
    figures.counts.update(counts)
    assert (figures.middle, figures.median_label, figures.consensus_value) == (
        middle,
        label,
        value,
    )


def test_n_a_votes_are_shown_apart_as_a_share(consultant_client, workshop):
    for name, value in [("Anna", "0"), ("Bram", "4"), ("Cor", "na")]:
        vote(join(workshop, name), workshop, "purpose-01", value)
    put_on_screen(consultant_client, workshop, "purpose-01")
    live_url = reverse("workshops:live", args=[workshop.scan.pk])
    live = flat(consultant_client.get(live_url).content.decode())
    assert flat('<strong class="median">0–4</strong>') in live
    assert flat('<strong class="median">2<') not in live and "2,0" not in live
    assert "33%" in live  # one of three votes said N/A


def test_the_median_of_a_split_room_is_refused_with_a_sentence(consultant_client, workshop):
    for name, value in [("Anna", "0"), ("Bram", "4"), ("Cor", "na")]:
        vote(join(workshop, name), workshop, "purpose-01", value)
    response = consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-01", "choice": "median"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "0" in text and "4" in text and ("median" in text or "mediaan" in text)
    assert not Answer.objects.exists()
    # The overview offers no "Take the median" for it either.
    overview = consultant_client.get(reverse("workshops:overview", args=[workshop.scan.pk]))
    row = overview.content.decode().split('id="row-purpose-01"')[1].split("</tr>")[0]
    assert 'value="median"' not in row


def test_only_n_a_votes_give_no_median_to_take(consultant_client, workshop):
    vote(join(workshop, "Anna"), workshop, "purpose-01", "na")
    response = consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-01", "choice": "median"},
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_the_overview_filters_what_to_discuss_and_what_is_open(consultant_client, workshop):
    room_of_three(workshop)  # purpose-01: spread 3
    browser = join(workshop)
    vote(browser, workshop, "purpose-02", "3")
    consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-02", "choice": "3"},
    )
    url = reverse("workshops:overview", args=[workshop.scan.pk])

    discuss = consultant_client.get(url + "?show=discuss").content.decode()
    assert "row-purpose-01" in discuss and "row-purpose-02" not in discuss
    still_open = consultant_client.get(url + "?show=open").content.decode()
    assert "row-purpose-01" in still_open and "row-purpose-02" not in still_open
    everything = consultant_client.get(url + "?show=<script>").content.decode()
    assert "row-purpose-01" in everything and "row-purpose-02" in everything


def test_at_the_facilitators_pace_phones_follow_the_screen(consultant_client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(pace=Workshop.Pace.FOLLOW)
    browser = join(workshop)
    url = reverse("workshops:current", args=[workshop.code])
    page = browser.get(reverse("workshops:vote_page", args=[workshop.code])).content.decode()
    assert "item-purpose-01" not in page  # the start slide: nothing to vote on yet

    put_on_screen(consultant_client, workshop, "purpose-03")
    follow = browser.get(url + "?showing=")
    assert follow.status_code == 200
    assert "item-purpose-03" in follow.content.decode()
    assert browser.get(url + "?showing=purpose-03").status_code == 204
    assert Client().get(url + "?showing=").status_code == 403


def test_a_new_workshop_follows_the_facilitator_and_hides_the_votes_by_default(
    consultant_client, scan
):
    url = reverse("workshops:start", args=[scan.pk])
    html = consultant_client.get(url).content.decode()
    checked = re.findall(r"<input[^>]*\bchecked\b[^>]*>", html)
    assert [tag for tag in checked if 'value="follow"' in tag]
    assert not [tag for tag in checked if 'value="self"' in tag]
    assert [tag for tag in checked if 'name="hide_votes"' in tag]
    # What the form offers is what it saves.
    areas = [area.pk for area in Area.objects.all()]
    data = {"areas": areas, "pace": "follow", "hide_votes": "on"}
    assert consultant_client.post(url, data).status_code == 302
    workshop = Workshop.objects.get(scan=scan)
    assert (workshop.pace, workshop.hide_votes) == (Workshop.Pace.FOLLOW, True)
    # A workshop made without saying keeps the same defaults.
    assert (Workshop().pace, Workshop().hide_votes) == (Workshop.Pace.FOLLOW, True)


def test_each_phone_says_whether_it_follows_the_screen(workshop):
    browser = join(workshop)
    page_url = reverse("workshops:vote_page", args=[workshop.code])
    assert 'class="pace-note pace-self"' in browser.get(page_url).content.decode()
    Workshop.objects.filter(pk=workshop.pk).update(pace=Workshop.Pace.FOLLOW)
    assert 'class="pace-note pace-follow"' in browser.get(page_url).content.decode()


def test_the_screen_says_when_the_room_is_self_paced(consultant_client, workshop):
    put_on_screen(consultant_client, workshop, "purpose-02")
    for name in ("live", "screen_slide"):  # the consultant's window and the room's screen
        url = reverse(f"workshops:{name}", args=[workshop.scan.pk])
        assert 'id="pace-self"' in consultant_client.get(url).content.decode()
    Workshop.objects.filter(pk=workshop.pk).update(pace=Workshop.Pace.FOLLOW)
    for name in ("live", "screen_slide"):
        url = reverse(f"workshops:{name}", args=[workshop.scan.pk])
        assert 'id="pace-self"' not in consultant_client.get(url).content.decode()


def test_a_phone_waits_then_pauses_between_statements(consultant_client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(pace=Workshop.Pace.FOLLOW)
    browser = join(workshop)
    page_url = reverse("workshops:vote_page", args=[workshop.code])
    assert 'data-phone-state="waiting"' in browser.get(page_url).content.decode()
    put_on_screen(consultant_client, workshop, "purpose-01")
    assert 'data-phone-state="voting"' in browser.get(page_url).content.decode()
    vote(browser, workshop, "purpose-01", "2")
    put_on_screen(consultant_client, workshop, "")  # back to the start slide
    assert 'data-phone-state="paused"' in browser.get(page_url).content.decode()
    url = reverse("workshops:current", args=[workshop.code])
    assert browser.get(url + "?showing=paused").status_code == 204


@pytest.mark.parametrize("pace", [Workshop.Pace.SELF, Workshop.Pace.FOLLOW])
def test_once_closed_every_phone_request_leads_to_the_closed_screen(
    consultant_client, workshop, pace
):
    Workshop.objects.filter(pk=workshop.pk).update(pace=pace)
    browser = join(workshop)
    consultant_client.post(reverse("workshops:close", args=[workshop.scan.pk]))
    page_url = reverse("workshops:vote_page", args=[workshop.code])
    showing = "self" if pace == Workshop.Pace.SELF else "waiting"
    poll = browser.get(reverse("workshops:current", args=[workshop.code]) + f"?showing={showing}")
    assert (poll.status_code, poll["HX-Redirect"]) == (200, page_url)
    refused = vote(browser, workshop, "purpose-01", "2")
    assert (refused.status_code, refused["HX-Redirect"]) == (409, page_url)
    assert not Vote.objects.exists()
    page = browser.get(page_url)
    html = page.content.decode()
    assert page.status_code == 410 and 'data-phone-state="closed"' in html
    assert "data-hx-trigger" not in html and "htmx.min.js" not in html  # nothing polls there


def test_a_completed_scan_shows_its_own_screen_on_the_phones(workshop):
    browser = join(workshop)
    completion.complete(workshop.scan)
    poll = browser.get(reverse("workshops:current", args=[workshop.code]) + "?showing=self")
    assert poll["HX-Redirect"] == reverse("workshops:vote_page", args=[workshop.code])
    page = browser.get(reverse("workshops:vote_page", args=[workshop.code]))
    assert 'data-phone-state="completed"' in page.content.decode()


# The room's screen (presenter view)


def test_the_rooms_screen_shows_nothing_private(consultant_client, consultant, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(hide_votes=True)
    room_of_three(workshop)
    put_on_screen(consultant_client, workshop, "purpose-01")
    consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-01", "choice": "2", "reason": "Alleen marketing meet dit"},
    )
    Answer.objects.filter(item__code="purpose-01").update(note="Privé: zie het dossier")
    for name in ("screen", "screen_slide"):
        html = consultant_client.get(reverse(f"workshops:{name}", args=[workshop.scan.pk]))
        text = html.content.decode()
        assert html.status_code == 200
        for private in (
            "Privé",
            "Alleen marketing",
            consultant.get_username(),
            reverse("password_change"),
            reverse("api:tokens"),
            reverse("logout"),
            "Anna",
        ):
            assert private not in text, (name, private)
        # The join code and its QR code, on a statement slide too; how many voted, not how.
        assert workshop.code in text and 'id="room-corner"' in text and "<svg" in text
        assert "3 van 3 gestemd" in text or "3 of 3 voted" in text
        assert 'id="room-votes"' not in text and 'id="room-hidden"' in text
    # The controls hold the note: fetched only when a key opens them.
    controls = consultant_client.get(reverse("workshops:screen_controls", args=[workshop.scan.pk]))
    assert "Privé: zie het dossier" in controls.content.decode()


def test_the_votes_show_once_revealed_and_hide_again_at_the_next_statement(
    consultant_client, workshop
):
    Workshop.objects.filter(pk=workshop.pk).update(hide_votes=True)
    room_of_three(workshop)
    put_on_screen(consultant_client, workshop, "purpose-01")
    slide_url = reverse("workshops:screen_slide", args=[workshop.scan.pk])
    reveal_url = reverse("workshops:reveal", args=[workshop.scan.pk])
    response = consultant_client.post(reveal_url, {"revealed": "1"}, headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Trigger"]) == (204, "cx-refresh")
    assert 'id="room-votes"' in consultant_client.get(slide_url).content.decode()
    put_on_screen(consultant_client, workshop, "purpose-02")
    assert 'id="room-votes"' not in consultant_client.get(slide_url).content.decode()
    # A workshop that does not hide them shows them at once.
    Workshop.objects.filter(pk=workshop.pk).update(hide_votes=False)
    put_on_screen(consultant_client, workshop, "purpose-01")
    assert 'id="room-votes"' in consultant_client.get(slide_url).content.decode()


def test_the_rooms_screen_is_the_consultants_alone(client, outsider, workshop):
    for name in ("screen", "screen_slide", "screen_controls"):
        url = reverse(f"workshops:{name}", args=[workshop.scan.pk])
        assert Client().get(url).status_code == 302  # to the login page
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        client.logout()
    client.force_login(outsider)
    response = client.post(reverse("workshops:reveal", args=[workshop.scan.pk]), {"revealed": "1"})
    assert response.status_code == 404
    workshop.refresh_from_db()
    assert not workshop.revealed


# Results, export and report


def test_results_export_and_report_show_where_the_team_disagreed(consultant_client, workshop):
    room_of_three(workshop)
    consultant_client.post(
        reverse("workshops:consensus", args=[workshop.scan.pk]),
        {"item": "purpose-01", "choice": "2", "reason": "Afgesproken"},
    )
    statement = Item.objects.get(code="purpose-01").statement_nl

    results = consultant_client.get(reverse("scoring:results", args=[workshop.scan.pk]))
    html = results.content.decode()
    assert "workshop-heading" in html and statement in html and "Afgesproken" in html
    assert "Anna" not in html

    exported = json.loads(
        consultant_client.get(reverse("scoring:export_json", args=[workshop.scan.pk])).content
    )["workshop"]
    assert exported["participants"] == 3
    purpose = exported["areas"]["purpose"]
    assert purpose["participants"] == 3
    assert purpose["disagreed"] == [
        {
            "item": "purpose-01",
            "votes": {"0": 0, "1": 1, "2": 1, "3": 0, "4": 1, "na": 0},
            "median": 2,
            "spread": 3,
            "consensus": 2,
            "reason": "Afgesproken",
        }
    ]
    assert "Anna" not in json.dumps(exported)

    pdf = consultant_client.get(reverse("reports:report", args=[workshop.scan.pk]))
    text = flat(" ".join(pdf_pages(b"".join(pdf))))
    assert flat(statement) in text and flat("Afgesproken") in text
    assert "Anna" not in text


def test_without_a_workshop_the_export_says_null(consultant_client, scan):
    exported = consultant_client.get(reverse("scoring:export_json", args=[scan.pk]))
    assert json.loads(exported.content)["workshop"] is None


# A room's worth of votes costs the same queries as one


def queries_for(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_a_vote_and_the_screen_refresh_take_a_constant_number_of_queries(
    consultant_client, workshop
):
    put_on_screen(consultant_client, workshop, "purpose-01")
    live_url = reverse("workshops:live", args=[workshop.scan.pk])
    first = join(workshop)
    vote(first, workshop, "purpose-02", "2")  # each measured once warm
    consultant_client.get(live_url)
    one_vote = queries_for(lambda: vote(first, workshop, "purpose-01", "2"))
    one_refresh = queries_for(lambda: consultant_client.get(live_url))
    for index in range(20):
        vote(join(workshop, f"p{index}"), workshop, "purpose-01", str(index % 5))
    last = join(workshop)
    assert queries_for(lambda: vote(last, workshop, "purpose-01", "4")) == one_vote
    assert queries_for(lambda: consultant_client.get(live_url)) == one_refresh


def test_a_participants_phone_wears_the_consultancys_branding(client, scan):
    Branding.objects.create(
        consultancy=scan.organisation.consultancy, name="Kompas CX Advies", accent="#c2410c"
    )
    workshop = factories.workshop(scan)
    page = client.get(reverse("workshops:join", args=[workshop.code]))
    assert "Kompas CX Advies" in text_of(page.text, "brand")
    assert "--cx-accent: #c2410c" in page.text
    client.post(reverse("workshops:join", args=[workshop.code]), {"name": "Sanne"})
    page = client.get(reverse("workshops:vote_page", args=[workshop.code]))
    assert page.status_code == 200
    assert "Kompas CX Advies" in text_of(page.text, "brand")
