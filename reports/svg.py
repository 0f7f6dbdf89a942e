"""The radar chart as SVG, drawn on the server for the PDF report.

Same numbers, rings and colours as the Plotly chart of the results page (`scoring.charts`), but
plain vector markup that WeasyPrint draws without a browser. This module works out the
geometry; `templates/reports/radar.svg` writes the markup, escaping every text as any template
does.
"""

import math
from dataclasses import dataclass

from scoring.charts import LEVEL_COLOURS, SCORE_COLOUR, label_lines, level_bands
from scoring.record import Level, Section

WIDTH = 640  # room for labels of up to three lines beside the chart
SIZE = 440
CENTRE_X = WIDTH / 2
CENTRE_Y = SIZE / 2
RADIUS = 160
LABEL_GAP = 16
LABEL_WIDTH = 22  # characters per line of an axis label
LINE_HEIGHT = 13
LEGEND_STEP = 122


@dataclass(frozen=True)
class Label:
    x: str
    anchor: str
    lines: list[tuple[str, str]]  # (y, text) per line


def _number(value: float) -> str:
    """A coordinate as SVG wants it: one decimal and a point, whatever the language."""
    return f"{value:.1f}"


def _xy(point: tuple[float, float]) -> tuple[str, str]:
    return _number(point[0]), _number(point[1])


def _point(fraction: float, index: int, count: int) -> tuple[float, float]:
    """Where a value (0–1 of the radius) lies on axis `index`, the first axis pointing up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        CENTRE_X + fraction * RADIUS * math.cos(angle),
        CENTRE_Y + fraction * RADIUS * math.sin(angle),
    )


def _polygon(fractions: list[float]) -> str:
    count = len(fractions)
    return " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (_point(f, index, count) for index, f in enumerate(fractions))
    )


def _label(text: str, index: int, count: int) -> Label:
    """An axis label just outside the chart, its lines stacked away from the centre."""
    x, y = _point(1 + LABEL_GAP / RADIUS, index, count)
    anchor = "middle" if abs(x - CENTRE_X) < 5 else ("start" if x > CENTRE_X else "end")
    lines = label_lines(text, LABEL_WIDTH)
    top = y - (len(lines) - 1) * LINE_HEIGHT / 2 + (4 if y > CENTRE_Y + 5 else 0)
    if y < CENTRE_Y - 5:
        top = y - (len(lines) - 1) * LINE_HEIGHT
    rows = [(_number(top + LINE_HEIGHT * row), line) for row, line in enumerate(lines)]
    return Label(_number(x), anchor, rows)


def radar(
    sections: list[Section],
    levels: list[Level],
    language: str,
    title: str,
    indicative_label: str = "",
) -> dict | None:
    """What `reports/radar.svg` draws: section scores over level rings; None below 3 axes.

    Sections without a score sit at 0 (the tables say "no level").
    """
    count = len(sections)
    if count < 3:
        return None
    bands = level_bands(levels, language)
    colours = LEVEL_COLOURS * 2
    scores = [(section.score or 0) / 100 for section in sections]
    return {
        "title": title,
        "width": WIDTH,
        "height": SIZE + 56,
        "centre": _xy((CENTRE_X, CENTRE_Y)),
        "score_colour": SCORE_COLOUR,
        # Outer rings first, so each inner ring is painted over the one around it.
        "rings": [
            (_polygon([upper / 100] * count), colour)
            for (_n, _name, _lower, upper), colour in reversed(
                list(zip(bands, colours, strict=False))
            )
        ],
        "axes": [_xy(_point(1, index, count)) for index in range(count)],
        "bounds": [
            (
                _polygon([lower / 100] * count),
                lower,
                _xy((CENTRE_X + 3, CENTRE_Y - lower / 100 * RADIUS - 2)),
            )
            for _n, _name, lower, _upper in bands[1:]
        ],
        "scores": _polygon(scores),
        # (x, y, indicative): an indicative level gets a hollow marker, as on the web chart.
        "points": [
            (*_xy(_point(fraction, index, count)), section.indicative)
            for index, (fraction, section) in enumerate(zip(scores, sections, strict=True))
        ],
        "any_indicative": any(section.indicative for section in sections),
        "indicative_label": indicative_label,
        "labels": [
            _label(section.name[language], index, count) for index, section in enumerate(sections)
        ],
        "legend": [
            (20 + position * LEGEND_STEP, f"{number} {name}", colour)
            for position, ((number, name, _lower, _upper), colour) in enumerate(
                zip(bands, colours, strict=False)
            )
        ],
        "legend_y": SIZE + 25,
        "legend_box_y": SIZE + 25 - 9,
        "note_y": SIZE + 41,
        "note_text_y": SIZE + 45,
    }
