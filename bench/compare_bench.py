"""How fast are the compare page and the organisation page with 20 completed scans?

Run from the project directory: `.venv/bin/python bench/compare_bench.py` (options: --n,
--warmup). Same method as bench/scan_bench.py (whose helpers it uses): a throw-away SQLite
database, Django's test client, the cases interleaved round by round with a baseline view that
returns "ok" through the full middleware stack; medians, p90, ratio to the baseline, queries.

  compare            GET /scans/<pk>/compare/: a completed scan (every statement answered)
                     beside its predecessor, both read from their frozen results
  organisation (20)  GET /organisations/<pk>/ of an organisation with 20 completed scans

Targets (issue 13): each ≤ 30 ms median; queries do not grow with items or scans (printed for
2 and for 20 scans). A benchmark never fails: exit status 0 whatever the timings.
"""

import argparse
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

TARGET_MS = 30.0


def prepare(scans: int):

    from checklists.models import Item
    from tests import factories

    schema_and_content()
    user, organisation = bench_client()
    items = list(Item.objects.active().order_by("area__position", "position"))
    made = []
    for year in range(scans):
        scan = factories.scan(organisation, title=f"Scan {2000 + year}", created_by=user)
        factories.varied_answers(scan, items[year % 7 :] + items[: year % 7], user)
        made.append(factories.complete(scan))
    return user, organisation, made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="timed requests per case (100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (10)")
    options = parser.parse_args()
    with temporary_database() as database:
        return run(options.n, options.warmup, database)


def run(n: int, warmup: int, database: Path) -> int:
    import statistics

    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = install_urlconf()
    user, organisation, scans = prepare(20)
    client = Client()
    client.force_login(user)
    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "compare": lambda: client.get(f"/scans/{scans[-1].pk}/compare/", secure=True),
        "organisation (20)": lambda: client.get(f"/organisations/{organisation.pk}/", secure=True),
    }
    sizes = {}
    for name, request in cases.items():
        response = request()
        sizes[name] = len(response.content)
        if response.status_code != 200:
            print(f"{name} answered HTTP {response.status_code}: its timing means little")
    timings, queries = time_requests(cases, n, warmup)

    # The same organisation page with only 2 completed scans: its queries must be the same.
    from tests import factories

    small = factories.organisation("Two scans", consultants=[user])
    from checklists.models import Scan

    Scan.objects.filter(pk__in=[s.pk for s in scans[:2]]).update(organisation=small)
    _t, few = time_requests(
        {"organisation (2)": lambda: client.get(f"/organisations/{small.pk}/", secure=True)}, 1, 1
    )

    print(
        f"Compare benchmark: {n} timed requests per case after {warmup} warm-up, interleaved; "
        f"Django {django.get_version()}, {connection.vendor}, DEBUG={settings.DEBUG}"
    )
    print()
    print_requests(timings, queries, sizes)
    print()
    print(
        f"Queries: organisation page with 2 scans {few['organisation (2)']}, "
        f"with 18 scans left after moving 2: {queries['organisation (20)']} (measured with 20)"
    )
    for name in ("compare", "organisation (20)"):
        median = statistics.median(timings[name])
        verdict = "met" if median <= TARGET_MS else "MISSED"
        print(f"Target {name}: ≤ {TARGET_MS:.0f} ms median: {median:.2f} ms, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
