"""A workshop in real browsers: the consultant's projector at 1920×1080 and participants' phones
at 390×844 (touch), each its own browser context, against the live server.

The facilitator's figures arrive by htmx polling (every 2 s) and, at the facilitator's pace, the
phones follow the screen by polling too: the tests wait for what the page shows (expect), never
for a fixed time. Elements are found by id and class; the pages are Dutch by default and the
workshop's texts are still being translated.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from checklists.models import Answer, Area
from scoring import completion
from tests import factories
from workshops import room
from workshops.models import Participant, Vote, Workshop

from .axe import serious_violations
from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser

# ms. Generous: a poll runs every 2 s, and the suite shares a busy machine (pytest-xdist).
TIMEOUT = 15_000
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "nl-NL"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "nl-NL",
}
NAMES = ["Anna Jansen", "Bram de Vries", "Chris Bakker", "Dewi Smit"]
# Where to save screenshots while working on the pages (never committed): WORKSHOP_SHOTS=/tmp/…
SHOTS = os.environ.get("WORKSHOP_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def saved_text() -> str:
    with translation.override("nl"):
        return translation.gettext("Saved")


@pytest.fixture(autouse=True)
def patient_expect():
    """expect() waits up to TIMEOUT in these tests (its default, 5 s, is two or three polls)."""
    expect.set_options(timeout=TIMEOUT)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def contexts(browser):
    """Opens browser contexts (a projector, phones) and closes them after the test."""
    opened = []

    def open_context(**options):
        context = browser.new_context(reduced_motion="reduce", **options)
        context.set_default_timeout(TIMEOUT)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def mark_page(page):
    """A flag in the page's window: it is gone after a reload or a navigation."""
    page.evaluate("window.__notReloaded = true")


def not_reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded === true")


def join_on_phone(phone, url, name):
    """A participant opens the join URL, gives a display name and lands on the vote page."""
    phone.goto(url)
    phone.locator("#id_name").fill(name)
    phone.locator("#main button[type=submit]").tap()
    phone.wait_for_url("**/vote/")


def shows(screen, locator, text=None):
    """After a key moved the projector to a new page: it shows this, and the page's script (which
    handles the keys) is loaded, so the next key is not lost."""
    if text is None:
        expect(screen.locator(locator)).to_be_visible()
    else:
        expect(screen.locator(locator)).to_contain_text(text)
    screen.wait_for_load_state()


def tap_vote(phone, code, value):
    phone.locator(f"label[for=value-{code}-{value}]").tap()
    expect(phone.locator(f"#item-{code} .save-status")).to_have_text(saved_text())


def scan_with_workshop(alice, *, pace=Workshop.Pace.SELF, areas=("purpose",)):
    scan = make_scan(alice)
    return scan, factories.workshop(scan, created_by=alice, areas=areas, pace=pace)


# Records every text a statement's status shows ([text, shown as an error]) in window.__statuses,
# and calls savedShown(fieldset id, checked value) whenever it says "Saved" (`saved`).
WATCH_STATUSES = """
    window.__statuses = [];
    document.addEventListener("DOMContentLoaded", () => {
        new MutationObserver(() => {
            document.querySelectorAll("fieldset.scan-item").forEach((fieldset) => {
                const status = fieldset.querySelector(".save-status");
                const text = status.textContent.trim();
                if (text === status.dataset.seen) { return; }
                status.dataset.seen = text;
                window.__statuses.push([text, status.classList.contains("text-danger")]);
                const checked = fieldset.querySelector("input[type=radio]:checked");
                if (text.includes(saved)) {
                    window.savedShown(fieldset.id, checked ? checked.value : "");
                }
            });
        }).observe(document.body, {subtree: true, childList: true, characterData: true,
                                   attributes: true, attributeFilter: ["class"]});
    });
"""


# --- the test: a room of four phones and the projector ----------------------------------


def test_a_room_votes_and_the_consultant_records_the_median(app, contexts):
    live_server, alice = app
    base = live_server.url
    scan = make_scan(alice)

    # The consultant starts the workshop from the scan page, on the projector.
    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/areas/purpose/")
    screen.locator(f"#main a[href='/scans/{scan.pk}/workshop/']").click()
    screen.wait_for_url(f"{base}/scans/{scan.pk}/workshop/start/")
    # Every area is ticked by default.
    expect(screen.locator("input[name=areas]:not(:checked)")).to_have_count(0)
    screen.locator("#main button[type=submit]").click()
    screen.wait_for_url(f"{base}/scans/{scan.pk}/workshop/")
    workshop = Workshop.objects.get(scan=scan)
    items = room.workshop_items(workshop)
    first, second = items[0], items[1]

    # The start slide: the join URL and code, and nobody in the room yet.
    join_url = screen.locator("#join-url").inner_text().strip()
    assert join_url == f"{base}/w/{workshop.code}/"
    expect(screen.locator("#join-code")).to_have_text(workshop.code)
    expect(screen.locator(".qr-frame svg")).to_be_visible()
    expect(screen.locator("#live .room-count")).to_have_text(re.compile(r"^\s*0\D"))
    mark_page(screen)

    # Three phones open the join URL; the fourth types the code at /w/, as people do.
    phones = [contexts(**PHONE).new_page() for _ in NAMES]
    for phone, name in zip(phones[:3], NAMES, strict=False):
        join_on_phone(phone, join_url, name)
    typed = phones[3]
    typed.goto(f"{base}/w/")
    code = workshop.code.lower()
    typed.locator("#id_code").fill(f"{code[:4]}-{code[4:]}")
    typed.locator("#main button[type=submit]").tap()
    typed.wait_for_url(join_url)
    typed.locator("#id_name").fill(NAMES[3])
    typed.locator("#main button[type=submit]").tap()
    typed.wait_for_url("**/vote/")
    assert sorted(Participant.objects.filter(workshop=workshop).values_list("name", flat=True)) == (
        NAMES
    )

    # The start slide counts them without a reload.
    expect(screen.locator("#live .room-count")).to_have_text(re.compile(r"^\s*4\D"))
    assert not_reloaded(screen)

    # → puts the first statement on the screen: no votes yet.
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", first.statement)
    expect(screen.locator("#live .room-count")).to_have_text(re.compile(r"^\s*4\D+0\D"))
    mark_page(screen)

    # The phones vote on it: 1, 3, 4 and N/A. Spread 3, median 3.
    for phone, value in zip(phones, ["1", "3", "4", "na"], strict=True):
        tap_vote(phone, first.code, value)
    stored = Vote.objects.filter(workshop=workshop, item=first)
    assert sorted("na" if v.not_applicable else str(v.value) for v in stored) == [
        "1",
        "3",
        "4",
        "na",
    ]

    # The screen catches up by itself: four votes, the distribution, median, spread, "discuss".
    expect(screen.locator("#live .room-count")).to_have_text(re.compile(r"^\s*4\D+4\D"))
    expect(screen.locator("#live .vote-bars td.tabular")).to_have_text(
        ["0", "1", "0", "1", "1", "1"]
    )
    figures = screen.locator("#live .room-figures strong")
    expect(figures).to_have_text(["3", "3"])
    expect(screen.locator("#live .na-share")).to_contain_text("25%")  # N/A: apart, as a share
    expect(screen.locator("#live .discuss")).to_be_visible()
    assert not_reloaded(screen)
    shot(screen, "projector-statement-votes")

    # Never a participant's name on the projector.
    html = screen.content()
    assert not [name for name in NAMES if name in html]
    # Votes alone never set the scan's answer.
    assert not Answer.objects.filter(scan=scan, item=first).exists()

    # M takes the median as the consensus, once Enter confirms it.
    screen.keyboard.press("M")
    expect(screen.locator("#confirm")).to_be_visible()
    screen.keyboard.press("Enter")
    shows(screen, "#consensus-now strong", "3")
    answer = Answer.objects.get(scan=scan, item=first)
    assert (answer.value, answer.not_applicable) == (3, False)

    # ← and → move between the statements with the keyboard alone.
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", second.statement)
    assert Workshop.objects.get(pk=workshop.pk).current_item == second
    screen.keyboard.press("ArrowLeft")
    shows(screen, "#statement", first.statement)
    shows(screen, "#consensus-now strong", "3")
    screen.keyboard.press("ArrowLeft")
    shows(screen, "#start-heading")
    assert Workshop.objects.get(pk=workshop.pk).current_item is None
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", first.statement)

    # The overview, the consultant's other page, names nobody either.
    screen.goto(f"{base}/scans/{scan.pk}/workshop/overview/")
    html = screen.content()
    assert not [name for name in NAMES if name in html]


# --- follow the facilitator ------------------------------------------------------------------


def test_phones_follow_the_statement_on_the_screen(app, contexts):
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first, second = room.workshop_items(workshop)[:2]

    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/workshop/")
    phone = contexts(**PHONE).new_page()
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")

    # Before the first statement, the phone waits.
    expect(phone.locator("#follow [role=status]")).to_be_visible()
    expect(phone.locator("fieldset.scan-item")).to_have_count(0)
    mark_page(phone)
    shot(phone, "phone-follow-waiting")

    # The facilitator moves on; the phone shows the same statement, without a reload.
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", first.statement)
    expect(phone.locator("fieldset.scan-item")).to_have_count(1)
    expect(phone.locator(f"#item-{first.code} legend")).to_have_text(first.statement)
    assert not_reloaded(phone)
    shot(phone, "phone-follow-statement")

    # A vote there is saved.
    tap_vote(phone, first.code, "2")
    vote = Vote.objects.get(workshop=workshop, item=first)
    assert (vote.value, vote.participant.name) == (2, "Anna")

    # The next statement follows too, and so does a vote on it; the first vote stays.
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", second.statement)
    expect(phone.locator(f"#item-{second.code} legend")).to_have_text(second.statement)
    expect(phone.locator("fieldset.scan-item")).to_have_count(1)
    assert not_reloaded(phone)
    tap_vote(phone, second.code, "na")
    votes = {v.item_id: (v.value, v.not_applicable) for v in Vote.objects.filter(workshop=workshop)}
    assert votes == {first.pk: (2, False), second.pk: (None, True)}

    # Back to the first statement: the phone shows the vote it made there.
    screen.keyboard.press("ArrowLeft")
    expect(phone.locator(f"#item-{first.code} legend")).to_have_text(first.statement)
    expect(phone.locator(f"#value-{first.code}-2")).to_be_checked()


def test_a_vote_still_failing_is_not_lost_when_the_screen_moves_on(app, contexts):
    """The phone keeps a statement whose vote is not saved yet (and keeps retrying it) until the
    vote is stored; only then does it follow the screen to the next statement."""
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first, second = room.workshop_items(workshop)[:2]

    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/workshop/")
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", first.statement)
    phone = contexts(**PHONE).new_page()
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")
    expect(phone.locator(f"#item-{first.code}")).to_be_visible()

    # Votes fail (no connection) until the phone has been offered the next statement.
    state = {"moved": False, "offered": False}

    def votes(route):
        if state["offered"]:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    def current(route):
        response = route.fetch()
        if state["moved"] and response.status == 200:
            state["offered"] = True
        route.fulfill(response=response)

    phone.route(re.compile(r"/w/\w+/votes/"), votes)
    phone.route(re.compile(r"/w/\w+/current/"), current)
    phone.locator(f"label[for=value-{first.code}-1]").tap()
    expect(phone.locator(f"#item-{first.code} .save-status")).to_have_class(
        re.compile(r"\btext-danger\b")
    )

    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", second.statement)
    state["moved"] = True

    # The phone follows once the vote got through, and the vote is stored.
    expect(phone.locator(f"#item-{second.code}")).to_be_visible()
    assert state["offered"]
    vote = Vote.objects.get(workshop=workshop, item=first)
    assert vote.value == 1
    expect(phone.locator("#save-problems")).to_be_empty()


def test_a_comment_typed_but_not_yet_sent_is_saved_before_the_screen_moves_on(app, contexts):
    """Autosave sends a comment after a pause in typing. When the screen moves on before that,
    the phone sends the comment first and only then follows."""
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first, second = room.workshop_items(workshop)[:2]

    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/workshop/")
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", first.statement)
    phone = contexts(**PHONE).new_page()
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")
    expect(phone.locator(f"#item-{first.code}")).to_be_visible()

    # fill() types the text without a key press or a change: nothing has been sent yet. The
    # comment is folded until asked for (issue 26: the scale's renderer, compact).
    phone.click(f"#item-{first.code} details.note > summary")
    phone.locator(f"#note-{first.code}").fill("We measure this only in one region")
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", second.statement)

    expect(phone.locator(f"#item-{second.code}")).to_be_visible()
    vote = Vote.objects.get(workshop=workshop, item=first)
    assert vote.comment == "We measure this only in one region"


# --- a vote that fails is retried --------------------------------------------------------------


def test_a_failed_vote_is_retried_and_saved_is_never_shown_before_it_is_stored(app, contexts):
    live_server, alice = app
    base = live_server.url
    _scan, workshop = scan_with_workshop(alice)
    first = room.workshop_items(workshop)[0]

    phone = contexts(**PHONE).new_page()
    # Each time a statement's status says "Saved", ask the database whether the vote that is
    # checked on the page is stored (asked as the page calls back, a moment later: this catches
    # "Saved" shown for a save that never reached the server, such as a failed one).
    shown = []

    def saved_shown(fieldset_id, value):
        code = fieldset_id.removeprefix("item-")
        stored = Vote.objects.filter(workshop=workshop, item__code=code)
        if value == "na":
            stored = stored.filter(not_applicable=True)
        elif not value.isdigit():  # "Saved" with nothing chosen: not what this test does
            stored = stored.none()
        else:
            stored = stored.filter(value=int(value), not_applicable=False)
        shown.append((code, value, stored.exists()))

    phone.expose_function("savedShown", saved_shown)
    phone.add_init_script(
        f"(() => {{ const saved = {json.dumps(saved_text())};{WATCH_STATUSES}}})();"
    )
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")

    # The first attempt to save the vote fails on the way (no connection); later ones pass.
    attempts = []

    def flaky(route):
        attempts.append(route.request.post_data)
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    phone.route(f"**/w/{workshop.code}/votes/{first.code}/", flaky)
    phone.locator(f"label[for=value-{first.code}-2]").tap()
    status = phone.locator(f"#item-{first.code} .save-status")
    expect(status).to_have_text(saved_text())
    vote = Vote.objects.get(workshop=workshop, item=first)
    assert vote.value == 2
    assert len(attempts) >= 2
    # The failure was shown while it lasted, and "Saved" only once the vote was stored.
    statuses = phone.evaluate("window.__statuses")
    assert any(error for _, error in statuses[:-1]), statuses
    assert shown and all(stored for _, _, stored in shown), shown
    expect(phone.locator("#save-problems")).to_be_empty()

    # A later change goes through at once and replaces the vote.
    phone.locator(f"label[for=value-{first.code}-4]").tap()
    expect(status).to_have_text(saved_text())
    assert Vote.objects.get(workshop=workshop, item=first).value == 4
    assert all(stored for _, _, stored in shown), shown


# --- accessibility, legibility, thumbs ---------------------------------------------------------


def test_workshop_pages_are_accessible_legible_and_fit_a_phone(app, contexts):
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, areas=("purpose", "journey"))
    items = room.workshop_items(workshop)
    found = []

    # The phone: /w/, the join page and the vote page.
    phone = contexts(**PHONE).new_page()
    phone.goto(f"{base}/w/")
    found += serious_violations(phone)
    shot(phone, "phone-enter")
    phone.goto(f"{base}/w/{workshop.code}/")
    found += serious_violations(phone)
    shot(phone, "phone-join")
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")
    tap_vote(phone, items[0].code, "3")
    found += serious_violations(phone)
    shot(phone, "phone-vote")

    # Nothing wider than the phone, and every scale button at least 44×44 px to a thumb.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = phone.locator("fieldset.scan-item .scale > label").evaluate_all(
        "labels => labels.map(l => [l.htmlFor, l.getBoundingClientRect().width,"
        " l.getBoundingClientRect().height])"
    )
    assert sizes
    small = [size for size in sizes if size[1] < 44 or size[2] < 44]
    assert not small, small

    # Some votes from others, so the projector shows bars, figures and a "discuss" badge.
    for name, value in [("Bram", 0), ("Chris", 4)]:
        other = Participant.objects.create(workshop=workshop, name=name)
        Vote.objects.create(workshop=workshop, participant=other, item=items[0], value=value)

    # The projector: the start slide, a statement, the overview.
    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/workshop/")
    expect(screen.locator("#start-heading")).to_be_visible()
    found += serious_violations(screen)
    shot(screen, "projector-start")
    screen.keyboard.press("ArrowRight")
    shows(screen, "#statement", items[0].statement)
    expect(screen.locator("#live .discuss")).to_be_visible()
    found += serious_violations(screen)
    font_size = screen.locator("#statement").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert font_size >= 32, font_size
    # With the consensus recorded, the chosen value is marked.
    screen.keyboard.press("M")
    expect(screen.locator("#confirm")).to_be_visible()
    found += serious_violations(screen)
    screen.keyboard.press("Enter")
    shows(screen, "#consensus-now strong", "3")
    found += serious_violations(screen)
    shot(screen, "projector-statement")
    screen.goto(f"{base}/scans/{scan.pk}/workshop/overview/")
    found += serious_violations(screen)
    shot(screen, "projector-overview")

    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


# --- every participant state has a screen (issue 22, A2 and A3) --------------------------------


def workshop_requests(page) -> list[str]:
    """The workshop requests (polls, votes, pages) the page makes from now on."""
    made = []
    page.on("request", lambda request: made.append(request.url) if "/w/" in request.url else None)
    return made


def test_a_phone_has_a_screen_for_every_state_and_stops_polling_once_closed(app, contexts):
    live_server, alice = app
    base = live_server.url
    _scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first, second = room.workshop_items(workshop)[:2]
    on_screen = Workshop.objects.filter(pk=workshop.pk)

    phone = contexts(**PHONE).new_page()
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")
    # Waiting for the first statement, and saying that it follows the screen.
    expect(phone.locator("#follow[data-phone-state=waiting]")).to_be_visible()
    expect(phone.locator("#pace.pace-follow")).to_be_visible()
    mark_page(phone)
    found = serious_violations(phone)
    shot(phone, "phone-state-waiting")

    on_screen.update(current_item=first)
    expect(phone.locator("#follow[data-phone-state=voting]")).to_be_visible()
    tap_vote(phone, first.code, "3")
    shot(phone, "phone-state-voting")

    # The facilitator goes back to the start slide: a pause, not "waiting for the first".
    on_screen.update(current_item=None)
    expect(phone.locator("#follow[data-phone-state=paused]")).to_be_visible()
    found += serious_violations(phone)
    shot(phone, "phone-state-paused")
    on_screen.update(current_item=second)
    expect(phone.locator(f"#item-{second.code}")).to_be_visible()
    assert not_reloaded(phone)

    # Closing: the phone shows the closed screen by itself, says thank you and what comes next.
    on_screen.update(closed_at=timezone.now())
    expect(phone.locator("#phone-end[data-phone-state=closed]")).to_be_visible()
    expect(phone.locator("#phone-end h2")).to_be_visible()
    expect(phone.locator("fieldset.scan-item")).to_have_count(0)
    found += serious_violations(phone)
    shot(phone, "phone-state-closed")
    phone.wait_for_load_state("networkidle")
    made = workshop_requests(phone)
    # Longer than three polls (every 1.5 s on this page before): none comes.
    phone.wait_for_timeout(5_000)
    assert made == []
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def test_a_self_paced_phone_is_told_the_workshop_closed_or_the_scan_completed(app, contexts):
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.SELF)
    first = room.workshop_items(workshop)[0]

    phone = contexts(**PHONE).new_page()
    join_on_phone(phone, f"{base}/w/{workshop.code}/", "Anna")
    expect(phone.locator("#pace.pace-self")).to_be_visible()
    shot(phone, "phone-state-self-paced")

    # A tap after closing, before any poll noticed: the closed screen, not "not saved yet".
    phone.route(re.compile(r"/w/\w+/current/"), lambda route: route.abort("internetdisconnected"))
    Workshop.objects.filter(pk=workshop.pk).update(closed_at=timezone.now())
    phone.locator(f"label[for=value-{first.code}-2]").tap()
    expect(phone.locator("#phone-end[data-phone-state=closed]")).to_be_visible()
    assert not Vote.objects.filter(workshop=workshop).exists()

    # Another workshop of the scan, its scan completed while a phone is on it: its own screen,
    # reached by the poll alone.
    other = Workshop.objects.create(scan=scan, created_by=alice, pace=Workshop.Pace.SELF)
    other.areas.set(Area.objects.filter(code="purpose"))
    second_phone = contexts(**PHONE).new_page()
    join_on_phone(second_phone, f"{base}/w/{other.code}/", "Bram")
    expect(second_phone.locator(f"#item-{first.code}")).to_be_visible()
    completion.complete(scan)
    expect(second_phone.locator("#phone-end[data-phone-state=completed]")).to_be_visible()
    shot(second_phone, "phone-state-completed")
    second_phone.wait_for_load_state("networkidle")
    made = workshop_requests(second_phone)
    second_phone.wait_for_timeout(4_000)  # longer than a poll (every 3 s on this page before)
    assert made == []


# --- the room's screen and the consultant's own window (issue 22, A4) -------------------------


def test_the_rooms_screen_runs_by_keys_hides_votes_until_revealed_and_shows_nothing_private(
    app, contexts
):
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    Workshop.objects.filter(pk=workshop.pk).update(hide_votes=True)
    first, second = room.workshop_items(workshop)[:2]
    # A stored note on the first statement: the consultant's, never for the room.
    factories.answer(scan, first, 1, note="Vertrouwelijk: zie dossier")
    people = [Participant.objects.create(workshop=workshop, name=name) for name in NAMES[:3]]

    laptop = contexts(**PROJECTOR)
    own = laptop.new_page()  # the consultant's own window
    log_in(own, base)
    own.goto(f"{base}/scans/{scan.pk}/workshop/")
    with own.expect_popup() as opened:
        own.locator("#open-screen").click()
    screen = opened.value
    screen.wait_for_load_state()
    expect(screen.locator("#start-heading")).to_be_visible()
    expect(screen.locator("#join-code")).to_have_text(workshop.code)
    # No app header: no user name, password change, API tokens or log out.
    assert (
        screen.locator(
            "header, a[href*='password'], a[href*='token'], form[action*='logout']"
        ).count()
        == 0
    )
    assert "alice" not in screen.content()
    found = serious_violations(screen)
    shot(screen, "screen-start")

    # Full screen with F (the Fullscreen API), and back.
    screen.keyboard.press("f")
    screen.wait_for_function("() => document.fullscreenElement !== null")
    mark_page(screen)

    # The keys' help.
    screen.keyboard.press("?")
    expect(screen.locator("#keys-help")).to_be_visible()
    shot(screen, "screen-help")
    screen.keyboard.press("Escape")
    expect(screen.locator("#keys-help")).to_be_hidden()

    # → puts the first statement up without leaving the page (full screen stays); the join code
    # and QR code sit in a corner; the consultant's own window follows.
    screen.keyboard.press("ArrowRight")
    expect(screen.locator("#statement")).to_have_text(first.statement)
    expect(screen.locator("#room-corner")).to_contain_text(workshop.code)
    expect(screen.locator("#room-corner svg")).to_be_visible()
    assert not_reloaded(screen)
    assert screen.evaluate("document.fullscreenElement !== null")
    expect(own.locator("#statement")).to_have_text(first.statement)
    shot(own, "own-window-statement")

    # Votes arrive: the screen counts them and hides how they went.
    for person, value in zip(people, [1, 3, 3], strict=True):
        Vote.objects.create(workshop=workshop, participant=person, item=first, value=value)
    expect(screen.locator("#room-voted")).to_contain_text("3 van 3")
    expect(screen.locator("#room-hidden")).to_be_visible()
    expect(screen.locator("#room-votes")).to_have_count(0)
    html = screen.content()
    assert "Vertrouwelijk" not in html and not [name for name in NAMES if name in html]
    found += serious_violations(screen)
    shot(screen, "screen-statement-hidden")

    # R reveals them.
    screen.keyboard.press("r")
    expect(screen.locator("#room-votes .median")).to_have_text("3")
    shot(screen, "screen-statement-revealed")

    # M asks once; Enter records the median.
    screen.keyboard.press("m")
    expect(screen.locator("#confirm")).to_be_visible()
    expect(screen.locator("#confirm-text")).to_contain_text("3")
    shot(screen, "screen-confirm")
    screen.keyboard.press("Enter")
    expect(screen.locator("#consensus-now strong")).to_contain_text("3")
    answer = Answer.objects.get(scan=scan, item=first)
    assert (answer.value, answer.note) == (3, "Vertrouwelijk: zie dossier")
    # A key answered "no" records nothing.
    screen.keyboard.press("4")
    expect(screen.locator("#confirm")).to_be_visible()
    screen.keyboard.press("Escape")
    expect(screen.locator("#confirm")).to_be_hidden()
    assert Answer.objects.get(scan=scan, item=first).value == 3

    # The next statement comes up hidden again; a split room's M is refused with a sentence.
    screen.keyboard.press("ArrowRight")
    expect(screen.locator("#statement")).to_have_text(second.statement)
    for person, value in zip(people[:2], [1, 2], strict=True):
        Vote.objects.create(workshop=workshop, participant=person, item=second, value=value)
    expect(screen.locator("#room-voted")).to_contain_text("2 van 3")
    expect(screen.locator("#room-hidden")).to_be_visible()
    screen.keyboard.press("m")
    expect(screen.locator("#room-status")).to_contain_text("1")
    expect(screen.locator("#confirm")).to_be_hidden()
    assert not Answer.objects.filter(scan=scan, item=second).exists()

    # On a single mirrored screen, C opens the facilitator's controls (with the note) and closes
    # them again, note and all.
    factories.answer(scan, second, 2, note="Vertrouwelijk: tweede")
    screen.keyboard.press("c")
    expect(screen.locator("#controls-reason")).to_have_value("Vertrouwelijk: tweede")
    shot(screen, "screen-controls-open")
    screen.locator("#controls-toggle").click()
    expect(screen.locator("#controls")).to_be_hidden()
    assert "Vertrouwelijk" not in screen.content()
    assert not_reloaded(screen)

    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def test_a_key_pressed_as_the_slide_is_swapped_in_still_posts_and_the_screen_stays(app, contexts):
    """htmx binds a swapped-in slide's forms only when it settles; a key pressed before then (a
    busy projector, a poll arriving) must still post, not submit the hidden form as a GET that
    reloads the screen and drops full screen."""
    live_server, alice = app
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first = room.workshop_items(workshop)[0]
    Workshop.objects.filter(pk=workshop.pk).update(hide_votes=True, current_item=first)
    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, live_server.url)
    screen.goto(f"{live_server.url}/scans/{scan.pk}/workshop/screen/")
    shows(screen, "#statement", first.statement)
    mark_page(screen)
    # The reveal form as a swap leaves it until it settles: in the page, not yet bound by htmx.
    screen.evaluate(
        """() => {
            const form = document.querySelector("[data-key=r]").form;
            const copy = document.createElement("div");
            copy.innerHTML = form.outerHTML;
            form.replaceWith(copy.firstElementChild);
        }"""
    )
    screen.keyboard.press("r")
    expect(screen.locator("#room-votes")).to_be_visible()
    assert not_reloaded(screen)
    assert "revealed" not in screen.url
    workshop.refresh_from_db()
    assert workshop.revealed


def test_a_phone_is_a_remote_for_the_consultant(app, contexts):
    """The consultant's own window on a phone: the statement, the votes (always, for them), the
    consensus and the moves, nothing wider than the phone; a move there reaches the screen."""
    live_server, alice = app
    base = live_server.url
    scan, workshop = scan_with_workshop(alice, pace=Workshop.Pace.FOLLOW)
    first = room.workshop_items(workshop)[0]
    Workshop.objects.filter(pk=workshop.pk).update(current_item=first, hide_votes=True)
    person = Participant.objects.create(workshop=workshop, name="Anna")
    Vote.objects.create(workshop=workshop, participant=person, item=first, value=2)

    screen = contexts(**PROJECTOR).new_page()
    log_in(screen, base)
    screen.goto(f"{base}/scans/{scan.pk}/workshop/screen/")
    expect(screen.locator("#statement")).to_have_text(first.statement)
    expect(screen.locator("#room-hidden")).to_be_visible()

    remote = contexts(**PHONE).new_page()
    log_in(remote, base)
    remote.goto(f"{base}/scans/{scan.pk}/workshop/")
    expect(remote.locator("#statement")).to_have_text(first.statement)
    expect(remote.locator("#live .median")).to_have_text("2")  # the consultant sees them
    assert remote.evaluate("document.documentElement.scrollWidth") <= 390
    shot(remote, "remote-phone")
    remote.locator("#reveal-form button").tap()
    expect(screen.locator("#room-votes .median")).to_have_text("2")
    remote.locator("#go-next").tap()
    second = room.workshop_items(workshop)[1]
    expect(screen.locator("#statement")).to_have_text(second.statement)
    expect(screen.locator("#room-hidden")).to_be_visible()
