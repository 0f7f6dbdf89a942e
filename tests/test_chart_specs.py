"""Every chart spec we send to the browser is one Plotly accepts.

The Python `plotly` package (a test dependency only) validates a figure against Plotly's
schema: a misspelt attribute, a wrong type or an unknown trace type raises, where the browser
would silently draw less.
"""

import plotly.graph_objects as go
import pytest

from plans.charts import impact_effort_figure
from plans.plan import QUADRANTS, quadrant_label
from scoring.radar import radar_figure
from scoring.results import build_results

pytestmark = pytest.mark.django_db


def test_radar_figures_are_valid_plotly(scan):
    results = build_results(scan)
    for sections in (results.areas, results.pillars):
        for language in ("nl", "en"):
            figure = go.Figure(radar_figure(sections, results.levels, language))
            assert len(figure.data) == len(results.levels) + 1


def test_radar_figures_with_targets_are_valid_plotly(scan):
    """The target outline: a dashed trace under the score, broken where a section has none."""
    results = build_results(scan)
    targets = {results.areas[0].code: 3, results.areas[2].code: 5}
    for language in ("nl", "en"):
        figure = go.Figure(radar_figure(results.areas, results.levels, language, targets))
        assert len(figure.data) == len(results.levels) + 2
        target = figure.data[-2]
        assert target.line.dash == "dash" and target.connectgaps is False
        assert list(target.r) == [40, None, 80, None, 40]


def test_impact_effort_figure_is_valid_plotly():
    actions = [
        {"title": "Betaallink", "impact": 4, "effort": 1},
        {"title": "x", "impact": 2, "effort": 5},
    ]
    spec = impact_effort_figure(actions, {key: quadrant_label(key) for key in QUADRANTS})
    figure = go.Figure(spec)
    assert list(figure.data[0].x) == [1, 5]


def test_an_invalid_spec_is_refused():
    """The check can fail: a misspelt attribute is an error, not ignored."""
    with pytest.raises(ValueError, match="radialaxiss"):
        go.Figure({"data": [], "layout": {"polar": {"radialaxiss": {}}}})


def test_radar_keeps_band_colours_and_its_numbers_clear_of_the_top_label(scan):
    results = build_results(scan)
    figure = radar_figure(results.areas, results.levels, "nl")
    assert figure["data"][-1]["fill"] == "none"  # the score does not tint the bands
    assert figure["layout"]["polar"]["radialaxis"]["angle"] == 45  # between axes 1 and 2 of 4
    pillars = radar_figure(results.pillars, results.levels, "nl")
    assert pillars["layout"]["polar"]["radialaxis"]["angle"] == 60  # of 6


def test_actions_on_one_spot_are_spread_apart_on_the_web_chart():
    actions = [{"title": t, "impact": 4, "effort": 2} for t in ("a", "b")]
    actions.append({"title": "c", "impact": 1, "effort": 5})
    spec = impact_effort_figure(actions, {key: quadrant_label(key) for key in QUADRANTS})
    xs, ys = spec["data"][0]["x"], spec["data"][0]["y"]
    assert (xs[0], ys[0]) != (xs[1], ys[1])
    assert abs(xs[0] - 2) < 0.5 and abs(ys[0] - 4) < 0.5  # still on its own spot
    assert (xs[2], ys[2]) == (5, 1)  # an action alone is not moved
    go.Figure(spec)
