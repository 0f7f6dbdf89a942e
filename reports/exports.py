"""A scan as a spreadsheet: the answers as CSV, and answers, scores, plan and KPIs as XLSX.

Both are built inside `translation.override(scan.language)`: headers, sheet names, names and
statements come out in the language the scan was run in, as in the JSON export. Scores come from
`results_for` (frozen for a completed scan, live for an open one), exactly as the results page
shows them; confidence and evidence are read from the answers as they stand.

Every text cell that a spreadsheet could take for a formula (it starts with = + - @, a tab or a
carriage return, or a fullwidth or small form of = + - @ such as "＝", which spreadsheets may read
as the plain one) is written as text: a string cell with a quote prefix in XLSX, a leading
apostrophe in CSV (OWASP's advice for CSV injection).
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Field
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from checklists.models import Answer, Scan
from cxscan.numbers import rounded
from cxscan.spreadsheets import is_formula_like  # shared with the audit trail's CSV
from plans.models import KpiBaseline
from plans.plan import PlanPart, quadrant_label
from scoring.presentation import Presentation, present
from scoring.record import Level, ScanResults, Section
from scoring.results import results_for

MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths in characters
WRAPPED_WIDTH = 45  # a column of long texts (statements, notes) wraps at this width

Value = StrOrPromise | int | float | date | None


def export_name(scan: Scan, extension: str) -> str:
    """`<organisation>-<scan title>.<extension>` as a safe ASCII slug."""
    name = slugify(f"{scan.organisation.name}-{scan.title}") or f"scan-{scan.pk}"
    return f"{name}.{extension}"


def csv_text(value: Value) -> str:
    """A value as a CSV field; text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str | Promise):
        value = str(value)
        return f"'{value}" if is_formula_like(value) else value
    return str(value)


def yes(flag: bool) -> str:
    return _("yes") if flag else ""


@dataclass
class Table:
    """A header and its rows; `formats` gives an Excel number format per column index."""

    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)
    wrapped: tuple[int, ...] = ()  # columns of long texts
    bold_rows: set[int] = field(default_factory=set)  # indexes of rows that head a second table


# --- Answers -----------------------------------------------------------------------------------


def answers_table(scan: Scan, results: ScanResults) -> Table:
    """One row per statement of the results (every active statement; unanswered ones blank),
    with the evidence as the results hold it (frozen with them for a completed scan)."""
    language = scan.language
    area_names = {area.code: area.name[language] for area in results.areas}
    pillar_names = {pillar.code: pillar.name[language] for pillar in results.pillars}
    table = Table(
        header=[
            _("Area"),
            _("Topic"),
            _("Pillar"),
            _("Code"),
            _("Statement"),
            _("Answer"),
            _("Meaning"),
            _("Not applicable"),
            _("Note"),
            _("Confidence"),
            _("Evidence"),
            _("Evidence link"),
            _("Evidence files"),
        ],
        wrapped=(4, 8, 10, 12),
    )
    for item in results.items:
        table.rows.append(
            [
                area_names.get(item.area, item.area),
                item.topic.name[language] if item.topic else "",
                pillar_names.get(item.pillar, item.pillar),
                item.code,
                item.statement[language],
                item.value,
                "" if item.value is None else Answer.Value(item.value).label,
                yes(item.not_applicable),
                item.note,
                Answer.Confidence(item.confidence).label if item.confidence else "",
                item.evidence,
                item.evidence_link,
                "\n".join(item.evidence_files),
            ]
        )
    return table


# --- Scores ------------------------------------------------------------------------------------


def scores_table(presentation: Presentation) -> Table:
    """Overall, then every area and pillar: the numbers of the results page."""
    results, language = presentation.results, presentation.language
    table = Table(
        header=[
            _("Section"),
            _("Code"),
            _("Name"),
            _("Score"),
            _("Level"),
            _("Level name"),
            _("Coverage"),
            _("Answered"),
            _("Statements"),
            _("Indicative"),
        ],
        formats={3: "0.0", 6: "0%"},
    )

    def row(kind: str, section: Section, level: Level | None, name: str) -> list[Value]:
        return [
            kind,
            section.code,
            name,
            section.score,
            section.level,
            level.name[language] if level else "",
            section.coverage,
            section.answered,
            section.total,
            yes(section.indicative and section.level is not None),
        ]

    overall = results.overall
    table.rows.append(
        row(_("Overall"), overall, presentation.overall_level, capfirst(presentation.overall_basis))
    )
    for kind, rows in ((_("Area"), presentation.areas), (_("Pillar"), presentation.pillars)):
        table.rows += [row(kind, r.section, r.level, r.section.name[language]) for r in rows]
    return table


# --- Plan and KPIs -----------------------------------------------------------------------------


def plan_table(plan: PlanPart) -> Table:
    table = Table(
        header=[
            _("Title"),
            _("Code"),
            _("Statement"),
            _("Impact"),
            _("Effort"),
            _("Quadrant"),
            _("Owner"),
            _("Due date"),
            _("Status"),
        ],
        formats={7: "yyyy-mm-dd"},
        wrapped=(0, 2),
    )
    for action in plan.actions:
        table.rows.append(
            [
                action.title,
                action.item.code if action.item else "",
                action.item.statement if action.item else "",
                action.impact,
                action.effort,
                quadrant_label(action.quadrant),
                action.owner,
                action.due_date,
                action.get_status_display(),
            ]
        )
    return table


def kpis_table(plan: PlanPart) -> Table:
    """The KPI rows of the results page (value as a number), then what the KPI form stored:
    the counts per answer, orders, returns and investment."""
    baseline = plan.kpi_baseline
    table = Table(
        header=[
            _("KPI"),
            _("Value"),
            _("Basis"),
            _("Inputs"),
            _("Period"),
            _("Source"),
        ],
        formats={1: "0.0"},
        wrapped=(3,),
    )
    for row in plan.kpi_rows:
        # How to read the number goes with its name (a lower CES is better), as on the page.
        name = f"{row['name']} ({row['reading']})" if row["reading"] else row["name"]
        table.rows.append(
            [
                name,
                None if row["value"] is None else float(rounded(row["value"])),
                row["basis_label"],
                row["inputs"],
                row["period"],
                row["source"],
            ]
        )
    stored = list(stored_kpi_inputs(baseline)) if baseline else []
    if stored:
        table.rows.append([])
        table.bold_rows.add(len(table.rows))
        table.rows.append([_("Stored input"), _("Answer"), _("Number")])
        table.rows += [list(row) for row in stored]
    return table


def field_label(name: str) -> str:
    field = KpiBaseline._meta.get_field(name)
    assert isinstance(field, Field)  # a column, not a relation
    return str(field.verbose_name)


def stored_kpi_inputs(baseline: KpiBaseline) -> Iterable[tuple[str, int | None, Value]]:
    """(field label, the answer on the survey scale or None, the count or amount) per input."""
    scales = {"nps_counts": range(0, 11), "ces_counts": range(1, 8), "csat_counts": range(1, 6)}
    for name, scale in scales.items():
        counts = getattr(baseline, name)
        if counts:
            label = field_label(name)
            yield from ((label, answer, count) for answer, count in zip(scale, counts, strict=True))
    for name in ("orders_with_contact", "orders", "roi_returns", "roi_investment"):
        number = getattr(baseline, name)
        if number is not None:
            label = field_label(name)
            yield label, None, float(number) if isinstance(number, Decimal) else number


def scan_table(scan: Scan) -> Table:
    """Which scan this is: a small key/value sheet."""
    completed = scan.completed_at.date() if scan.is_completed and scan.completed_at else None
    return Table(
        header=[_("Scan"), _("Value")],
        rows=[
            [_("Organisation"), scan.organisation.name],
            [_("Title"), scan.title],
            [_("Language"), scan.get_language_display()],
            [_("Status"), scan.get_status_display()],
            [_("Completed"), completed],
        ],
        formats={1: "yyyy-mm-dd"},
    )


# --- Writing -----------------------------------------------------------------------------------


def answers_csv(scan: Scan) -> bytes:
    """The answers as CSV, UTF-8 with a byte order mark (so Excel reads it as UTF-8).

    Dutch scans use a semicolon: Dutch Excel splits columns on the list separator of its locale,
    which is a semicolon there; English scans use a comma.
    """
    with translation.override(scan.language):
        table = answers_table(scan, results_for(scan))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if scan.language == "nl" else ",")
    writer.writerow([csv_text(title) for title in table.header])
    writer.writerows([csv_text(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def workbook(scan: Scan) -> bytes:
    """Answers, scores, plan, KPIs and the scan itself, one sheet each."""
    with translation.override(scan.language):
        presentation = present(scan, language=scan.language)
        plan = presentation.part(PlanPart)
        sheets = [
            (_("Answers"), answers_table(scan, presentation.results)),
            (_("Scores"), scores_table(presentation)),
            (_("Plan"), plan_table(plan)),
            (_("KPIs"), kpis_table(plan)),
            (_("Scan"), scan_table(scan)),
        ]
        book = Workbook()
        book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
        book.properties.title = f"{scan.organisation.name} – {scan.title}"[:200]
        book.properties.language = scan.language
        for title, table in sheets:
            write_sheet(book, title, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_sheet(book: Workbook, title: str, table: Table) -> None:
    sheet = book.create_sheet(sheet_title(title))
    bold = Font(bold=True)
    widths = [len(title) for title in table.header]
    for column, title in enumerate(table.header, start=1):
        set_value(sheet.cell(row=1, column=column), title).font = bold
    second_table = min(table.bold_rows, default=len(table.rows))  # the formats end there
    for row_index, row in enumerate(table.rows):
        for index, value in enumerate(row):
            cell = set_value(sheet.cell(row=row_index + 2, column=index + 1), value)
            if row_index in table.bold_rows:
                cell.font = bold
            elif row_index < second_table and index in table.formats and value is not None:
                cell.number_format = table.formats[index]
            if index in table.wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index < len(widths):
                widths[index] = max(widths[index], display_width(value))
    for index, width in enumerate(widths):
        wanted = min(width, WRAPPED_WIDTH) if index in table.wrapped else width
        sheet.column_dimensions[get_column_letter(index + 1)].width = (
            max(MIN_WIDTH, min(wanted, MAX_WIDTH)) + 2
        )
    sheet.freeze_panes = "A2"


def set_value(cell, value: Value):
    """Write a value: numbers and dates as such, text always as a string cell, never a formula."""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str):
        # XML cannot hold these control characters, and cannot keep a bare carriage return:
        # line breaks are written as a line feed, which is what Excel writes too.
        text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        cell.value = text
        cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
        if is_formula_like(value):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    return cell


def display_width(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    text = str(value)
    return max((len(line) for line in text.split("\n")), default=0)


def sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return "".join(char for char in title if char not in "[]:*?/\\")[:31] or "Sheet"
