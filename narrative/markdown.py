"""The small Markdown subset the consultant writes in: paragraphs (separated by an empty line),
bullet lists (lines starting with "- " or "* "), and **bold**. Nothing else is markup: raw HTML,
headings and images stay the text they are and a link becomes its text and address, so a client
output never carries a link, an image or a script the consultant (or someone pasting) did not
mean. Every output reads the same
`parse`: the pages and the PDF through `to_html`, the deck and the document through the blocks.
"""

import re
from dataclasses import dataclass
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
# Characters that are never text: the C0 controls but tab and newline, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text, bold or not."""

    text: str
    bold: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (one line of runs: its lines joined by a space) or a bullet list (one line of
    runs per bullet)."""

    kind: Literal["paragraph", "bullets"]
    lines: tuple[Line, ...]


def clean(text: str) -> str:
    """The text as stored: Unix newlines, no control characters, no trailing blanks."""
    text = CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def runs(text: str) -> Line:
    """A line's runs: **bold** and the text between. An unpaired "**" stays as it is; a link
    [text](address) becomes "text (address)", never a link."""
    text = LINK.sub(lambda match: f"{match.group(1)} ({match.group(2)})", text)
    found: list[Run] = []
    at = 0
    for match in BOLD.finditer(text):
        if match.start() > at:
            found.append(Run(text[at : match.start()]))
        found.append(Run(match.group(1), bold=True))
        at = match.end()
    if at < len(text):
        found.append(Run(text[at:]))
    return tuple(found)


def parse(text: str) -> list[Block]:
    """The blocks of a text, in order. A bullet's following lines that are not bullets continue
    it; a paragraph's lines are joined with a space."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", clean(text)):
        # Consecutive lines of one kind: ("paragraph", [lines]) or ("bullets", [items]).
        groups: list[tuple[str, list[str]]] = []
        for line in (line.strip() for line in chunk.split("\n")):
            bullet = BULLET.match(line)
            if not line:
                continue
            if bullet:
                if not groups or groups[-1][0] != "bullets":
                    groups.append(("bullets", []))
                groups[-1][1].append(bullet.group(1).strip())
            elif groups and groups[-1][0] == "bullets":
                groups[-1][1][-1] += " " + line
            elif groups:
                groups[-1][1].append(line)
            else:
                groups.append(("paragraph", [line]))
        for kind, lines in groups:
            if kind == "paragraph":
                blocks.append(Block("paragraph", (runs(" ".join(lines)),)))
            else:
                blocks.append(Block("bullets", tuple(runs(item) for item in lines)))
    return blocks


def plain(text: str) -> str:
    """The text without markup: for an output that cannot show bold (a CSV cell, a title)."""
    return "\n\n".join(
        "\n".join(
            ("• " if block.kind == "bullets" else "") + "".join(run.text for run in line)
            for line in block.lines
        )
        for block in parse(text)
    )


def _line_html(line: Line) -> str:
    return "".join(
        f"<strong>{escape(run.text)}</strong>" if run.bold else str(escape(run.text))
        for run in line
    )


def to_html(text: str) -> SafeString:
    """The text as HTML: <p>, <ul><li> and <strong> only, everything else escaped."""
    html = []
    for block in parse(text):
        if block.kind == "paragraph":
            html.append(f"<p>{_line_html(block.lines[0])}</p>")
        else:
            items = "".join(f"<li>{_line_html(line)}</li>" for line in block.lines)
            html.append(f"<ul>{items}</ul>")
    return mark_safe("\n".join(html))  # every text in it went through escape()
