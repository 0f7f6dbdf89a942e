"""How fast are a participant's vote and the projector's refresh, against a minimal Django view?

Run from the project directory: `.venv/bin/python bench/workshop_bench.py` (options: --n,
--warmup, --participants, --profile).

Everything happens in this process, on a temporary SQLite database that is deleted afterwards:
migrate, load the checklist content, a consultant with an organisation and a scan, and an open
workshop on the Purpose area with its first statement on the screen. Participants join and vote
on every Purpose statement (values spread over 0–4, a few N/A). Django's test client then times,
per request:

  baseline   GET of a view that returns "ok", through the project's full middleware stack
  vote       POST /w/<code>/votes/<item>/ by one participant (values alternating 1 and 2)
  live       GET /scans/<pk>/workshop/live/ by the consultant: the figures of the statement on
             the screen, which the projector polls every 2 s

The three are interleaved (one of each per round) so that drift of the machine hits them alike.
It prints median and p90 per request, the ratio to the baseline's median, SQL queries per
request, and the queries of a vote and a refresh with 5 participants and with the full room
(they must be the same), then whether the targets are met. A benchmark never fails: the exit
status is 0 whatever the timings (a crash of the set-up is still an error).
"""

import argparse
import cProfile
import io
import itertools
import platform
import pstats
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import (
    bench_client,
    install_urlconf,
    print_requests,
    schema_and_content,
    temporary_database,
    time_requests,
)

TARGETS_MS = {"vote": 10.0, "live": 10.0}
FEW = 5  # the small room whose query counts must equal the full room's


def prepare():
    """A consultant's scan with an open workshop on Purpose, its first statement on the screen.
    Returns (user, scan, workshop, items)."""

    from checklists.models import Item, Scan
    from tests import factories

    schema_and_content()
    user, organisation = bench_client()
    scan = factories.scan(
        organisation,
        title="Benchmark",
        language="nl",
        created_by=user,
        status=Scan.Status.IN_PROGRESS,
    )
    items = list(Item.objects.active().filter(area__code="purpose").order_by("position"))
    workshop = factories.workshop(scan, areas=["purpose"], current_item=items[0])
    return user, scan, workshop, items


def fill_room(workshop, items, participants: int) -> None:
    """Participants (those present included) up to this number; each new one votes on every
    statement, the values spread over 0–4 (the room disagrees) and every seventeenth N/A."""
    from tests import factories

    present = workshop.participants.count()
    newcomers = range(present, participants)
    factories.join(
        workshop,
        [f"Deelnemer {p + 1}" for p in newcomers],
        {
            item: ["na" if (p + i) % 17 == 16 else (p * 3 + i) % 5 for p in newcomers]
            for i, item in enumerate(items)
        },
    )


def participant_client(workshop):
    """A participant's own browser: joined through the join page, so it holds the real cookie."""
    from django.test import Client

    browser = Client()
    response = browser.post(f"/w/{workshop.code}/", {"name": "Bench"}, secure=True)
    if response.status_code != 302:
        raise RuntimeError(f"joining answered HTTP {response.status_code}, not 302")
    return browser


def count_queries(request) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


def profile(name: str, request, calls: int) -> None:
    """Where the time of one request goes: cProfile over `calls` calls, top 25 by cumulative."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        request()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(f"\ncProfile of {calls} x {name} (top 25 by cumulative time):")
    print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed requests per case (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    parser.add_argument("--participants", type=int, default=30, help="people in the room (30)")
    parser.add_argument(
        "--profile", action="store_true", help="profile vote and live even if targets are met"
    )
    parser.add_argument(
        "--profile-calls", type=int, default=200, help="requests per profile (200; 0: none)"
    )
    options = parser.parse_args()

    with temporary_database() as database:
        return run(options, database)


def run(options, database: Path) -> int:
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = install_urlconf()
    user, scan, workshop, items = prepare()
    code = items[0].code
    room_size = max(options.participants, FEW + 1)
    consultant = Client()
    consultant.force_login(user)
    counter = itertools.count()

    # The participant who votes during the timing is one of the room; the others are added
    # directly in the database (their own votes are not what is timed).
    fill_room(workshop, items, FEW - 1)
    voter = participant_client(workshop)
    # secure=True: requests arrive as https, so SECURE_SSL_REDIRECT (on unless DEBUG) lets
    # them through the same middleware as in production.
    cases = {
        "baseline": lambda: consultant.get("/bench-baseline/", secure=True),
        "vote": lambda: voter.post(
            f"/w/{workshop.code}/votes/{code}/",
            {f"value-{code}": "1" if next(counter) % 2 else "2"},
            headers={"HX-Request": "true"},
            secure=True,
        ),
        "live": lambda: consultant.get(
            f"/scans/{scan.pk}/workshop/live/", headers={"HX-Request": "true"}, secure=True
        ),
    }
    problems = []
    for name, request in cases.items():
        status = request().status_code
        if status != 200:
            problems.append(f"{name} answered HTTP {status}, not 200: its timing means little")
    # The participant's first vote above created their rows; from here on every vote updates.
    for name in ("vote", "live"):
        for _ in range(FEW):  # the first requests fill caches (translations, templates)
            cases[name]()
    few = {name: count_queries(cases[name]) for name in ("vote", "live")}

    fill_room(workshop, items, room_size)  # the voter is one of them
    people = workshop.participants.count()
    timings, queries = time_requests(cases, options.n, options.warmup)
    voted = workshop.votes.filter(item__code=code).count()

    print(
        f"Workshop benchmark: {options.n} timed requests per case after {options.warmup} "
        f"warm-up, interleaved; Django {django.get_version()}, Python "
        f"{platform.python_version()}, {connection.vendor} ({database}), DEBUG={settings.DEBUG}"
    )
    print(
        f"Scan {scan.pk}, workshop {workshop.code} on Purpose ({len(items)} statements): "
        f"{people} participants, {voted} votes on {code} (vote and live)."
    )
    print()
    print_requests(timings, queries)
    print()
    print("Queries per request by the size of the room (must not grow):")
    for name in ("vote", "live"):
        verdict = "constant" if few[name] == queries[name] else "GROWS"
        print(
            f"  {name:<5} {FEW} participants: {few[name]:>2}, {people} participants: "
            f"{queries[name]:>2} ({verdict})"
        )
        if few[name] != queries[name]:
            problems.append(f"the queries of {name} depend on the number of participants")
    print()
    print("Targets (median):")
    missed = []
    for name, target in TARGETS_MS.items():
        median = statistics.median(timings[name])
        verdict = "meets" if median <= target else "misses"
        if median > target:
            missed.append(name)
        print(f"  {name:<5} <= {target:>4.0f} ms: {verdict} ({median:.2f} ms)")
    for problem in problems:
        print(f"WARNING: {problem}")
    for name in ("vote", "live") if options.profile else missed:
        if options.profile_calls:
            profile(name, cases[name], options.profile_calls)
    return 0  # a benchmark reports; it never fails


if __name__ == "__main__":
    sys.exit(main())
