"""The scan page's keys (issue 26, item 1): with a statement in focus, 0–4 and N answer it and
move on to the next open statement; J/K and ↓/↑ move between statements; G opens the guidance,
E the note, Esc comes back; ? lists every key; a line of keys that stays away once dismissed.
Keys never act in a text field, nor on a completed scan.

Key presses go through page.keyboard.press and are counted; the autosave requests are counted
as the browser sends them. Elements are found by id and name, not by visible text (the pages
are Dutch)."""

import time

import pytest
from playwright.sync_api import expect

from checklists import followups
from checklists.models import Answer
from tests import factories

from .test_accounts_in_browser import serious_violations
from .test_follow_up_in_browser import completed_scan
from .test_scan_at_the_table import LAPTOP, TABLET, below_the_bar, codes, focused_item, open_area
from .test_scan_in_browser import TIMEOUT, make_scan, wait_until_saved

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
KEYS = "01234n"  # what a key answers: 0–4, and N for "not applicable"
CHOICES = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "n": "na"}


# How many autosaves are under way at once in the page, at most.
SAVES_UNDER_WAY = """
window.savesUnderWay = {now: 0, most: 0, sent: 0};
const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url) {
    this.isSave = method.toUpperCase() === "POST" && String(url).includes("/answers/");
    return open.apply(this, arguments);
};
XMLHttpRequest.prototype.send = function () {
    const saves = window.savesUnderWay;
    if (this.isSave) {
        saves.sent += 1;
        saves.now += 1;
        saves.most = Math.max(saves.most, saves.now);
        this.addEventListener("readystatechange", () => {
            if (this.readyState === 4) saves.now -= 1;
        });
    }
    return send.apply(this, arguments);
};
"""


@pytest.fixture
def autosaves(page):
    """The autosave requests the page sends (POSTs to an answer's URL), as they leave."""
    sent = []

    def count(request):
        if request.method == "POST" and "/answers/" in request.url:
            sent.append(request.url)

    page.on("request", count)
    return sent


def saved_choices(scan, expected):
    """The answers in the database, by item code, once they are `expected` (or after TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while True:
        saved = {
            answer.item.code: "na" if answer.not_applicable else answer.value
            for answer in Answer.objects.filter(scan=scan).select_related("item")
        }
        if saved == expected or time.monotonic() > deadline:
            return saved
        time.sleep(0.05)


def focused(page):
    return page.evaluate("document.activeElement.id")


def test_a_whole_area_is_scored_by_keyboard_alone_in_two_keys_a_statement(app, page, autosaves):
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    open_area(page, live_server, scan, "purpose", LAPTOP)
    presses = []

    def press(key):
        presses.append(key)
        page.keyboard.press(key)

    press("Tab")  # the skip link is the first stop
    assert focused(page) == "skip-unanswered"
    press("Enter")  # into the first statement's scale
    expected = {}
    for index, code in enumerate(purpose):
        assert focused_item(page) == f"item-{code}"
        assert focused(page) == f"value-{code}-0"  # the scale's own tab stop: none chosen yet
        assert below_the_bar(page, f"#item-{code}")  # in view, not under the sticky bar
        key = KEYS[index % len(KEYS)]
        press(key)
        expected[code] = CHOICES[key]
        if index == 0:  # announced with what was saved, e.g. "Opgeslagen: 0 Niet aanwezig"
            expect(page.locator("#scan-notice")).to_have_text("Opgeslagen: 0 Niet aanwezig")

    # None left: the focus is on the done line's button, to the next area.
    button = page.locator("#area-done-now a")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("href", f"/scans/{scan.pk}/areas/journey/")
    assert len(presses) <= 2 * len(purpose), presses
    assert saved_choices(scan, expected) == expected
    for code in purpose:
        wait_until_saved(page, code)
    assert len(autosaves) == len(purpose)  # one save per answer, none for moving on


def test_answering_as_fast_as_the_keys_go_still_ends_at_the_done_line(app, page):
    """Saves sent side by side each counted the area without the other's answer, so that the
    last reply could miss that the area was done (the line never came): the page sends them one
    at a time. Counted in the page: a save ends (readyState 4) before htmx sends the next."""
    live_server, alice = app
    scan = make_scan(alice)
    purpose = codes("purpose")
    page.add_init_script(SAVES_UNDER_WAY)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for index in range(len(purpose)):
        page.keyboard.press(KEYS[index % len(KEYS)])

    expect(page.locator("#area-done-now a")).to_be_focused()
    expected = {code: CHOICES[KEYS[index % len(KEYS)]] for index, code in enumerate(purpose)}
    assert saved_choices(scan, expected) == expected
    assert page.evaluate("window.savesUnderWay") == {"now": 0, "most": 1, "sent": len(purpose)}


def test_j_k_and_the_up_and_down_arrows_move_between_statements(app, page, autosaves):
    live_server, alice = app
    scan = make_scan(alice)
    first, second, third = codes("purpose")[:3]
    factories.answer(scan, second, 2)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    page.focus("#next-unanswered")
    page.keyboard.press("j")  # from outside the statements: to the one in view
    assert focused(page) == f"value-{first}-0"

    page.keyboard.press("j")
    assert focused(page) == f"value-{second}-2"  # a statement answered: its chosen option
    page.keyboard.press("ArrowDown")
    assert focused(page) == f"value-{third}-0"
    page.keyboard.press("k")
    assert focused(page) == f"value-{second}-2"
    page.keyboard.press("ArrowUp")
    assert focused(page) == f"value-{first}-0"
    page.keyboard.press("ArrowUp")  # the first: nowhere further up
    assert focused(page) == f"value-{first}-0"
    # ↓/↑ chose nothing on the way; ←/→ still move along the scale.
    assert page.locator("fieldset.scan-item input:checked").count() == 1
    page.keyboard.press("ArrowRight")
    assert focused(page) == f"value-{first}-1"
    expect(page.locator(f"#value-{first}-1")).to_be_checked()
    page.keyboard.press("Enter")
    wait_until_saved(page, first)
    assert saved_choices(scan, {first: 1, second: 2}) == {first: 1, second: 2}
    assert len(autosaves) == 1

    # With Alt, Ctrl or Meta held, the keys are the browser's, not the page's.
    page.focus(f"#value-{second}-2")
    for key in ("Alt+j", "Control+3", "Meta+k"):
        page.keyboard.press(key)
    assert focused(page) == f"value-{second}-2"
    expect(page.locator(f"#value-{second}-2")).to_be_checked()


def test_g_opens_the_guidance_e_the_note_and_esc_goes_back_to_the_scale(app, page, autosaves):
    live_server, alice = app
    scan = make_scan(alice)
    code = codes("purpose")[0]
    open_area(page, live_server, scan, "purpose", LAPTOP)
    guidance = page.locator(f"#item-{code} details.guidance")
    page.focus(f"#value-{code}-0")

    page.keyboard.press("g")
    expect(guidance).to_have_attribute("open", "")
    expect(guidance.locator("summary")).to_be_focused()
    page.keyboard.press("Escape")
    assert focused(page) == f"value-{code}-0"
    expect(guidance).not_to_have_attribute("open", "")  # opened by G, closed by Esc

    # The note is folded away (details.note): E unfolds it and focuses the text, Esc folds it.
    note = page.locator(f"#item-{code} details.note")
    page.keyboard.press("e")
    expect(note).to_have_attribute("open", "")
    assert focused(page) == f"note-{code}"
    page.keyboard.press("Escape")
    assert focused(page) == f"value-{code}-0"
    expect(note).not_to_have_attribute("open", "")
    assert autosaves == []


def test_keys_type_in_the_note_and_answer_nothing(app, page, autosaves):
    live_server, alice = app
    scan = make_scan(alice)
    code = codes("purpose")[0]
    open_area(page, live_server, scan, "purpose", LAPTOP)
    page.focus(f"#value-{code}-0")
    page.keyboard.press("e")

    for key in "3 Jn?Gk":
        page.keyboard.press(key)

    assert focused(page) == f"note-{code}"
    expect(page.locator(f"#note-{code}")).to_have_value("3 Jn?Gk")
    assert page.locator(f"#item-{code} input:checked").count() == 0
    expect(page.locator("#scan-keys")).not_to_be_visible()
    wait_until_saved(page, code)  # the note, saved after a pause in typing
    answer = Answer.objects.get(scan=scan, item__code=code)
    assert (answer.note, answer.value, answer.not_applicable) == ("3 Jn?Gk", None, False)


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET, PHONE], ids=["laptop", "tablet", "phone"])
def test_question_mark_lists_every_key_and_esc_closes_the_list(app, page, viewport):
    live_server, alice = app
    scan = make_scan(alice)
    code = codes("purpose")[0]
    open_area(page, live_server, scan, "purpose", viewport)
    expect(page.locator("#keys-line")).to_be_visible()
    assert serious_violations(page) == []
    page.focus(f"#value-{code}-0")

    page.keyboard.press("?")
    dialog = page.locator("#scan-keys")
    expect(dialog).to_be_visible()
    expect(dialog.locator("dt")).to_have_count(8)
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    assert focused(page) == f"value-{code}-0"

    # By mouse or touch, from the line of keys.
    page.click("#keys-open")
    expect(dialog).to_be_visible()


def test_the_line_of_keys_once_dismissed_stays_away_and_can_come_back(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    line = page.locator("#keys-line")
    expect(line).to_be_visible()

    page.click("#keys-line-close")
    expect(line).to_be_hidden()
    assert focused_item(page) == f"item-{codes('purpose')[0]}"  # the focus is not lost
    page.reload()
    # Hidden by the server (the page does not shift as it loads): in the HTML as it came.
    html = page.evaluate("fetch(location.href).then(r => r.text())")
    assert 'id="keys-line" hidden' in html
    expect(line).to_be_hidden()

    page.keyboard.press("?")
    page.click("#keys-line-show")
    expect(page.locator("#scan-keys")).not_to_be_visible()
    expect(line).to_be_visible()
    page.reload()
    expect(line).to_be_visible()


def test_number_keys_on_a_completed_scan_change_nothing(app, page, autosaves):
    live_server, alice = app
    scan = make_scan(alice)
    factories.answer_items(scan, area="purpose", value=2)
    factories.complete(scan)
    code = codes("purpose")[0]
    open_area(page, live_server, scan, "purpose", LAPTOP)
    expect(page.locator(f"#value-{code}-2")).to_be_disabled()
    expect(page.locator("#keys-line")).to_have_count(0)  # nothing to answer: no line of keys
    page.focus(f"#item-{code} a.ev")  # what can hold the focus in a read-only statement

    for key in "04n":
        page.keyboard.press(key)

    expect(page.locator(f"#value-{code}-2")).to_be_checked()
    page.wait_for_timeout(500)  # a save, had one been sent, would be on its way
    assert autosaves == []
    assert set(Answer.objects.filter(scan=scan).values_list("value", flat=True)) == {2}


def test_a_carried_over_answer_given_again_by_its_key_is_confirmed(app, page, autosaves):
    live_server, alice = app
    previous = completed_scan(alice)  # purpose-01: 3, purpose-02: 1, purpose-03: 4
    scan = followups.start_follow_up(previous, title="Vervolg", carry_over=True, user=alice)
    open_area(page, live_server, scan, "purpose", LAPTOP)
    page.focus("#value-purpose-01-3")

    page.keyboard.press("3")  # the same answer: confirmed, one save
    assert focused_item(page) == "item-purpose-02"  # still to confirm: the next open one
    expect(page.locator("#carried-purpose-01")).to_have_count(0, timeout=TIMEOUT)
    page.keyboard.press("2")  # another answer: saved, which confirms it too
    expect(page.locator("#carried-purpose-02")).to_have_count(0, timeout=TIMEOUT)
    assert focused_item(page) == "item-purpose-03"

    assert set(scan.answers.unconfirmed().values_list("item__code", flat=True)) == {"purpose-03"}
    assert saved_choices(scan, {"purpose-01": 3, "purpose-02": 2, "purpose-03": 4}) == {
        "purpose-01": 3,
        "purpose-02": 2,
        "purpose-03": 4,
    }
    assert len(autosaves) == 2
