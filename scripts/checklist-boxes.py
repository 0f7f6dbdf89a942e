"""Write static/img/checklist-boxes.svg: the answer boxes of the blank checklist with the digits
0-4 above them, the digits drawn as outlines of the vendored Source Sans 3.

Outlines rather than SVG text: the image is drawn for each of the 130 statements, and text in it
made the PDF twice as large and its text extraction (the tests) several times slower. Run it
again only when the boxes' look changes: `.venv/bin/python scripts/checklist-boxes.py`.
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "static/vendor/fonts/source-sans-3/source-sans-3-latin-400-normal.woff"
OUT = ROOT / "static/img/checklist-boxes.svg"
COLUMN = 10  # mm per answer column (checklist.css: .choices is six of them)
DIGIT_HEIGHT = 7 * 0.3528  # 7 pt in mm: the size of the N/A label beside them
BASELINE = 2.4

font = TTFont(FONT)
glyphs = font.getGlyphSet()
cmap = font.getBestCmap()
scale = DIGIT_HEIGHT / font["head"].unitsPerEm

digits = []
for digit in range(5):
    name = cmap[ord(str(digit))]
    glyph = glyphs[name]
    pen = SVGPathPen(glyphs, ntos=lambda number: f"{number:.3f}".rstrip("0").rstrip("."))
    left = COLUMN * digit + COLUMN / 2 - glyph.width * scale / 2
    # Font units point up; SVG's y points down.
    glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, left, BASELINE)))
    digits.append(f'<path d="{pen.getCommands()}"/>')

boxes = [
    f'<rect x="{COLUMN * index + 2.3}" y="4.3" width="5.4" height="5.2" rx="0.6"/>'
    for index in range(6)
]
OUT.write_text(
    f"""<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="10mm" viewBox="0 0 60 10">
<!-- The answer boxes of the blank checklist: 0-4 with their digits and N/A (its label is text
     in the page's language). Written by scripts/checklist-boxes.py; digits from Source Sans 3
     (SIL Open Font License). -->
<g fill="#495057">{"".join(digits)}</g>
<g fill="none" stroke="#212529" stroke-width="0.28">{"".join(boxes)}</g>
</svg>
"""
)
print(f"wrote {OUT.relative_to(ROOT)}")
