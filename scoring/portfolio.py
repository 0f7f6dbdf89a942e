"""The consultant's portfolio: the latest completed scan of each of their organisations as one
row of a heatmap (overall, each area and each pillar, coloured by level; indicative levels
marked), filtered by sector and size band, sorted by any column, with the change in the overall
score since the organisation's previous completed scan.

Three queries for any number of organisations (the latest results with their organisation, their
section rows, and the overall rows of older results for the change), and the rows are written
out in Python: 500 organisations make 6,000 cells, which the template engine renders ten times
slower.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import Trim
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from checklists.models import Area, Organisation, Pillar
from cxscan.numbers import fixed_text, rounded

from .models import Results, SectionResult
from .templatetags.results_tags import signed

OVERALL = "overall"
ID_PLACEHOLDER = 987654321


@dataclass
class Column:
    key: str  # "overall", "area:<code>" or "pillar:<code>"
    label: str


@dataclass
class Row:
    organisation: str
    sector: str
    size_band: str
    scan_id: int
    title: str
    completed_at: datetime
    cells: dict[str, tuple[float | None, int | None, bool]] = field(default_factory=dict)
    change: float | None = None  # overall score now minus at the previous completed scan

    def score(self, key: str) -> float | None:
        return self.cells.get(key, (None, None, False))[0]


def columns() -> list[Column]:
    found = [Column(OVERALL, _("Overall"))]
    found += [Column(f"area:{area.code}", area.name) for area in Area.objects.all()]
    found += [Column(f"pillar:{pillar.code}", pillar.name) for pillar in Pillar.objects.all()]
    return found


def portfolio_rows(organisations: QuerySet, *, sector: str = "", size_band: str = "") -> list[Row]:
    """One row per organisation (of `organisations`) with completed results, in name order."""
    latest = Results.objects.filter(
        is_latest=True, scan__organisation__in=organisations.values("pk")
    ).annotate(
        organisation_id=F("scan__organisation_id"),
        organisation=F("scan__organisation__name"),
        sector=Trim("scan__organisation__sector"),
        size_band=F("scan__organisation__size_band"),
        title=F("scan__title"),
    )
    if sector:
        latest = latest.filter(sector__iexact=sector)
    if size_band:
        latest = latest.filter(size_band=size_band)
    rows: dict[int, Row] = {}
    organisation_of: dict[int, int] = {}
    for (
        scan_id,
        organisation_id,
        name,
        its_sector,
        its_size,
        title,
        completed_at,
    ) in latest.order_by("organisation", "pk").values_list(
        "pk", "organisation_id", "organisation", "sector", "size_band", "title", "completed_at"
    ):
        rows[scan_id] = Row(name, its_sector, its_size, scan_id, title, completed_at)
        organisation_of[organisation_id] = scan_id
    if not rows:
        return []

    minimum = settings.CXSCAN_MIN_COVERAGE
    for results_id, kind, code, score, level, coverage in SectionResult.objects.filter(
        results__in=latest.values("pk")
    ).values_list("results_id", "kind", "code", "score", "level", "coverage"):
        key = OVERALL if kind == SectionResult.Kind.OVERALL else f"{kind}:{code}"
        rows[results_id].cells[key] = (score, level, level is not None and coverage < minimum)

    # The change: against each organisation's most recent earlier results (ordered oldest first,
    # so the last one read wins).
    earlier = (
        SectionResult.objects.overall()
        .filter(
            results__is_latest=False,
            results__scan__organisation__in=list(organisation_of),
            score__isnull=False,
        )
        .order_by("results__completed_at", "results_id")
        .values_list("results__scan__organisation_id", "score")
    )
    before = dict(earlier)
    for organisation_id, scan_id in organisation_of.items():
        row = rows[scan_id]
        now = row.score(OVERALL)
        if organisation_id in before and now is not None:
            row.change = float(rounded(now - before[organisation_id]))
    return list(rows.values())


SORTS = {"name", "date", "change"}


def sort_key(sort: str):
    """The key to sort rows by: "name", "date", "change" or a column key. Rows without a value
    go last whichever way it is sorted (see `sorted_rows`)."""
    if sort == "name":
        return lambda row: row.organisation.lower()
    if sort == "date":
        return lambda row: row.completed_at
    if sort == "change":
        return lambda row: row.change
    return lambda row: row.score(sort)


def sorted_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    key = sort_key(sort)
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=descending) + missing


def sector_choices(organisations: QuerySet) -> list[str]:
    """The sectors of these organisations, as typed, once each whatever the case."""
    found: dict[str, str] = {}
    for sector in organisations.annotate(clean=Trim("sector")).values_list("clean", flat=True):
        if sector:
            found.setdefault(sector.lower(), sector)
    return sorted(found.values(), key=str.lower)


def rows_html(rows: list[Row], columns: list[Column], level_names: dict[int, str]) -> SafeString:
    """The table body: a row per organisation, a cell per column coloured by level and naming
    it too (number and name: the colour alone says nothing to a colour-blind reader or on a
    grey print)."""
    # Not number_format per cell: it took a third of the page's time for 6,000 cells.
    shown_score = fixed_text(1)
    # The link, reversed once (per row it cost a tenth of the page).
    results_url = reverse("scoring:results", args=[ID_PLACEHOLDER]).replace(
        str(ID_PLACEHOLDER), "{}"
    )
    indicative = escape(_("indicative"))
    hidden = '<span class="visually-hidden"> {}</span>'
    empty = '<td class="text-body-secondary">–' + hidden.format(escape(_("no score"))) + "</td>"
    mark = f'<span class="ind" title="{indicative}">*{hidden.format(indicative)}</span>'
    named: dict[int | None, str] = {
        number: f'<span class="lvl">{number} {escape(name)}</span>'
        for number, name in level_names.items()
    }
    no_change = '<td class="text-end text-body-secondary">–{}</td>'.format(
        hidden.format(escape(_("no earlier completed scan")))
    )
    lines = []
    for row in rows:
        cells = []
        for column in columns:
            score, level, weak = row.cells.get(column.key, (None, None, False))
            if score is None:
                cells.append(empty)
            else:
                shown = shown_score(score)
                cells.append(
                    f'<td class="lv{level or 0}">{shown}{mark if weak else ""}'
                    f"{named.get(level, '')}</td>"
                )
        change = (
            no_change if row.change is None else f'<td class="text-end">{signed(row.change)}</td>'
        )
        url = results_url.format(row.scan_id)
        date = formats.date_format(timezone.localdate(row.completed_at), "SHORT_DATE_FORMAT")
        lines.append(
            f'<tr><th scope="row"><a href="{url}">{escape(row.organisation)}</a>'
            f'<div class="small text-body-secondary">{escape(row.title)}</div></th>'
            f'<td class="text-nowrap">{date}</td>{"".join(cells)}'
            f"{change}</tr>"
        )
    return mark_safe("\n".join(lines))  # every text above is escaped; the rest are numbers


def size_choices() -> list[tuple[str, StrOrPromise]]:
    return list(Organisation.SizeBand.choices)
