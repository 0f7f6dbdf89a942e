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
from django.utils import translation
from django.utils.text import slugify
from weasyprint.text.fonts import FontConfiguration

from branding.logos import content_type
from branding.models import Branding, branding_for
from checklists.models import Answer, Scan
from plans.plan import QUADRANTS, PlanPart, actions_document, quadrant_label
from scoring.presentation import Presentation, present
from scoring.record import ItemResult, ScanResults
from workshops.room import WorkshopPart

from . import svg
from .models import ClientView, ShareLink

STYLESHEET = "css/report.css"
# The one address outside the static files the report may load: the consultancy's logo, read from
# storage by the fetcher (report.html uses it), never from a URL someone typed.
LOGO_URL = "cxscan-branding:logo"


def logo_url(branding: Branding) -> str:
    """The address the report's template gives its logo: which consultancy's, by the branding's
    key (the fetcher reads that record's stored logo)."""
    return f"{LOGO_URL}/{branding.pk}" if branding.pk else LOGO_URL


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
        if url == LOGO_URL or url.startswith(f"{LOGO_URL}/"):
            return logo_response(url.removeprefix(LOGO_URL).lstrip("/"))
        path = static_file_path(url)
        if path is None:
            raise BlockedFetch(f"The report may not load {url[:80]}")
        # The URL of the checked path, not the one asked for: what was checked is what is read.
        return super().fetch(path.as_uri(), headers)


def logo_response(key: str = "") -> weasyprint.urls.URLFetcherResponse:
    branding = Branding.objects.filter(pk=int(key)).first() if key.isdigit() else None
    data = (branding.logo_bytes() if branding else None) or b""
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


def report_context(presentation: Presentation, *, client: ClientView | None = None) -> dict:
    """The report's template context: the presentation, and what only the PDF has (statements
    grouped by topic, the unanswered appendix, the client's view of evidence and notes, the
    branding, the SVG charts drawn from the presentation's rows)."""
    p = presentation
    scan, results, language = p.scan, p.results, p.language
    # The chapters show what was answered; what was not is listed in an appendix, a line each.
    items_by_area: dict[str, list[tuple[ItemResult, str]]] = {}
    unanswered_by_area: dict[str, list[ItemResult]] = {}
    for item in results.items:
        if item.value is None and not item.not_applicable:
            unanswered_by_area.setdefault(item.area, []).append(item)
        else:
            items_by_area.setdefault(item.area, []).append((item, answer_label(item)))
    backing = {entry.area.code: entry for entry in p.evidence}
    areas = []
    for row in p.areas:
        area = row.section
        groups: list[dict] = []
        for item, answer in items_by_area.get(area.code, []):
            topic = item.topic.name[language] if item.topic else ""
            if not groups or groups[-1]["topic"] != topic:
                groups.append({"topic": topic, "items": []})
            groups[-1]["items"].append((item, answer))
        areas.append(
            {
                "area": area,
                "level": row.level,
                "target": row.target,
                "peers": row.peers,
                "groups": groups,
                "tips": results.tips.get(f"area:{area.code}", []),
                "unanswered": unanswered_by_area.get(area.code, []),
                "backing": client_backing(backing.get(area.code), client),
            }
        )
    consultant = scan.created_by
    plan = p.part(PlanPart)
    workshop = p.part(WorkshopPart)
    branding = branding_for(scan.organisation.consultancy_id)
    return {
        **plan.context(),
        "branding": branding,
        "logo_url": logo_url(branding),
        "scan": scan,
        "results": results,
        "language": language,
        # When the results were computed: the completion for frozen results, now for live ones.
        "date": datetime.fromisoformat(results.computed_at),
        "consultant": (consultant.get_full_name() or consultant.get_username())
        if consultant
        else "",
        "overall_level": p.overall_level,
        "overall_basis": p.overall_basis,
        "areas": areas,
        "pillars": p.pillars,
        "targets": p.targets,
        "benchmark": p.benchmark,
        "scale": [(value, label) for value, label in Answer.Value.choices],
        "strengths": p.strengths,
        "gaps": p.gaps,
        # The method's five in focus; every other action is listed under "Later", never dropped.
        "top_actions": plan.focus,
        "later_actions": plan.later,
        "matrix": svg.matrix(
            actions_document(plan.focus),
            {key: quadrant_label(key) for key in QUADRANTS},
            translation.gettext("Effort"),
            translation.gettext("Impact"),
        ),
        "workshop": workshop.workshop,
        # A client sees the answers' notes only where the share link says so.
        "show_notes": client is None or client.notes,
        "workshop_summary": workshop.summary,
        "has_unanswered": any(area["unanswered"] for area in areas),
        "area_chart": radar(p, "areas", translation.gettext("Areas")),
        "pillar_chart": radar(p, "pillars", translation.gettext("Pillars")),
        **progress_context(p),
    }


def radar(p: Presentation, kind: str, title: str) -> dict | None:
    """The SVG radar of the areas or pillars, with the targets and the peers' median."""
    rows = p.rows(kind)
    medians = p.peer_outline(kind)
    label = ""
    if medians is not None and p.benchmark is not None:
        n = p.benchmark.group.n
        label = translation.gettext("Peer median (%(n)s organisations)") % {"n": n}
    return svg.radar(
        [row.section for row in rows],
        p.results.levels,
        p.language,
        title,
        None,
        p.targets_of(kind),
        translation.gettext("Target: where the target level begins"),
        medians,
        label,
    )


def progress_context(p: Presentation) -> dict:
    """ "Progress since <date>": the change per area and pillar since the predecessor's
    completion, and the areas radar with its scores as an outline. Empty without one."""
    comparison = p.progress
    if comparison is None:
        return {}
    shown = [(c.after, c.before) for c in comparison.areas if c.after is not None]
    when = p.progress_since
    return {
        "progress": comparison,
        "progress_since": when,
        "progress_tables": [
            (comparison.areas, translation.gettext("Area")),
            (comparison.pillars, translation.gettext("Pillar")),
        ],
        "progress_chart": svg.radar(
            [after for after, _before in shown],
            p.results.levels,
            p.language,
            translation.gettext("Areas"),
            outline=[before.score if before else None for _after, before in shown],
            outline_label=translation.gettext("Completed %(date)s") % {"date": when},
        ),
    }


def report_links(url: str, first: str) -> list[tuple[str, str, str]]:
    """(language, its name, address) of the report in each language, the scan's own first."""
    names = {"nl": "Nederlands", "en": "English"}  # each in its own language, as a switch is
    order = [first, *(code for code in names if code != first)]
    return [(code, names[code], f"{url}?language={code}") for code in order]


def report_html(
    scan: Scan,
    language: str,
    results: ScanResults | None = None,
    *,
    client: ClientView | None = None,
) -> str:
    with translation.override(language):
        context = report_context(present(scan, results, language=language), client=client)
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
