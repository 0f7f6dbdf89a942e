"""A busy day: consultants scanning and a workshop room voting, as locust users.

`bench/load/run.py` sets up the database and servers, hands this module the accounts (`PLAN`),
runs these users in its own process (locust as a library) and reads back what the server
acknowledged (`LEDGER`). Without run.py's set-up there are no accounts to log in with, so the
`locust` command alone cannot run it.

  Consultant   logs in (their own account; an organisation with an open scan and a completed
               one), then works through the open scan area by area: opens the area's page,
               answers a few of its statements, one autosave every 2-5 s (a value, sometimes a
               note), now and then opens the scan's results or downloads the completed scan's
               report (?language=nl). With CHANGES_PER_MINUTE a few of them also change a KPI
               baseline or complete their completed scan again, so that the report worker gets
               work, and download its report right after.
  Participant  joins the workshop through the join page like a phone, opens the vote page and
               votes on the area's statements in order, one vote every 2-6 s (sometimes a
               comment, sometimes the page again).
  Projector    the facilitator's screen, polling the room's figures every 2 s.

Requests are made as the pages' own scripts make them (static/js/scan.js: the one changed field,
the CSRF token from the cookie in X-CSRFToken, HX-Request). Each carries its statistics name in
X-Bench-Name as well, which gunicorn's access log records with the time spent in the worker.
"""

import itertools
import random
import re
import time
import urllib.parse
from dataclasses import dataclass, field

from locust import FastHttpUser, constant, task
from locust.exception import StopUser

CHOICES = ("0", "1", "2", "3", "4", "na")
# How often a consultant, after answering statements in an area, also does the other things.
RESULTS_SHARE = 0.25
REPORT_SHARE = 0.15
NOTE_SHARE = 0.1  # of the saves and votes: a note (a participant's comment) instead of a value
VOTE_PAGE_SHARE = 0.05  # of a participant's votes: the vote page is opened again before it

# The names in the statistics. The report has two successes: the stored PDF, or (while a worker
# renders it) the 202 page that says it is being prepared; anything else is an error.
AREA_PAGE, AUTOSAVE, RESULTS = "area page", "autosave", "results"
REPORT, REPORT_READY, REPORT_PREPARING = "report.pdf", "report.pdf ready", "report.pdf preparing"
VOTE_PAGE, VOTE, LIVE = "vote page", "vote", "workshop live"
KPI_FORM, KPI_SAVE, REOPEN, COMPLETE = "kpi form", "kpi save", "reopen", "complete"


@dataclass
class Sent:
    """One write the server was asked for: a scan's answer or a participant's vote."""

    kind: str  # "answer" or "vote"
    owner: str  # the scan's pk, or the participant's name
    item: str
    field: str  # "value" or "note"
    value: str
    order: int  # the order of sending, over the whole run (each user sends one at a time)
    status: int = -1  # the HTTP status; 0: no answer at all; -1: still under way


@dataclass
class Ledger:
    """What the users sent and what was acknowledged, and the switches run.py turns."""

    sent: list[Sent] = field(default_factory=list)
    ready: int = 0  # users past on_start (logged in, joined)
    failed_start: int = 0
    in_flight: int = 0
    stopping: bool = False
    order: itertools.count = field(default_factory=itertools.count)
    next_change: float | None = None  # time.monotonic() when the next plan change is due


# Set by run.py before the users start: the accounts, scans and workshop of the set-up.
PLAN: dict = {}
CHANGES_PER_MINUTE = 0.0
LEDGER = Ledger()


def form_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if found is None:
        raise StopUser("no CSRF token in the form")
    return found.group(1)


def change_due() -> bool:
    """Whether a plan change is due: CHANGES_PER_MINUTE, spread over the run, first come."""
    if not CHANGES_PER_MINUTE:
        return False
    now = time.monotonic()
    if LEDGER.next_change is None:
        LEDGER.next_change = now + random.uniform(0, 60 / CHANGES_PER_MINUTE)
    if now < LEDGER.next_change:
        return False
    LEDGER.next_change = now + 60 / CHANGES_PER_MINUTE
    return True


def report_kind(response) -> str | None:
    """The stored PDF (200), or the page that says it is being prepared (202), each counted
    under its own name; anything else is an error under REPORT."""
    kind = (response.headers or {}).get("Content-Type", "")
    if response.status_code == 200 and kind.startswith("application/pdf"):
        return REPORT_READY
    if response.status_code == 202 and kind.startswith("text/html"):
        return REPORT_PREPARING
    return None


class Browser(FastHttpUser):
    """What the three kinds of user share: named requests, the CSRF cookie, stopping cleanly."""

    abstract = True
    wait_time = constant(0)  # the tasks pause themselves, as people do between clicks

    def csrf_cookie(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def pause(self, low: float, high: float) -> None:
        time.sleep(random.uniform(low, high))  # gevent's sleep: locust patches time

    def send(
        self, method: str, url: str, name: str, *, form=None, htmx=False, expect=(200,), judge=None
    ):
        """One request under `name`. Statuses outside `expect` are failures; or `judge(response)`
        gives the name to count a success under, None for a failure. Returns the response (its
        status_code is 0 when no answer came). Once run.py stops the run, no new request
        starts: the user stops instead."""
        if LEDGER.stopping:
            raise StopUser()
        headers = {"X-Bench-Name": name}
        if htmx:
            headers |= {"HX-Request": "true", "X-CSRFToken": self.csrf_cookie()}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            form = urllib.parse.urlencode(form)
        LEDGER.in_flight += 1
        try:
            with self.client.request(
                method, url, name=name, data=form, headers=headers, catch_response=True,
                allow_redirects=False,
            ) as response:  # fmt: skip
                counted = (
                    judge(response) if judge else name if response.status_code in expect else None
                )
                if counted:
                    response.request_meta["name"] = counted
                    response.success()
                elif response.status_code:  # no answer at all is already a failure
                    kind = (response.headers or {}).get("Content-Type", "")
                    response.failure(f"HTTP {response.status_code} {kind}")
                return response
        finally:
            LEDGER.in_flight -= 1

    def write(self, sent: Sent, url: str, form: dict, name: str) -> None:
        """A save or vote: recorded before it is sent, its status once it is answered."""
        if LEDGER.stopping:
            raise StopUser()
        LEDGER.sent.append(sent)
        response = self.send("POST", url, name, form=form, htmx=True)
        sent.status = response.status_code or 0

    def log_in(self, account: dict) -> None:
        """Through the login page, as a person does: its CSRF token, then the form."""
        page = self.send("GET", "/accounts/login/", "login page")
        credentials = {"login": account["username"], "password": account["password"]}
        form = {"csrfmiddlewaretoken": form_token(page.text), **credentials}
        if (
            self.send("POST", "/accounts/login/", "login", form=form, expect=(302,)).status_code
            != 302
        ):
            raise StopUser("login refused")

    def started(self) -> None:
        LEDGER.ready += 1

    def on_start(self) -> None:
        try:
            self.arrive()
        except StopUser:
            LEDGER.failed_start += 1
            raise
        self.started()


class Consultant(Browser):
    fixed_count = 50
    accounts = itertools.count()

    def arrive(self) -> None:
        account = PLAN["consultants"][next(Consultant.accounts)]
        self.scan, self.done = account["open_scan"], account["completed_scan"]
        self.areas = account["areas"]  # {area code: [statement codes]}
        self.order = itertools.cycle(random.sample(list(self.areas), len(self.areas)))
        self.log_in(account)
        self.area = next(self.order)
        self.send("GET", f"/scans/{self.scan}/areas/{self.area}/", AREA_PAGE)

    @task
    def work_through_an_area(self) -> None:
        statements = self.areas[self.area]
        for item in random.sample(statements, min(len(statements), random.randint(4, 8))):
            self.pause(2, 5)
            self.save(item)
        if random.random() < RESULTS_SHARE:
            self.send("GET", f"/scans/{self.scan}/results/", RESULTS)
        if change_due():
            self.change_plan()
            self.download_report()  # the new report, at once: being prepared, most likely
        elif random.random() < REPORT_SHARE:
            self.download_report()
        self.pause(2, 5)
        self.area = next(self.order)
        self.send("GET", f"/scans/{self.scan}/areas/{self.area}/", AREA_PAGE)

    def save(self, item: str) -> None:
        if random.random() < NOTE_SHARE:
            name, value = "note", f"Note {next(LEDGER.order)}"
            form = {f"note-{item}": value}
        else:
            name, value = "value", random.choice(CHOICES)
            form = {f"value-{item}": value}
        sent = Sent("answer", str(self.scan), item, name, value, next(LEDGER.order))
        self.write(sent, f"/scans/{self.scan}/answers/{item}/", form, AUTOSAVE)

    def download_report(self) -> None:
        self.send("GET", f"/scans/{self.done}/report.pdf?language=nl", REPORT, judge=report_kind)

    def change_plan(self) -> None:
        """Something that makes the completed scan's report out of date: a new KPI baseline,
        or (every other time) reopening the scan and completing it again."""
        if random.random() < 0.5:
            page = self.send("GET", f"/scans/{self.done}/kpis/", KPI_FORM)
            orders = random.randint(1000, 5000)
            form = {
                "csrfmiddlewaretoken": form_token(page.text),
                "orders": orders,
                "orders_with_contact": random.randint(1, orders),
            }
            self.send("POST", f"/scans/{self.done}/kpis/", KPI_SAVE, form=form, expect=(302,))
        else:
            token = {"csrfmiddlewaretoken": self.csrf_cookie()}
            self.send("POST", f"/scans/{self.done}/reopen/", REOPEN, form=token, expect=(302,))
            self.send("POST", f"/scans/{self.done}/complete/", COMPLETE, form=token, expect=(302,))


class Participant(Browser):
    fixed_count = 30
    names = itertools.count(1)

    def arrive(self) -> None:
        room = PLAN["workshop"]
        self.code, self.items = room["code"], room["items"]
        self.name = f"P{next(Participant.names):02d}"
        self.order = itertools.cycle(self.items[random.randrange(len(self.items)) :] + self.items)
        page = self.send("GET", f"/w/{self.code}/", "join page")
        form = {"csrfmiddlewaretoken": form_token(page.text), "name": self.name}
        if (
            self.send("POST", f"/w/{self.code}/", "join", form=form, expect=(302,)).status_code
            != 302
        ):
            raise StopUser("join refused")
        self.send("GET", f"/w/{self.code}/vote/", VOTE_PAGE)

    @task
    def vote(self) -> None:
        self.pause(2, 6)
        if random.random() < VOTE_PAGE_SHARE:
            self.send("GET", f"/w/{self.code}/vote/", VOTE_PAGE)
        item = next(self.order)
        if random.random() < NOTE_SHARE:
            name, value = "note", f"Comment {next(LEDGER.order)}"
        else:
            name, value = "value", random.choice(CHOICES)
        sent = Sent("vote", self.name, item, name, value, next(LEDGER.order))
        self.write(sent, f"/w/{self.code}/votes/{item}/", {f"{name}-{item}": value}, VOTE)


class Projector(Browser):
    """The facilitator's screen in the workshop room: the figures, polled every 2 s."""

    fixed_count = 1

    def arrive(self) -> None:
        account = PLAN["facilitator"]
        self.scan = account["scan"]
        self.log_in(account)

    @task
    def poll(self) -> None:
        self.pause(2, 2)
        self.send("GET", f"/scans/{self.scan}/workshop/live/", LIVE)
