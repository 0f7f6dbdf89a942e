"""Chart figures as plain data: built and tested in Python, drawn by Plotly in the browser."""

import textwrap

from django.utils.translation import gettext as _

from cxscan.numbers import one_decimal

from .record import Level, Section

# Light fills for the level bands, from level 1 (inner ring) to level 5 (outer ring).
LEVEL_COLOURS = ["#f8d7da", "#ffe5d0", "#fff3cd", "#d1e7dd", "#cfe2ff"]
SCORE_COLOUR = "#0b5ed7"
# The target outline: dark, dashed, apart from the blue score line and the pale bands.
TARGET_COLOUR = "#6f42c1"
# The vendored typeface of the app and the report (static/vendor/fonts), as the page loads it.
FONT_FAMILY = '"Source Sans 3", system-ui, sans-serif'
PLOTLY_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def literal(value) -> str:
    """Any text for a chart (typed by users or admins, or translated), shown as it was typed.

    Plotly draws a few HTML tags in every label, hover text and legend (<a href> as a live
    link, <b>, <span style>, <br>…), so a title `<a href=…>` would become a link. It finds the
    tags first and only then decodes entities in the text between them, so &lt; &gt; &amp;
    show as < > &. Only those three are escaped: no tag can start without a <, and Plotly
    does not decode &quot; (it would show literally). Every string in a figure goes through
    here; `wrap` adds its own <br> between escaped lines.
    """
    return str(value).translate(PLOTLY_ESCAPES)


def label_lines(label: str, width: int) -> list[str]:
    """A long label broken into lines of at most `width` characters, between words.

    The one rule for both radars: the web chart joins the lines with <br>, the SVG writes a
    <tspan> per line.
    """
    return textwrap.wrap(label, width, break_long_words=False) or [""]


def wrap(label: str, width: int = 16) -> str:
    """A long axis label for Plotly: escaped lines joined by <br>, so it is not cut off."""
    return "<br>".join(literal(line) for line in label_lines(label, width))


def level_bands(levels: list[Level], language: str) -> list[tuple[int, str, int, int]]:
    """(number, name, lower, upper) per level, from the level bounds."""
    bands = []
    for index, level in enumerate(levels):
        upper = levels[index + 1].lower_bound if index + 1 < len(levels) else 100
        bands.append((level.number, level.name[language], level.lower_bound, upper))
    return bands


def score_label(section: Section) -> str:
    """The score as a chart shows it, saying when its level is only indicative."""
    if section.score is None:
        return literal(_("no score"))
    shown = one_decimal(section.score)
    if section.indicative:
        return literal(
            _("%(score)s (indicative: on %(answered)s of %(total)s statements)")
            % {"score": shown, "answered": section.answered, "total": section.total}
        )
    return shown


def target_points(
    sections: list[Section], levels: list[Level], targets: dict[str, int]
) -> list[Level | None]:
    """The target level of each section (None: no target, or a level the results lack)."""
    by_number: dict[int | None, Level] = {level.number: level for level in levels}
    return [by_number.get(targets.get(section.code)) for section in sections]


def target_trace(
    sections: list[Section],
    levels: list[Level],
    targets: dict[str, int],
    language: str,
    dash: str = "dash",
):
    """The targets as a dashed outline at the score where each target level begins.

    A section without a target leaves a gap in the outline (Plotly breaks the line at None);
    the markers keep a lone target visible.
    """
    points = target_points(sections, levels, targets)
    closed = [*points, *points[:1]]
    hover = [
        literal(
            _("Target: %(level)s (from score %(bound)s)")
            % {"level": f"{level.number} {level.name[language]}", "bound": level.lower_bound}
        )
        if level
        else ""
        for level in closed
    ]
    return {
        "type": "scatterpolar",
        "r": [level.lower_bound if level else None for level in closed],
        "theta": [wrap(section.name[language]) for section in [*sections, *sections[:1]]],
        "text": hover,
        "fill": "none",
        "line": {"color": TARGET_COLOUR, "width": 2, "dash": dash},
        "marker": {"size": 7, "symbol": "diamond", "color": TARGET_COLOUR},
        "mode": "lines+markers",
        "connectgaps": False,
        "name": literal(_("Target")),
        "hovertemplate": "%{theta}: %{text}<extra></extra>",
    }


def radar_figure(
    sections: list[Section],
    levels: list[Level],
    language: str,
    targets: dict | None = None,
    *,
    target_dash: str = "dash",
) -> dict:
    """A radar chart of section scores over rings for the maturity levels.

    `sections` are result entries (name, score); a section without a score has no point: the
    outline has a gap there (Plotly breaks the line at None), since it has no level, which is
    not 0. An indicative level (few answers) has a hollow point. `targets` (code → level)
    add a dashed outline under the scores, when any of these sections has one.
    """
    names = [wrap(section.name[language]) for section in sections]
    closed = [*names, names[0]] if names else []
    traces: list[dict] = []
    bands = level_bands(levels, language)
    for (number, name, _lower, upper), colour in reversed(
        list(zip(bands, LEVEL_COLOURS * 2, strict=False))
    ):
        traces.append(
            {
                "type": "scatterpolar",
                "r": [upper] * len(closed),
                "theta": closed,
                "fill": "toself",
                "fillcolor": colour,
                "line": {"width": 0},
                "mode": "lines",
                "hoverinfo": "skip",
                "name": literal(f"{number} {name}"),
            }
        )
    if sections and any(target_points(sections, levels, targets or {})):
        traces.append(target_trace(sections, levels, targets or {}, language, target_dash))
    scores = [section.score for section in sections]
    labels = [score_label(section) for section in sections]
    # An indicative level (few answers) gets a hollow marker: tells apart in greyscale too.
    symbols = ["circle-open" if section.indicative else "circle" for section in sections]
    traces.append(
        {
            "type": "scatterpolar",
            "r": [*scores, *scores[:1]],
            "connectgaps": False,
            "theta": closed,
            "text": [*labels, *labels[:1]],
            # No fill: the level bands underneath keep the colours of their legend.
            "fill": "none",
            "line": {"color": SCORE_COLOUR, "width": 3},
            "marker": {"size": 9, "symbol": [*symbols, *symbols[:1]], "line": {"width": 2}},
            "mode": "lines+markers",
            "name": literal(_("Score")),
            "hovertemplate": "%{theta}: %{text}<extra></extra>",
        }
    )
    return {
        "data": traces,
        "layout": {
            "polar": {
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [band[2] for band in bands] + [100],
                    # Between the first two axes, so the numbers stay clear of the top label.
                    "angle": 90 - 180 / max(len(sections), 1),
                    "tickfont": {"size": 10},
                },
                "angularaxis": {"direction": "clockwise", "tickfont": {"size": 12}},
            },
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.22, "font": {"size": 11}},
            "margin": {"l": 90, "r": 90, "t": 40, "b": 50},
            "height": 470,
            "font": {"family": FONT_FAMILY},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def with_outline(figure: dict, scores: list[float | None], name: str, dash: str) -> dict:
    """The figure with one more outline on its own axes, e.g. an earlier scan's scores (dashed):
    `scores` in the order of the figure's sections (None, a section the other scan lacked: 0)."""
    drawn = [score or 0 for score in scores]
    theta = figure["data"][-1]["theta"]  # the score trace's axes, closed
    labels = [one_decimal(score) for score in drawn]
    figure["data"].append(
        {
            "type": "scatterpolar",
            "r": [*drawn, *drawn[:1]],
            "theta": theta,
            "text": [*labels, *labels[:1]],
            "fill": "none",
            "line": {"color": "#495057", "width": 2, "dash": dash},
            "mode": "lines",
            "name": literal(name),
            "hovertemplate": "%{theta}: %{text}<extra>" + literal(name) + "</extra>",
        }
    )
    return figure
