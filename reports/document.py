"""The report as a Word document the consultant can edit: `build_document(presentation) -> bytes`.

python-docx rather than docxtpl: the document is the PDF's story built from the presentation
(headings, tables, images, the consultant's text block by block), not a fixed layout with gaps to
fill, so a Word template would hold little but styles, and those python-docx sets in code.

The story, in the scan's language: cover (Title style, the consultancy's logo and name);
executive summary (the consultant's summary, the overall level, the area table, the strengths
and gaps); profile (both radars); one section per area (level, the consultant's commentary, the
area's strengths and gaps, its do's and don'ts); the roadmap (every action, the five in focus
first, the rest under "Later"); the KPIs; progress since the previous scan; the workshop; an
appendix with the answers per area; the method. Word's own styles carry the structure (Title,
Heading 1 and 2: the navigation pane shows it; "List Bullet"), tables repeat their header row on
every page, and the consultancy's accent colours the headings and the tables' header rows.

The radars are PNGs drawn on the server by Pillow (`raster.py`, same geometry as the PDF's SVG),
each with alt text naming every value. Text the consultant typed is data: a link is its text and
address (`narrative.markdown`), never a hyperlink, and nothing is fetched.

`client` (a share link's `ClientView`) writes what that link's client may see, as the PDF's
client variant does: the evidence only as file names (or not at all), the answers' notes only
where the link shows them.
"""

import io
import re
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from branding.logos import content_type
from branding.models import Branding, branding_for
from checklists.models import Answer
from cxscan.numbers import one_decimal
from narrative.part import NarrativePart, Text
from plans.plan import QUADRANTS, PlanPart, actions_document, quadrant_label
from scoring.presentation import Presentation, SectionRow
from scoring.record import ItemResult, Level, Section
from scoring.templatetags.results_tags import percent, signed
from workshops.room import WorkshopPart

from . import raster, svg
from .models import ClientView
from .report import answer_label, client_backing, radar

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
IMAGE_WIDTH = Cm(12.5)  # both radars fit on the profile's page
TEXT_WIDTH = 16.6  # cm between the margins (A4 less 2 × 2.2 cm)
TWIPS_PER_CM = 567
TABLE_SIZE = '<w:sz w:val="19"/>'  # 9.5 pt in tables (half points), the body's 10.5 elsewhere
# Some air above and below a cell's text (Table Grid has none), in twips.
CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:bottom w:w="45" w:type="dxa"/></w:tblCellMar>'
)
# Characters XML may not hold (a pasted text could carry them): left out, never a failed document.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
LOGO_HEIGHT = Cm(2)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _score(value: float | None) -> str:
    return "–" if value is None else one_decimal(value)


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def _runs(text: str) -> str:
    """A run's content as XML: the text escaped, each line break a <w:br/>."""
    return "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in _clean(text).split("\n")
    )


class Writer:
    """One document being written: the python-docx document, the presentation, the branding."""

    def __init__(
        self, presentation: Presentation, branding: Branding, client: ClientView | None = None
    ):
        self.p = presentation
        self.client = client
        self.language = presentation.language
        self.branding = branding
        self.doc: DocumentType = Document()
        self._styles()

    def tr(self, texts: dict[str, str]) -> str:
        return texts.get(self.language) or texts.get("nl", "")

    # Styles -------------------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        # The document's language, for Word's spelling and a screen reader's voice.
        rpr = normal.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), LANGUAGE_TAGS.get(self.language, self.language))
        rpr.append(lang)
        accent = _rgb(self.branding.accent_text)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
            styles[name].font.color.rgb = accent
        # The line under the title: the accent, not the template's theme blue.
        for border in styles["Title"].element.xpath("./w:pPr/w:pBdr/w:bottom"):
            border.set(qn("w:color"), self.branding.accent.lstrip("#").upper())
            border.attrib.pop(qn("w:themeColor"), None)
        # Each chapter starts on a new page, as in the PDF.
        styles["Heading 1"].paragraph_format.page_break_before = True
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
        section.left_margin = section.right_margin = Cm(2.2)
        # The footer: whose report, and the page number (a field Word and LibreOffice fill in).
        footer = section.footer.paragraphs[0]
        brand = self.branding.name or _("CX Maturity Scan")
        footer.add_run(_clean(f"{brand} · {self.p.scan.organisation.name} · "))
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"/>'))
        properties = self.doc.core_properties
        properties.language = LANGUAGE_TAGS.get(self.language, self.language)
        properties.title = _clean(f"{_('CX maturity report')}: {self.p.scan.organisation.name}")
        properties.author = _clean(self.branding.name or "")

    # Building blocks ----------------------------------------------------------------------------
    # Paragraphs and tables are written with their style's id (and table rows as XML): python-docx
    # looks a style up by name through the whole styles part every time, which made a document of
    # the demo scan take twice as long.

    def add(self, style: str | None = None) -> Paragraph:
        """A new paragraph at the end, in the style with that id ("Heading1", "ListBullet")."""
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.style = style
        return paragraph

    def heading(self, text: str, level: int) -> None:
        self.add(f"Heading{level}").add_run(_clean(text))

    def paragraph(self, text: str = "", style: str | None = None, *, bold_start: str = ""):
        paragraph = self.add(style)
        if bold_start:
            paragraph.add_run(_clean(bold_start)).bold = True
        if text:
            paragraph.add_run(_clean(text))
        return paragraph

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.add("ListBullet").add_run(_clean(line))

    def text(self, text: Text | None) -> None:
        """What the consultant wrote: paragraphs and bullets, with their bold runs."""
        if text is None:
            return
        for block in text.blocks:
            style = "ListBullet" if block.kind == "bullets" else None
            for line in block.lines:
                paragraph = self.add(style)
                for run in line:
                    paragraph.add_run(_clean(run.text)).bold = run.bold or None

    def table(self, header: list[str], rows: list[list[str]], widths: list[float] | None = None):
        """A table with a header row that Word repeats on every page (w:tblHeader: also what
        marks it as the header for a screen reader), in the accent colour; widths in cm."""
        widths = widths or [TEXT_WIDTH / len(header)] * len(header)
        twips = [round(width * TWIPS_PER_CM) for width in widths]
        fill = self.branding.accent.lstrip("#").upper()
        colour = self.branding.on_accent.lstrip("#").upper()
        header_cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
            f'<w:p><w:r><w:rPr><w:b/><w:color w:val="{colour}"/>{TABLE_SIZE}</w:rPr>'
            f"{_runs(title)}</w:r></w:p></w:tc>"
            for title, width in zip(header, twips, strict=True)
        )
        body = "".join(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f"<w:p><w:r><w:rPr>{TABLE_SIZE}</w:rPr>{_runs(value)}</w:r></w:p></w:tc>"
                for value, width in zip(values, twips, strict=True)
            )
            + "</w:tr>"
            for values in rows
        )
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
        table = parse_xml(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f"{CELL_MARGINS}"
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header_cells}</w:tr>"
            f"{body}</w:tbl>"
        )
        self.doc.element.body._insert_tbl(table)
        self.add()  # room after the table

    def image(self, png: bytes, alt: str, width=IMAGE_WIDTH) -> None:
        """A picture with its alt text (docPr descr): what a screen reader says instead."""
        run = self.doc.add_paragraph().add_run()
        shape = run.add_picture(io.BytesIO(png), width=width)
        shape._inline.docPr.set("descr", _clean(alt))

    # Texts used more than once ------------------------------------------------------------------

    def level_text(self, level: Level | None, section: Section) -> str:
        if level is None:
            return _("no level")
        text = f"{level.number} {self.tr(level.name)}"
        if section.indicative:
            text += f" ({_('indicative')})"
        return text

    def section_table(self, rows: list[SectionRow]) -> None:
        """The areas' or pillars' table: score, level, target (where one is set), coverage."""
        header = [_("Area") if rows is self.p.areas else _("Pillar"), _("Score"), _("Level")]
        with_targets = any(row.target.level for row in rows)
        if with_targets:
            header.append(_("Target"))
        header.append(_("Coverage"))
        table = []
        for row in rows:
            cells = [
                self.tr(row.section.name),
                _score(row.section.score),
                self.level_text(row.level, row.section),
            ]
            if with_targets:
                target = row.target.level
                cells.append(f"{target.number} {self.tr(target.name)}" if target else "–")
            cells.append(percent(row.section.coverage))
            table.append(cells)
        widths = [5.6, 2.0, 4.0, 3.0, 2.0] if with_targets else [6.6, 2.2, 5.2, 2.6]
        self.table(header, table, widths)

    def radar_image(self, kind: str, title: str) -> None:
        chart = radar(self.p, kind, title)
        if chart is None:
            return
        values = "; ".join(
            f"{self.tr(row.section.name)} {_score(row.section.score)}" for row in self.p.rows(kind)
        )
        caption = self.paragraph(title, "Caption")
        caption.paragraph_format.keep_with_next = True  # never a caption alone at a page's foot
        self.image(raster.radar_png(chart), f"{title}: {values}")

    # The story ----------------------------------------------------------------------------------

    def cover(self) -> None:
        scan = self.p.scan
        logo = self.branding.logo_bytes() if self.branding.logo else None
        if logo and content_type(logo):  # PNG or JPEG, checked by its signature
            self.doc.add_paragraph().add_run().add_picture(io.BytesIO(logo), height=LOGO_HEIGHT)
            self.doc.inline_shapes[-1]._inline.docPr.set("descr", _clean(self.branding.name))
        if self.branding.name:
            self.paragraph(self.branding.name).runs[0].font.color.rgb = _rgb(
                self.branding.accent_text
            )
        self.paragraph(_("CX maturity report"))
        self.paragraph(scan.organisation.name, "Title")
        self.paragraph(scan.title, "Subtitle")
        if self.p.overall_level:
            level = self.p.overall_level
            self.paragraph(
                f"{level.number} · {self.tr(level.name)}",
                bold_start=f"{_('Overall maturity level')}: ",
            )
        date = datetime.fromisoformat(self.p.results.computed_at)
        self.paragraph(formats.date_format(date, "DATE_FORMAT"), bold_start=f"{_('Date')}: ")
        consultant = scan.created_by
        if consultant:
            name = consultant.get_full_name() or consultant.get_username()
            self.paragraph(name, bold_start=f"{_('Consultant')}: ")
        if not scan.is_completed:
            self.paragraph(
                _("Provisional: the scan is not completed"), bold_start=f"{_('Status')}: "
            )

    def summary(self, narrative: NarrativePart | None) -> None:
        p = self.p
        self.heading(_("Executive summary"), 1)
        if narrative:
            self.text(narrative.summary)
        overall = p.results.overall
        level = (
            f"{p.overall_level.number} · {self.tr(p.overall_level.name)}"
            if p.overall_level
            else _("No level yet")
        )
        self.paragraph(level, bold_start=f"{_('Overall maturity level')}: ")
        self.paragraph(
            f"{_('Score')} {_score(overall.score)} / 100 ({p.overall_basis}) · "
            f"{_('coverage')} {percent(overall.coverage)}"
        )
        if p.overall_level:
            self.paragraph(self.tr(p.overall_level.description))
        self.section_table(p.areas)
        self.heading(_("Strengths"), 2)
        self.findings(p.strengths, _("No statement scores 3 or 4 yet."))
        self.heading(_("Gaps"), 2)
        self.findings(p.gaps, _("No statement scores 2 or lower."))

    def findings(self, items: list[ItemResult], empty: str) -> None:
        if items:
            self.bullets([f"{self.tr(item.statement)} ({item.value})" for item in items])
        else:
            self.paragraph(empty)

    def profile(self) -> None:
        self.heading(_("Maturity profile"), 1)
        self.paragraph(
            _("The score per area and per pillar; the coloured rings are the maturity levels.")
        )
        if self.p.targets:
            self.paragraph(
                _("The dashed line marks the targets: the score where each target level begins.")
            )
        self.radar_image("areas", _("Areas"))
        self.radar_image("pillars", _("CXPA pillars"))
        self.section_table(self.p.pillars)

    def area(self, row: SectionRow, narrative: NarrativePart | None) -> None:
        area, level = row.section, row.level
        self.heading(self.tr(area.name), 1)
        self.paragraph(self.tr(area.description))
        self.paragraph(self.level_text(level, area), bold_start=f"{_('Level')}: ")
        answered = _("%(answered)s of %(total)s statements answered") % {
            "answered": area.answered,
            "total": area.total,
        }
        self.paragraph(f"{_('Score')} {_score(area.score)} / 100 · {answered}")
        if row.target.level:
            target = row.target.level
            self.paragraph(
                f"{target.number} · {self.tr(target.name)}", bold_start=f"{_('Target')}: "
            )
        if level:
            self.paragraph(self.tr(level.description))
        commentary = narrative.areas.get(area.code) if narrative else None
        if commentary:
            self.heading(_("The consultant's commentary"), 2)
            self.text(commentary)
        strengths = [item for item in self.p.strengths if item.area == area.code]
        gaps = [item for item in self.p.gaps if item.area == area.code]
        if strengths:
            self.heading(_("Strengths"), 2)
            self.findings(strengths, "")
        if gaps:
            self.heading(_("Gaps"), 2)
            self.findings(gaps, "")
        self.backing(area)
        tips = self.p.results.tips.get(f"area:{area.code}", [])
        if tips:
            self.heading(_("Do's and don'ts"), 2)
            self.bullets(
                [
                    f"{_('Do') if tip.kind == 'do' else _("Don't")}: {self.tr(tip.text)}"
                    for tip in tips
                ]
            )

    def backing(self, area: Section) -> None:
        """What backs the area's answers, as the consultant's PDF shows it: the statements
        answered with low confidence, and the evidence (its link an address in plain text). A
        client: nothing, or with "file names only" the low-confidence list and the files' names."""
        entry = next((e for e in self.p.evidence if e.area.code == area.code), None)
        if self.client is not None:
            self.client_backing(client_backing(entry, self.client))
            return
        if entry is None:
            return
        if entry.low_confidence:
            self.heading(_("Answered with low confidence"), 2)
            self.bullets([self.tr(item.statement) for item in entry.low_confidence])
        if entry.evidence:
            self.heading(_("Evidence"), 2)
            self.table(
                [_("Statement"), _("Evidence"), _("Link"), _("Files")],
                [
                    [
                        self.tr(item.statement),
                        item.evidence,
                        item.evidence_link,
                        ", ".join(item.evidence_files),
                    ]
                    for item in entry.evidence
                ],
                [6, 4.6, 3, 3],
            )

    def client_backing(self, backing: dict | None) -> None:
        """The file names behind an area's answers, never the typed evidence or its link."""
        if not backing:
            return
        if backing["low_confidence"]:
            self.heading(_("Answered with low confidence"), 2)
            self.bullets([self.tr(item.statement) for item in backing["low_confidence"]])
        if backing["evidence"]:
            self.heading(_("Evidence"), 2)
            self.table(
                [_("Statement"), _("Files")],
                [
                    [self.tr(item.statement), ", ".join(item.evidence_files)]
                    for item in backing["evidence"]
                ],
                [10.6, 6],
            )

    def roadmap(self, plan: PlanPart) -> None:
        self.heading(_("Improvement plan"), 1)
        if not plan.actions:
            self.paragraph(_("No improvement actions have been chosen yet."))
            return
        header = [
            "#",
            _("Action"),
            _("Impact"),
            _("Effort"),
            _("Owner"),
            _("Due"),
            _("Status"),
        ]
        widths = [0.7, 4.7, 1.8, 2.5, 3.1, 1.9, 1.9]

        def rows(actions, first):
            return [
                [
                    str(number),
                    action.title,
                    str(action.impact),
                    str(action.effort),
                    action.owner or "–",
                    formats.date_format(action.due_date, "SHORT_DATE_FORMAT")
                    if action.due_date
                    else "–",
                    str(action.get_status_display()),
                ]
                for number, action in enumerate(actions, start=first)
            ]

        if plan.later:
            self.heading(_("In focus"), 2)
        self.table(header, rows(plan.focus, 1), widths)
        self.matrix(plan)
        if plan.later:
            self.heading(_("Later"), 2)
            self.table(header, rows(plan.later, len(plan.focus) + 1), widths)

    def matrix(self, plan: PlanPart) -> None:
        """The actions in focus on impact and effort, numbered as in the table above."""
        chart = svg.matrix(
            actions_document(plan.focus),
            {key: quadrant_label(key) for key in QUADRANTS},
            _("Effort"),
            _("Impact"),
        )
        alt = "; ".join(
            f"{number} {action.title}: {_('Impact')} {action.impact}, {_('Effort')} {action.effort}"
            for number, action in enumerate(plan.focus, start=1)
        )
        self.image(raster.matrix_png(chart), f"{_('Impact')} / {_('Effort')}: {alt}", Cm(10))

    def kpis(self, plan: PlanPart) -> None:
        self.heading(_("KPI baseline"), 1)
        if not plan.kpi_rows:
            self.paragraph(_("No KPIs were recorded with this scan."))
            return
        rows = []
        for kpi in plan.kpi_rows:
            value = kpi["shown"] + (f" ({kpi['reading']})" if kpi["reading"] else "")
            basis = " · ".join(
                part for part in (kpi["basis_label"], kpi["inputs"], kpi["measured"]) if part
            )
            rows.append([kpi["name"], value, basis])
        self.table([_("KPI"), _("Value"), _("Based on")], rows, [5, 3.5, 8])

    def progress(self) -> None:
        comparison = self.p.progress
        if comparison is None:
            return
        when = self.p.progress_since
        self.heading(_("Progress since %(date)s") % {"date": when}, 1)
        overall = comparison.overall
        self.paragraph(
            f"{_('Overall')}: {_score(overall.before.score if overall.before else None)} → "
            f"{_score(overall.after.score if overall.after else None)}"
        )
        for changes, label in ((comparison.areas, _("Area")), (comparison.pillars, _("Pillar"))):
            rows = []
            for change in changes:
                before = f"{_score(change.before.score)}" if change.before else "–"
                after = f"{_score(change.after.score)}" if change.after else "–"
                rows.append([self.tr(change.name), before, after, signed(change.score_change)])
            self.table([label, when, _("Now"), _("Change")], rows, [7.1, 3.5, 3, 3])
        pairs = [(c.after, c.before) for c in comparison.areas if c.after is not None]
        chart = svg.radar(
            [after for after, _before in pairs],
            self.p.results.levels,
            self.language,
            _("Areas"),
            outline=[before.score if before else None for _after, before in pairs],
            outline_label=_("Completed %(date)s") % {"date": when},
        )
        if chart is not None:
            values = "; ".join(
                f"{self.tr(after.name)} {_score(before.score if before else None)} → "
                f"{_score(after.score)}"
                for after, before in pairs
            )
            self.image(raster.radar_png(chart), f"{_('Areas')}: {values}")

    def workshop(self, part: WorkshopPart) -> None:
        if part.workshop is None:
            return
        self.heading(_("Workshop: where the team disagreed"), 1)
        rows = [
            [
                str(area.area.name),
                str(area.participants),
                f"{round(100 * area.discuss_share)}% ({len(area.disagreed)}/{area.voted})",
            ]
            for area in part.summary
        ]
        self.table(
            [_("Area"), _("Participants"), _("Statements with spread 2 or more")], rows, [8.6, 3, 5]
        )
        for area in part.summary:
            if not area.disagreed:
                continue
            self.heading(str(area.area.name), 2)
            table = []
            for found in area.disagreed:
                votes = " · ".join(str(count) for _label, count, _percent in found.figures.bars())
                answer = found.answer
                if answer is None:
                    consensus = _("not yet")
                elif answer.not_applicable:
                    consensus = _("N/A")
                else:
                    consensus = str(answer.value)
                table.append([str(found.item.statement), votes, consensus])
            self.table(
                [_("Statement"), _("Votes 0 · 1 · 2 · 3 · 4 · N/A"), _("Consensus")],
                table,
                [9.1, 4.5, 3],
            )

    def appendix(self) -> None:
        self.heading(_("Appendix: the answers"), 1)
        by_area: dict[str, list[ItemResult]] = {}
        for item in self.p.results.items:
            by_area.setdefault(item.area, []).append(item)
        for row in self.p.areas:
            items = by_area.get(row.section.code, [])
            if not items:
                continue
            self.heading(self.tr(row.section.name), 2)
            if self.client is not None and not self.client.notes:
                self.table(
                    [_("Statement"), _("Answer")],
                    [[self.tr(item.statement), answer_label(item)] for item in items],
                    [13, 3.5],
                )
                continue
            self.table(
                [_("Statement"), _("Answer"), _("Note")],
                [[self.tr(item.statement), answer_label(item), item.note] for item in items],
                [9, 3.5, 4],
            )

    def method(self) -> None:
        self.heading(_("Method"), 1)
        self.heading(_("Answer scale"), 2)
        scale = [[str(value), str(label)] for value, label in Answer.Value.choices]
        scale.append(
            [
                _("N/A"),
                _(
                    "Not applicable: the statement does not apply to this organisation; it is "
                    "left out of the scores."
                ),
            ]
        )
        self.table([_("Answer"), _("What it means")], scale, [2.5, 14])
        self.heading(_("Maturity levels"), 2)
        self.table(
            [_("Level"), _("From score"), _("What it means")],
            [
                [
                    f"{level.number} {self.tr(level.name)}",
                    str(level.lower_bound),
                    self.tr(level.description),
                ]
                for level in self.p.results.levels
            ],
            [3.5, 2.5, 10.5],
        )
        self.heading(_("How the scores are computed"), 2)
        self.paragraph(
            _(
                "Each answer counts as its value divided by 4. A section's score (an area or a "
                "pillar) is 100 × the weighted mean of its scored statements; statements weigh 1 "
                "to 3. “Not applicable” and unanswered statements are left out of the score. The "
                "level is the highest level whose lower bound the score reaches; a section with no "
                "scored statement has no level. The overall score is the mean of the four area "
                "scores."
            )
        )
        self.paragraph(
            _(
                "Coverage is the share of a section's statements that were answered (“not "
                "applicable” counts as answered). A score with low coverage rests on few answers: "
                "read it with care."
            )
        )

    def write(self) -> bytes:
        found = self.p.parts.get("narrative")
        narrative = found if isinstance(found, NarrativePart) and found else None
        plan = self.p.part(PlanPart)
        self.cover()
        self.summary(narrative)
        self.profile()
        for row in self.p.areas:
            self.area(row, narrative)
        self.roadmap(plan)
        self.kpis(plan)
        self.progress()
        self.workshop(self.p.part(WorkshopPart))
        self.appendix()
        self.method()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def build_document(
    presentation: Presentation,
    branding: Branding | None = None,
    client: ClientView | None = None,
) -> bytes:
    """The report as a .docx, in the presentation's language; what a share link's `client` may
    see of it with `client`."""
    scan = presentation.scan
    branding = branding or branding_for(scan.organisation.consultancy_id)
    with translation.override(presentation.language):
        return Writer(presentation, branding, client).write()


def document_name(scan, language: str) -> str:
    """Named like the PDF: cx-maturity-<organisation>-<scan>-<language>.docx."""
    name = slugify(f"cx-maturity-{scan.organisation.name}-{scan.title}-{language}") or "report"
    return f"{name}.docx"
