"""The radar chart as an SVG document, drawn on the server for the PDF report.

Same numbers, rings and colours as the Plotly chart of the results page (`charts.py`), but
plain vector markup: WeasyPrint draws it without a browser.
"""

import math
from html import escape

from scoring.charts import LEVEL_COLOURS, SCORE_COLOUR, level_bands
from scoring.record import Level, Section

WIDTH = 640  # room for labels of up to three lines beside the chart
SIZE = 440
CENTRE_X = WIDTH / 2
CENTRE_Y = SIZE / 2
RADIUS = 160
LABEL_GAP = 16


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


def _label(text: str, index: int, count: int) -> str:
    x, y = _point(1 + LABEL_GAP / RADIUS, index, count)
    anchor = "middle" if abs(x - CENTRE_X) < 5 else ("start" if x > CENTRE_X else "end")
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 22:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    top = y - (len(lines) - 1) * 6.5 + (4 if y > CENTRE_Y + 5 else 0)
    if y < CENTRE_Y - 5:
        top = y - (len(lines) - 1) * 13
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + 13 * row:.1f}">{escape(part)}</tspan>'
        for row, part in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" font-size="11" fill="#212529">{spans}</text>'


def radar_svg(sections: list[Section], levels: list[Level], language: str, title: str) -> str:
    """An SVG radar of section scores over level rings. Sections without a score sit at 0."""
    count = len(sections)
    if count < 3:
        return ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {SIZE + 50}" '
        f'width="{WIDTH}" height="{SIZE + 50}" role="img" aria-label="{escape(title)}">'
    ]
    bands = level_bands(levels, language)
    for (_number, _name, _lower, upper), colour in reversed(
        list(zip(bands, LEVEL_COLOURS * 2, strict=False))
    ):
        parts.append(f'<polygon points="{_polygon([upper / 100] * count)}" fill="{colour}"/>')
    for index in range(count):
        x, y = _point(1, index, count)
        parts.append(
            f'<line x1="{CENTRE_X}" y1="{CENTRE_Y}" x2="{x:.1f}" y2="{y:.1f}" '
            'stroke="#adb5bd" stroke-width="0.6"/>'
        )
    for _number, _name, lower, _upper in bands[1:]:
        parts.append(
            f'<polygon points="{_polygon([lower / 100] * count)}" fill="none" '
            'stroke="#ced4da" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{CENTRE_X + 3:.1f}" y="{CENTRE_Y - lower / 100 * RADIUS - 2:.1f}" '
            f'font-size="8" fill="#6c757d">{lower}</text>'
        )
    scores = [(section.score or 0) / 100 for section in sections]
    parts.append(
        f'<polygon points="{_polygon(scores)}" fill="{SCORE_COLOUR}" fill-opacity="0.2" '
        f'stroke="{SCORE_COLOUR}" stroke-width="2.5"/>'
    )
    for index, fraction in enumerate(scores):
        x, y = _point(fraction, index, count)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{SCORE_COLOUR}"/>')
    for index, section in enumerate(sections):
        parts.append(_label(section.name[language], index, count))
    legend_y = SIZE + 25
    for position, ((number, name, _lower, _upper), colour) in enumerate(
        zip(bands, LEVEL_COLOURS * 2, strict=False)
    ):
        x = 20 + position * 122
        y = legend_y
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="12" height="10" fill="{colour}" stroke="#adb5bd" '
            f'stroke-width="0.5"/><text x="{x + 17}" y="{y}" font-size="10" fill="#212529">'
            f"{number} {escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
