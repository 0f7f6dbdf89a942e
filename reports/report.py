"""The PDF maturity report: one entry point, `render_report(scan, language) -> bytes`.

`client` (a share link's `ClientView`) renders what that link's client may see; without it, the
consultant's full report."""

from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.text import slugify
from weasyprint.text.fonts import FontConfiguration

from branding.logos import content_type
from branding.models import current as current_branding
from checklists.models import Answer, Scan
from plans.models import FOCUS_LIMIT
from plans.plan import QUADRANTS, actions_document, plan_context, quadrant_label
from scoring.benchmark import Benchmark, benchmark_for
from scoring.compare import compare
from scoring.evidence import evidence_by_area
from scoring.record import ItemResult, ScanResults
from scoring.results import frozen_results, overall_basis, results_for
from scoring.targets import section_target, targets_of
from workshops.room import summary as workshop_summary

from . import svg
from .models import ClientView, ShareLink

STYLESHEET = "css/report.css"
# The one address outside the static files the report may load: the consultancy's logo, read from
# storage by the fetcher (report.html uses it), never from a URL someone typed.
LOGO_URL = "cxscan-branding:logo"


class BlockedFetch(ValueError):
    pass


class StaticFilesOnly(weasyprint.URLFetcher):
    """WeasyPrint may read our own static files and nothing else: no http(s), no other files.

    Texts typed by users or admins are escaped by the templates; this is the second line of
    defence, so that nothing in a report can ever make the server fetch a URL.
    """

    def __init__(self):
        super().__init__(allowed_protocols=["file"], allow_redirects=False)

    def fetch(self, url, headers=None):
        if url == LOGO_URL:
            return logo_response()
        path = static_file_path(url)
        if path is None:
            raise BlockedFetch(f"The report may not load {url[:80]}")
        # The URL of the checked path, not the one asked for: what was checked is what is read.
        return super().fetch(path.as_uri(), headers)


def logo_response() -> weasyprint.urls.URLFetcherResponse:
    data = current_branding().logo_bytes() or b""
    kind = content_type(data)
    if kind is None:  # no logo, or the stored file is not a PNG or JPEG (any more)
        raise BlockedFetch("The report has no logo to load")
    return weasyprint.urls.URLFetcherResponse(LOGO_URL, body=data, headers={"Content-Type": kind})


def static_file_path(url: str) -> Path | None:
    """The real path (symlinks resolved) of a file:// URL inside a static folder, else None.

    The path is decoded before it is checked (urllib decodes it when it opens the file, so a
    check on the raw URL lets `%2e%2e/` through). A '%' left after decoding (double encoding),
    a query or fragment, a host, a backslash or a NUL byte is refused outright: our own
    stylesheets and images never need them.
    """
    if any(char in url for char in "\\\x00?#"):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in ("", "localhost"):
        return None
    try:
        decoded = unquote(parts.path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or any(char in decoded for char in "%\\\x00"):
        return None
    path = Path(decoded).resolve()
    roots = [
        Path(root[1] if isinstance(root, tuple | list) else root).resolve()
        for root in settings.STATICFILES_DIRS
    ]
    return path if any(path.is_relative_to(root) for root in roots) else None


def answer_label(item: ItemResult) -> str:
    if item.not_applicable:
        return str(translation.gettext("Not applicable"))
    if item.value is None:
        return str(translation.gettext("Not answered"))
    return f"{item.value} · {Answer.Value(item.value).label}"


def client_backing(entry, client: ClientView | None):
    """An area's confidence and evidence as the reader may see it. The consultant: all. A
    client: nothing, or with "file names only" the low-confidence list and the files' names
    (never the typed evidence or links, which may point into internal systems), as on the
    shared page."""
    if client is None or entry is None:
        return entry
    if client.evidence != ShareLink.Evidence.NAMES:
        return None
    return {
        "low_confidence": entry.low_confidence,
        "evidence": [item for item in entry.evidence if item.evidence_files],
        "names_only": True,
    }


def report_context(
    scan: Scan, results: ScanResults, language: str, *, client: ClientView | None = None
) -> dict:
    # The chapters show what was answered; what was not is listed in an appendix, a line each.
    items_by_area: dict[str, list[tuple[ItemResult, str]]] = {}
    unanswered_by_area: dict[str, list[ItemResult]] = {}
    for item in results.items:
        if item.value is None and not item.not_applicable:
            unanswered_by_area.setdefault(item.area, []).append(item)
        else:
            items_by_area.setdefault(item.area, []).append((item, answer_label(item)))
    targets = targets_of(scan)
    peers = benchmark_for(scan, results)
    backing = {entry.area.code: entry for entry in evidence_by_area(results)}
    areas = []
    for area in results.areas:
        groups: list[dict] = []
        for item, answer in items_by_area.get(area.code, []):
            topic = item.topic.name[language] if item.topic else ""
            if not groups or groups[-1]["topic"] != topic:
                groups.append({"topic": topic, "items": []})
            groups[-1]["items"].append((item, answer))
        areas.append(
            {
                "area": area,
                "level": results.level(area.level),
                "target": section_target(area, targets.areas.get(area.code), results.levels),
                "peers": peers.areas.get(area.code) if peers else None,
                "groups": groups,
                "tips": results.tips.get(f"area:{area.code}", []),
                "unanswered": unanswered_by_area.get(area.code, []),
                "backing": client_backing(backing.get(area.code), client),
            }
        )
    consultant = scan.created_by
    plan = plan_context(scan)
    target_label = translation.gettext("Target: where the target level begins")
    for action in plan["actions"]:
        action.quadrant_label = quadrant_label(action.quadrant)
    # The method's five in focus; every other action is listed under "Later", never dropped.
    top_actions = plan["actions"][:FOCUS_LIMIT]
    workshop = scan.workshops.first()
    return {
        **plan,
        "branding": current_branding(),
        "logo_url": LOGO_URL,
        "scan": scan,
        "results": results,
        "language": language,
        # When the results were computed: the completion for frozen results, now for live ones.
        "date": datetime.fromisoformat(results.computed_at),
        "consultant": (consultant.get_full_name() or consultant.get_username())
        if consultant
        else "",
        "overall_level": results.level(results.overall.level),
        "overall_basis": overall_basis(results, language),
        "areas": areas,
        "pillars": [
            (
                pillar,
                results.level(pillar.level),
                section_target(pillar, targets.pillars.get(pillar.code), results.levels),
                peers.pillars.get(pillar.code) if peers else None,
            )
            for pillar in results.pillars
        ],
        "targets": targets,
        "benchmark": peers,
        "scale": [(value, label) for value, label in Answer.Value.choices],
        "strengths": [results.item(code) for code in results.strengths],
        "gaps": [results.item(code) for code in results.gaps],
        "top_actions": top_actions,
        "later_actions": plan["actions"][FOCUS_LIMIT:],
        "matrix": svg.matrix(
            actions_document(top_actions),
            {key: quadrant_label(key) for key in QUADRANTS},
            translation.gettext("Effort"),
            translation.gettext("Impact"),
        ),
        "workshop": workshop,
        # A client sees the answers' notes only where the share link says so.
        "show_notes": client is None or client.notes,
        "workshop_summary": workshop_summary(workshop) if workshop else [],
        "has_unanswered": any(area["unanswered"] for area in areas),
        "area_chart": svg.radar(
            results.areas,
            results.levels,
            language,
            translation.gettext("Areas"),
            None,
            targets.areas,
            target_label,
            *peer_outline(peers, "areas", results.areas),
        ),
        "pillar_chart": svg.radar(
            results.pillars,
            results.levels,
            language,
            translation.gettext("Pillars"),
            None,
            targets.pillars,
            target_label,
            *peer_outline(peers, "pillars", results.pillars),
        ),
        **progress_context(scan, results, language),
    }


def peer_outline(peers: Benchmark | None, kind: str, sections) -> tuple[list | None, str]:
    """The peers' medians as an outline on a radar, with its legend; none unless every section
    on it has a benchmark (a section left out would be drawn at 0)."""
    spreads = getattr(peers, kind, {}) if peers else {}
    if peers is None or not sections or any(section.code not in spreads for section in sections):
        return None, ""
    label = translation.gettext("Peer median (%(n)s organisations)") % {"n": peers.group.n}
    return [spreads[section.code].median for section in sections], label


def progress_context(scan: Scan, results: ScanResults, language: str) -> dict:
    """ "Progress since <date>": the change per area and pillar since the predecessor's
    completion, and the areas radar with its scores as an outline. Empty without one."""
    previous = scan.previous
    earlier = frozen_results(previous) if previous is not None else None
    if previous is None or earlier is None:
        return {}
    comparison = compare(results, previous, earlier)
    shown = [change for change in comparison.areas if change.after is not None]
    when = formats.date_format(previous.completed_at) if previous.completed_at else ""
    return {
        "progress": comparison,
        "progress_since": when,
        "progress_tables": [
            (comparison.areas, translation.gettext("Area")),
            (comparison.pillars, translation.gettext("Pillar")),
        ],
        "progress_chart": svg.radar(
            [change.after for change in shown if change.after is not None],  # all of them
            results.levels,
            language,
            translation.gettext("Areas"),
            outline=[change.before.score if change.before else None for change in shown],
            outline_label=translation.gettext("Completed %(date)s") % {"date": when},
        ),
    }


def report_html(
    scan: Scan,
    language: str,
    results: ScanResults | None = None,
    *,
    client: ClientView | None = None,
) -> str:
    with translation.override(language):
        context = report_context(scan, results or results_for(scan), language, client=client)
        return render_to_string("reports/report.html", context)


def write_pdf(html: str, stylesheet_path: str = STYLESHEET) -> bytes:
    """Any of our PDFs: the HTML with one of our static stylesheets, through the fetcher."""
    fetcher = StaticFilesOnly()  # one per render: each builds an SSL context (~30 ms)
    # The stylesheet's @font-face rules (the vendored typeface) count only with a font config.
    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(
        filename=finders.find(stylesheet_path), url_fetcher=fetcher, font_config=fonts
    )
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def render_report(
    scan: Scan, language: str | None = None, *, client: ClientView | None = None
) -> bytes:
    """The PDF maturity report of a scan, in its language unless another is asked for; what a
    share link's client may see of it with `client`."""
    return write_pdf(report_html(scan, language or scan.language, client=client))


def pdf_response(scan: Scan, pdf: bytes, language: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"cx-maturity-{scan.organisation.name}-{scan.title}-{language}") or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
