"""Every main page is valid HTML, as the Nu HTML checker (vnu) sees it.

vnu.jar comes from npm (package.json: `vnu-jar`; `make test` runs `npm ci`) and runs on Java.
It takes a few seconds to start, so the pages are fetched first, as the browser receives them
from the live server, and checked in one run. Without java or vnu.jar the test is skipped
locally and fails in CI (CI=true), like the browser tests without Chromium.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from checklists.models import Answer, Area, Item
from narrative.texts import save_text
from plans.models import ImprovementAction
from reports.models import ShareLink, StoredReport
from reports.report import report_html
from tests import factories
from workshops.models import Workshop

from ..test_benchmark import peer
from .test_scan_in_browser import SUBMIT, log_in, make_scan

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("`java` is not on PATH (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(ROOT)} is missing (run `npm ci`, or `make test`)")
    if missing:
        reason = "The HTML check needs the Nu HTML checker: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # A run is short: the JIT's quick first tier alone halves the CPU it takes (4.8 -> 2.3 s for
    # four pages here), with the same messages; its deeper stack frames need a larger stack.
    jvm = ["-Xss16m", "-XX:TieredStopAtLevel=1"]
    checker = [str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
    return [java, *jvm, "-jar", *checker]


def vnu_errors(pages: dict[str, str], directory: Path) -> list[str]:
    """vnu's errors in the pages ({name: HTML}), one run for all, as "name:line: message"."""
    files = []
    for name, html in pages.items():
        path = directory / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    run = subprocess.run([*vnu_command(), *files], capture_output=True, text=True, check=False)
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu did not answer in JSON (exit {run.returncode}): {run.stderr[:2000]}")
    return [
        f"{Path(message.get('url', '?')).stem}:{message.get('lastLine', '?')}: "
        f"{message.get('message')} [{message.get('extract', '').strip()[:80]}]"
        for message in messages
        if message.get("type") in {"error", "non-document-error"}
    ]


def test_main_pages_are_valid_html(app, page, tmp_path):
    vnu_command()  # skip (or fail in CI) before the slow part when vnu cannot run
    live_server, alice = app
    base = live_server.url
    pages = {}

    def fetch(name, path, status=200):
        response = page.goto(f"{base}{path}")
        assert response.status == status, f"{path}: HTTP {response.status}"
        pages[name] = response.text()

    # An open scan with some answers and an action; a completed one with a share link.
    scan = make_scan(alice)
    items = list(Item.objects.active().order_by("area__position", "position"))
    for index, item in enumerate(items[::3]):
        factories.answer(scan, item, index % 5, note="Notitie" * (index % 2))
    action = ImprovementAction.objects.create(scan=scan, title="Betaallink", impact=4, effort=2)
    evidence = {"confidence": "low", "evidence": "Notulen", "evidence_link": "https://example.com/"}
    Answer.objects.filter(scan=scan, item=items[0]).update(**evidence)
    done = make_scan(alice)
    factories.answer(done, items[0], 3, **evidence)
    factories.complete(done)
    link = ShareLink.objects.create(scan=done, created_by=alice)
    save_text(done, "summary", "", "Onze **woorden**.\n\n- een\n- twee", alice)
    save_text(done, "area", "purpose", "Over *purpose* <b>.", alice)

    fetch("login", reverse("login"))
    fetch("shared", reverse("reports:shared_results", args=[link.token]))
    log_in(page, base)
    fetch("dashboard", reverse("home"))
    fetch("organisation", reverse("checklists:organisation", args=[scan.organisation.pk]))
    fetch("organisation-new", reverse("checklists:organisation_create"))
    for area in Area.objects.values_list("code", flat=True):
        fetch(f"scan-{area}", reverse("checklists:scan_area", args=[scan.pk, area]))
    fetch("scan-completed", reverse("checklists:scan_area", args=[done.pk, "purpose"]))
    fetch("results", reverse("scoring:results", args=[scan.pk]))
    fetch("results-completed", reverse("scoring:results", args=[done.pk]))
    fetch("evidence", reverse("checklists:evidence", args=[scan.pk, items[0].code]))
    fetch("evidence-completed", reverse("checklists:evidence", args=[done.pk, items[0].code]))
    for index in range(5):  # peers: the results get a benchmark column, the portfolio a row
        peer(f"Peer {index}", 20.0 + 10 * index, sector=done.organisation.sector)
    fetch("results-peers", reverse("scoring:results", args=[done.pk]))
    # A report the worker has not rendered yet (a plan change), and one that failed.
    report = reverse("reports:report", args=[done.pk]) + "?language=nl"
    reports = StoredReport.objects.filter(scan=done, language="nl")
    reports.update(version=F("version") + 1, queued_at=timezone.now())
    fetch("report-preparing", report, 202)
    fetch("report-preparing-shared", reverse("reports:shared_report", args=[link.token]), 202)
    reports.update(attempts=3)
    fetch("report-failed", report, 202)
    fetch("portfolio", reverse("scoring:portfolio"))
    fetch("portfolio-sorted", reverse("scoring:portfolio") + "?sort=overall&order=desc")
    fetch("complete", reverse("scoring:complete", args=[scan.pk]))
    fetch("reopen", reverse("scoring:reopen", args=[done.pk]))
    fetch("action-new", reverse("plans:action_create", args=[scan.pk]))
    fetch("action-edit", reverse("plans:action_edit", args=[scan.pk, action.pk]))
    fetch("kpis", reverse("plans:kpi_baseline", args=[scan.pk]))
    fetch("narrative-edit", reverse("narrative:section", args=[done.pk, "area", "purpose"]))
    fetch("password-change", reverse("password_change"))
    # The workshop: the start form, the projector's start slide and a statement with votes, the
    # overview; a participant's /w/, join page and vote page, self-paced and following the screen.
    fetch("workshop-start", reverse("workshops:start", args=[scan.pk]))
    workshop = factories.workshop(scan, created_by=alice, areas=["purpose", "journey"])
    fetch("workshop-start-slide", reverse("workshops:facilitator", args=[scan.pk]))
    first = items[0]
    factories.join(workshop, ["Anna", "Bram"], {first: [0, 3]})
    Workshop.objects.filter(pk=workshop.pk).update(current_item=first)
    fetch("workshop-statement", reverse("workshops:facilitator", args=[scan.pk]))
    fetch("workshop-overview", reverse("workshops:overview", args=[scan.pk]))
    fetch("workshop-enter", reverse("workshops:enter"))
    fetch("workshop-join", reverse("workshops:join", args=[workshop.code]))
    page.fill("#id_name", "Chris")
    page.click(SUBMIT)
    page.wait_for_url(f"{base}{reverse('workshops:vote_page', args=[workshop.code])}")
    fetch("workshop-vote", reverse("workshops:vote_page", args=[workshop.code]))
    Workshop.objects.filter(pk=workshop.pk).update(pace=Workshop.Pace.FOLLOW)
    fetch("workshop-vote-follow", reverse("workshops:vote_page", args=[workshop.code]))
    # The report is a PDF; what is checked is the HTML that WeasyPrint renders it from.
    pages["report"] = report_html(done, "nl")

    errors = vnu_errors(pages, tmp_path)
    assert not errors, f"vnu found {len(errors)} errors:\n" + "\n".join(errors[:60])
