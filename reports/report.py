"""The PDF maturity report: one entry point, `render_report(scan, language) -> bytes`.

The report tells the story, then the evidence: cover; executive summary (the consultant's
summary, the overall level, the area table, three key findings); profile (both radars); a page
per area (level and what it means, the consultant's commentary, that area's strengths, gaps and
tips); roadmap (every action, the five in focus first, and the matrix); KPIs; progress; the
workshop; and, unless `appendix=False` ("summary only"), the answers per area; the method.

`client` (a share link's `ClientView`) renders what that link's client may see; without it, the
consultant's full report. The PDF is tagged (PDF/UA-1): headings, tables with header cells, and
every chart with a text alternative naming its values.
"""

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
from django.utils.translation import gettext_lazy
from weasyprint.text.fonts import FontConfiguration

from branding.logos import content_type
from branding.models import Branding, branding_for
from checklists.models import Answer, Scan
from narrative.markdown import to_html
from plans.plan import QUADRANTS, PlanPart, actions_document, quadrant_label
from scoring.presentation import Presentation, present
from scoring.record import ItemResult, ScanResults, Section
from scoring.templatetags.results_tags import score, signed
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


# How many of an area's strengths and gaps its page lists.
AREA_FINDINGS = 3

# What each KPI of the plan's baseline means, and which way is better (plans.plan.kpi_rows keys).
KPI_MEANINGS = {
    "nps": (
        gettext_lazy(
            "How likely customers are to recommend you: the share of promoters (9–10) minus the "
            "share of detractors (0–6), from −100 to +100."
        ),
        gettext_lazy("higher is better"),
    ),
    "ces": (
        gettext_lazy(
            "How much effort customers had to make to get something done, on average, from "
            "1 (little) to 7 (a lot)."
        ),
        gettext_lazy("lower is better"),
    ),
    "csat": (
        gettext_lazy("The share of customers who answered 4 or 5 (satisfied) on a 1–5 scale."),
        gettext_lazy("higher is better"),
    ),
    "contact_ratio": (
        gettext_lazy(
            "The share of orders after which the customer had to get in touch: a contact that "
            "was needed is often a sign of friction."
        ),
        gettext_lazy("lower is better"),
    ),
    "roi": (
        gettext_lazy(
            "What the CX investment returned: returns minus investment, as a share of the "
            "investment."
        ),
        gettext_lazy("higher is better"),
    ),
}


def area_strengths(items: list[ItemResult]) -> list[ItemResult]:
    """An area's best-scoring statements (3 or 4), highest first, heavier weight first on ties."""
    scored = [item for item in items if item.value is not None and item.value >= 3]
    return sorted(scored, key=lambda item: (-(item.value or 0), -item.weight, item.code))[
        :AREA_FINDINGS
    ]


def area_gaps(items: list[ItemResult]) -> list[ItemResult]:
    """An area's lowest-scoring statements (2 or lower), lowest first."""
    scored = [item for item in items if item.value is not None and item.value <= 2]
    return sorted(scored, key=lambda item: (item.value, -item.weight, item.code))[:AREA_FINDINGS]


def key_findings(p: Presentation) -> list[str]:
    """Three findings for the executive summary, from the presentation: the strongest area, the
    weakest, and the biggest gap to a target, else the progress since the previous scan, else
    the statements that score lowest."""
    language = p.language
    gettext = translation.gettext
    scored = [row for row in p.areas if row.section.score is not None]
    findings: list[str] = []

    def described(row) -> dict:
        level = row.level
        return {
            "area": row.section.name[language],
            "score": score(row.section.score),
            "level": f"{level.number} · {level.name[language]}" if level else gettext("no level"),
        }

    if scored:
        strongest = max(scored, key=lambda row: row.section.score or 0.0)
        weakest = min(scored, key=lambda row: row.section.score or 0.0)
        findings.append(
            gettext("Strongest area: %(area)s, with a score of %(score)s (level %(level)s).")
            % described(strongest)
        )
        if weakest is not strongest:
            findings.append(
                gettext(
                    "Weakest area: %(area)s, with a score of %(score)s (level %(level)s): the "
                    "first place to improve."
                )
                % described(weakest)
            )
    gaps = [
        (row.target.gap, row.target.level, row)
        for row in p.areas
        if row.target.gap is not None and row.target.gap > 0 and row.target.level is not None
    ]
    if gaps:
        gap, target, row = max(gaps, key=lambda found: found[0])
        findings.append(
            translation.ngettext(
                "Biggest gap to a target: %(area)s is %(gap)d level below its target (%(target)s).",
                "Biggest gap to a target: %(area)s is %(gap)d levels below its target "
                "(%(target)s).",
                gap,
            )
            % {
                "area": row.section.name[language],
                "gap": gap,
                "target": f"{target.number} · {target.name[language]}",
            }
        )
    elif p.progress is not None:
        overall = p.progress.overall
        up = sum(1 for change in p.progress.areas if (change.level_change or 0) > 0)
        findings.append(
            translation.ngettext(
                "Since %(date)s the overall score went from %(before)s to %(after)s "
                "(%(change)s); %(up)d area rose a level.",
                "Since %(date)s the overall score went from %(before)s to %(after)s "
                "(%(change)s); %(up)d areas rose a level.",
                up,
            )
            % {
                "date": p.progress_since,
                "before": score(overall.before.score if overall.before else None),
                "after": score(overall.after.score if overall.after else None),
                "change": signed(overall.score_change),
                "up": up,
            }
        )
    elif p.gaps:
        low = sum(1 for item in p.results.items if item.value is not None and item.value <= 2)
        findings.append(
            translation.ngettext(
                "%(n)d statement scores 2 or lower; the first: “%(statement)s”",
                "%(n)d statements score 2 or lower; the first: “%(statement)s”",
                low,
            )
            % {"n": low, "statement": p.gaps[0].statement[language]}
        )
    return findings[:3]


def narrative_of(p: Presentation):
    """The consultant's words (narrative.part.NarrativePart), or None while nothing is written."""
    part = p.parts.get("narrative")
    return part if part else None


def report_context(
    presentation: Presentation, *, client: ClientView | None = None, appendix: bool = True
) -> dict:
    """The report's template context: the presentation, and what only the PDF has (statements
    grouped by topic for the appendix, each area's strengths and gaps, the key findings, the
    consultant's words as safe HTML, the client's view of evidence and notes, the branding, the
    SVG charts drawn from the presentation's rows, each with its text alternative).
    `appendix=False`: the summary only, without the answers per area."""
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
    narrative = narrative_of(p)
    area_texts = narrative.areas if narrative else {}
    areas = []
    for row in p.areas:
        area = row.section
        scored_items = [item for item in results.items if item.area == area.code]
        commentary = area_texts.get(area.code)
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
                "strengths": area_strengths(scored_items),
                "gaps": area_gaps(scored_items),
                "commentary": to_html(commentary.source) if commentary else "",
            }
        )
    consultant = scan.created_by
    plan = p.part(PlanPart)
    workshop = p.part(WorkshopPart)
    branding = branding_for(scan.organisation.consultancy_id)
    summary = narrative.summary if narrative else None
    return {
        **plan.context(),
        "appendix": appendix,
        "narrative_summary": to_html(summary.source) if summary else "",
        "key_findings": key_findings(p),
        "kpis": [
            {
                **row,
                "meaning": str(KPI_MEANINGS[row["key"]][0]) if row["key"] in KPI_MEANINGS else "",
                "better": str(KPI_MEANINGS[row["key"]][1]) if row["key"] in KPI_MEANINGS else "",
            }
            for row in plan.kpi_rows
        ],
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
        "matrix": matrix_chart(plan.focus),
        "workshop": workshop.workshop,
        # A client sees the answers' notes only where the share link says so.
        "show_notes": client is None or client.notes,
        "workshop_summary": workshop.summary,
        "has_unanswered": any(area["unanswered"] for area in areas),
        "area_chart": radar(p, "areas", translation.gettext("Areas")),
        "pillar_chart": radar(p, "pillars", translation.gettext("Pillars")),
        **progress_context(p),
    }


def matrix_chart(actions) -> dict:
    """The impact/effort matrix of the actions in focus, with its text alternative: every
    action's number, title, impact, effort and quadrant."""
    chart = svg.matrix(
        actions_document(actions),
        {key: quadrant_label(key) for key in QUADRANTS},
        translation.gettext("Effort"),
        translation.gettext("Impact"),
    )
    values = "; ".join(
        translation.gettext("%(number)d %(title)s: impact %(impact)s, effort %(effort)s, %(kind)s")
        % {
            "number": number,
            "title": action.title,
            "impact": action.impact,
            "effort": action.effort,
            "kind": action.quadrant_label,
        }
        for number, action in enumerate(actions, start=1)
    )
    chart["alt"] = (
        translation.gettext("Impact and effort of the actions in focus: %(values)s.")
        % {"values": values}
        if values
        else translation.gettext("Impact and effort: no actions yet.")
    )
    return chart


def chart_alt(
    title: str,
    sections: list[Section],
    language: str,
    outlines: list[tuple[str, list]] = (),  # type: ignore[assignment]
) -> str:
    """A radar's text alternative: its title and every value on it, section by section."""
    values = "; ".join(f"{section.name[language]} {score(section.score)}" for section in sections)
    text = f"{title}, {translation.gettext('score 0–100')}: {values}."
    for label, numbers in outlines:
        if label and numbers:
            shown = "; ".join(
                f"{section.name[language]} {score(number)}"
                for section, number in zip(sections, numbers, strict=False)
            )
            text += f" {label}: {shown}."
    return text


def radar(p: Presentation, kind: str, title: str) -> dict | None:
    """The SVG radar of the areas or pillars, with the targets and the peers' median, and its
    text alternative (every score, the targets' lower bounds and the peers' medians)."""
    rows = p.rows(kind)
    medians = p.peer_outline(kind)
    label = ""
    if medians is not None and p.benchmark is not None:
        n = p.benchmark.group.n
        label = translation.gettext("Peer median (%(n)s organisations)") % {"n": n}
    sections = [row.section for row in rows]
    targets = [(row.target.level.lower_bound if row.target.level else None) for row in rows]
    alt = chart_alt(
        title,
        sections,
        p.language,
        [
            (translation.gettext("Target: where the target level begins"), targets)
            if any(value is not None for value in targets)
            else ("", []),
            (label, medians or []),
        ],
    )
    chart = svg.radar(
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
    if chart is not None:
        chart["alt"] = alt
    return chart


def progress_context(p: Presentation) -> dict:
    """ "Progress since <date>": the change per area and pillar since the predecessor's
    completion, and the areas radar with its scores as an outline. Empty without one."""
    comparison = p.progress
    if comparison is None:
        return {}
    shown = [(c.after, c.before) for c in comparison.areas if c.after is not None]
    when = p.progress_since
    outline_label = translation.gettext("Completed %(date)s") % {"date": when}
    chart = svg.radar(
        [after for after, _before in shown],
        p.results.levels,
        p.language,
        translation.gettext("Areas"),
        outline=[before.score if before else None for _after, before in shown],
        outline_label=outline_label,
    )
    if chart is not None:
        chart["alt"] = chart_alt(
            translation.gettext("Areas"),
            [after for after, _before in shown],
            p.language,
            [(outline_label, [before.score if before else None for _after, before in shown])],
        )
    return {
        "progress": comparison,
        "progress_since": when,
        "progress_tables": [
            (comparison.areas, translation.gettext("Area")),
            (comparison.pillars, translation.gettext("Pillar")),
        ],
        "progress_chart": chart,
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
    appendix: bool = True,
) -> str:
    with translation.override(language):
        context = report_context(
            present(scan, results, language=language), client=client, appendix=appendix
        )
        return render_to_string("reports/report.html", context)


# Tagged: a structure tree of headings, tables, lists and figures with their text alternatives,
# the document's language and title (the HTML's `lang` and <title>).
PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, stylesheet_path: str = STYLESHEET, *, tagged: bool = True) -> bytes:
    """Any of our PDFs: the HTML with one of our static stylesheets, through the fetcher;
    tagged (PDF/UA-1) unless `tagged=False`."""
    fetcher = StaticFilesOnly()  # one per render: each builds an SSL context (~30 ms)
    # The stylesheet's @font-face rules (the vendored typeface) count only with a font config.
    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(
        filename=finders.find(stylesheet_path), url_fetcher=fetcher, font_config=fonts
    )
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=PDF_VARIANT if tagged else None,
    )


def render_report(
    scan: Scan,
    language: str | None = None,
    *,
    client: ClientView | None = None,
    appendix: bool = True,
) -> bytes:
    """The PDF maturity report of a scan, in its language unless another is asked for; what a
    share link's client may see of it with `client`; without the answers per area with
    `appendix=False` ("summary only")."""
    return write_pdf(report_html(scan, language or scan.language, client=client, appendix=appendix))


def pdf_response(scan: Scan, pdf: bytes, language: str, appendix: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    summary = "" if appendix else "-summary"
    name = (
        slugify(f"cx-maturity-{scan.organisation.name}-{scan.title}-{language}{summary}")
        or "report"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
