"""How fast are the API's lists, beside the HTML organisation page that shows the same scans?

Run from the project directory: `.venv/bin/python bench/api_bench.py` (options: --n, --warmup).
Same method as bench/scan_bench.py (whose helpers it uses): a throw-away SQLite database,
Django's test client, the cases interleaved round by round with a baseline view that returns
"ok" through the full middleware stack; medians, p90, ratio to the baseline, queries.

  organisation page        GET /organisations/<pk>/ (HTML) of an organisation with 20 scans
  api organisations        GET /api/v1/organisations/ (20 organisations, one page)
  api scans                GET /api/v1/scans/ (the same 20 scans, one page)
  api answers              GET /api/v1/scans/<pk>/answers/?limit=100 (every statement answered)
  api results              GET /api/v1/scans/<pk>/results/ of a completed scan (frozen results)

Each request carries a bearer token, so it pays for the token lookup and the rate limit's cache
counter. A token may make 120 requests a minute, so each API case takes a fresh token every 100
requests (made before the timing starts). Queries are printed for 2 objects and for the full
page (20 organisations or scans, 100 answers): they must be the same. A benchmark never fails:
exit status 0 whatever the timings.
"""

import argparse
import itertools
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

REQUESTS_PER_TOKEN = 100  # below the limit of 120 a minute


def prepare(count: int):

    from checklists.models import Item
    from tests import factories

    schema_and_content()
    user, organisation = bench_client()
    for n in range(count - 1):
        factories.organisation(f"Client {n:02}", consultants=[user])
    items = list(Item.objects.active().order_by("area__position", "position"))
    scans = [
        factories.scan(organisation, title=f"Scan {2000 + n}", created_by=user)
        for n in range(count)
    ]
    factories.varied_answers(scans[-1], items, user)
    factories.complete(scans[-1])
    return user, organisation, scans[-1]


def api_request(client, user, path: str, calls: int):
    """A case that GETs `path` with a token, moving to a fresh token every REQUESTS_PER_TOKEN."""
    from api.models import ApiToken

    secrets = [
        ApiToken.issue(user, f"bench {path} {batch}")[1]
        for batch in range(calls // REQUESTS_PER_TOKEN + 1)
    ]
    counter = itertools.count()

    def request():
        secret = secrets[next(counter) // REQUESTS_PER_TOKEN]
        return client.get(path, secure=True, headers={"Authorization": f"Bearer {secret}"})

    return request


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed requests per case (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    options = parser.parse_args()
    with temporary_database():
        return run(options.n, options.warmup)


def run(n: int, warmup: int) -> int:
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = install_urlconf()
    user, organisation, scan = prepare(20)
    client = Client()
    client.force_login(user)  # for the HTML page; the API ignores the session
    calls = warmup + n + 3  # the timed rounds, the query count, the status check
    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "organisation page": lambda: client.get(f"/organisations/{organisation.pk}/", secure=True),
        "api organisations": api_request(client, user, "/api/v1/organisations/", calls),
        "api scans": api_request(client, user, "/api/v1/scans/", calls),
        "api answers": api_request(
            client, user, f"/api/v1/scans/{scan.pk}/answers/?limit=100", calls
        ),
        "api results": api_request(client, user, f"/api/v1/scans/{scan.pk}/results/", calls),
    }
    sizes = {}
    for name, request in cases.items():
        response = request()
        sizes[name] = len(response.content)
        if response.status_code != 200:
            print(f"{name} answered HTTP {response.status_code}: its timing means little")
    timings, queries = time_requests(cases, n, warmup)
    few = queries_with_two(user)

    print(
        f"API benchmark: {n} timed requests per case after {warmup} warm-up, interleaved; "
        f"Django {django.get_version()}, {connection.vendor}, DEBUG={settings.DEBUG}"
    )
    print()
    print_requests(timings, queries, sizes)
    print()
    for name, count in few.items():
        same = "constant" if count == queries[name] else "GROWS"
        print(f"Queries {name}: {count} with 2 objects, {queries[name]} with a full page: {same}")
    page = statistics.median(timings["organisation page"])
    for name in ("api organisations", "api scans"):
        ratio = statistics.median(timings[name]) / page
        print(f"{name} / organisation page (median): {ratio:.2f}")
    return 0


def queries_with_two(user) -> dict[str, int]:
    """The queries of the list cases when the user sees 2 organisations, 2 scans, 2 answers."""
    from django.test import Client

    from checklists.models import Item, Organisation, Scan
    from tests import factories

    Organisation.objects.exclude(name__in=["Bench BV", "Client 00"]).delete()
    Scan.objects.exclude(pk=Scan.objects.order_by("-pk").first().pk).delete()
    scan = factories.scan(Organisation.objects.get(name="Bench BV"), title="Two")
    factories.varied_answers(scan, Item.objects.active().order_by("position")[:2], user)
    client = Client()
    cases = {
        "api organisations": api_request(client, user, "/api/v1/organisations/", 3),
        "api scans": api_request(client, user, "/api/v1/scans/", 3),
        "api answers": api_request(client, user, f"/api/v1/scans/{scan.pk}/answers/", 3),
    }
    return time_requests(cases, 1, 1)[1]


if __name__ == "__main__":
    sys.exit(main())
