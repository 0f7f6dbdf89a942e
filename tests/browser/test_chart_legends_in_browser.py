"""The charts' legends in a real browser: every entry is drawn whole, apart from the others.

Plotly measures each legend entry when it draws. With the typeface given unquoted
(`Source Sans 3, ...`: a family name with a number must be quoted in CSS) it measured the
entries in another font than it drew them in, so they overlapped and the last was cut
("CX metrics and improvement (", "4 Geïntegree").
"""

import itertools

import pytest

from checklists.models import Answer, Item
from scoring import completion
from tests import factories

from .test_scan_in_browser import log_in, make_scan

pytestmark = pytest.mark.browser


def legend_boxes(page, chart: str) -> list[dict]:
    """The bounding box of each legend entry's text, and of the chart."""
    page.wait_for_selector(f"{chart} svg.main-svg .legend .traces", timeout=5_000)
    return page.evaluate(
        """(chart) => {
          const root = document.querySelector(chart);
          const svg = root.querySelector("svg.main-svg").getBoundingClientRect();
          // The legend's background is drawn as wide as Plotly measured the entries; what
          // lies past it is clipped.
          const legend = root.querySelector(".legend .bg").getBoundingClientRect();
          return [...root.querySelectorAll(".legend .traces")].map((entry) => {
            const text = entry.querySelector(".legendtext").getBoundingClientRect();
            const whole = entry.getBoundingClientRect();  // the line symbol and the text
            return {text: entry.textContent, left: whole.left, right: text.right, top: text.top,
                    clipRight: Math.min(legend.right, svg.right)};
          });
        }""",
        chart,
    )


def assert_apart_and_whole(boxes: list[dict]) -> None:
    assert boxes
    rows: dict[int, list[dict]] = {}
    for box in boxes:
        rows.setdefault(round(box["top"]), []).append(box)
        assert box["right"] <= box["clipRight"] + 1, f"{box['text']!r} is cut off"
    for row in rows.values():
        row.sort(key=lambda box: box["left"])
        for before, after in itertools.pairwise(row):
            assert before["right"] <= after["left"], f"{before['text']!r} runs into the next"


@pytest.mark.parametrize("width", [1366, 820])
def test_the_trend_and_radar_legends_are_whole_and_apart(page, app, width):
    live_server, alice = app
    earlier = make_scan(alice)
    items = list(Item.objects.active())
    Answer.objects.bulk_create(Answer(scan=earlier, item=item, value=2) for item in items)
    completion.complete(earlier)
    later = factories.scan(
        earlier.organisation, title="Vervolg", created_by=alice, previous=earlier
    )
    Answer.objects.bulk_create(Answer(scan=later, item=item, value=3) for item in items)
    completion.complete(later)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{earlier.organisation.get_absolute_url()}")
    trend = legend_boxes(page, "#trend-chart")
    assert len(trend) == 4  # the areas
    assert_apart_and_whole(trend)

    page.goto(f"{live_server.url}/scans/{later.pk}/results/")
    for chart in ("#area-chart", "#pillar-chart"):
        assert_apart_and_whole(legend_boxes(page, chart))
