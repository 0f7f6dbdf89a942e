"""How fast is the scoring engine, alone and behind the results page?

Run from the project directory: `.venv/bin/python bench/scoring_bench.py` (options: see --help).

Everything happens in this process, on a temporary SQLite database that is deleted afterwards:
migrate and load the checklist content. From the active items (their area, pillar and weight)
and the maturity levels it builds, once and outside the timing, a few hundred distinct full-scan
inputs for `scoring.engine.score_scan` (values 0–4, about 5 % unanswered, 5 % N/A). Then it times:

  1 scan       one call of score_scan, repeated (median and p90 in µs per scan)
  10,000 scans one loop of score_scan over 10,000 inputs (cycling through the distinct ones),
               repeated (median total seconds, and µs per scan)

and, through the project's full middleware stack with Django's test client, interleaved round by
round: a view that returns "ok" (the baseline) and GET /scans/<pk>/results/ for a scan whose items
are all answered, both while it is open (scores computed from the database on every view) and
once completed (frozen results). It prints median and p90 per request, the ratio to the
baseline's median, SQL queries per request, and whether the 1 ms per scan target is met. A
benchmark never fails: the exit status is 0 whatever the timings (a crash of the set-up is still
an error).
"""

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import (
    bench_client,
    install_urlconf,
    percentile,
    print_requests,
    schema_and_content,
    temporary_database,
    time_requests,
)

TARGET_US = 1000.0  # per scan: well under 1 ms
TARGET_BULK_S = 1.0  # 10,000 scans: the benchmark over a whole installation's scans needs it


def build_inputs(distinct: int, seed: int = 20240601):
    """Full-scan inputs from the loaded content: (list of item lists, levels, areas, pillars)."""
    from checklists.models import Area, Item, MaturityLevel, Pillar
    from scoring.engine import ItemAnswer, LevelBound

    items = list(
        Item.objects.active()
        .select_related("area", "pillar")
        .order_by("area__position", "topic__position", "position", "code")
    )
    levels = [LevelBound(level.number, level.lower_bound) for level in MaturityLevel.objects.all()]
    area_codes = [area.code for area in Area.objects.all()]
    pillar_codes = [pillar.code for pillar in Pillar.objects.all()]
    rng = random.Random(seed)
    scans = []
    for _ in range(distinct):
        answers = []
        for item in items:
            draw = rng.random()
            not_applicable = 0.05 <= draw < 0.10
            value = None if draw < 0.10 else rng.randint(0, 4)  # < 0.05: unanswered
            answers.append(
                ItemAnswer(
                    item.code, item.area.code, item.pillar.code, item.weight, value, not_applicable
                )
            )
        scans.append(answers)
    return scans, levels, area_codes, pillar_codes


def prepare_scans():
    """A consultant and two scans with every active item answered: one open, one completed."""
    from checklists.models import Item, Scan
    from tests import factories

    user, organisation = bench_client()
    items = list(Item.objects.active().order_by("area__position", "position"))
    scans = []
    for title in ("Open", "Completed"):
        scan = factories.scan(
            organisation,
            title=title,
            language="nl",
            created_by=user,
            status=Scan.Status.IN_PROGRESS,
        )
        factories.varied_answers(scan, items, user)
        scans.append(Scan.objects.get(pk=scan.pk))
    factories.complete(scans[1])
    return user, scans[0], scans[1], len(items)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--single", type=int, default=2000, help="timed single scans (2000)")
    parser.add_argument("--bulk", type=int, default=10_000, help="scans per bulk loop (10000)")
    parser.add_argument("--bulk-runs", type=int, default=5, help="timed bulk loops (5)")
    parser.add_argument("--distinct", type=int, default=300, help="distinct inputs built (300)")
    parser.add_argument("--n", type=int, default=100, help="timed requests per page (100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (10)")
    options = parser.parse_args()

    with temporary_database() as database:
        return run(options, database)


def time_engine(options) -> dict:
    from scoring.engine import score_scan

    scans, levels, area_codes, pillar_codes = build_inputs(options.distinct)
    one = scans[0]
    check = score_scan(one, levels, area_codes, pillar_codes)
    problems = []
    if check.overall.score is None or check.overall.total != len(one):
        problems.append("score_scan gave no overall score for a full scan")

    for _ in range(50):  # warm-up
        score_scan(one, levels, area_codes, pillar_codes)
    single = []
    for _ in range(options.single):
        start = time.perf_counter()
        score_scan(one, levels, area_codes, pillar_codes)
        single.append((time.perf_counter() - start) * 1e6)

    batch = [scans[index % len(scans)] for index in range(options.bulk)]  # references only
    bulk = []
    for _ in range(options.bulk_runs):
        start = time.perf_counter()
        for items in batch:
            score_scan(items, levels, area_codes, pillar_codes)
        bulk.append(time.perf_counter() - start)
    return {
        "items": len(one),
        "areas": len(area_codes),
        "pillars": len(pillar_codes),
        "levels": len(levels),
        "distinct": len(scans),
        "single": single,
        "bulk": bulk,
        "problems": problems,
    }


def time_web(options, user, open_scan, completed_scan) -> tuple[dict, dict, list]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    # secure=True: requests arrive as https, so SECURE_SSL_REDIRECT (on unless DEBUG) lets
    # them through the same middleware as in production.
    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "results open": lambda: client.get(f"/scans/{open_scan.pk}/results/", secure=True),
        "results done": lambda: client.get(f"/scans/{completed_scan.pk}/results/", secure=True),
    }
    problems = []
    for name, request in cases.items():
        status = request().status_code
        if status != 200:
            problems.append(f"{name} answered HTTP {status}, not 200: its timing means little")

    timings, queries = time_requests(cases, options.n, options.warmup)
    return timings, queries, problems


def run(options, database: Path) -> int:
    import django
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = install_urlconf()
    schema_and_content()

    engine = time_engine(options)
    user, open_scan, completed_scan, answered = prepare_scans()
    timings, queries, web_problems = time_web(options, user, open_scan, completed_scan)

    print(
        f"CX scoring benchmark: Django {django.get_version()}, Python "
        f"{platform.python_version()}, {connection.vendor} ({database}), DEBUG={settings.DEBUG}"
    )
    print(
        f"Engine input: {engine['items']} active items in {engine['areas']} areas and "
        f"{engine['pillars']} pillars, {engine['levels']} levels; {engine['distinct']} distinct "
        "scans (values 0–4, ~5 % unanswered, ~5 % N/A), built before timing."
    )
    print()
    single, bulk = engine["single"], engine["bulk"]
    bulk_median = statistics.median(bulk)
    per_scan_bulk = bulk_median / options.bulk * 1e6
    single_median = statistics.median(single)
    rows = [
        (f"1 scan, {options.single} runs", "µs", single, single_median),
        (f"{options.bulk:,} scans, {options.bulk_runs} runs", "s", bulk, per_scan_bulk),
    ]
    print(f"{'score_scan (pure engine)':<28} {'median':>10} {'p90':>10} {'µs per scan':>12}")
    for label, unit, samples, per_scan in rows:
        digits = 1 if unit == "µs" else 3
        print(
            f"  {label:<26} {statistics.median(samples):>7.{digits}f} {unit:<2} "
            f"{percentile(samples, 0.9):>7.{digits}f} {unit:<2} {per_scan:>12.1f}"
        )
    print()
    print(
        f"Web: {options.n} timed requests per page after {options.warmup} warm-up, interleaved; "
        f"scans {open_scan.pk} (open) and {completed_scan.pk} (completed), "
        f"{answered} items answered each."
    )
    print_requests(timings, queries)
    print()
    print("Targets (median, per scan):")
    for label, value in (
        ("1 scan", single_median),
        (f"{options.bulk:,} scans", per_scan_bulk),
    ):
        verdict = "meets" if value <= TARGET_US else "misses"
        print(f"  {label:<13} <= {TARGET_US / 1000:.0f} ms: {verdict} ({value:.1f} µs)")
    bulk_verdict = "meets" if bulk_median <= TARGET_BULK_S else "misses"
    print(
        f"  {options.bulk:,} scans in all <= {TARGET_BULK_S:.0f} s: {bulk_verdict} "
        f"({bulk_median:.3f} s)"
    )
    for problem in engine["problems"] + web_problems:
        print(f"WARNING: {problem}")
    return 0  # a benchmark reports; it never fails


if __name__ == "__main__":
    sys.exit(main())
