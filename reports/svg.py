"""The report's charts as SVG, drawn on the server: the radars and the impact/effort matrix.

Same numbers, rings and colours as the Plotly charts of the results page, but plain vector
markup that WeasyPrint draws without a browser. This module works out the geometry; the
templates `reports/radar.svg` and `reports/matrix.svg` write the markup, escaping every text as
any template does. Sizes are in SVG units: the report draws a radar 120 mm wide (WIDTH units),
so LABEL_SIZE (16 units) prints at 8.5 pt, as do the scores and the legend.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext

from cxscan.numbers import one_decimal
from plans.charts import spread
from scoring.radar import (
    LEVEL_COLOURS,
    SCORE_COLOUR,
    TARGET_COLOUR,
    label_lines,
    level_bands,
    target_points,
)
from scoring.record import Level, Section

WIDTH = 640
SIZE = 440  # the radar's square; its legend goes below
CENTRE_X = WIDTH / 2
CENTRE_Y = SIZE / 2
RADIUS = 140
LABEL_GAP = 16
LABEL_WIDTH = 16  # characters per line of an axis label
LABEL_SIZE = 16
LINE_HEIGHT = 18
LEGEND_COLUMNS = 3
LEGEND_COLUMN = 210
LEGEND_ROW = 22
SCORE_CHAR_WIDTH = 9  # about, for a bold digit at LABEL_SIZE


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


def _point(fraction: float, index: float, count: int) -> tuple[float, float]:
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


def _anchor(x: float) -> str:
    return "middle" if abs(x - CENTRE_X) < 5 else ("start" if x > CENTRE_X else "end")


def _label(text: str, index: int, count: int) -> Label:
    """An axis label just outside the chart, its lines stacked away from the centre."""
    x, y = _point(1 + LABEL_GAP / RADIUS, index, count)
    lines = label_lines(text, LABEL_WIDTH)
    top = y - (len(lines) - 1) * LINE_HEIGHT / 2 + (5 if y > CENTRE_Y + 5 else 0)
    if y < CENTRE_Y - 5:
        top = y - (len(lines) - 1) * LINE_HEIGHT
    elif y > CENTRE_Y + 5:
        top = y + LINE_HEIGHT / 2
    rows = [(_number(top + LINE_HEIGHT * row), line) for row, line in enumerate(lines)]
    return Label(_number(x), _anchor(x), rows)


def _legend(
    entries: list[tuple[str, str]], top: float
) -> list[tuple[str, str, str, str, str, str]]:
    """(x, text x, y, box y, text, colour) per legend entry, LEGEND_COLUMNS to a row."""
    legend = []
    for position, (text, colour) in enumerate(entries):
        x = 20 + (position % LEGEND_COLUMNS) * LEGEND_COLUMN
        y = top + (position // LEGEND_COLUMNS) * LEGEND_ROW
        legend.append((_number(x), _number(x + 18), _number(y), _number(y - 10), text, colour))
    return legend


def _diamond(x: float, y: float, size: float = 5) -> str:
    return " ".join(
        f"{px:.1f},{py:.1f}"
        for px, py in ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    )


def _target_outline(sections, levels, targets) -> tuple[list, list]:
    """The dashed target outline: a segment between each two neighbouring axes that both have a
    target (all of them: a closed outline), and a diamond on each target."""
    count = len(sections)
    points = [
        _point(level.lower_bound / 100, index, count) if level else None
        for index, level in enumerate(target_points(sections, levels, targets))
    ]
    segments = [
        (*_xy(start), *_xy(end))
        for start, end in zip(points, points[1:] + points[:1], strict=True)
        if start and end
    ]
    return segments, [_diamond(*point) for point in points if point]


def _score_lines(scores: list[float | None]) -> tuple[str, list[str]]:
    """The score outline: one closed polygon when every section has a score; otherwise a
    polyline per run of neighbouring axes that have one, so a section without a score is a gap
    in the outline (it has no level, which is not 0). A lone score is only its point."""
    count = len(scores)
    present = [score for score in scores if score is not None]
    if len(present) == count:
        return _polygon(present), []
    start = next(index for index, score in enumerate(scores) if score is None)
    runs: list[list[int]] = [[]]
    for step in range(1, count + 1):
        index = (start + step) % count
        if scores[index] is None:
            runs.append([])
        else:
            runs[-1].append(index)
    scored = {index: score for index, score in enumerate(scores) if score is not None}
    lines = [
        " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(scored[i], i, count) for i in run))
        for run in runs
        if len(run) > 1
    ]
    return "", lines


SCORE_OFFSET = 22 / RADIUS  # how far from its point a score is printed (a fraction)


def _label_fraction(score: float, target: float | None) -> float:
    """Where a score is printed on its axis: just outside its point, away from the centre;
    inside it instead when the target sits just outside (and there is room towards the centre),
    so the score never hides the target, or when outside would reach the axis label."""
    target_is_close = target is not None and 0 <= target - score < 2 * SCORE_OFFSET
    if target_is_close and score - SCORE_OFFSET >= 0.08:
        return score - SCORE_OFFSET
    if score + SCORE_OFFSET > 1:  # outside the outer ring it would cover the axis label
        return score - SCORE_OFFSET
    return score + SCORE_OFFSET


def radar(
    sections: list[Section],
    levels: list[Level],
    language: str,
    title: str,
    indicative_label: str | None = None,
    targets: dict[str, int] | None = None,
    target_label: str = "",
    outline: list[float | None] | None = None,
    outline_label: str = "",
) -> dict | None:
    """What `reports/radar.svg` draws: section scores over level rings; None below 3 axes.

    Each point carries its score. A section without a score has no point: the outline has a gap
    there (the tables say "no level"), as on the results page.
    `targets` (code → level) add a dashed outline where each target level begins, with its own
    line in the legend. `outline` (scores in the order of `sections`, None: none) adds other
    scores as a grey dashed outline, also in the legend: an earlier scan's, or the peers' median.
    """
    count = len(sections)
    if count < 3:
        return None
    bands = level_bands(levels, language)
    colours = LEVEL_COLOURS * 2
    scores = [None if section.score is None else section.score / 100 for section in sections]
    legend = _legend(
        [
            (f"{number} {name}", colour)
            for (number, name, _l, _u), colour in zip(bands, colours, strict=False)
        ],
        SIZE + 24,
    )
    legend_rows = math.ceil(len(legend) / LEGEND_COLUMNS)
    # A hollow marker is always explained in the legend, on a row of its own.
    any_indicative = any(section.indicative and section.score is not None for section in sections)
    if indicative_label is None:
        indicative_label = gettext("hollow: indicative level, based on few answers")
    note_y = SIZE + 24 + legend_rows * LEGEND_ROW
    target_segments, target_marks = _target_outline(sections, levels, targets or {})
    target_y = note_y
    if target_marks:
        note_y += LEGEND_ROW
    outline_y = note_y
    if outline is not None:
        note_y += LEGEND_ROW
    target_fractions = [
        level.lower_bound / 100 if level else None
        for level in target_points(sections, levels, targets or {})
    ]
    score_polygon, score_lines = _score_lines(scores)
    points = []
    for index, (fraction, section) in enumerate(zip(scores, sections, strict=True)):
        if fraction is None or section.score is None:  # one is None when the other is
            continue
        x, y = _point(fraction, index, count)
        tx, ty = _point(_label_fraction(fraction, target_fractions[index]), index, count)
        shown = one_decimal(section.score)
        # A pale box behind the score keeps it legible over the lines under it.
        width = SCORE_CHAR_WIDTH * len(shown) + 6
        box = (_number(tx - width / 2), _number(ty - 9), _number(width))
        points.append((*_xy((x, y)), section.indicative, *_xy((tx, ty + 5)), shown, box))
    return {
        "title": title,
        "width": WIDTH,
        "height": note_y + (LEGEND_ROW if any_indicative else 0),
        "centre": _xy((CENTRE_X, CENTRE_Y)),
        "score_colour": SCORE_COLOUR,
        "label_size": LABEL_SIZE,
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
                # Between the first two axes, clear of the scores printed on the axes.
                _xy(_point(lower / 100, 0.5, count)),
            )
            for _n, _name, lower, _upper in bands[1:]
        ],
        # A closed outline, or (some sections without a score) the lines between the gaps.
        "scores": score_polygon,
        "score_lines": score_lines,
        # Per section with a score: (x, y, indicative, label x, label y, score, (box x, box y,
        # box width)); an indicative
        # level gets a hollow marker.
        "points": points,
        "labels": [
            _label(section.name[language], index, count) for index, section in enumerate(sections)
        ],
        "legend": legend,
        "target_colour": TARGET_COLOUR,
        "target_segments": target_segments,
        "target_marks": target_marks,
        "target_label": target_label,
        "target_legend_y": _number(target_y - 4),
        "target_text_y": _number(target_y),
        "outline": _polygon([(score or 0) / 100 for score in outline]) if outline else "",
        "outline_label": outline_label,
        "outline_legend_y": _number(outline_y - 4),
        "outline_text_y": _number(outline_y),
        "any_indicative": any_indicative,
        "indicative_label": indicative_label,
        "note_y": _number(note_y - 4),
        "note_text_y": _number(note_y),
    }


MATRIX_LEFT, MATRIX_TOP, MATRIX_SIZE = 70, 20, 400  # the plot area, 1–5 on both axes
DOT = 13  # a point's radius


def _matrix_xy(effort: float, impact: float) -> tuple[float, float]:
    """Effort 0.5–5.5 runs right, impact 0.5–5.5 runs up."""
    step = MATRIX_SIZE / 5
    return MATRIX_LEFT + (effort - 0.5) * step, MATRIX_TOP + (5.5 - impact) * step


def matrix(actions: list[dict], quadrant_labels: dict[str, str], x_title: str, y_title: str):
    """What `reports/matrix.svg` draws: numbered actions on effort (x) and impact (y)."""
    positions = [(action["effort"], action["impact"]) for action in actions]
    dots = []
    for number, ((effort, impact), (dx, dy)) in enumerate(
        zip(positions, spread(positions), strict=True), start=1
    ):
        dots.append((*_xy(_matrix_xy(effort + dx, impact + dy)), str(number)))
    middle = _matrix_xy(2.5, 2.5)
    corners = {
        "quick_win": _matrix_xy(1.5, 5.2),
        "big_bet": _matrix_xy(4.0, 5.2),
        "fill_in": _matrix_xy(1.5, 0.8),
        "money_pit": _matrix_xy(4.0, 0.8),
    }
    ticks = [
        (*_xy(_matrix_xy(value, 0.5)), *_xy(_matrix_xy(0.5, value)), str(value))
        for value in range(1, 6)
    ]
    return {
        "width": MATRIX_LEFT + MATRIX_SIZE + 20,
        "height": MATRIX_TOP + MATRIX_SIZE + 60,
        "box": (MATRIX_LEFT, MATRIX_TOP, MATRIX_SIZE),
        "bottom": MATRIX_TOP + MATRIX_SIZE,
        "right": MATRIX_LEFT + MATRIX_SIZE,
        "middle": _xy(middle),
        "dots": dots,
        "dot": DOT,
        "ticks": ticks,
        "quadrants": [(*_xy(corners[key]), label) for key, label in quadrant_labels.items()],
        "x_title": (x_title, _number(MATRIX_LEFT + MATRIX_SIZE / 2), MATRIX_TOP + MATRIX_SIZE + 45),
        "y_title": (y_title, _number(MATRIX_TOP + MATRIX_SIZE / 2)),
        "colour": SCORE_COLOUR,
    }
