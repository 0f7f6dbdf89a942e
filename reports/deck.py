"""The deck: a scan's results as a PowerPoint presentation the consultant presents and edits.

One entry point, `build_deck(presentation, branding) -> bytes` (`render_deck(scan, language)`
builds the presentation first), in the presentation's language, 16:9, in the consultancy's
accent colour with its logo. Everything on a slide comes from the `Presentation` (and its parts:
the plan, the consultant's narrative); the radars are native, editable radar charts.

Text is never left to overflow a box: every text is shortened by one rule (`fit`), an estimate
of the characters a box holds from its size and font size, with an ellipsis where it was cut.
The estimate is deliberately generous per character (`CHAR_EM`, DejaVu Sans, the widest font a
viewer here falls back to), so a narrower font only leaves more room. Texts a consultant typed
are data: set as plain runs (bold where the Markdown said so), never a hyperlink.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pptx import Presentation as PptxPresentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from branding.logos import content_type
from branding.models import Branding, branding_for
from checklists.models import Scan
from cxscan.numbers import one_decimal
from plans.charts import spread
from plans.plan import QUADRANTS, PlanPart, quadrant_label
from scoring.presentation import Presentation, SectionRow, present
from scoring.record import ItemResult, Level

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
CONTENT_TOP = Inches(1.45)
CONTENT_BOTTOM = Inches(6.8)
INSET = Inches(0.05)  # every text box's inner margin, on each side

# The shortening rule: a character is taken as CHAR_EM of the font size wide (DejaVu Sans'
# average is about 0.55 em; BOLD_EM in bold), a line as LINE_EM of it high.
CHAR_EM = 0.56
BOLD_EM = 0.64  # DejaVu Sans Bold: a paragraph with any bold run is counted at this width
LINE_EM = 1.2
BULLET_INDENT = Inches(0.3)
ELLIPSIS = "…"

GREY = RGBColor(0x6C, 0x75, 0x7D)
DARK = RGBColor(0x21, 0x25, 0x29)
LIGHT = RGBColor(0xAD, 0xB5, 0xBD)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)

AREA_GAPS = 3  # the gaps shown on an area's slide (its notes hold every low answer)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


# --- The shortening rule ---------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph to set: runs of (text, bold), its font size in points, whether it is a
    bullet, the space before it in points, and its colour (None: the text colour)."""

    runs: tuple[tuple[str, bool], ...]
    size: float
    bullet: bool = False
    space_before: float = 0.0
    colour: RGBColor | None = None

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)

    @property
    def bold(self) -> bool:
        return any(bold for _text, bold in self.runs)


def plain(text: str, size: float, **options) -> Para:
    return Para(((text, False),), size, **options)


def chars_per_line(width: int, size: float, bold: bool = False) -> int:
    """How many characters of `size` points one line of a box `width` EMU wide holds."""
    return max(1, int(Emu(width).pt / (size * (BOLD_EM if bold else CHAR_EM))))


def line_count(text: str, per_line: int) -> int:
    """The lines `text` takes when wrapped at word boundaries (a word longer than a line is
    broken), as a viewer wraps it."""
    lines, used = 1, 0
    for word in text.split():
        while len(word) > per_line:  # a long word (an address) is broken over lines
            if used:
                lines, used = lines + 1, 0
            word = word[per_line:]
            lines += 1
        needed = len(word) + (1 if used else 0)
        if used + needed > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += needed
    return lines


def text_width(width: int, bullet: bool) -> int:
    return width - 2 * INSET - (BULLET_INDENT if bullet else 0)


def para_height(para: Para, width: int) -> float:
    """The height in points a paragraph takes in a box `width` EMU wide."""
    per_line = chars_per_line(text_width(width, para.bullet), para.size, para.bold)
    lines = line_count(para.text, per_line)
    return lines * para.size * LINE_EM + para.space_before


def fits(paras: Sequence[Para], width: int, height: int) -> bool:
    """Whether the paragraphs fit a box of that size, by the estimate."""
    return sum(para_height(para, width) for para in paras) <= Emu(height - 2 * INSET).pt + 0.01


def cut(para: Para, length: int) -> Para:
    """The paragraph's first `length` characters (at a word boundary where there is one),
    followed by an ellipsis."""
    text = para.text[:length]
    if " " in text.strip() and length < len(para.text):
        text = text[: text.rstrip().rfind(" ")]
    keep = len(text.rstrip(" ,.;:–-"))
    runs: list[tuple[str, bool]] = []
    for run_text, bold in para.runs:
        if keep <= 0:
            break
        runs.append((run_text[:keep], bold))
        keep -= len(run_text)
    last_text, last_bold = runs[-1] if runs else ("", False)
    runs[-1:] = [(last_text + ELLIPSIS, last_bold)]
    return replace(para, runs=tuple(runs))


def longest(before: list[Para], para: Para, width: int, height: int) -> Para | None:
    """`para` cut to the longest prefix that still fits after `before`; None if none does."""
    low, high = 0, len(para.text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits([*before, cut(para, middle)], width, height):
            low = middle
        else:
            high = middle - 1
    return cut(para, low) if low > 0 else None


def fit(paras: Sequence[Para], width: int, height: int) -> list[Para]:
    """The paragraphs that fit the box, the last one shortened with an ellipsis where the text
    goes on: the shortening rule every text in the deck goes through."""
    kept: list[Para] = []
    for para in paras:
        if fits([*kept, para], width, height):
            kept.append(para)
            continue
        shortened = longest(kept, para, width, height)
        if shortened is not None:
            kept.append(shortened)
        elif kept:  # not a word more fits: the previous paragraph ends with the ellipsis
            previous = kept.pop()
            shortened = longest(kept, previous, width, height)
            if shortened is not None:
                kept.append(shortened)
        break
    return kept


# --- Setting shapes --------------------------------------------------------------------------


# Characters XML 1.0 cannot hold (a pasted control character would make the file unreadable).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def child(parent, tag: str, **attributes: str):
    """A new element `tag` ("a:p") with `attributes`, appended to `parent`."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(name, value)
    parent.append(element)
    return element


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}  # PowerPoint's proofing language of each run


def set_text(frame, paras: Sequence[Para], colour: RGBColor = DARK) -> None:
    """Set paragraphs (already fitted) into a text frame: no autofit, wrapped, tight insets.

    Written as XML (python-pptx's proxies took a third of the deck's time): a paragraph's space
    before, a real bullet (PowerPoint's own, hanging indent), and runs with their size, weight,
    colour and language. The text goes in as text (lxml escapes it), never as markup."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = INSET
    body = frame._txBody
    for old in body.findall(qn("a:p")):
        body.remove(old)
    language = LANGUAGE_TAGS.get(translation.get_language() or "", "en-GB")
    for para in paras or [Para((), 10)]:
        paragraph = child(body, "a:p")
        if para.bullet or para.space_before:
            properties = child(paragraph, "a:pPr")
            if para.space_before:
                space = child(properties, "a:spcBef")
                child(space, "a:spcPts", val=str(int(para.space_before * 100)))
            if para.bullet:
                properties.set("marL", str(int(BULLET_INDENT)))
                properties.set("indent", str(-int(BULLET_INDENT)))
                child(properties, "a:buChar", char="•")
        for text, bold in para.runs:
            run = child(paragraph, "a:r")
            attributes = {
                "lang": language,
                "sz": str(int(para.size * 100)),
                "b": "1" if bold else "0",
            }
            run_properties = child(run, "a:rPr", **attributes)
            fill = child(run_properties, "a:solidFill")
            child(fill, "a:srgbClr", val=str(para.colour or colour))
            child(run, "a:t").text = xml_safe(text)


def text_box(slide, left, top, width, height, paras: Sequence[Para], **options):
    """A text box holding what of `paras` fits it (the shortening rule)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    set_text(box.text_frame, fit(paras, width, height), **options)
    return box


def rectangle(slide, left, top, width, height, fill: RGBColor, shape=MSO_SHAPE.RECTANGLE):
    made = slide.shapes.add_shape(shape, left, top, width, height)
    made.fill.solid()
    made.fill.fore_color.rgb = fill
    made.line.fill.background()
    made.shadow.inherit = False
    # No theme effect either (LibreOffice draws the style's shadow despite the empty list).
    style = made._element.find(qn("p:style"))
    if style is not None:
        made._element.remove(style)
    return made


def notes(slide, lines: Iterable[str]) -> None:
    """The speaker notes: the statements behind the slide's findings, a line each."""
    text = xml_safe("\n".join(line for line in lines if line))
    if text:  # a notes page costs 10 ms: none where there is nothing to say
        slide.notes_slide.notes_text_frame.text = text


# --- The deck --------------------------------------------------------------------------------


@dataclass
class Deck:
    """What every slide is drawn with: the open presentation, the scan's presentation and the
    branding's colours and logo."""

    pptx: Any  # python-pptx's Presentation (untyped)
    p: Presentation
    accent: RGBColor
    on_accent: RGBColor
    accent_text: RGBColor
    tint: RGBColor
    logo: bytes | None
    logo_text: str  # the logo's text alternative: the consultancy's name
    footer: str

    @property
    def language(self) -> str:
        return self.p.language

    def name(self, texts: dict) -> str:
        return texts.get(self.language) or texts.get("nl", "")

    def level_text(self, level: Level | None) -> str:
        if level is None:
            return _("No level yet")
        return pgettext("deck", "Level %(number)s · %(name)s") % {
            "number": level.number,
            "name": self.name(level.name),
        }

    def slide(self, title: str, note_lines: Iterable[str] = ()):
        """A content slide: its title in the title placeholder (the outline and screen readers
        read it), the accent rule under it, the footer and the logo."""
        layout = self.pptx.slide_layouts[5]  # "Title Only"
        slide = self.pptx.slides.add_slide(layout)
        heading = slide.shapes.title
        width, height = WIDTH - 2 * MARGIN - Inches(1.6), Inches(0.9)
        heading.left, heading.top, heading.width, heading.height = (
            MARGIN,
            Inches(0.35),
            width,
            height,
        )
        frame = heading.text_frame
        set_text(frame, fit([Para(((title, True),), 30)], width, height), colour=self.accent_text)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        rectangle(slide, MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, Pt(2), self.accent)
        self.add_footer(slide)
        notes(slide, note_lines)
        return slide

    def add_footer(self, slide) -> None:
        text_box(
            slide,
            MARGIN,
            Inches(6.95),
            Inches(9),
            Inches(0.35),
            [plain(self.footer, 10, colour=GREY)],
        )
        if self.logo:
            self.add_logo(
                slide, WIDTH - MARGIN - Inches(1.5), Inches(0.45), Inches(1.5), Inches(0.6)
            )

    def add_logo(self, slide, left, top, width, height) -> None:
        """The logo inside the box, its proportions kept, right-aligned."""
        assert self.logo is not None
        picture = slide.shapes.add_picture(io.BytesIO(self.logo), left, top, height=height)
        if picture.width > width:  # a wide logo: fit the width instead
            ratio = width / picture.width
            picture.width, picture.height = int(width), int(picture.height * ratio)
        picture.left = int(left + width - picture.width)
        picture.top = int(top + (height - picture.height) / 2)
        picture._element.nvPicPr.cNvPr.set("descr", xml_safe(self.logo_text))


def build_deck(presentation: Presentation, branding: Branding) -> bytes:
    """The deck of a scan's results (see the module's docstring), as PPTX bytes."""
    with translation.override(presentation.language):
        pptx = PptxPresentation()
        widen_layouts(pptx)
        data = branding.logo_bytes() if branding.logo else None
        scan = presentation.scan
        footer = " · ".join(
            part
            for part in [branding.name or _("CX Maturity Scan"), scan.organisation.name, scan.title]
            if part
        )
        deck = Deck(
            pptx=pptx,
            p=presentation,
            accent=rgb(branding.accent),
            on_accent=rgb(branding.on_accent),
            accent_text=rgb(branding.accent_text),
            tint=rgb(branding.accent_background),
            logo=data if data and content_type(data) else None,
            logo_text=branding.name or _("CX Maturity Scan"),
            footer=footer,
        )
        plan = presentation.parts.get(PlanPart.key)
        narrative = presentation.parts.get("narrative") or None
        title_slide(deck, branding)
        summary_slide(deck, narrative)
        for kind in ("areas", "pillars"):
            if presentation.rows(kind):
                radar_slide(deck, kind)
        for row in presentation.areas:
            area_slide(deck, row, narrative)
        if isinstance(plan, PlanPart):
            roadmap_slide(deck, plan)
            if plan.kpi_rows:
                kpi_slide(deck, plan)
        if presentation.progress is not None:
            progress_slide(deck)
        next_steps_slide(deck, plan if isinstance(plan, PlanPart) else None)
        pptx.core_properties.title = xml_safe(
            pgettext("deck", "CX maturity: %(organisation)s")
            % {"organisation": scan.organisation.name}
        )
        pptx.core_properties.language = presentation.language
        out = io.BytesIO()
        pptx.save(out)
        return out.getvalue()


def render_deck(scan: Scan, language: str | None = None) -> bytes:
    """The deck of a scan (its frozen results once completed), in its language unless another
    is asked for."""
    language = language or scan.language
    with translation.override(language):
        presentation = present(scan, language=language)
        return build_deck(presentation, branding_for(scan.organisation.consultancy_id))


def deck_name(scan: Scan, language: str) -> str:
    name = slugify(f"cx-maturity-{scan.organisation.name}-{scan.title}-{language}") or "deck"
    return f"{name}.pptx"


def widen_layouts(pptx) -> None:
    """16:9. The default template's layouts are drawn for 4:3: their shapes are widened with
    the slide, so a slide the consultant adds in PowerPoint fits too."""
    ratio = WIDTH / pptx.slide_width
    pptx.slide_width, pptx.slide_height = WIDTH, HEIGHT
    # On the XML: python-pptx's shapes look up inherited positions, 0.25 s for all layouts.
    for holder in [pptx.slide_master, *pptx.slide_layouts]:
        for transform in holder._element.iter(qn("a:xfrm")):
            for child, attribute in ((qn("a:off"), "x"), (qn("a:ext"), "cx")):
                found = transform.find(child)
                if found is not None:
                    found.set(attribute, str(int(int(found.get(attribute)) * ratio)))


# --- Slides ----------------------------------------------------------------------------------


def title_slide(deck: Deck, branding: Branding) -> None:
    p, scan = deck.p, deck.p.scan
    slide = deck.pptx.slides.add_slide(deck.pptx.slide_layouts[6])  # blank
    rectangle(slide, 0, 0, WIDTH, Inches(4.6), deck.accent)
    date = formats.date_format(datetime.fromisoformat(p.results.computed_at), "DATE_FORMAT")
    consultant = scan.created_by
    by = (consultant.get_full_name() or consultant.get_username()) if consultant else ""
    text_box(
        slide,
        MARGIN,
        Inches(1.3),
        WIDTH - 2 * MARGIN,
        Inches(0.6),
        [plain(_("CX maturity scan"), 20, colour=deck.on_accent)],
    )
    title = text_box(
        slide,
        MARGIN,
        Inches(1.9),
        WIDTH - 2 * MARGIN,
        Inches(1.6),
        [Para(((scan.organisation.name, True),), 44, colour=deck.on_accent)],
    )
    title.name = "Title"
    text_box(
        slide,
        MARGIN,
        Inches(3.6),
        WIDTH - 2 * MARGIN,
        Inches(0.7),
        [plain(scan.title, 22, colour=deck.on_accent)],
    )
    lines = [plain(date, 18)]
    if by:
        lines.append(plain(by, 16, colour=GREY, space_before=4))
    if branding.name:
        lines.append(plain(branding.name, 16, colour=GREY))
    text_box(slide, MARGIN, Inches(5.0), Inches(8), Inches(1.6), lines)
    if deck.logo:
        deck.add_logo(slide, WIDTH - MARGIN - Inches(3), Inches(5.1), Inches(3), Inches(1.2))
    notes(
        slide,
        [
            pgettext("deck", "What the overall level rests on: %(basis)s")
            % {"basis": p.overall_basis}
        ],
    )


def markdown_paras(text, size: float) -> list[Para]:
    """The consultant's text (narrative Text: its Markdown blocks) as paragraphs: bold runs,
    bullets as bullet paragraphs."""
    paras: list[Para] = []
    for block in text.blocks:
        for index, line in enumerate(block.lines):
            runs = tuple((run.text, run.bold) for run in line if run.text)
            if not runs:
                continue
            bullet = block.kind == "bullets"
            space = 0.0 if (bullet and index) or not paras else size * 0.5
            paras.append(Para(runs, size, bullet=bullet, space_before=space))
    return paras


def score_text(section) -> str:
    """A section's score with one decimal in the active language; "–" for none."""
    return one_decimal(section.score) if section is not None and section.score is not None else "–"


def statement(deck: Deck, item: ItemResult) -> str:
    return deck.name(item.statement)


def summary_slide(deck: Deck, narrative) -> None:
    p = deck.p
    lines = [_("Strengths") + ":", *(f"+ {statement(deck, item)}" for item in p.strengths)]
    lines += [_("Gaps") + ":", *(f"– {statement(deck, item)}" for item in p.gaps)]
    slide = deck.slide(_("Executive summary"), lines)
    overall = deck.level_text(p.overall_level)
    heading = Para(
        ((pgettext("deck", "Overall maturity: %(level)s") % {"level": overall}, True),), 20
    )
    # One line or two (a long level name), and the text right under it.
    height = min(Pt(para_height(heading, Inches(6.0))) + 2 * INSET, Inches(0.95))
    text_box(slide, MARGIN, CONTENT_TOP, Inches(6.0), height, [heading], colour=deck.accent_text)
    top = CONTENT_TOP + height + Inches(0.15)
    body = CONTENT_BOTTOM - top
    summary = narrative.summary if narrative else None
    if summary:
        paras = markdown_paras(summary, 16)
    else:
        paras = [plain(p.overall_basis, 16)]
        if p.strengths:
            paras.append(
                Para(
                    (
                        (pgettext("deck", "Strongest: "), True),
                        (statement(deck, p.strengths[0]), False),
                    ),
                    16,
                    space_before=8,
                )
            )
        if p.gaps:
            paras.append(
                Para(
                    (
                        (pgettext("deck", "Largest gap: "), True),
                        (statement(deck, p.gaps[0]), False),
                    ),
                    16,
                    space_before=8,
                )
            )
    text_box(slide, MARGIN, top, Inches(6.0), body, paras)
    section_table(deck, slide, p.areas, MARGIN + Inches(6.3), CONTENT_TOP, Inches(5.8))


def section_table(deck: Deck, slide, rows: list[SectionRow], left, top, width) -> None:
    """The areas' essentials: name, score, level (and target where one is set)."""
    with_targets = any(row.target.level for row in rows)
    header = [_("Area"), _("Score"), _("Level")] + ([_("Target")] if with_targets else [])
    widths = [0.42, 0.16, 0.42] if not with_targets else [0.34, 0.15, 0.33, 0.18]
    body = [
        [
            deck.name(row.section.name),
            one_decimal(row.section.score) if row.section.score is not None else "–",
            str(row.level.number) + " · " + deck.name(row.level.name) if row.level else "–",
            *([str(row.target.level.number) if row.target.level else "–"] if with_targets else []),
        ]
        for row in rows
    ]
    table(deck, slide, left, top, width, Inches(0.6), header, body, widths, size=13)


def table(deck: Deck, slide, left, top, width, row_height, header, body, widths, size=13):
    """A native table, each cell's text shortened by the rule to the lines its row holds, the
    header in the accent."""
    shape = slide.shapes.add_table(
        1 + len(body), len(header), left, top, width, row_height * (1 + len(body))
    )
    grid = shape.table
    for index, share in enumerate(widths):
        grid.columns[index].width = int(width * share)
    for number, values in enumerate([header, *body]):
        grid.rows[number].height = int(row_height)
        for column, value in enumerate(values):
            cell = grid.cell(number, column)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = INSET
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell_width = grid.columns[column].width - 2 * Inches(0.08) + 2 * INSET
            para = Para(((str(value), number == 0),), size)
            paras = fit([para], cell_width, row_height)
            cell.text_frame.clear()
            set_text(cell.text_frame, paras, colour=deck.on_accent if number == 0 else DARK)
            cell.text_frame.margin_left = cell.text_frame.margin_right = Inches(0.08)
            cell.fill.solid()
            cell.fill.fore_color.rgb = (
                deck.accent if number == 0 else (deck.tint if number % 2 else WHITE)
            )
    return shape


def radar_slide(deck: Deck, kind: str) -> None:
    p = deck.p
    rows = p.rows(kind)
    title = (
        pgettext("deck", "Maturity profile: areas")
        if kind == "areas"
        else pgettext("deck", "Maturity profile: pillars")
    )
    bounds = {level.number: level.lower_bound for level in p.results.levels}
    targets = p.targets_of(kind)
    peers = p.peer_outline(kind)
    data = CategoryChartData()
    data.categories = [xml_safe(deck.name(row.section.name)) for row in rows]
    data.add_series(_("Score"), [row.section.score for row in rows])
    if targets:
        wanted = [
            bounds.get(targets[row.section.code]) if row.section.code in targets else None
            for row in rows
        ]
        data.add_series(_("Target"), wanted)
    if peers is not None:
        data.add_series(_("Peer median"), peers)
    lines = []
    for row in rows:
        section = row.section
        line = f"{deck.name(section.name)}: {score_text(section)} · {deck.level_text(row.level)}"
        if row.target.level:
            line += " · " + pgettext("deck", "target level %(number)s") % {
                "number": row.target.level.number
            }
        if row.peers is not None:
            line += " · " + pgettext("deck", "peer median %(median)s") % {
                "median": one_decimal(row.peers.median)
            }
        lines.append(line)
    slide = deck.slide(title, lines)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.RADAR_MARKERS,
        MARGIN + Inches(1.2),
        CONTENT_TOP,
        WIDTH - 2 * MARGIN - Inches(2.4),
        CONTENT_BOTTOM - CONTENT_TOP,
        data,
    )
    # Its text alternative (a screen reader in PowerPoint reads it): every value, as the notes.
    frame._element.nvGraphicFramePr.cNvPr.set("descr", xml_safe("; ".join(lines)))
    chart = frame.chart
    chart.has_title = False  # the slide's title says it
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    chart.font.size = Pt(12)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 20
    axis.tick_labels.font.size = Pt(10)
    styles = [
        (deck.accent, MSO_LINE_DASH_STYLE.SOLID, 2.5),
        (DARK, MSO_LINE_DASH_STYLE.DASH, 1.5),
        (GREY, MSO_LINE_DASH_STYLE.ROUND_DOT, 1.5),
    ]
    for series, (colour, dash, width) in zip(chart.plots[0].series, styles, strict=False):
        series.format.line.color.rgb = colour
        series.format.line.dash_style = dash
        series.format.line.width = Pt(width)
        series.smooth = False
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 6
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour
        series.marker.format.line.color.rgb = colour


def area_gaps(p: Presentation, code: str) -> list[ItemResult]:
    """The area's answered statements scored 0–2, the lowest (then the heaviest) first: its
    gaps, as the method ranks them."""
    low = [
        item
        for item in p.results.items
        if item.area == code and item.value is not None and item.value <= 2
    ]
    return sorted(low, key=lambda item: (item.value, -item.weight))


def area_slide(deck: Deck, row: SectionRow, narrative) -> None:
    p = deck.p
    area = row.section
    gaps = area_gaps(p, area.code)
    tips = p.results.tips.get(f"area:{area.code}", [])
    lines = [pgettext("deck", "Gaps (lowest answers first):")]
    lines += [f"– {statement(deck, item)} ({item.value})" for item in gaps]
    if tips:
        lines += [pgettext("deck", "Tips:"), *(f"· {deck.name(tip.text)}" for tip in tips)]
    slide = deck.slide(deck.name(area.name), lines)
    left_width = Inches(4.3)
    score = one_decimal(area.score) if area.score is not None else "–"
    facts = [
        Para(((deck.level_text(row.level), True),), 22, colour=deck.accent_text),
        plain(pgettext("deck", "Score %(score)s of 100") % {"score": score}, 16, space_before=6),
    ]
    if area.indicative and row.level is not None:
        facts.append(
            plain(pgettext("deck", "Indicative: few statements answered"), 14, colour=GREY)
        )
    if row.target.level:
        facts.append(
            plain(
                pgettext("deck", "Target: level %(number)s") % {"number": row.target.level.number},
                16,
                space_before=6,
            )
        )
    if row.peers is not None:
        facts.append(
            plain(
                pgettext("deck", "Peer median: %(median)s")
                % {"median": one_decimal(row.peers.median)},
                16,
            )
        )
    if row.level:
        facts.append(plain(deck.name(row.level.description), 14, colour=GREY, space_before=10))
    box = rectangle(slide, MARGIN, CONTENT_TOP, left_width, CONTENT_BOTTOM - CONTENT_TOP, deck.tint)
    box.text_frame.text = ""
    text_box(
        slide,
        MARGIN + Inches(0.15),
        CONTENT_TOP + Inches(0.15),
        left_width - Inches(0.3),
        CONTENT_BOTTOM - CONTENT_TOP - Inches(0.3),
        facts,
    )
    right = MARGIN + left_width + Inches(0.4)
    right_width = WIDTH - MARGIN - right
    commentary = narrative.areas.get(area.code) if narrative else None
    top: int = CONTENT_TOP
    if commentary:
        paras = markdown_paras(commentary, 15)
        # As high as the text needs, up to 2.6 inches when the gaps follow (then shortened).
        needed = Pt(sum(para_height(para, right_width) for para in paras)) + 2 * INSET
        height = min(needed, Inches(2.6)) if gaps else CONTENT_BOTTOM - CONTENT_TOP
        text_box(slide, right, top, right_width, height, paras)
        top += height + Inches(0.25)
    if gaps:
        paras = [Para(((pgettext("deck", "Largest gaps"), True),), 16, colour=deck.accent_text)]
        paras += [
            plain(statement(deck, item), 14, bullet=True, space_before=4)
            for item in gaps[:AREA_GAPS]
        ]
        text_box(slide, right, top, right_width, CONTENT_BOTTOM - top, paras)
    elif not commentary:
        text_box(
            slide,
            right,
            top,
            right_width,
            Inches(1),
            [plain(pgettext("deck", "No statement in this area was answered below 3."), 15)],
        )


def action_details(action) -> str:
    details = [
        pgettext("deck", "impact %(impact)s · effort %(effort)s")
        % {"impact": action.impact, "effort": action.effort}
    ]
    if action.owner:
        details.append(action.owner)
    if action.due_date:
        details.append(
            pgettext("deck", "due %(date)s")
            % {"date": formats.date_format(action.due_date, "DATE_FORMAT")}
        )
    return " · ".join(details)


def roadmap_slide(deck: Deck, plan: PlanPart) -> None:
    lines = [
        f"{number}. {action.title} ({action_details(action)}; {quadrant_label(action.quadrant)})"
        for number, action in enumerate(plan.actions, start=1)
    ]
    slide = deck.slide(pgettext("deck", "Roadmap"), lines)
    if not plan.actions:
        text_box(
            slide,
            MARGIN,
            CONTENT_TOP,
            Inches(10),
            Inches(1),
            [plain(_("No improvement actions have been chosen yet."), 18)],
        )
        return
    matrix(deck, slide, plan.focus, MARGIN + Inches(0.5), CONTENT_TOP + Inches(0.1), Inches(4.6))
    left = MARGIN + Inches(5.7)
    width = WIDTH - MARGIN - left
    text_box(
        slide,
        left,
        CONTENT_TOP,
        width,
        Inches(0.5),
        [Para(((_("In focus"), True),), 18, colour=deck.accent_text)],
    )
    top = CONTENT_TOP + Inches(0.55)
    step = Inches(0.88)
    for number, action in enumerate(plan.focus, start=1):
        circle = rectangle(
            slide, left, top + Inches(0.05), Inches(0.4), Inches(0.4), deck.accent, MSO_SHAPE.OVAL
        )
        number_text(circle, number, deck.on_accent)
        # The title in two lines at most, its details in one: every action in focus shows.
        text_box(
            slide,
            left + Inches(0.55),
            top,
            width - Inches(0.55),
            Inches(0.58),
            [Para(((action.title, True),), 14)],
        )
        text_box(
            slide,
            left + Inches(0.55),
            top + Inches(0.58),
            width - Inches(0.55),
            Inches(0.29),
            [plain(action_details(action), 11, colour=GREY)],
        )
        top += step
    if plan.later:
        count = len(plan.later)
        later = translation.npgettext(
            "deck", "%(count)d more action later", "%(count)d more actions later", count
        ) % {"count": count}
        text_box(slide, left, top, width, Inches(0.35), [plain(later, 13, colour=GREY)])


def number_text(shape, number: int, colour: RGBColor) -> None:
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = str(number)
    run.font.size = Pt(12)
    run.font.bold = True
    run.font.color.rgb = colour


def matrix(deck: Deck, slide, actions, left, top, size) -> None:
    """The impact/effort matrix as native shapes: four quadrants, their names, the axes' names,
    and each action in focus as a numbered dot at (effort, impact)."""
    # The scale runs from 0.5 to 5.5; 3 and more is high impact or effort (the plan's
    # `ImprovementAction.quadrant`), so the quadrants part at 2.5, as on the results page.
    low = int(size * 2 / 5)  # 0.5 to 2.5 of the 5 steps
    high = size - low
    names = {key: quadrant_label(key) for key in QUADRANTS}
    boxes = {  # (left, top, width, height) of each quadrant
        "quick_win": (left, top, low, high),
        "big_bet": (left + low, top, high, high),
        "fill_in": (left, top + high, low, low),
        "money_pit": (left + low, top + high, high, low),
    }
    for key, (x, y, width, height) in boxes.items():
        fill = deck.tint if key == "quick_win" else RGBColor(0xF3, 0xF4, 0xF6)
        quadrant = rectangle(slide, x, y, width, height, fill)
        quadrant.line.color.rgb = LIGHT
        quadrant.line.width = Pt(0.75)
        label_top = y + (Inches(0.05) if y == top else height - Inches(0.45))
        label = [plain(names[key], 12, colour=GREY)]
        text_box(slide, x + Inches(0.05), label_top, width - Inches(0.1), Inches(0.4), label)
    text_box(
        slide,
        left,
        top + size + Inches(0.05),
        size,
        Inches(0.4),
        [plain(_("Effort") + " →", 12, colour=GREY)],
    )
    # The impact axis's name reads upwards: its box is turned, so its text runs along the
    # box's height (fitted to that length).
    axis = slide.shapes.add_textbox(left - Inches(0.45), top, Inches(0.4), size)
    label = fit([plain(_("Impact") + " →", 12, colour=GREY)], size, Inches(0.4))
    set_text(axis.text_frame, label)
    axis.text_frame._bodyPr.set("vert", "vert270")
    axis.name = "Impact axis"
    dot = Inches(0.4)
    offsets = spread([(action.effort, action.impact) for action in actions])
    for number, (action, (dx, dy)) in enumerate(zip(actions, offsets, strict=True), start=1):
        x = left + (action.effort + dx - 0.5) / 5 * size - dot / 2
        y = top + (5.5 - action.impact - dy) / 5 * size - dot / 2
        circle = rectangle(slide, int(x), int(y), dot, dot, deck.accent, MSO_SHAPE.OVAL)
        circle.line.color.rgb = WHITE
        number_text(circle, number, deck.on_accent)


def kpi_slide(deck: Deck, plan: PlanPart) -> None:
    lines = [
        f"{row['name']}: {row['shown']}. {row['inputs']} {row['measured']}".strip()
        for row in plan.kpi_rows
    ]
    slide = deck.slide(pgettext("deck", "KPIs: where you start"), lines)
    header = [_("KPI"), _("Value"), pgettext("deck", "How it was measured")]
    body = []
    for row in plan.kpi_rows:
        value = row["shown"] + (f" ({row['reading']})" if row["reading"] else "")
        how = " · ".join(
            part for part in [row["inputs"] or row["basis_label"], row["measured"]] if part
        )
        body.append([row["name"], value, how])
    table(
        deck,
        slide,
        MARGIN,
        CONTENT_TOP,
        WIDTH - 2 * MARGIN,
        Inches(0.75),
        header,
        body,
        [0.28, 0.2, 0.52],
        size=14,
    )


def progress_slide(deck: Deck) -> None:
    p = deck.p
    comparison = p.progress
    assert comparison is not None
    lines = [
        _("Improved") + ":",
        *(f"+ {statement(deck, change.after)}" for change in comparison.improved),
    ]
    lines += [
        _("Declined") + ":",
        *(f"– {statement(deck, change.after)}" for change in comparison.declined),
    ]
    slide = deck.slide(_("Progress since %(date)s") % {"date": p.progress_since}, lines)
    header = [_("Area"), p.progress_since, _("Now"), _("Change")]

    def score(section) -> str:
        return one_decimal(section.score) if section and section.score is not None else "–"

    def change_text(change) -> str:
        value = change.score_change
        if value is None:
            return "–"
        return ("+" if value > 0 else "") + one_decimal(value)

    body = [
        [deck.name(change.name), score(change.before), score(change.after), change_text(change)]
        for change in [*comparison.areas, comparison.overall]
    ]
    body[-1][0] = _("Overall")
    table(
        deck,
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(8.4),
        Inches(0.62),
        header,
        body,
        [0.34, 0.26, 0.14, 0.26],
        size=15,
    )
    counts = [
        plain(answered("higher", len(comparison.improved)), 16),
        plain(answered("lower", len(comparison.declined)), 16, space_before=6),
    ]
    text_box(
        slide,
        MARGIN + Inches(8.8),
        CONTENT_TOP,
        WIDTH - 2 * MARGIN - Inches(8.8),
        Inches(1.5),
        counts,
    )


def answered(direction: str, count: int) -> str:
    if direction == "higher":
        text = translation.npgettext(
            "deck",
            "%(count)d statement answered higher",
            "%(count)d statements answered higher",
            count,
        )
    else:
        text = translation.npgettext(
            "deck",
            "%(count)d statement answered lower",
            "%(count)d statements answered lower",
            count,
        )
    return text % {"count": count}


def next_steps_slide(deck: Deck, plan: PlanPart | None) -> None:
    p = deck.p
    steps = []
    for action in plan.focus[:3] if plan else []:
        owner = f" ({action.owner})" if action.owner else ""
        steps.append(pgettext("deck", "Start: %(title)s") % {"title": action.title} + owner)
    if plan is not None and not plan.actions:
        steps.append(
            pgettext("deck", "Choose at most five improvement actions, by impact and effort.")
        )
    if not (p.targets.areas or p.targets.pillars):
        steps.append(pgettext("deck", "Agree a target level per area."))
    if plan is None or not plan.kpi_rows:
        steps.append(
            pgettext("deck", "Measure the KPI baseline (NPS, CES, CSAT), so progress can be shown.")
        )
    steps.append(pgettext("deck", "Repeat the scan in a year to measure the progress."))
    slide = deck.slide(pgettext("deck", "Next steps"), [])
    # Each step in two lines at most (a long action title is cut), so every step shows.
    width, two_lines = WIDTH - 2 * MARGIN, Pt(2 * 20 * LINE_EM + 10) + 2 * INSET
    paras = [
        fit([plain(step, 20, bullet=True, space_before=10)], width, two_lines)[0] for step in steps
    ]
    text_box(
        slide,
        MARGIN,
        CONTENT_TOP + Inches(0.2),
        WIDTH - 2 * MARGIN,
        CONTENT_BOTTOM - CONTENT_TOP - Inches(0.2),
        paras,
    )
