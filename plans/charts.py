"""The impact/effort chart of the improvement plan, as a Plotly figure built in Python."""

import math
from collections import Counter

from django.utils.translation import gettext as _

from scoring.radar import FONT_FAMILY, SCORE_COLOUR, literal

QUADRANT_POSITIONS = [
    # (quadrant, x = effort, y = impact)
    ("quick_win", 1.75, 4.6),
    ("big_bet", 4.25, 4.6),
    ("fill_in", 1.75, 0.9),
    ("money_pit", 4.25, 0.9),
]


def impact_effort_figure(actions: list[dict], quadrant_labels: dict[str, str]) -> dict:
    """Improvement actions on effort (x) and impact (y), 1–5, in four labelled quadrants.

    Actions on the same spot are spread in a small ring, so each number stays readable.
    """
    offsets = spread([(action["effort"], action["impact"]) for action in actions])
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [
                    action["effort"] + dx
                    for action, (dx, _dy) in zip(actions, offsets, strict=True)
                ],
                "y": [
                    action["impact"] + dy
                    for action, (_dx, dy) in zip(actions, offsets, strict=True)
                ],
                "text": [str(number) for number in range(1, len(actions) + 1)],
                "customdata": [literal(action["title"]) for action in actions],
                "textposition": "middle center",
                "textfont": {"color": "#fff", "size": 11},
                "marker": {
                    "size": 24,
                    "color": SCORE_COLOUR,
                    "line": {"color": "#fff", "width": 1},
                },
                "hovertemplate": "%{customdata}<extra></extra>",
                "name": literal(_("Actions")),
            }
        ],
        "layout": {
            "xaxis": {"title": {"text": literal(_("Effort"))}, "range": [0.5, 5.5], "dtick": 1},
            "yaxis": {"title": {"text": literal(_("Impact"))}, "range": [0.5, 5.5], "dtick": 1},
            "shapes": [
                {
                    "type": "line",
                    "x0": 2.5,
                    "x1": 2.5,
                    "y0": 0.5,
                    "y1": 5.5,
                    "line": {"color": "#adb5bd", "dash": "dot"},
                },
                {
                    "type": "line",
                    "x0": 0.5,
                    "x1": 5.5,
                    "y0": 2.5,
                    "y1": 2.5,
                    "line": {"color": "#adb5bd", "dash": "dot"},
                },
            ],
            "annotations": [
                {
                    "x": x,
                    "y": y,
                    "text": literal(quadrant_labels[quadrant]),
                    "showarrow": False,
                    "font": {"color": "#6c757d", "size": 12},
                }
                for quadrant, x, y in QUADRANT_POSITIONS
            ],
            "showlegend": False,
            "margin": {"l": 60, "r": 20, "t": 20, "b": 50},
            "height": 360,
            "font": {"family": FONT_FAMILY},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def spread(positions: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Offsets (in steps of the scale) that keep actions on the same spot apart, in a small ring.

    An action alone on its spot stays where it is.
    """
    seen: Counter = Counter()
    totals = Counter(positions)
    offsets = []
    for position in positions:
        total, nth = totals[position], seen[position]
        seen[position] += 1
        if total == 1:
            offsets.append((0.0, 0.0))
            continue
        angle = 2 * math.pi * nth / total
        offsets.append((0.22 * math.cos(angle), 0.22 * math.sin(angle)))
    return offsets
