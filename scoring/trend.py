"""An organisation's scores over all its completed scans: a line per area over the level bands,
and a table. Read from the stored section rows: two queries whatever the number of scans."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from checklists.models import Area, MaturityLevel, Organisation
from checklists.panels import Panel
from cxscan.numbers import fixed_text, one_decimal

from .models import SectionResult
from .radar import FONT_FAMILY, LEVEL_COLOURS, literal

LINE_COLOURS = ["#0b5ed7", "#198754", "#b35c00", "#6f42c1", "#d63384", "#0dcaf0"]


@dataclass
class ScanRow:
    scan_id: int
    title: str
    completed_at: datetime
    overall: tuple | None = None  # (score, level)
    areas: dict = field(default_factory=dict)  # code -> (score, level)
    cells: list = field(default_factory=list)  # (score as text, level) per column, for the table


def trend_rows(organisation: Organisation) -> list[ScanRow]:
    """One row per completed scan with stored results, oldest first. One query."""
    rows: dict[int, ScanRow] = {}
    sections = (
        SectionResult.objects.filter(
            results__scan__organisation=organisation,
            kind__in=[SectionResult.Kind.OVERALL, SectionResult.Kind.AREA],
        )
        .order_by("results__completed_at", "results__scan_id")
        .values_list(
            "results__scan_id",
            "results__scan__title",
            "results__completed_at",
            "kind",
            "code",
            "score",
            "level",
        )
    )
    for scan_id, title, completed_at, kind, code, score, level in sections:
        row = rows.setdefault(scan_id, ScanRow(scan_id, title, completed_at))
        if kind == SectionResult.Kind.OVERALL:
            row.overall = (score, level)
        else:
            row.areas[code] = (score, level)
    return list(rows.values())


def trend_figure(rows: list[ScanRow], areas: list[Area], levels: list[MaturityLevel]) -> dict:
    """Plotly: a line per area, score over completion date, on coloured level bands."""
    dates = [formats.date_format(row.completed_at, "SHORT_DATE_FORMAT") for row in rows]
    traces = []
    for area, colour in zip(areas, LINE_COLOURS * 2, strict=False):
        scores = [row.areas.get(area.code, (None, None))[0] for row in rows]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": dates,
                "y": scores,
                "text": [one_decimal(s) if s is not None else "" for s in scores],
                "name": literal(area.name),
                "line": {"color": colour, "width": 3},
                "hovertemplate": "%{x}: %{text}<extra>" + literal(area.name) + "</extra>",
                "connectgaps": True,
            }
        )
    bounds = [level.lower_bound for level in levels] + [100]
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": bounds[index],
            "y1": bounds[index + 1],
            "fillcolor": colour,
            "line": {"width": 0},
            "layer": "below",
        }
        for index, colour in zip(range(len(levels)), LEVEL_COLOURS * 2, strict=False)
    ]
    annotations = [
        {
            "xref": "paper",
            "x": 1.01,
            "xanchor": "left",
            "y": (bounds[index] + bounds[index + 1]) / 2,
            "text": literal(f"{level.number} {level.name}"),
            "showarrow": False,
            "font": {"size": 11, "color": "#495057"},
        }
        for index, level in enumerate(levels)
    ]
    return {
        "data": traces,
        "layout": {
            "yaxis": {"range": [0, 100], "title": {"text": literal(_("Score"))}},
            "xaxis": {"type": "category"},
            "shapes": shapes,
            "annotations": annotations,
            "legend": {"orientation": "h", "y": -0.2},
            "margin": {"l": 60, "r": 130, "t": 20, "b": 40},
            "height": 380,
            "font": {"family": FONT_FAMILY},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def trend_panel(sender, *, organisation: Organisation, user, **kwargs) -> Panel | None:
    rows = trend_rows(organisation)
    if not rows:
        return None
    areas = list(Area.objects.order_by("position"))
    text = fixed_text(1)  # a cell per scan and area: the separator is looked up once
    for row in rows:
        sections = [row.overall or (None, None)]
        sections += [row.areas.get(area.code, (None, None)) for area in areas]
        row.cells = [(text(score), level) for score, level in sections]
    levels = list(MaturityLevel.objects.order_by("number"))
    context = {
        "trend_rows": rows,
        "trend_areas": areas,
        "trend_chart": trend_figure(rows, areas, levels) if len(rows) > 1 else None,
    }
    return Panel("scoring/_trend_panel.html", context)
