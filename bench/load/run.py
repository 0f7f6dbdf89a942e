"""A busy day, measured: 50 consultants and a workshop room of 30 on the production stack.

Run from the project directory, with PostgreSQL running (`make load` does this):

  .venv/bin/python bench/load/run.py [--database-url postgres://USER:PASSWORD@HOST:PORT/NAME]

(default postgres://cxscan:cxscan@127.0.0.1:5432/cxscan_load; options: see --help). The role
needs CREATEDB. The database must not exist: it is created, migrated, filled with the checklist
content and the day's accounts, and dropped at the end, also after an error or Ctrl-C.

Set-up, in bulk: per consultant an account, an organisation, an open scan (about 40 % answered)
and a completed scan whose report is stored in both languages (rendered once and stored for
every scan: a download finds it ready, as on a day after the worker caught up); a facilitator
with an open self-paced workshop on Purpose. Then gunicorn (`cxscan.wsgi`, 4 sync workers) and
one `manage.py db_worker` start with production settings on 127.0.0.1 (bench/production.py),
and locust runs the users of bench/load/locustfile.py in this process: consultants logging in
and working through their scan (an area page, an autosave every 2-5 s, now and then the results
or the report), participants joining and voting every 2-6 s, the projector polling. Once every
user has logged in or joined, the statistics start from zero and run for --duration seconds.

It prints locust's own statistics, then a compact table per request type: requests per second,
p50/p95/p99/max as the client saw them, errors, and the same request's time inside a gunicorn
worker (the access log's %(D)s: the difference is time spent waiting for a free worker, or
for the CPU), the share of the workers' time it took; the CPU each part of the stack used; what
the report worker did. Then it checks the database: every save and vote answered 2xx must be
there with the last value its user sent (0 lost), and nothing may be there that was not
acknowledged. Last, the goals of issue 16, "meets"/"misses" per line: p95 <= 100 ms for page
views and saves, 0 errors, 0 lost. It exits 0 whatever it measured (a benchmark reports); only a
set-up that fails (no PostgreSQL, a server that does not start, users that cannot log in) is an
error.

Client and server share the machine: the locust process takes CPU from gunicorn, and so does
any other work on it (the machine's busy time beside ours is printed), so on a small or busy
machine the latencies are an upper bound.
"""

# locust first: importing it patches the standard library for gevent, which must happen before
# anything opens a socket or starts a thread.
import locust  # noqa: F401  isort: skip

import argparse
import collections
import logging
import os
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import gevent
from locust.env import Environment
from locust.stats import print_error_report, print_stats

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import locustfile as scenario  # noqa: E402
from production import (  # noqa: E402
    ROOT,
    children,
    cpu_seconds,
    db_worker,
    fresh_database,
    gunicorn,
    machine_cpu_seconds,
    migrate_and_load,
    open_workshop,
    postgres_pids,
    server_environment,
    server_version,
)
from scan_bench import percentile  # noqa: E402

CONFIG = HERE / "gunicorn_conf.py"
DEFAULT_DATABASE_URL = "postgres://cxscan:cxscan@127.0.0.1:5432/cxscan_load"
TARGET_P95_MS = 100.0
# The request types the goal covers, grouped as in the table; the rest is reported only.
PAGE_VIEWS = (scenario.AREA_PAGE, scenario.RESULTS, scenario.VOTE_PAGE, scenario.LIVE)
SAVES = (scenario.AUTOSAVE, scenario.VOTE)
DOWNLOADS = (scenario.REPORT_READY, scenario.REPORT_PREPARING, scenario.REPORT)
CHANGES = (scenario.KPI_FORM, scenario.KPI_SAVE, scenario.REOPEN, scenario.COMPLETE)
GROUPS = (("page views", PAGE_VIEWS), ("saves", SAVES), ("downloads", DOWNLOADS))
# What the db_worker says about every task and at start and stop: not worth printing.
ROUTINE = re.compile(r"state=(RUNNING|SUCCESSFUL)$|^Starting worker |^Received Terminated")
TASK_STATES = {"READY": "waiting", "RUNNING": "running", "SUCCESSFUL": "done", "FAILED": "failed"}
# Per request in gunicorn's access log: the name the client sent along, the status, and the
# time inside the worker and its CPU time in µs (gunicorn_conf.py).
ACCESS_FORMAT = "%({x-bench-name}i)s\t%(s)s\t%(D)s\t%(cpu)s"


def progress(message: str) -> None:
    """Where the run is, on stderr: the report on stdout stays as it is."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="a database to create")
    parser.add_argument("--duration", type=float, default=180, help="seconds measured (180)")
    parser.add_argument("--consultants", type=int, default=50, help="consultants (50)")
    parser.add_argument("--participants", type=int, default=30, help="workshop participants (30)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second (10)")
    parser.add_argument(
        "--changes",
        type=float,
        default=0,
        help="plan changes a minute, over all consultants: a new KPI baseline, or the completed "
        "scan reopened and completed again, so that its report is rendered again (0)",
    )
    parser.add_argument("--seed", type=int, default=16, help="the set-up's answers (16)")
    options = parser.parse_args()
    if options.consultants < 1:
        parser.error("--consultants must be at least 1")

    # A stop from outside (kill, a CI timeout) cleans up as Ctrl-C does: servers stopped,
    # database dropped. gevent passes SystemExit from the handler on to the main greenlet.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    environment = server_environment(options.database_url)
    os.environ.update(environment)  # the same settings here (set-up and checks) as in gunicorn
    sys.path.insert(0, str(ROOT))
    import django

    with fresh_database(options.database_url) as name, tempfile.TemporaryDirectory() as logs:
        django.setup()
        progress(f"Setting up database {name}: schema, content, {options.consultants} consultants…")
        started = time.perf_counter()
        plan, baseline = set_up(options)
        set_up_seconds = time.perf_counter() - started
        logs = Path(logs)
        log, access, worker_log = logs / "gunicorn.log", logs / "access.log", logs / "worker.log"
        web = gunicorn(environment, options.workers, log, access, ACCESS_FORMAT, CONFIG)
        with web as (base, pid), db_worker(environment, worker_log) as worker_pid:
            run = run_load(base, plan, options, pid, worker_pid, access)
        progress("Checking the database…")
        projector = " and a projector" if options.participants else ""
        print(
            f"A busy day: {options.consultants} consultants, {options.participants} workshop "
            f"participants{projector} for {run.seconds:.0f} s (after {run.ramp:.0f} s of "
            f"logging in and joining) against gunicorn ({options.workers} sync workers, {base}), "
            f"one db_worker and PostgreSQL {server_version()} (database {name}, set up in "
            f"{set_up_seconds:.0f} s, dropped after); plan changes: {options.changes:g} a minute; "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, client and server on one "
            "machine."
        )
        print()
        print("locust's statistics (the measured part):")
        print_stats(run.stats, current=False)
        print_error_report(run.stats)
        print()
        server = server_times(access, run.access_offset)
        print_table(run, server, options.workers)
        print_where(run, server)
        print_cpu(run)
        print_background()
        lost = print_checks(plan, baseline)
        print_goals(run, server, lost)
        for path, what in ((log, "gunicorn"), (worker_log, "db_worker")):
            logged = "\n".join(
                line for line in path.read_text().splitlines() if not ROUTINE.search(line)
            )
            if logged:
                print(f"\n{what} logged (last 2000 characters):\n{logged[-2000:]}")
    return 0  # a benchmark reports; it never fails


def set_up(options) -> tuple[dict, dict]:
    """The day's accounts and scans, in bulk. Returns (the plan for the users, the answers as
    set up: {(scan pk, item code): (choice, note)})."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from checklists.models import Answer, Area, Item, Organisation, Scan
    from consultancies.models import Membership
    from tests import factories

    rng = random.Random(options.seed)
    migrate_and_load()
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # once: hashing is slow on purpose
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"consultant{n:02d}", password=hashed) for n in range(options.consultants)]
    )
    consultancy = factories.default_consultancy()
    Membership.objects.bulk_create(Membership(user=user, consultancy=consultancy) for user in users)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                consultancy=consultancy,
                name=f"Client {n:02d} BV",
                sector="Retail",
                size_band="50-249",
            )
            for n in range(options.consultants)
        ]
    )
    Organisation.consultants.through.objects.bulk_create(
        [
            Organisation.consultants.through(organisation=organisation, user=user)
            for organisation, user in zip(organisations, users, strict=True)
        ]
    )
    scans = Scan.objects.bulk_create(
        [
            Scan(
                organisation=organisation,
                title=title,
                language="nl",
                created_by=user,
                status=Scan.Status.IN_PROGRESS,
            )
            for organisation, user in zip(organisations, users, strict=True)
            for title in ("Last year", "This year")
        ]
    )
    done, open_scans = scans[0::2], scans[1::2]
    items = list(
        Item.objects.active().select_related("area").order_by("area__position", "position")
    )
    areas = collections.defaultdict(list)
    for item in items:
        areas[item.area.code].append(item.code)
    choices = ("0", "1", "2", "3", "4", "na")
    answers, baseline = [], {}
    for scan in scans:
        is_open = scan.title == "This year"
        for item in items:
            if is_open and rng.random() > 0.4:  # about 40 % answered so far
                continue
            choice = rng.choice(choices)
            value = choice if choice == factories.NOT_APPLICABLE else int(choice)
            answers.append(Answer(scan=scan, item=item, **factories.answer_fields(value)))
            if is_open:
                baseline[(scan.pk, item.code)] = (choice, "")
    Answer.objects.bulk_create(answers, batch_size=2000)
    for scan in done:
        factories.complete(scan)
    store_reports(done)

    facilitator = factories.user("facilitator", password=password)
    room = factories.organisation(
        "Workshop BV", sector="Retail", size_band="50-249", consultants=[facilitator]
    )
    workshop, codes = open_workshop(facilitator, room)
    # The projector shows the room's figures for the first statement.
    type(workshop).objects.filter(pk=workshop.pk).update(
        current_item=Item.objects.get(code=codes[0])
    )
    ordered = [a.code for a in Area.objects.order_by("position") if a.code in areas]
    plan = {
        "consultants": [
            {
                "username": user.username,
                "password": password,
                "open_scan": open_scan.pk,
                "completed_scan": completed.pk,
                "areas": {code: areas[code] for code in ordered},
            }
            for user, open_scan, completed in zip(users, open_scans, done, strict=True)
        ],
        "workshop": {"code": workshop.code, "items": codes, "pk": workshop.pk},
        "facilitator": {"username": "facilitator", "password": password, "scan": workshop.scan_id},
    }
    return plan, baseline


def store_reports(scans) -> None:
    """Every completed scan's report in both languages, stored as the report worker stores it,
    so that a download finds it ready; and an empty task queue.

    One report per language is rendered (of the first scan) and stored for all: what a download
    serves is a stored PDF of the usual size, whoever's it is. Completing the scans queued their
    renders; they are dropped, or the worker would spend the run on them.
    """
    from django.db.models import F
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from reports.models import StoredReport
    from reports.stored import render

    stored = 0
    for language in ("nl", "en"):
        stored += StoredReport.objects.filter(scan__in=scans, language=language).update(
            pdf=render(scans[0], language),
            rendered_version=F("version"),
            rendered_at=timezone.now(),
            queued_at=None,
        )
    if stored != 2 * len(scans):
        raise SystemExit(
            f"Set-up failed: {stored} stored reports for {len(scans)} completed scans."
        )
    DBTaskResult.objects.all().delete()


class Run:
    """What the measured part produced: statistics, samples, CPU."""

    def __init__(self):
        self.samples: dict[str, list[float]] = collections.defaultdict(list)
        self.failures: collections.Counter = collections.Counter()
        self.measuring = False
        self.seconds = self.ramp = 0.0
        self.access_offset = 0
        self.cpu: dict[str, float] = {}
        self.stats = None
        self.exceptions = 0

    def on_request(self, name, response_time, exception=None, **_kwargs) -> None:
        if self.measuring:
            self.samples[name].append(response_time)
            if exception is not None:
                self.failures[name] += 1


def run_load(base: str, plan: dict, options, pid: int, worker_pid: int, access: Path) -> Run:
    """The users, started; once all are in, the statistics from zero for --duration seconds;
    then no new request, the ones under way answered, and the users stopped."""
    scenario.PLAN = plan
    scenario.CHANGES_PER_MINUTE = options.changes
    counts = {
        scenario.Consultant: options.consultants,
        scenario.Participant: options.participants,
        scenario.Projector: 1 if options.participants else 0,
    }
    classes = [cls for cls, count in counts.items() if count]  # fixed_count 0 means "weighted"
    for cls in classes:
        cls.fixed_count = counts[cls]
    total = sum(counts.values())
    environment = Environment(user_classes=classes, host=base)
    run = Run()
    run.stats = environment.stats
    environment.events.request.add_listener(run.on_request)
    runner = environment.create_local_runner()
    try:
        progress(f"Servers up at {base}; {total} users logging in and joining…")
        started = time.monotonic()
        runner.start(total, spawn_rate=options.spawn_rate)
        deadline = started + 60 + total / options.spawn_rate + total  # logins cost ~0.5 s CPU
        ledger = scenario.LEDGER
        while ledger.ready + ledger.failed_start < total:
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"Set-up failed: after {time.monotonic() - started:.0f} s only {ledger.ready} "
                    f"of {total} users had logged in or joined."
                )
            gevent.sleep(0.2)
        if ledger.failed_start:
            print_error_report(environment.stats)
            raise SystemExit(
                f"Set-up failed: {ledger.failed_start} users could not log in or join."
            )
        run.ramp = time.monotonic() - started
        environment.stats.clear_all()  # logging in and joining are not part of the day
        run.access_offset = access.stat().st_size
        workers = children(pid)
        before = snapshot(workers, worker_pid)
        run.measuring = True
        progress(
            f"All in after {time.monotonic() - started:.0f} s; measuring {options.duration:g} s…"
        )
        began = time.monotonic()
        gevent.sleep(options.duration)
        ledger.stopping = True
        run.seconds = time.monotonic() - began
        after = snapshot(workers, worker_pid)
        run.cpu = {part: after[part] - before[part] for part in after if part != "postgres"}
        run.cpu["postgres"] = sum(
            seconds - before["postgres"].get(process, 0.0)
            for process, seconds in after["postgres"].items()
        )
        drained = time.monotonic() + 60
        while ledger.in_flight and time.monotonic() < drained:
            gevent.sleep(0.05)
        run.measuring = False
        run.exceptions = sum(e["count"] for e in runner.exceptions.values())
        for exception in runner.exceptions.values():
            print(f"Exception in a user ({exception['count']}x):\n{exception['traceback']}")
    finally:
        runner.quit()
    return run


def snapshot(workers: list[int], worker_pid: int) -> dict:
    busy, total = machine_cpu_seconds()
    return {
        "gunicorn": cpu_seconds(workers),
        "db_worker": cpu_seconds([worker_pid]),
        "postgres": {process: cpu_seconds([process]) for process in postgres_pids()},
        "client": time.process_time(),
        "machine": busy,
        "machine total": total,
    }


@dataclass
class Inside:
    """One request inside a gunicorn worker, in ms: from start to end, and its CPU time."""

    wall: float
    cpu: float


def server_times(access: Path, offset: int) -> dict[str, list[Inside]]:
    """The requests of the measured part by type, from gunicorn's access log (the report's name
    told apart by its status, as the client does)."""
    found = collections.defaultdict(list)
    with access.open() as log:
        log.seek(offset)
        for line in log:
            name, status, microseconds, cpu = line.rstrip("\n").split("\t")
            if name == scenario.REPORT:
                name = {"200": scenario.REPORT_READY, "202": scenario.REPORT_PREPARING}.get(
                    status, name
                )
            if name != "-" and cpu != "-":
                found[name].append(Inside(int(microseconds) / 1000, int(cpu) / 1000))
    return found


def print_table(run: Run, server: dict[str, list[Inside]], workers: int) -> None:
    """Per request type: as the client saw it, inside the worker, and its share of the
    workers' CPU."""
    cpu_total = sum(r.cpu for requests in server.values() for r in requests) or 1.0
    known = [*PAGE_VIEWS, *SAVES, *DOWNLOADS, *CHANGES]
    names = [n for n in known if n in run.samples] + sorted(set(run.samples) - set(known))
    columns = ("n", "req/s", "p50", "p95", "p99", "max", "errors", "wrk p50", "wrk p95")
    columns += ("cpu p50", "cpu %")
    width = max(len(n) for n in [*names, "total"]) + 1
    header = f"{'request (ms)':<{width}}" + "".join(f"{c:>8}" for c in columns)
    print(header)
    print("-" * len(header))
    for name in names:
        samples, inside = run.samples[name], server.get(name, [])
        walls, cpus = [r.wall for r in inside], [r.cpu for r in inside]
        worker = (
            f"{statistics.median(walls):>8.1f}{percentile(walls, 0.95):>8.1f}"
            f"{statistics.median(cpus):>8.1f}{100 * sum(cpus) / cpu_total:>7.1f}%"
            if inside
            else ""
        )
        print(
            f"{name:<{width}}{len(samples):>8}{len(samples) / run.seconds:>8.2f}"
            f"{statistics.median(samples):>8.1f}{percentile(samples, 0.95):>8.1f}"
            f"{percentile(samples, 0.99):>8.1f}{max(samples):>8.0f}{run.failures[name]:>8}" + worker
        )
    everything = [s for samples in run.samples.values() for s in samples]
    print("-" * len(header))
    print(
        f"{'total':<{width}}{len(everything):>8}{len(everything) / run.seconds:>8.2f}"
        f"{statistics.median(everything):>8.1f}{percentile(everything, 0.95):>8.1f}"
        f"{percentile(everything, 0.99):>8.1f}{max(everything):>8.0f}"
        f"{sum(run.failures.values()):>8}"
    )
    busy = sum(r.wall for requests in server.values() for r in requests) / 1000
    print(
        "Client: from sending the request to reading the whole answer. wrk: inside a gunicorn "
        "worker (its access log); cpu: the worker's CPU time for the request; cpu %: its share "
        f"of all the workers' CPU time. The {workers} workers were busy "
        f"{100 * busy / (run.seconds * workers):.0f} % of the time."
    )
    print()


def print_where(run: Run, server: dict[str, list[Inside]]) -> None:
    """Per request type of the goal, its mean time split: waiting before a worker took it (or
    in the client), the worker's CPU, and the rest in the worker (PostgreSQL, locks, waiting
    for a CPU). Means add up where percentiles do not."""
    print(
        "Where the time goes (means, ms): client = queued + in the worker; in the worker = "
        "CPU + the rest."
    )
    header = f"{'request':<22}" + "".join(
        f"{c:>9}" for c in ("client", "queued", "worker", "cpu", "rest")
    )
    print(header)
    print("-" * len(header))
    for name in (*PAGE_VIEWS, *SAVES):
        inside = server.get(name)
        if name not in run.samples or not inside:
            continue
        client = statistics.fmean(run.samples[name])
        worker = statistics.fmean(r.wall for r in inside)
        cpu = statistics.fmean(r.cpu for r in inside)
        print(
            f"{name:<22}{client:>9.1f}{client - worker:>9.1f}{worker:>9.1f}{cpu:>9.1f}"
            f"{worker - cpu:>9.1f}"
        )
    print(
        "queued: waiting for a free worker (all busy), and the client's own delays. rest: "
        "PostgreSQL, row locks, and waiting for a CPU while the machine's CPUs are busy."
    )
    print()


def print_cpu(run: Run) -> None:
    cpu = run.cpu
    requests = sum(len(s) for s in run.samples.values()) or 1
    machine = cpu["machine"] / cpu["machine total"] * (os.cpu_count() or 1)
    ours = cpu["gunicorn"] + cpu["db_worker"] + cpu["postgres"] + cpu["client"]
    print(
        f"CPU over the measured {run.seconds:.0f} s, in CPUs kept busy (of {os.cpu_count()}): "
        f"gunicorn workers {cpu['gunicorn'] / run.seconds:.2f} "
        f"({1000 * cpu['gunicorn'] / requests:.1f} ms a request), db_worker "
        f"{cpu['db_worker'] / run.seconds:.2f}, PostgreSQL {cpu['postgres'] / run.seconds:.2f} "
        f"(all its processes), this locust client {cpu['client'] / run.seconds:.2f}; the whole "
        f"machine {machine:.2f}, of which {max(0.0, machine - ours / run.seconds):.2f} not ours."
    )
    if run.exceptions:
        print(f"Exceptions in the users' code (see above): {run.exceptions}.")
    print()


def print_background() -> None:
    """What the report worker did: the render tasks queued during the run."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    done = dict(
        DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by("status")
    )
    if not done:
        print("Report worker: no render was queued during the run.")
    else:
        described = ", ".join(
            f"{n} {TASK_STATES.get(status, status.lower())}" for status, n in sorted(done.items())
        )
        times = [
            (t.finished_at - t.started_at).total_seconds()
            for t in DBTaskResult.objects.filter(status="SUCCESSFUL")
        ]
        took = f"; {statistics.median(times):.1f} s per task (median)" if times else ""
        print(
            f"Report worker: {sum(done.values())} tasks queued during the run: {described}{took}."
        )
    print()


def check_writes(sent: list[scenario.Sent], stored: dict, baseline: dict) -> tuple[int, int, int]:
    """(writes expected to be stored, lost or with another value, stored without an accepted
    write) for one kind of write.

    Per (owner, item, field) the last value its user sent that was answered 2xx must be stored;
    where later sends got no answer at all (cut off), their values count as well, as the server
    may have stored them. Where nothing was accepted, the value set up (or nothing) must stay.
    """
    expected = dict(baseline)
    maybe = collections.defaultdict(set)
    for write in sorted(sent, key=lambda s: s.order):
        key = (write.owner, write.item, write.field)
        if 200 <= write.status < 300:
            expected[key] = write.value
            maybe[key] = set()
        elif write.status in (0, -1):
            maybe[key].add(write.value)
    accepted = {(s.owner, s.item, s.field) for s in sent if 200 <= s.status < 300}
    lost = sum(
        1
        for key in accepted
        if stored.get(key, "") != expected[key] and stored.get(key, "") not in maybe[key]
    )
    unexpected = sum(
        1
        for key, value in stored.items()
        if key not in accepted
        and value != expected.get(key, "")
        and value not in maybe.get(key, ())
    )
    return len(accepted), lost, unexpected


def print_checks(plan: dict, baseline: dict) -> int:
    """The database against the saves and votes answered 2xx. Returns how many were lost."""
    from checklists.models import Answer
    from workshops.models import Vote

    def choice(value, not_applicable) -> str:
        return "na" if not_applicable else "" if value is None else str(value)

    sent = scenario.LEDGER.sent
    scans = [c["open_scan"] for c in plan["consultants"]]
    answers = {}
    for scan, item, value, not_applicable, note in Answer.objects.filter(
        scan_id__in=scans
    ).values_list("scan_id", "item__code", "value", "not_applicable", "note"):
        answers[(str(scan), item, "value")] = choice(value, not_applicable)
        if note:
            answers[(str(scan), item, "note")] = note
    set_up = {(str(scan), item, "value"): value for (scan, item), (value, _) in baseline.items()}
    votes = {}
    for name, item, value, not_applicable, comment in Vote.objects.filter(
        workshop_id=plan["workshop"]["pk"]
    ).values_list("participant__name", "item__code", "value", "not_applicable", "comment"):
        if value is not None or not_applicable:
            votes[(name, item, "value")] = choice(value, not_applicable)
        if comment:
            votes[(name, item, "note")] = comment
    lost = 0
    for kind, what, stored, before in (
        ("answer", "saves", answers, set_up),
        ("vote", "votes", votes, {}),
    ):
        writes = [s for s in sent if s.kind == kind]
        if not writes:
            continue
        statuses = collections.Counter(s.status for s in writes if not 200 <= s.status < 300)
        expected, missing, unexpected = check_writes(writes, stored, before)
        refused = ", ".join(f"HTTP {code or 'none'}: {n}" for code, n in sorted(statuses.items()))
        print(
            f"Database, {what}: {len(writes)} sent ({refused or 'all answered 2xx'}); "
            f"{expected} (owner, statement, field) with an accepted write: {missing} lost or "
            f"with another value; {unexpected} changed without an accepted write."
        )
        lost += missing
    print()
    return lost


def print_goals(run: Run, server: dict[str, list[Inside]], lost: int) -> None:
    print(f"Goals (issue 16; p95 as the client saw it, <= {TARGET_P95_MS:.0f} ms):")
    missed = []
    for group, names in GROUPS[:2]:
        for name in names:
            if name in run.samples:
                p95 = percentile(run.samples[name], 0.95)
                verdict = "meets" if p95 <= TARGET_P95_MS else "misses"
                print(f"  {group}, {name}: {verdict} ({p95:.1f} ms)")
                if verdict == "misses":
                    missed.append(name)
    errors = sum(run.failures.values()) + run.exceptions
    print(f"  0 errors: {'meets' if errors == 0 else 'misses'} ({errors})")
    print(f"  0 saves or votes lost: {'meets' if lost == 0 else 'misses'} ({lost})")
    reports = [s for name in DOWNLOADS[:2] for s in run.samples.get(name, [])]
    if reports:
        print(f"  (report downloads, no goal: p95 {percentile(reports, 0.95):.1f} ms)")
    if missed:
        print()
        for line in diagnosis(run, server, missed):
            print(line)


def diagnosis(run: Run, server: dict[str, list[Inside]], missed: list[str]) -> list[str]:
    """Where the time of the request types that miss the goal goes, and what the machine did."""
    cores = os.cpu_count() or 1
    cpu = run.cpu
    machine = cpu["machine"] / cpu["machine total"] * cores
    others = max(
        0.0,
        machine
        - sum(cpu[p] for p in ("gunicorn", "db_worker", "postgres", "client")) / run.seconds,
    )
    requests = sum(len(s) for s in run.samples.values()) or 1
    database = 1000 * cpu["postgres"] / requests
    lines = ["Where the time of the misses goes (means, ms):"]
    for name in missed:
        inside = server.get(name, [])
        if not inside:
            continue
        client = statistics.fmean(run.samples[name])
        worker = statistics.fmean(r.wall for r in inside)
        own = statistics.fmean(r.cpu for r in inside)
        lines.append(
            f"  {name}: {client:.0f} = {client - worker:.0f} queued + {own:.0f} CPU in the worker "
            f"+ {worker - own:.0f} rest ({100 * (worker - own) / client:.0f} %)"
        )
    lines.append(
        f"  PostgreSQL's CPU: {database:.1f} ms a request on average; the rest beyond it is "
        "waiting: for row locks, or for a CPU."
    )
    if machine >= 0.9 * cores:
        lines.append(
            f"  The machine's {cores} CPUs were saturated ({machine:.2f} busy, {others:.2f} of "
            "them by work that is not this test's): requests wait for a CPU inside the workers, "
            "so these latencies are an upper bound. Run it again on a quiet machine."
        )
    else:
        lines.append(
            f"  The machine's CPUs were {100 * machine / cores:.0f} % busy ({others:.2f} CPUs by "
            "work that is not this test's)."
        )
    return lines


if __name__ == "__main__":
    logging.getLogger("locust").setLevel(logging.WARNING)
    stats_logger = logging.getLogger("locust.stats_logger")
    stats_logger.addHandler(logging.StreamHandler(sys.stdout))
    stats_logger.setLevel(logging.INFO)
    stats_logger.propagate = False
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: the servers are stopped and the database is dropped.")
