"""How fast is the PDF report, against bare WeasyPrint, and its stored download?

Run from the project directory: `.venv/bin/python bench/report_bench.py` (options: see --help).

Everything happens in this process, on a temporary SQLite database that is deleted afterwards:
migrate, load the checklist content, a consultant with an organisation and a scan with every
active item answered (some N/A, some with a note), completed with `scoring.completion.complete`
(which freezes its results). Then it times, interleaved (one of each per round, in reverse order
every other round, after warm-up):

  render_report     reports.report.render_report(scan): context, SVG charts, template, WeasyPrint
  bare WeasyPrint   weasyprint.HTML(string=html).write_pdf(stylesheets=[report.css]) on the same
                    HTML (from reports.report.report_html, fetched once): no Django, no charts
  report_html       reports.report.report_html alone (context, charts, template; no PDF), to
                    show how much of the overhead is spent before WeasyPrint
  summary only      render_report(scan, appendix=False): the story without the answer appendix
  untagged          reports.report.write_pdf(html, tagged=False) on the same HTML: what the
                    tagging (PDF/UA-1, pdf_variant) costs, against render_report's write_pdf

and prints the medians, the overhead of our entry point over bare WeasyPrint, what the tagging
(PDF/UA-1) costs, and whether the summary only meets its target (<= 1.0 s). Then it renders
the stored report once as a worker does (reports.stored.render_stored, which the completion
queued) and, with Django's test client over the project's full middleware stack, times the
stored downloads (GET /scans/<pk>/report.pdf) interleaved with a view that returns "ok" (the
baseline). Finally it writes the
PDF to /tmp/cxscan-report.pdf and page 1 and the first area's first page as PNGs (pdftoppm) to
/tmp/cxscan-report-page-<n>.png for a human to look at. A benchmark never fails: the exit status
is 0 whatever the timings (a crash of the set-up is still an error).

The Word document (`time_document`, also alone with `--only document`): `manage.py seed_demo`
makes the demo scan (plan, KPIs, workshop, a previous scan) in the same database, then
reports.document.build_document on its presentation is timed in Dutch and English, and the
download GET /scans/<pk>/document.docx (made in the request) against the baseline view; the
target for making it in the request is a median of at most TARGET_DOCUMENT_MS. The documents go
to /tmp/cxscan-document-<language>.docx to look at (LibreOffice: soffice --headless
--convert-to pdf).
The deck (PPTX, made in the request, never stored) is timed on the demo scan
(`manage.py seed_demo`: a follow-up with a plan, KPIs and a workshop), interleaved after
warm-up: `present` alone (the presentation every output starts from: the baseline),
reports.deck.render_deck, and GET /scans/<pk>/deck.pptx through the full middleware stack. It is
written to /tmp/cxscan-deck.pptx to look at (`soffice --headless --convert-to pdf`).
"""

import argparse
import cProfile
import io
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_bench import (
    ROOT,
    bench_client,
    install_urlconf,
    percentile,
    print_requests,
    schema_and_content,
    temporary_database,
    time_requests,
)

STYLESHEET = ROOT / "static" / "css" / "report.css"
PDF_PATH = Path("/tmp/cxscan-report.pdf")
PNG_PREFIX = "/tmp/cxscan-report-page-"
TARGET_OVERHEAD = 0.30  # render_report may take at most 30 % longer than bare WeasyPrint
TARGET_DOWNLOAD_MS = 20.0  # stored download, median
TARGET_DOCUMENT_MS = 300.0  # the Word document, made in the request, median
DOCUMENT_PATH = "/tmp/cxscan-document-{language}.docx"
TARGET_SUMMARY_S = 1.0  # summary-only render, median
DECK_PATH = Path("/tmp/cxscan-deck.pptx")
TARGET_DECK_MS = 300.0  # the deck's download, made in the request, median


def prepare():
    """Schema, content, and a completed scan with every active item answered. (user, scan)."""

    from checklists.models import Item, Scan
    from tests import factories

    schema_and_content()
    user, organisation = bench_client(first_name="Bea", last_name="Bench")
    scan = factories.scan(
        organisation,
        title="Benchmark",
        language="nl",
        created_by=user,
        status=Scan.Status.IN_PROGRESS,
    )
    items = list(Item.objects.active().order_by("area__position", "position"))
    factories.varied_answers(
        scan,
        items,
        user,
        note="Toelichting bij dit antwoord: besproken met het team, actie volgt in Q3.",
    )
    scan = factories.complete(Scan.objects.get(pk=scan.pk))
    return user, scan, len(items)


def time_renders(scan, n: int, warmup: int) -> tuple[dict, dict, bytes]:
    """render_report, bare WeasyPrint on the same HTML, and report_html alone, interleaved.

    Times in seconds; sizes in bytes (of the PDF, or of the HTML for report_html); and the last
    PDF render_report made (looked at as PNGs afterwards, not rendered again).
    """
    import weasyprint

    from reports.report import render_report, report_html, write_pdf

    html = report_html(scan, scan.language)
    cases = {
        "summary only": lambda: render_report(scan, appendix=False),
        "untagged": lambda: write_pdf(html, tagged=False),
        "tagged": lambda: write_pdf(html),
        "render_report": lambda: render_report(scan),
        "bare WeasyPrint": lambda: weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))]
        ),
        # Not a target, but it says where the overhead goes: the part before WeasyPrint.
        "report_html": lambda: report_html(scan, scan.language).encode(),
    }
    timings = {name: [] for name in cases}
    sizes = {}
    made = {}
    for round_number in range(warmup + n):
        # Every other round in reverse order, so that no case always runs right after another.
        order = list(cases.items())
        for name, render in order[:: -1 if round_number % 2 else 1]:
            start = time.perf_counter()
            pdf = render()
            elapsed = time.perf_counter() - start
            sizes[name] = len(pdf)
            made[name] = pdf
            if round_number >= warmup:
                timings[name].append(elapsed)
    return timings, sizes, made["render_report"]


def time_download(user, scan, n: int, warmup: int) -> tuple[dict, dict, float, list]:
    from django.test import Client

    from reports.stored import render_stored

    client = Client()
    client.force_login(user)
    problems = []
    # secure=True: requests arrive as https, so SECURE_SSL_REDIRECT (on unless DEBUG) lets
    # them through the same middleware as in production.
    url = f"/scans/{scan.pk}/report.pdf"
    start = time.perf_counter()
    outcome = render_stored(scan.pk, scan.language)  # what the worker does
    first_ms = (time.perf_counter() - start) * 1000
    if outcome != "rendered":
        problems.append(f"the worker's render said {outcome!r}, not 'rendered'")
    first = client.get(url, secure=True)
    if first.status_code != 200 or first["Content-Type"] != "application/pdf":
        problems.append(f"report download answered HTTP {first.status_code}, not a PDF")

    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "stored report": lambda: client.get(url, secure=True),
    }
    timings, queries = time_requests(cases, n, warmup)
    if client.get(url, secure=True).content != first.content:
        problems.append("the stored download differs from the first one")
    return timings, queries, first_ms, problems


def time_document(n: int, warmup: int) -> list[str]:
    """The Word document of the demo scan: build_document per language, and its download made
    in the request, interleaved with the baseline. Returns the lines to print."""
    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    from checklists.models import Scan
    from reports.document import build_document
    from scoring.presentation import present

    call_command("seed_demo", stdout=io.StringIO())
    demo = Scan.objects.get(title="CX-scan 2026", organisation__name="Demo Retail B.V.")

    def build(language):
        with translation.override(language):
            return build_document(present(demo, language=language))

    cases = {language: (lambda language=language: build(language)) for language in ("nl", "en")}
    timings: dict[str, list[float]] = {name: [] for name in cases}
    # The processor time too: on a shared machine the wall clock also counts other processes.
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    sizes = {}
    for round_number in range(warmup + n):
        order = list(cases.items())
        for name, make in order[:: -1 if round_number % 2 else 1]:
            start, start_cpu = time.perf_counter(), time.process_time()
            document = make()
            elapsed = (time.perf_counter() - start) * 1000
            sizes[name] = len(document)
            if round_number >= warmup:
                timings[name].append(elapsed)
                cpu[name].append((time.process_time() - start_cpu) * 1000)
            if round_number == 0:
                Path(DOCUMENT_PATH.format(language=name)).write_bytes(document)
    client = Client()
    client.force_login(demo.created_by)
    url = f"/scans/{demo.pk}/document.docx"
    downloads, queries = time_requests(
        {
            "baseline": lambda: client.get("/bench-baseline/", secure=True),
            "document download": lambda: client.get(url, secure=True),
        },
        n,
        warmup,
    )
    lines = [
        f"Word document of the demo scan ({demo.pk}): {n} timed per language after {warmup} "
        "warm-up, interleaved.",
        f"{'build_document':<16} {'median ms':>9} {'p90 ms':>7} {'min ms':>7} {'CPU ms':>7} "
        f"{'KiB':>5}",
    ]
    for name, samples in timings.items():
        lines.append(
            f"{name:<16} {statistics.median(samples):>9.0f} {percentile(samples, 0.9):>7.0f} "
            f"{min(samples):>7.0f} {statistics.median(cpu[name]):>7.0f} {sizes[name] / 1024:>5.0f}"
        )
    download = statistics.median(downloads["document download"])
    verdict = "meets" if download <= TARGET_DOCUMENT_MS else "misses"
    lines += [
        f"Download GET {url} (made in the request): median {download:.0f} ms, "
        f"{queries['document download']} queries; baseline "
        f"{statistics.median(downloads['baseline']):.1f} ms.",
        f"  document in the request <= {TARGET_DOCUMENT_MS:.0f} ms: {verdict} ({download:.0f} ms)",
        "Documents: " + ", ".join(DOCUMENT_PATH.format(language=name) for name in cases),
    ]
    return lines


def first_area_page(pdf: bytes, area_name: str) -> int | None:
    """The 1-based number of the page whose text starts with the area's name (its chapter)."""
    import pypdf

    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, start=1):
        text = (page.extract_text() or "").lstrip()
        if number > 1 and text.startswith(f"{area_name}\n"):
            return number
    return None


def write_pngs(scan, pdf: bytes) -> list[str]:
    """Write the PDF and two pages as PNGs; returns the lines to print."""
    PDF_PATH.write_bytes(pdf)
    lines = [f"PDF: {PDF_PATH} ({len(pdf) / 1024:.0f} KiB)"]
    from scoring.results import frozen_results

    area_name = frozen_results(scan).areas[0].name[scan.language]
    try:
        area_page = first_area_page(pdf, area_name)
    except Exception as error:  # pypdf missing or unable to read: fall back below
        lines.append(f"Note: could not read the PDF's text ({error}); using page 5.")
        area_page = None
    if area_page is None:
        lines.append(f"Note: no page starts with “{area_name}”; using page 5 as the area page.")
        area_page = 5
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        lines.append("Note: pdftoppm is not installed (poppler-utils); no PNGs written.")
        return lines
    for page, what in ((1, "cover"), (area_page, f"first page of area “{area_name}”")):
        target = f"{PNG_PREFIX}{page}"
        pages = ["-f", str(page), "-l", str(page)]
        result = subprocess.run(
            [pdftoppm, "-png", "-r", "70", *pages, "-singlefile", str(PDF_PATH), target],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            lines.append(f"PNG: {target}.png (page {page}, {what})")
        else:
            lines.append(f"Note: pdftoppm failed on page {page}: {result.stderr.strip()}")
    return lines


def time_decks(n: int, warmup: int) -> tuple[dict, dict, int]:
    """The demo scan's deck: `present` alone, render_deck, and its download, interleaved.
    Milliseconds per case, SQL queries per case, and the deck's size in bytes."""
    from django.core.management import call_command
    from django.test import Client

    from checklists.models import Scan
    from reports.deck import render_deck
    from scoring.presentation import present

    call_command("seed_demo", stdout=io.StringIO())
    scan = Scan.objects.filter(status=Scan.Status.COMPLETED, previous__isnull=False).first()
    assert scan is not None, "seed_demo made no completed follow-up scan"
    client = Client()
    client.force_login(scan.created_by)
    url = f"/scans/{scan.pk}/deck.pptx"

    def presented():
        # What every output starts from; parts read, as the deck reads them.
        presentation = present(scan, language=scan.language)
        return presentation.parts, presentation.progress

    cases = {
        "baseline": lambda: client.get("/bench-baseline/", secure=True),
        "present": presented,
        "render_deck": lambda: render_deck(scan),
        "deck download": lambda: client.get(url, secure=True),
    }
    timings, queries = time_requests(cases, n, warmup)
    # CPU time of this process too: on a shared, busy machine the wall clock also counts the
    # others' work; the CPU milliseconds are what one deck costs on a quiet one.
    cpu: dict[str, list[float]] = {"render_deck": [], "deck download": []}
    for _round in range(n):
        for name in cpu:
            start = time.process_time()
            cases[name]()
            cpu[name].append((time.process_time() - start) * 1000)
    deck = render_deck(scan)
    DECK_PATH.write_bytes(deck)
    return timings, queries, cpu, len(deck)


def print_decks(timings: dict, queries: dict, cpu: dict, size: int) -> None:
    print(f"Deck of the demo scan ({size / 1024:.0f} KiB), interleaved with the baseline:")
    print_requests(timings, queries)
    for name, samples in cpu.items():
        print(f"{name:<15} CPU median {statistics.median(samples):.0f} ms (this process only)")
    median = statistics.median(timings["deck download"])
    verdict = "meets" if median <= TARGET_DECK_MS else "misses"
    print(f"  deck download <= {TARGET_DECK_MS:.0f} ms: {verdict} ({median:.0f} ms wall clock)")
    print(f"Deck: {DECK_PATH}")


def profile_render(scan, top: int) -> None:
    from reports.report import render_report

    profiler = cProfile.Profile()
    profiler.enable()
    render_report(scan)
    profiler.disable()
    print(f"cProfile of one render_report (top {top} by cumulative time):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10, help="timed renders per case (10)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed renders first (2)")
    parser.add_argument("--downloads", type=int, default=200, help="timed downloads (200)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one render_report")
    parser.add_argument(
        "--only", choices=["document"], help="time only the Word document (not the PDF)"
    )
    options = parser.parse_args()

    with temporary_database() as database:
        return run(options, database)


def run(options, database: Path) -> int:
    import django
    import weasyprint
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = install_urlconf()
    if options.only == "document":
        schema_and_content()
        print(*time_document(options.n, options.warmup), sep="\n")
        return 0
    user, scan, answered = prepare()
    renders, sizes, pdf = time_renders(scan, options.n, options.warmup)
    downloads, queries, first_ms, problems = time_download(
        user, scan, options.downloads, min(20, options.downloads)
    )
    pictures = write_pngs(scan, pdf)
    document = time_document(options.n, options.warmup)
    decks = time_decks(options.n, options.warmup)

    print(
        f"CX report benchmark: Django {django.get_version()}, WeasyPrint {weasyprint.__version__}"
        f", Python {platform.python_version()}, {connection.vendor} ({database}), "
        f"DEBUG={settings.DEBUG}"
    )
    print(
        f"Scan {scan.pk}: completed, {answered} items answered, language {scan.language}; "
        f"{options.n} timed renders per case after {options.warmup} warm-up, interleaved."
    )
    print()
    header = f"{'render':<16} {'median s':>9} {'p90 s':>7} {'min s':>7} {'KiB':>5}"
    print(header)
    print("-" * len(header))
    for name, samples in renders.items():
        print(
            f"{name:<16} {statistics.median(samples):>9.3f} {percentile(samples, 0.9):>7.3f} "
            f"{min(samples):>7.3f} {sizes[name] / 1024:>5.0f}"
        )
    ours = statistics.median(renders["render_report"])
    bare = statistics.median(renders["bare WeasyPrint"])
    overhead = ours / bare - 1
    print(f"Overhead of render_report over bare WeasyPrint: {overhead:+.1%} (medians)")
    tagged = statistics.median(renders["tagged"]) / statistics.median(renders["untagged"]) - 1
    print(f"Cost of the tagging (PDF/UA-1) on the same HTML: {tagged:+.1%} (medians)")
    print()
    print(
        f"Download GET /scans/{scan.pk}/report.pdf: worker render {first_ms:.0f} ms; "
        f"then {options.downloads} timed, interleaved with the baseline."
    )
    print_requests(downloads, queries)
    print()
    print("Targets (median):")
    verdict = "meets" if overhead <= TARGET_OVERHEAD else "misses"
    print(f"  render_report overhead <= {TARGET_OVERHEAD:.0%}: {verdict} ({overhead:+.1%})")
    summary = statistics.median(renders["summary only"])
    verdict = "meets" if summary <= TARGET_SUMMARY_S else "misses"
    print(f"  summary-only render <= {TARGET_SUMMARY_S:.1f} s: {verdict} ({summary:.3f} s)")
    download = statistics.median(downloads["stored report"])
    verdict = "meets" if download <= TARGET_DOWNLOAD_MS else "misses"
    print(f"  stored download <= {TARGET_DOWNLOAD_MS:.0f} ms: {verdict} ({download:.2f} ms)")
    print()
    print(*document, sep="\n")
    print()
    print(*pictures, sep="\n")
    print()
    print_decks(*decks)
    for problem in problems:
        print(f"WARNING: {problem}")
    if options.profile:
        print()
        profile_render(scan, 25)
    return 0  # a benchmark reports; it never fails


if __name__ == "__main__":
    sys.exit(main())
