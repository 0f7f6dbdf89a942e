"""A full room voting at once: 30 participants on gunicorn (4 workers) and PostgreSQL.

Run from the project directory, with PostgreSQL running:

  .venv/bin/python bench/workshop_load.py [--database-url postgres://USER:PASSWORD@HOST:PORT/NAME]

(default postgres://cxscan:cxscan@127.0.0.1:5432/cxscan_workshop_load; options: see --help). The
role needs CREATEDB. The database must not exist yet: the script creates it, migrates it, loads
the checklist content, and drops it at the end, so it never touches a database it did not make.

It sets up a consultant's scan with an open workshop (self-paced) on the Purpose area, starts
gunicorn with 4 sync workers on a free port of 127.0.0.1 with production settings (DEBUG off, a
random SECRET_KEY, no TLS redirect: plain http on the loopback), and has each participant's thread
join through the join page like a phone does (its own cookies: the CSRF token and the signed
participant cookie), then casts one untimed vote (every worker has served the vote view before
the timing). Then, round after round, a threading.Barrier releases all threads at once and each
casts a few votes (--votes, 3) on random Purpose statements with random values (0–4 or N/A):

  each second  one vote per participant in each second after the barrier, at a random moment in
               it: the issue's "30 participants voting within the same second", a few seconds
               in a row (a room answering the statements on the screen)
  burst        every vote sent the moment the barrier opens, one after the other per
               participant: 90 votes in flight at once, the worst case, shown for comparison

Rounds alternate between the two. Latency is measured by the client thread from sending the
request to reading the whole answer (a new connection per request, as gunicorn's sync workers
close it), and inside the worker (gunicorn's access log, %(D)s): the difference is time queued
for a free worker. It prints p50/p95/p99 and max per pattern, the CPU time per vote in the
workers and in the client, and every answer that was not 2xx, then checks the database: every
vote that got a 2xx must be there with the last value its participant sent for that statement
(0 lost), and no vote may be there that was never accepted. Targets: p95 <= 50 ms each second
(as the phones see it), 0 lost. Like the other benchmarks it exits 0 whatever the timings; a
set-up that fails (no PostgreSQL, gunicorn does not start) is an error.

The client runs on the same machine as the server: its threads take CPU from gunicorn, so on a
small machine the numbers are an upper bound; so are they on a machine busy with other work
(compare the CPU per vote, which depends little on that). The vote endpoint is rate-limited per
client address (workshops/limits.py, counted in each worker's own memory); all threads come
from 127.0.0.1, as a room behind one office address does, so any 429 is reported as an error.
"""

import argparse
import collections
import http.cookiejar
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from production import (
    children,
    cpu_seconds,
    fresh_database,
    gunicorn,
    migrate_and_load,
    open_workshop,
    server_environment,
    server_version,
)
from scan_bench import percentile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://cxscan:cxscan@127.0.0.1:5432/cxscan_workshop_load"
TARGET_P95_MS = 50.0
CHOICES = ("0", "1", "2", "3", "4", "na")
PATTERNS = ("burst", "each second")


@dataclass
class Sent:
    pattern: str
    participant: str  # the display name, unique in this run
    item: str
    choice: str
    status: int  # 0: no HTTP answer at all (connection refused or reset, timeout)
    ms: float
    order: int  # per participant: the order in which its votes were sent


def prepare(participants_wanted: int):
    """Schema, content, and an open self-paced workshop on Purpose. Returns (workshop, codes)."""
    from tests import factories

    migrate_and_load()
    user = factories.user("load", password=secrets.token_urlsafe(16))
    organisation = factories.organisation(
        "Load BV", sector="Retail", size_band="50-249", consultants=[user]
    )
    return open_workshop(user, organisation)


class Phone:
    """One participant's browser: its own cookies, a new connection per request."""

    def __init__(self, base: str, code: str, name: str):
        self.base, self.code, self.name = base, code, name
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def join(self) -> None:
        url = f"{self.base}/w/{self.code}/"
        page = self.opener.open(url, timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "name": self.name}).encode()
        joined = self.opener.open(urllib.request.Request(url, data=form), timeout=30)
        joined.read()  # the redirect to the vote page was followed: the cookie is set
        if not any(c.name.startswith("cxw-") for c in self.cookies):
            raise RuntimeError(
                f"{self.name} did not get a participant cookie (HTTP {joined.status})"
            )

    def vote(self, item: str, choice: str, pattern: str) -> tuple[int, float]:
        """(HTTP status, milliseconds from sending to the whole answer read)."""
        request = urllib.request.Request(
            f"{self.base}/w/{self.code}/votes/{item}/",
            data=urllib.parse.urlencode({f"value-{item}": choice}).encode(),
            headers={
                "X-CSRFToken": self.csrf_token(),
                "HX-Request": "true",
                "X-Bench-Pattern": pattern,  # for gunicorn's access log
            },
        )
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as refused:
            refused.read()
            status = refused.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status = 0
        return status, (time.perf_counter() - start) * 1000


def join_room(base: str, code: str, items: list[str], participants: int):
    """Every phone joins, then casts one untimed vote (so that every worker has served the vote
    view before the rounds). Returns (phones, those votes)."""
    phones = [Phone(base, code, f"P{n + 1:02d}") for n in range(participants)]
    sent: list[Sent] = []
    for phone in phones:
        phone.join()
        status, ms = phone.vote(items[0], "2", "warm-up")
        sent.append(Sent("warm-up", phone.name, items[0], "2", status, ms, 0))
    return phones, sent


def run_rounds(phones: list["Phone"], items: list[str], options) -> list[Sent]:
    """Every participant in its own thread, all released together each round."""
    sent: list[Sent] = []
    # Bounded: a thread that dies breaks the barrier for the others instead of hanging them.
    barrier = threading.Barrier(options.participants, timeout=120)
    lock = threading.Lock()

    def participant(phone: Phone, seed: int) -> None:
        rng = random.Random(seed)
        order = 0
        for round_number in range(options.rounds):
            pattern = PATTERNS[round_number % 2]
            votes = [(rng.choice(items), rng.choice(CHOICES)) for _ in range(options.votes)]
            # Each second the whole room votes once, each phone at its own moment in it.
            moments = [k + rng.uniform(0, 1.0) for k in range(len(votes))]
            barrier.wait()
            released = time.perf_counter()
            for index, (item, choice) in enumerate(votes):
                if pattern == "each second":
                    time.sleep(max(0.0, released + moments[index] - time.perf_counter()))
                status, ms = phone.vote(item, choice, pattern)
                order += 1
                with lock:
                    sent.append(Sent(pattern, phone.name, item, choice, status, ms, order))
            # Let the last answers of this round drain before the next one starts.
            barrier.wait()
            time.sleep(options.pause)

    threads = [
        threading.Thread(target=participant, args=(phone, options.seed + n), daemon=True)
        for n, phone in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


def check_database(workshop, sent: list[Sent]) -> tuple[int, int, int]:
    """(accepted votes expected, lost or wrong, never accepted but present) against the rows."""
    from workshops.models import Vote

    expected = {}
    for vote in sorted(sent, key=lambda s: s.order):
        if 200 <= vote.status < 300:
            expected[(vote.participant, vote.item)] = vote.choice
    stored = {
        (name, item): "na" if not_applicable else str(value)
        for name, item, value, not_applicable in Vote.objects.filter(workshop=workshop).values_list(
            "participant__name", "item__code", "value", "not_applicable"
        )
    }
    lost = sum(1 for key, choice in expected.items() if stored.get(key) != choice)
    unexpected = sum(1 for key in stored if key not in expected)
    return len(expected), lost, unexpected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="a database to create")
    parser.add_argument("--participants", type=int, default=30, help="threads, one per phone (30)")
    parser.add_argument("--votes", type=int, default=3, help="votes per participant per round (3)")
    parser.add_argument("--rounds", type=int, default=12, help="rounds, alternating patterns (12)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between rounds (0.5)")
    parser.add_argument("--seed", type=int, default=12, help="random votes, repeatable (12)")
    options = parser.parse_args()

    environment = server_environment(options.database_url)
    os.environ.update(environment)  # the same settings here (set-up and checks) as in gunicorn
    sys.path.insert(0, str(ROOT))
    import django

    with fresh_database(options.database_url) as name, tempfile.TemporaryDirectory() as logs:
        django.setup()
        workshop, items = prepare(options.participants)
        log, access = Path(logs) / "gunicorn.log", Path(logs) / "access.log"
        with gunicorn(environment, options.workers, log, access) as (base, pid):
            phones, sent = join_room(base, workshop.code, items, options.participants)
            workers = children(pid)
            cpu_before = cpu_seconds(workers), time.process_time()
            started = time.perf_counter()
            sent += run_rounds(phones, items, options)
            took = time.perf_counter() - started
            cpu = cpu_seconds(workers) - cpu_before[0], time.process_time() - cpu_before[1]
        timed = sum(1 for s in sent if s.pattern in PATTERNS)
        print(
            f"Workshop load: {options.participants} participants x {options.votes} votes x "
            f"{options.rounds} rounds = {timed} votes in {took:.1f} s against gunicorn "
            f"({options.workers} sync workers, pid {pid}, {base}) and PostgreSQL "
            f"{server_version()} (database {name}, dropped after); Python "
            f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, client and server on one machine."
        )
        print()
        print_latencies(sent, server_times(access))
        print(
            f"CPU per vote: {1000 * cpu[0] / timed:.1f} ms in the {len(workers)} gunicorn workers, "
            f"{1000 * cpu[1] / timed:.1f} ms in this client (PostgreSQL's not counted); the "
            f"rounds kept {(cpu[0] + cpu[1]) / took:.2f} of {os.cpu_count()} CPUs busy."
        )
        print()
        lost = print_checks(workshop, sent)
        print_targets(sent, lost)
        logged = log.read_text().strip()
        if logged:
            print(f"\ngunicorn logged (last 2000 characters):\n{logged[-2000:]}")
    return 0  # a benchmark reports; it never fails


def server_times(access: Path) -> dict[str, list[float]]:
    """Milliseconds inside a gunicorn worker per vote, by pattern, from the access log."""
    found = collections.defaultdict(list)
    for line in access.read_text().splitlines():
        pattern, _, microseconds = line.rpartition(" ")
        if pattern in PATTERNS:
            found[pattern].append(int(microseconds) / 1000)
    return found


def print_latencies(sent: list[Sent], server: dict[str, list[float]]) -> None:
    """Per pattern: as the phone saw it (queueing included) and inside the worker."""
    columns = ("p50 ms", "p95 ms", "p99 ms", "max ms", "not 2xx")
    header = f"{'pattern, measured at':<22} {'votes':>6} " + " ".join(f"{c:>8}" for c in columns)
    print(header)
    print("-" * len(header))
    for pattern in PATTERNS:
        rows = [
            ([s.ms for s in sent if s.pattern == pattern], "client"),
            (server.get(pattern, []), "worker"),
        ]
        failed = sum(1 for s in sent if s.pattern == pattern and not 200 <= s.status < 300)
        for samples, where in rows:
            if not samples:
                continue
            print(
                f"{pattern + ', ' + where:<22} {len(samples):>6} "
                f"{statistics.median(samples):>8.1f} {percentile(samples, 0.95):>8.1f} "
                f"{percentile(samples, 0.99):>8.1f} {max(samples):>8.1f} "
                f"{failed if where == 'client' else '':>8}"
            )


def print_checks(workshop, sent: list[Sent]) -> int:
    """Answers that were not 2xx, and the database against the accepted votes. Returns lost."""
    statuses = collections.Counter(s.status for s in sent if not 200 <= s.status < 300)
    if statuses:
        described = ", ".join(f"HTTP {code or 'none'}: {n}" for code, n in sorted(statuses.items()))
        print(f"Answers that were not 2xx: {described}.")
    else:
        print("Every vote was answered 2xx.")
    expected, lost, unexpected = check_database(workshop, sent)
    print(
        f"Database: {expected} (participant, statement) pairs with an accepted vote; "
        f"{lost} lost or with another value; {unexpected} present without an accepted vote."
    )
    print()
    return lost


def print_targets(sent: list[Sent], lost: int) -> None:
    within = percentile([s.ms for s in sent if s.pattern == "each second"], 0.95)
    burst = percentile([s.ms for s in sent if s.pattern == "burst"], 0.95)
    print("Targets (as the phones saw it):")
    verdict = "meets" if within <= TARGET_P95_MS else "misses"
    print(f"  p95, 30 votes each second <= {TARGET_P95_MS:.0f} ms: {verdict} ({within:.1f} ms)")
    print(f"  0 votes lost: {'meets' if lost == 0 else 'misses'} ({lost} lost)")
    print(f"  (burst, for comparison: p95 {burst:.1f} ms)")


if __name__ == "__main__":
    sys.exit(main())
