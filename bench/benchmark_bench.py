"""How fast is the peer benchmark over 10,000 completed scans, on SQLite and on PostgreSQL?

Run from the project directory:
    .venv/bin/python bench/benchmark_bench.py                      # a throw-away SQLite file
    .venv/bin/python bench/benchmark_bench.py --database-url postgres://cxscan:cxscan@127.0.0.1:5432/cxscan_benchmark_bench
(PostgreSQL: the database must not exist; it is created and dropped again.) Options: --help.

It migrates, loads the content and runs `seed_benchmark` (2,000 organisations, 10,000 completed
scans; the seconds it took are printed), then adds one client organisation without a sector, so
its peers are all 2,000 organisations: the widest group. Then, interleaved round by round:

  baseline            a view that returns "ok", through the full middleware stack
  benchmark (group)   scoring.benchmark.benchmark_for for a synthetic scan whose peers are its
                      sector and size band (about 60 organisations): the usual case
  benchmark (all)     the same for the client without a sector: all 2,000 organisations
  results (group)     GET /scans/<pk>/results/ of that synthetic scan, benchmark included
  portfolio (500)     GET /portfolio/ for a consultant with 500 organisations, sorted by the
                      overall score

Medians, p90, ratio to the baseline and SQL queries. Targets (issue 15): the benchmark for one
scan ≤ 100 ms median with a constant number of queries; the portfolio of 500 organisations
≤ 100 ms median. A benchmark never fails: the exit
status is 0 whatever the timings.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan_bench import (
    configure_url,
    install_urlconf,
    print_requests,
    schema_and_content,
    temporary_database,
    time_requests,
)
from workshop_load import fresh_database

TARGET_MS = 100.0


def prepare(organisations: int, scans: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from checklists.models import Organisation, Scan
    from scoring.latest import mark_latest
    from scoring.management.commands.seed_benchmark import synthetic_consultancy
    from tests import factories

    schema_and_content()
    start = time.perf_counter()
    call_command("seed_benchmark", organisations=organisations, scans=scans, stdout=io.StringIO())
    seeded = time.perf_counter() - start

    staff = get_user_model().objects.create_superuser("bench", password="x")
    consultant = factories.user("consultant", consultancy=synthetic_consultancy())
    consultant.organisations.set(Organisation.objects.filter(name__startswith="Synthetic ")[:500])
    typical = (
        Scan.objects.filter(organisation__name__startswith="Synthetic Retail")
        .exclude(organisation__size_band="")
        .order_by("-completed_at")
        .first()
    )
    # A client without a sector: its peers are every other organisation.
    client = factories.organisation("Client without a sector")
    call_command("seed_benchmark", organisations=1, scans=1, seed=7, stdout=io.StringIO())
    widest = Scan.objects.order_by("-pk").first()
    Scan.objects.filter(pk=widest.pk).update(organisation=client)
    mark_latest(client.pk)
    typical, widest = Scan.objects.get(pk=typical.pk), Scan.objects.get(pk=widest.pk)
    return staff, consultant, typical, widest, seeded


def run(options) -> int:
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from scoring.benchmark import benchmark_for
    from scoring.results import results_for

    settings.ROOT_URLCONF = install_urlconf()
    staff, consultant, typical, widest, seeded = prepare(options.organisations, options.scans)
    typical_results, widest_results = results_for(typical), results_for(widest)
    groups = {
        "group": benchmark_for(typical, typical_results),
        "all": benchmark_for(widest, widest_results),
    }
    client = Client()
    client.force_login(staff)
    consultants = Client()
    consultants.force_login(consultant)
    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "benchmark (group)": lambda: benchmark_for(typical, typical_results),
        "benchmark (all)": lambda: benchmark_for(widest, widest_results),
        "results (group)": lambda: client.get(f"/scans/{typical.pk}/results/", secure=True),
        "portfolio (500)": lambda: consultants.get("/portfolio/?sort=overall", secure=True),
    }
    statuses = {name: cases[name]().status_code for name in ("results (group)", "portfolio (500)")}
    timings, queries = time_requests(cases, options.n, options.warmup)

    print(
        f"Peer benchmark: Django {django.get_version()}, {connection.vendor}, "
        f"{options.organisations:,} organisations, {options.scans:,} completed scans "
        f"(seeded in {seeded:.1f} s)"
    )
    for name, found in groups.items():
        group = found.group if found else None
        print(
            f"  {name}: {group.describe() if group else 'no group'}, n = {group.n if group else 0}"
        )
    print(f"{options.n} timed rounds after {options.warmup} warm-up, interleaved.")
    print()
    print_requests(timings, queries)
    print()
    for name in ("benchmark (group)", "benchmark (all)", "portfolio (500)"):
        median = statistics.median(timings[name])
        verdict = "meets" if median <= TARGET_MS else "misses"
        print(f"Target {name} <= {TARGET_MS:.0f} ms median: {verdict} ({median:.1f} ms)")
    for name, status in statuses.items():
        if status != 200:
            print(f"WARNING: {name} answered HTTP {status}: its timing means little")
    return 0  # a benchmark reports; it never fails


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create (else SQLite)")
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=30, help="timed rounds (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (3)")
    options = parser.parse_args()
    if options.database_url:
        with fresh_database(options.database_url):
            configure_url(options.database_url)
            return run(options)
    with temporary_database():
        return run(options)


if __name__ == "__main__":
    sys.exit(main())
