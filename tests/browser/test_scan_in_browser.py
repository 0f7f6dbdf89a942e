"""A consultant runs a scan in a real browser: autosave, keyboard use, retries, two tabs,
accessibility and the Content Security Policy.

The pages are Dutch by default and their texts are still being translated, so the tests find
elements by id and name, not by visible text.
"""

import re
from urllib.parse import parse_qs

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from checklists.models import Answer, Organisation, Scan
from tests import factories

pytestmark = pytest.mark.browser

TIMEOUT = 5_000  # ms; every wait below is for a local server
SUBMIT = "#main button[type=submit]"  # the header's language buttons are submit buttons too


# --- helpers ---------------------------------------------------------------------------------


def log_in(page, base_url, username="alice", password="password"):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click(SUBMIT)
    page.wait_for_url(f"{base_url}/")


def make_scan(user, *, language="nl"):
    """The browser tests' client, Bakkerij De Korf, with an empty scan of `user`'s."""
    organisation = factories.organisation("Bakkerij De Korf", sector="Retail", consultants=[user])
    return factories.scan(organisation, title="Nulmeting", language=language, created_by=user)


def item_codes(page):
    """The item codes on the scan page, in page order."""
    return [
        element.get_attribute("id").removeprefix("item-")
        for element in page.locator("fieldset.scan-item").all()
    ]


def is_autosave(response, code, field=None, value=None):
    """Whether `response` answers an autosave of `code` (with `field` = `value`, if given)."""
    request = response.request
    if request.method != "POST" or f"/answers/{code}/" not in response.url:
        return False
    if field is None:
        return True
    posted = parse_qs(request.post_data or "", keep_blank_values=True)
    return posted.get(f"{field}-{code}") == [value]


def wait_until_saved(page, code):
    """The item's status says saved: not empty, not "Saving…", not styled as an error."""
    try:
        page.wait_for_function(
            """(code) => {
                const status = document.querySelector(`#item-${code} .save-status`);
                const text = status.textContent.trim();
                return text !== "" && !text.includes("…")
                    && !status.classList.contains("text-danger");
            }""",
            arg=code,
            timeout=TIMEOUT,
        )
    except PlaywrightTimeoutError:
        status = page.locator(f"#item-{code} .save-status").evaluate("e => e.outerHTML")
        pytest.fail(f"{code} was not shown as saved within {TIMEOUT} ms; its status: {status}")


def answer(scan, code):
    return Answer.objects.get(scan=scan, item__code=code)


def _contains(css_class):
    """A pattern for to_have_class that matches one class among others."""
    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")


# --- tests -----------------------------------------------------------------------------------


def test_consultant_runs_a_scan_by_mouse_and_keyboard(app, page):
    live_server, alice = app
    base = live_server.url
    log_in(page, base)

    # A new organisation, through the dashboard.
    page.locator("#main a[href='/organisations/new/']").first.click()
    page.wait_for_url(f"{base}/organisations/new/")
    page.fill("#id_name", "Bakkerij De Korf")
    page.fill("#id_sector", "Retail")
    page.select_option("#id_size_band", "10-49")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}/organisations/*/")
    organisation = Organisation.objects.get(name="Bakkerij De Korf")
    assert list(organisation.consultants.all()) == [alice]

    # A new scan in Dutch; it opens at the first area.
    page.fill("#id_title", "Nulmeting 2025")
    page.check("input[name=language][value=nl]")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}/scans/*/areas/purpose/")
    scan = Scan.objects.get(organisation=organisation)
    assert scan.title == "Nulmeting 2025"
    assert scan.language == "nl"

    codes = item_codes(page)
    first, second = codes[:2]

    # By mouse: click the label of "3" (the radio itself is visually hidden).
    with page.expect_response(lambda r: is_autosave(r, first, "value", "3")):
        page.click(f"label[for='value-{first}-3']")
    wait_until_saved(page, first)

    # A note, typed; the debounced keyup (or the change on leaving the field) saves it. The note
    # is folded until asked for (issue 26: compact).
    note = "Purpose staat in het jaarplan; nog niet getoetst."
    page.click(f"#item-{first} details.note > summary")
    with page.expect_response(lambda r: is_autosave(r, first, "note", note), timeout=TIMEOUT):
        page.click(f"#note-{first}")
        page.keyboard.type(note)
        # By keyboard alone from here: Tab out of the note into the next item's radio group.
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == f"value-{second}":
                break
    wait_until_saved(page, first)
    assert page.evaluate("document.activeElement.name") == f"value-{second}", (
        "Tab from a note should reach the next item's score buttons within a few presses"
    )
    # Space chooses the focused option (the first, 0); arrows move the choice to 2.
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    with page.expect_response(lambda r: is_autosave(r, second, "value", "2")):
        page.keyboard.press("ArrowRight")
    wait_until_saved(page, second)
    expect(page.locator(f"#value-{second}-2")).to_be_checked()

    # The stepper and the progress bar count both answers (their fragments come with each save).
    expect(page.locator("#stepper a[aria-current=step]")).to_contain_text(
        re.compile(rf"\b2\D+{len(codes)}\b")
    )
    expect(page.locator("#scan-progress")).to_have_attribute("value", "2")

    # What the page shows after a reload comes from the database.
    page.reload()
    expect(page.locator(f"#value-{first}-3")).to_be_checked()
    expect(page.locator(f"#value-{second}-2")).to_be_checked()
    expect(page.locator(f"#note-{first}")).to_have_value(note)
    expect(page.locator("#scan-progress")).to_have_attribute("value", "2")

    a, b = answer(scan, first), answer(scan, second)
    assert (a.value, a.not_applicable, a.note) == (3, False, note)
    assert (b.value, b.not_applicable, b.note) == (2, False, "")
    assert a.answered_by == alice
    scan.refresh_from_db()
    assert scan.status == Scan.Status.IN_PROGRESS

    # Complete the scan (unanswered items are allowed).
    page.goto(f"{base}/scans/{scan.pk}/complete/")
    page.click("#main form[method=post] button[type=submit]")
    page.wait_for_url(lambda url: not url.endswith("/complete/"))  # wherever it leads next
    scan.refresh_from_db()
    assert scan.status == "completed"
    assert scan.completed_at is not None
    # A completed scan is read-only in the browser too.
    page.goto(f"{base}/scans/{scan.pk}/areas/purpose/")
    expect(page.locator(f"input[name='value-{first}']").first).to_be_disabled()


def test_failed_save_is_shown_and_retried(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)

    attempts = []

    def fail_first_save(route):
        attempts.append(route.request.post_data)
        if len(attempts) == 1:
            route.abort()  # as a dropped connection
        else:
            route.continue_()

    page.route("**/answers/**", fail_first_save)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    code = item_codes(page)[0]
    status = page.locator(f"#item-{code} .save-status")

    page.click(f"label[for='value-{code}-1']")
    expect(status).to_have_class(_contains("text-danger"), timeout=TIMEOUT)
    expect(page.locator(f"#item-{code}")).to_have_class(_contains("border-danger"))
    # The message comes from the JavaScript catalogue, in the scan's language (Dutch).
    expect(status).to_have_text("Niet opgeslagen (geen verbinding): opnieuw proberen over 1 s…")
    assert not Answer.objects.filter(scan=scan).exists()

    # scan.js retries after 1 s; that attempt goes through.
    with page.expect_response(lambda r: is_autosave(r, code, "value", "1"), timeout=TIMEOUT):
        pass
    expect(status).not_to_have_text(re.compile(r"^\s*$|…"), timeout=TIMEOUT)  # "Saved"
    expect(page.locator(f"#item-{code}")).not_to_have_class(_contains("border-danger"))
    assert len(attempts) == 2
    assert answer(scan, code).value == 1
    # Nothing may still look like an error once the retry succeeded.
    expect(status).not_to_have_class(_contains("text-danger"))


def test_two_tabs_keep_each_others_answers(app, context):
    live_server, alice = app
    scan = make_scan(alice)
    url = f"{live_server.url}/scans/{scan.pk}/areas/purpose/"
    first_tab = context.new_page()
    log_in(first_tab, live_server.url)  # the session cookie serves both tabs
    second_tab = context.new_page()
    first_tab.goto(url)
    second_tab.goto(url)  # both tabs loaded before either answers
    a, b = item_codes(first_tab)[:2]

    with first_tab.expect_response(lambda r: is_autosave(r, a, "value", "4")):
        first_tab.click(f"label[for='value-{a}-4']")
    wait_until_saved(first_tab, a)
    with second_tab.expect_response(lambda r: is_autosave(r, b, "value", "na")):
        second_tab.click(f"label[for='value-{b}-na']")
    wait_until_saved(second_tab, b)

    for tab in (first_tab, second_tab):
        tab.reload()
        expect(tab.locator(f"#value-{a}-4")).to_be_checked()
        expect(tab.locator(f"#value-{b}-na")).to_be_checked()
    assert (answer(scan, a).value, answer(scan, a).not_applicable) == (4, False)
    assert (answer(scan, b).value, answer(scan, b).not_applicable) == (None, True)


def test_no_serious_accessibility_violations(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    log_in(page, live_server.url)
    axe = Axe()
    serious = []
    for path in ("/", f"/scans/{scan.pk}/areas/purpose/"):
        page.goto(f"{live_server.url}{path}")
        for violation in axe.run(page).response["violations"]:
            for node in violation["nodes"]:
                # The first reason axe gives, e.g. the contrast ratio and the colours.
                reason = next(
                    (
                        line.strip()
                        for line in node.get("failureSummary", "").splitlines()[1:]
                        if line.strip()
                    ),
                    "",
                )
                line = (
                    f"{path}: {violation['id']} ({violation['impact']}) at "
                    f"{', '.join(map(str, node['target']))}: {violation['help']}. {reason}"
                )
                print(line)  # every violation, for the log; only serious ones fail the test
                if violation.get("impact") in {"serious", "critical"}:
                    serious.append(line)
    assert not serious, "Serious accessibility violations:\n" + "\n".join(serious)


def test_no_csp_violations(app, page):
    live_server, alice = app
    scan = make_scan(alice)
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    code = item_codes(page)[0]
    # The scripts must also run: an autosave round trip works under the policy.
    with page.expect_response(lambda r: is_autosave(r, code, "value", "0")):
        page.click(f"label[for='value-{code}-0']")
    wait_until_saved(page, code)
    assert not reports, "Content Security Policy violations:\n" + "\n".join(reports)


def test_answer_given_while_logged_out_is_saved_after_logging_in_again(app, context):
    """The session ends (logged out in another tab); the answer waits and is retried."""
    live_server, alice = app
    scan = make_scan(alice)
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")
    code = item_codes(page)[0]

    other = context.new_page()
    other.goto(f"{live_server.url}/")
    other.click("form[action='/accounts/logout/'] button")

    page.click(f"label[for='value-{code}-3']")
    status = page.locator(f"#item-{code} .save-status")
    expect(status).to_have_class(re.compile(r"\btext-danger\b"), timeout=TIMEOUT)
    assert not Answer.objects.filter(scan=scan).exists()

    log_in(other, live_server.url)  # renews the session and the CSRF token
    wait_until_saved(page, code)
    assert answer(scan, code).value == 3
