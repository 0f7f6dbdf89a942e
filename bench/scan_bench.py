"""How fast are the scan page and autosave, against a minimal Django view on the same stack?

Run from the project directory: `.venv/bin/python bench/scan_bench.py` (options: --n, --warmup).

Everything happens in this process, on a temporary SQLite database that is deleted afterwards:
migrate, load the checklist content, a consultant with an organisation and a scan whose
Ecosystem area is fully answered. Django's test client then times, per request:

  baseline   GET of a view that returns "ok", through the project's full middleware stack
  scan page  GET /scans/<pk>/areas/ecosystem/
  autosave   POST /scans/<pk>/answers/<item>/ with one value (alternating 1 and 2)
  autosave, no history   the same for another item, with the answer's history not written

The three are interleaved (one of each per round) so that drift of the machine hits them alike.
It prints median and p90 per request, the ratio to the baseline's median, SQL queries and
the size of the response per request, and whether the targets are met (issue 11: the scan
page <= 14 ms median with <= 10 queries and <= 150 KB of HTML; the keyboard-speed issue:
autosave <= 6 ms). `--profile` adds a cProfile of 50 scan page requests and of 50 autosaves
(top 30 by cumulative time each). A benchmark never fails: the exit status
is 0 whatever the timings (a crash of the set-up is still an error).
"""

import argparse
import contextlib
import datetime
import itertools
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import types
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A migrated SQLite database with the content loaded, copied instead of migrating (optional).
TEMPLATE = os.environ.get("BENCH_DATABASE_TEMPLATE", "")
TARGETS_MS = {"scan page": 14.0, "autosave": 6.0}
TARGET_QUERIES = {"scan page": 10}
TARGET_KB = {"scan page": 150}


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest sample with `fraction` of them at or below it."""
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def print_requests(
    timings: dict[str, list[float]], queries: dict[str, int], sizes: dict[str, int] | None = None
) -> None:
    """Median, p90, ratio to the baseline's median, SQL queries and KB per request, as a table
    (KB where `sizes` gives the response's bytes)."""
    width = max(len(name) for name in timings) + 1
    header = (
        f"{'request':<{width}} {'median ms':>10} {'p90 ms':>8} {'x baseline':>11} {'queries':>8}"
        + (f" {'KB':>7}" if sizes else "")
    )
    print(header)
    print("-" * len(header))
    base = statistics.median(timings["baseline"])
    for name, samples in timings.items():
        median = statistics.median(samples)
        size = ""
        if sizes:
            size = f" {sizes[name] / 1000:>7.1f}" if name in sizes else f" {'':>7}"
        print(
            f"{name:<{width}} {median:>10.2f} {percentile(samples, 0.9):>8.2f} "
            f"{median / base:>10.1f}x {queries[name]:>8}{size}"
        )


def configure(database: Path) -> None:
    """Settings from the environment, as in production, but with a throw-away database."""
    configure_url(f"sqlite:///{database}")  # absolute path: sqlite:////tmp/...


def configure_url(database_url: str) -> None:
    """As `configure`, on any database (PostgreSQL too)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxscan.settings"
    os.environ["DATABASE_URL"] = database_url
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["ALLOWED_HOSTS"] = f"{hosts},testserver"
    # No collectstatic here, so no manifest of hashed names: plain static URLs, as in the tests.
    os.environ.setdefault("STATIC_MANIFEST", "false")

    import django

    # WhiteNoise warns that collectstatic never ran; the pages here need no static files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()


@contextlib.contextmanager
def temporary_database():
    """Configure Django on a throw-away SQLite file; delete it (and its journals) afterwards."""
    handle, name = tempfile.mkstemp(prefix="cxscan-bench-", suffix=".sqlite3")
    os.close(handle)  # SQLite takes an empty file as an empty database
    database = Path(name)
    if TEMPLATE:
        shutil.copyfile(TEMPLATE, database)
    try:
        configure(database)
        yield database
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)


def schema_and_content() -> None:
    """The schema and the checklist content of the throw-away database: migrated and loaded, or
    already there when it was copied from BENCH_DATABASE_TEMPLATE (a SQLite file migrated and
    loaded once; tests/test_benches.py makes one for all the benches it runs)."""
    if TEMPLATE:
        return
    from django.core.management import call_command

    from checklists.content import load_content

    call_command("migrate", verbosity=0, interactive=False)
    load_content()


def bench_client(**user_fields):
    """The consultant every bench logs in as, and their client Bench BV (retail, 50-249 staff,
    the peers of the benchmark's "typical" scan). (user, organisation)."""
    from tests import factories

    user = factories.user("bench", password="bench-password-1", **user_fields)
    organisation = factories.organisation(
        "Bench BV", sector="Retail", size_band="50-249", consultants=[user]
    )
    return user, organisation


def time_requests(cases: dict, n: int, warmup: int) -> tuple[dict, dict]:
    """Milliseconds per call of each case, interleaved round by round, and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = {name: [] for name in cases}
    for round_number in range(warmup + n):
        for name, request in cases.items():
            start = time.perf_counter()
            request()
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                timings[name].append(elapsed * 1000)
    queries = {}
    for name, request in cases.items():
        with CaptureQueriesContext(connection) as captured:
            request()
        queries[name] = len(captured.captured_queries)
        if os.environ.get("BENCH_SHOW_QUERIES"):
            print(f"{name}:", *(q["sql"] for q in captured.captured_queries), sep="\n  ")
    return timings, queries


def install_urlconf() -> str:
    """A URLconf module: the baseline view beside all of the project's URLs."""
    from django.http import HttpResponse
    from django.urls import path

    from home import urls as project_urls

    def baseline(request):
        return HttpResponse("ok")

    module = types.ModuleType("scan_bench_urls")
    module.urlpatterns = [path("bench-baseline/", baseline), *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def prepare(*, carried: bool = False):
    """Schema, content, and a scan with every Ecosystem item answered. Returns (user, scan).
    `carried`: the answers were carried over from a previous scan and are not yet confirmed."""

    from checklists.models import Item, Scan
    from tests import factories

    schema_and_content()
    user, organisation = bench_client()
    scan = factories.scan(organisation, title="Benchmark", language="nl", created_by=user)
    items = list(Item.objects.active().filter(area__code="ecosystem").order_by("position"))
    factories.varied_answers(scan, items, user)
    if carried:
        scan.answers.update(carried_over_from=datetime.date(2026, 1, 15))
    Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.IN_PROGRESS)
    return user, scan, items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed requests per case (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile 50 scan page requests and 50 autosaves (cProfile)",
    )
    parser.add_argument(
        "--carried",
        action="store_true",
        help="the answers carried over from a previous scan, unconfirmed (each shows a mark)",
    )
    options = parser.parse_args()

    with temporary_database() as database:
        return run(
            options.n, options.warmup, database, profile=options.profile, carried=options.carried
        )


def print_profile(request, count: int = 50, name: str = "scan page") -> None:
    """Where a request spends its time: cProfile, top 30 by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        request()
    profiler.disable()
    print()
    print(f"Profile of {count} {name} requests (cProfile adds overhead; compare shares):")
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(30)


def without_history(request):
    """`request()` with `checklists.scanning.record_change` (the answer's history) left out."""
    from unittest import mock

    from checklists import scanning

    with mock.patch.object(scanning, "record_change", lambda *args, **kwargs: None):
        return request()


def htmx_post(client, url: str, field: str, round_number: int):
    """An autosave as the scan page's htmx sends it: the form's fields URL-encoded (the test
    client's default, multipart, costs Django more to parse), the value alternating 1 and 2."""
    return client.post(
        url,
        f"{field}={1 if round_number % 2 else 2}",
        content_type="application/x-www-form-urlencoded",
        headers={"HX-Request": "true"},
        secure=True,
    )


def run(
    n: int, warmup: int, database: Path, *, profile: bool = False, carried: bool = False
) -> int:
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = install_urlconf()
    user, scan, items = prepare(carried=carried)
    code, other = items[0].code, items[1].code
    client = Client()  # enforce_csrf_checks=False: no token needed for the POST
    client.force_login(user)
    # secure=True: requests arrive as https, so SECURE_SSL_REDIRECT (on unless DEBUG) lets
    # them through the same middleware as in production.
    counter, other_counter = itertools.count(), itertools.count()

    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "scan page": lambda: client.get(f"/scans/{scan.pk}/areas/ecosystem/", secure=True),
        "autosave": lambda: htmx_post(
            client, f"/scans/{scan.pk}/answers/{code}/", f"value-{code}", next(counter)
        ),
        # The same save of another item without writing the answer's history (issue 24: its
        # cost, measured beside it in the same run).
        "autosave, no history": lambda: without_history(
            lambda: htmx_post(
                client, f"/scans/{scan.pk}/answers/{other}/", f"value-{other}", next(other_counter)
            )
        ),
    }

    problems, sizes = [], {}
    for name, request in cases.items():
        response = request()
        sizes[name] = len(response.content)
        if response.status_code != 200:
            problems.append(
                f"{name} answered HTTP {response.status_code}, not 200: its timing means little"
            )

    timings, queries = time_requests(cases, n, warmup)

    print(
        f"CX scan benchmark: {n} timed requests per case after {warmup} warm-up, interleaved; "
        f"Django {django.get_version()}, Python {platform.python_version()}, "
        f"{connection.vendor} ({database}), DEBUG={settings.DEBUG}"
    )
    carried_note = " (carried over, unconfirmed)" if carried else ""
    print(
        f"Scan {scan.pk}: Ecosystem area with {len(items)} answered items{carried_note};"
        f" autosave of {code}."
    )
    print()
    print_requests(timings, queries, sizes)
    print()
    print("Targets (median; KB = 1000 bytes):")
    for name, target in TARGETS_MS.items():
        median = statistics.median(timings[name])
        verdict = "meets" if median <= target else "misses"
        print(f"  {name:<10} <= {target:>4.0f} ms: {verdict} ({median:.2f} ms)")
    for name, target in TARGET_QUERIES.items():
        verdict = "meets" if queries[name] <= target else "misses"
        print(f"  {name:<10} <= {target:>4} queries: {verdict} ({queries[name]})")
    for name, target in TARGET_KB.items():
        verdict = "meets" if sizes[name] <= target * 1000 else "misses"
        print(f"  {name:<10} <= {target:>4} KB of HTML: {verdict} ({sizes[name] / 1000:.1f} KB)")
    if profile:
        print_profile(cases["scan page"])
        print_profile(cases["autosave"], name="autosave")
    for problem in problems:
        print(f"WARNING: {problem}")
    return 0  # a benchmark reports; it never fails


if __name__ == "__main__":
    sys.exit(main())
