"""The PDF maturity report: one entry point, `render_report(scan, language) -> bytes`."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from checklists.models import Answer, Scan

from .models import CachedReport
from .plan import plan_context, quadrant_label
from .results import results_for
from .svg import radar_svg

STYLESHEET = "css/report.css"


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
        path = static_file_path(url)
        if path is None:
            raise BlockedFetch(f"The report may not load {url[:80]}")
        # The URL of the checked path, not the one asked for: what was checked is what is read.
        return super().fetch(path.as_uri(), headers)


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


def answer_label(item: dict) -> str:
    if item["not_applicable"]:
        return str(translation.gettext("Not applicable"))
    if item["value"] is None:
        return str(translation.gettext("Not answered"))
    return f"{item['value']} · {Answer.Value(item['value']).label}"


def report_context(scan: Scan, results: dict, language: str) -> dict:
    levels = {level["number"]: level for level in results["levels"]}
    items_by_area: dict[str, list[dict]] = {}
    for item in results["items"]:
        items_by_area.setdefault(item["area"], []).append({**item, "answer": answer_label(item)})
    areas = []
    for area in results["areas"]:
        groups: list[dict] = []
        for item in items_by_area.get(area["code"], []):
            topic = item["topic"]["name"][language] if item["topic"] else ""
            if not groups or groups[-1]["topic"] != topic:
                groups.append({"topic": topic, "items": []})
            groups[-1]["items"].append(item)
        areas.append(
            {
                **area,
                "level_info": levels.get(area["level"]),
                "groups": groups,
                "tips": results["tips"].get(f"area:{area['code']}", []),
            }
        )
    consultant = scan.created_by
    plan = plan_context(scan)
    for action in plan["actions"]:
        action.quadrant_label = quadrant_label(action.quadrant)
    return {
        **plan,
        "scan": scan,
        "results": results,
        "language": language,
        "date": scan.completed_at or timezone.now(),
        "consultant": (consultant.get_full_name() or consultant.get_username())
        if consultant
        else "",
        "overall_level": levels.get(results["overall"]["level"]),
        "areas": areas,
        "pillars": [dict(p, level_info=levels.get(p["level"])) for p in results["pillars"]],
        "scale": [(value, label) for value, label in Answer.Value.choices],
        "area_chart": radar_svg(
            results["areas"], results["levels"], language, translation.gettext("Areas")
        ),
        "pillar_chart": radar_svg(
            results["pillars"], results["levels"], language, translation.gettext("Pillars")
        ),
    }


def report_html(scan: Scan, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "scoring/report.html", report_context(scan, results_for(scan), language)
        )


def write_pdf(html: str) -> bytes:
    fetcher = StaticFilesOnly()  # one per render: each builds an SSL context (~30 ms)
    stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(stylesheets=[stylesheet])


def render_report(scan: Scan, language: str | None = None) -> bytes:
    """The PDF maturity report of a scan, in its language unless another is asked for."""
    return write_pdf(report_html(scan, language or scan.language))


def report_for_download(scan: Scan, language: str | None = None) -> bytes:
    """The report, from the cache for a completed scan (rendered once per completion)."""
    language = language or scan.language
    if not scan.is_completed:
        return render_report(scan, language)
    cached = CachedReport.objects.filter(
        scan=scan, language=language, completed_at=scan.completed_at
    ).first()
    if cached:
        return bytes(cached.pdf)
    pdf = render_report(scan, language)
    CachedReport.objects.update_or_create(
        scan=scan, language=language, defaults={"completed_at": scan.completed_at, "pdf": pdf}
    )
    return pdf


def pdf_response(scan: Scan, pdf: bytes, language: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"cx-maturity-{scan.organisation.name}-{scan.title}-{language}") or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
