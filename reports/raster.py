"""The report's radars as PNG images, for the Word document (which cannot hold our SVG).

Drawn with Pillow, on the server, without a browser: the geometry, rings, colours and texts are
those `svg.radar` works out for the PDF, so both show the same chart. Drawn at SUPERSAMPLE times
the size and scaled down, which smooths the lines and the text (Pillow draws them without
anti-aliasing). The typeface is the PDF's (Source Sans 3, our own static files).
"""

import io
import itertools
import math
from functools import cache

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

SCALE = 1.5  # pixels per SVG unit: a radar (640 units) is 960 pixels, 195 dpi at 12.5 cm
SUPERSAMPLE = 2  # drawn this many times larger again, then scaled down
FONTS = {
    False: "vendor/fonts/source-sans-3/source-sans-3-latin-400-normal.woff",
    True: "vendor/fonts/source-sans-3/source-sans-3-latin-700-normal.woff",
}
# The colours the SVG template (reports/radar.svg) writes as literals.
AXIS, BOUND, BOUND_TEXT, TEXT, SCORE_TEXT, OUTLINE = (
    "#adb5bd",
    "#ced4da",
    "#6c757d",
    "#212529",
    "#0a3a86",
    "#495057",
)
ANCHORS = {
    "start": "ls",
    "middle": "ms",
    "end": "rs",
}  # SVG text-anchor → Pillow's, on the baseline


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = finders.find(FONTS[bold])
    if path is None:  # the static files are missing: Pillow's own font, never a failed render
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def _points(text: str, k: float) -> list[tuple[float, float]]:
    """An SVG points attribute ("x,y x,y ...") in pixels."""
    return [(float(x) * k, float(y) * k) for x, y in (pair.split(",") for pair in text.split())]


def _dashed(draw, points, colour, width: float, dash: tuple[float, float], closed: bool, k):
    """A dashed line through `points` (Pillow draws none): dash and gap in SVG units."""
    on, off = dash[0] * k, dash[1] * k
    path = [*points, points[0]] if closed else points
    phase = 0.0  # where in the on/off cycle the next segment starts
    for (x1, y1), (x2, y2) in itertools.pairwise(path):
        length = math.hypot(x2 - x1, y2 - y1)
        at = 0.0
        while at < length:
            in_cycle = phase % (on + off)
            if in_cycle < on:
                step = min(on - in_cycle, length - at)
                a, b = at / length, (at + step) / length
                draw.line(
                    [
                        (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                        (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
                    ],
                    fill=colour,
                    width=max(1, round(width * k)),
                )
            else:
                step = min(on + off - in_cycle, length - at)
            at += step
            phase += step


def _line(draw, points, colour, width: float, k, closed: bool = False):
    path = [*points, points[0]] if closed else points
    draw.line(path, fill=colour, width=max(1, round(width * k)), joint="curve")


def radar_png(chart: dict) -> bytes:
    """A PNG of `svg.radar(...)`'s chart, as `reports/radar.svg` draws it."""
    k = SCALE * SUPERSAMPLE
    size = (round(chart["width"] * k), round(chart["height"] * k))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    centre = (float(chart["centre"][0]) * k, float(chart["centre"][1]) * k)
    for points, colour in chart["rings"]:
        draw.polygon(_points(points, k), fill=colour)
    for x, y in chart["axes"]:
        draw.line([centre, (float(x) * k, float(y) * k)], fill=AXIS, width=max(1, round(0.6 * k)))
    small = font(round(11 * k))
    for points, lower, (tx, ty) in chart["bounds"]:
        _line(draw, _points(points, k), BOUND, 0.6, k, closed=True)
        draw.text(
            (float(tx) * k, float(ty) * k), str(lower), fill=BOUND_TEXT, font=small, anchor="ls"
        )
    for x1, y1, x2, y2 in chart["target_segments"]:
        segment = [(float(x1) * k, float(y1) * k), (float(x2) * k, float(y2) * k)]
        _dashed(draw, segment, chart["target_colour"], 2, (7, 5), False, k)
    for points in chart["target_marks"]:
        draw.polygon(_points(points, k), fill=chart["target_colour"])
    if chart["outline"]:
        _dashed(draw, _points(chart["outline"], k), OUTLINE, 2, (3, 4), True, k)
    if chart["scores"]:
        _line(draw, _points(chart["scores"], k), chart["score_colour"], 2.5, k, closed=True)
    for points in chart["score_lines"]:
        _line(draw, _points(points, k), chart["score_colour"], 2.5, k)
    label = font(round(chart["label_size"] * k))
    bold = font(round(16 * k), bold=True)
    boxes = ImageDraw.Draw(image, "RGBA")  # blends a translucent fill with what is under it
    for _x, _y, _indicative, _tx, _ty, _shown, (bx, by, bw) in chart["points"]:
        box = [float(bx) * k, float(by) * k, (float(bx) + float(bw)) * k, (float(by) + 18) * k]
        boxes.rounded_rectangle(box, radius=3 * k, fill=(255, 255, 255, 191))
    for x, y, indicative, tx, ty, shown, _box in chart["points"]:
        cx, cy = float(x) * k, float(y) * k
        r = (5 if indicative else 4.5) * k
        if indicative:
            draw.ellipse(
                [cx - r, cy - r, cx + r, cy + r],
                fill="white",
                outline=chart["score_colour"],
                width=round(2 * k),
            )
        else:
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=chart["score_colour"])
        draw.text((float(tx) * k, float(ty) * k), shown, fill=SCORE_TEXT, font=bold, anchor="ms")
    for axis_label in chart["labels"]:
        for y, line in axis_label.lines:
            position = (float(axis_label.x) * k, float(y) * k)
            draw.text(position, line, fill=TEXT, font=label, anchor=ANCHORS[axis_label.anchor])
    legend = font(round(16 * k))
    for x, text_x, y, box_y, name, colour in chart["legend"]:
        left, top = float(x) * k, float(box_y) * k
        draw.rectangle(
            [left, top, left + 14 * k, top + 12 * k],
            fill=colour,
            outline=AXIS,
            width=max(1, round(0.5 * k)),
        )
        draw.text((float(text_x) * k, float(y) * k), name, fill=TEXT, font=legend, anchor="ls")
    if chart["target_marks"]:
        y = float(chart["target_legend_y"]) * k
        _dashed(draw, [(20 * k, y), (44 * k, y)], chart["target_colour"], 2, (7, 5), False, k)
        draw.text(
            (50 * k, float(chart["target_text_y"]) * k),
            chart["target_label"],
            fill=TEXT,
            font=legend,
            anchor="ls",
        )
    if chart["outline"]:
        y = float(chart["outline_legend_y"]) * k
        _dashed(draw, [(20 * k, y), (44 * k, y)], OUTLINE, 2, (3, 4), False, k)
        draw.text(
            (50 * k, float(chart["outline_text_y"]) * k),
            chart["outline_label"],
            fill=TEXT,
            font=legend,
            anchor="ls",
        )
    if chart["any_indicative"]:
        cy, r = float(chart["note_y"]) * k, 5 * k
        draw.ellipse(
            [26 * k - r, cy - r, 26 * k + r, cy + r],
            fill="white",
            outline=chart["score_colour"],
            width=round(2 * k),
        )
        draw.text(
            (38 * k, float(chart["note_text_y"]) * k),
            chart["indicative_label"],
            fill=TEXT,
            font=legend,
            anchor="ls",
        )
    # Each pixel the mean of its SUPERSAMPLE² (a box filter): smooth edges, at a fraction of
    # LANCZOS's cost.
    return _png(image)


def _png(image: Image.Image) -> bytes:
    """The drawing at its final size, as a PNG."""
    image = image.reduce(SUPERSAMPLE)
    out = io.BytesIO()
    # Full colour, lightly compressed: a palette (quantised) was no faster to write and turned
    # white into the matrix's pale grey; the .docx is a ZIP that compresses again.
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def matrix_png(chart: dict) -> bytes:
    """A PNG of `svg.matrix(...)`'s impact/effort matrix, as `reports/matrix.svg` draws it."""
    k = SCALE * SUPERSAMPLE
    size = (round(chart["width"] * k), round(chart["height"] * k))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    left, top, side = (value * k for value in chart["box"])
    draw.rectangle(
        [left, top, left + side, top + side], fill="#f8f9fa", outline=AXIS, width=round(0.8 * k)
    )
    middle_x, middle_y = float(chart["middle"][0]) * k, float(chart["middle"][1]) * k
    _dashed(draw, [(middle_x, top), (middle_x, top + side)], AXIS, 1, (4, 3), False, k)
    _dashed(draw, [(left, middle_y), (left + side, middle_y)], AXIS, 1, (4, 3), False, k)
    quadrant = font(round(14 * k))
    for x, y, label in chart["quadrants"]:
        draw.text((float(x) * k, float(y) * k), label, fill=BOUND_TEXT, font=quadrant, anchor="ms")
    tick = font(round(12 * k))
    bottom = (chart["bottom"] + 18) * k
    for x, _bottom, _left, y, value in chart["ticks"]:
        draw.text((float(x) * k, bottom), value, fill=OUTLINE, font=tick, anchor="ms")
        position = (left - 8 * k, (float(y) + 4) * k)
        draw.text(position, value, fill=OUTLINE, font=tick, anchor="rs")
    title = font(round(14 * k))
    x_title, x, y = chart["x_title"]
    draw.text((float(x) * k, float(y) * k), x_title, fill=TEXT, font=title, anchor="ms")
    # The y axis's title, turned a quarter: drawn on its own strip, rotated, pasted.
    y_title, y = chart["y_title"]
    width = round(title.getlength(y_title)) + 4
    strip = Image.new("RGB", (width, round(20 * k)), "white")
    ImageDraw.Draw(strip).text((width / 2, 14 * k), y_title, fill=TEXT, font=title, anchor="ms")
    strip = strip.rotate(90, expand=True)
    image.paste(strip, (round(18 * k - 14 * k), round(float(y) * k - width / 2)))
    number = font(round(13 * k), bold=True)
    r = chart["dot"] * k
    for x, y, label in chart["dots"]:
        cx, cy = float(x) * k, float(y) * k
        draw.ellipse(
            [cx - r, cy - r, cx + r, cy + r],
            fill=chart["colour"],
            outline="white",
            width=round(1.5 * k),
        )
        draw.text((cx, cy + 5 * k), label, fill="white", font=number, anchor="ms")
    return _png(image)
