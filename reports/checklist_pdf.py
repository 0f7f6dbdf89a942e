"""The blank checklist on paper: every active statement, grouped by area and topic, with boxes
for 0–4 and N/A and room for notes, to prepare a workshop. One entry point,
`checklist_pdf(language, branding) -> bytes`.

It is rendered like the report (the same restricted fetcher, fonts and logo). Rendering the PDF
takes seconds (130 statements), the HTML a few milliseconds: so the PDF is kept in Django's cache
under a digest of its HTML, its stylesheet and the logo's file. Whatever changes what it shows
(an admin's edit of a statement, an area or a topic, an item switched off, the branding, a new
translation) changes the key, and the next download renders afresh on every server process;
nothing has to be told to clear anything.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from branding.models import Branding
from checklists.models import Answer, Area, Item

from .report import logo_url, write_pdf

STYLESHEET = "css/checklist.css"
TEMPLATE = "reports/checklist.html"
CACHE_SECONDS = 24 * 3600  # a stale entry is never served (its key is unused); this frees memory


@dataclass
class Group:
    topic: str  # "" for the statements of an area without a topic
    # (number within the area, statement): the number is the short reference people say and
    # write on paper; item codes are internal and never printed.
    items: list[tuple[int, Item]] = field(default_factory=list)


@dataclass
class Chapter:
    area: Area
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def active_items() -> list[Item]:
    """The active statements area by area: in each, the statements without a topic first, then
    each topic's, all by position. Sorted here: databases disagree on where a NULL topic sorts."""
    items = Item.objects.active().select_related("area", "topic")

    def key(item: Item):
        topic = item.topic
        return (
            item.area.position,
            item.area.code,
            topic is not None,
            topic.position if topic else 0,
            topic.code if topic else "",
            item.position,
            item.code,
        )

    return sorted(items, key=key)


def chapters(items: list[Item]) -> list[Chapter]:
    found: list[Chapter] = []
    for item in items:
        if not found or found[-1].area.pk != item.area_id:
            found.append(Chapter(item.area))
        topic = item.topic.name if item.topic else ""
        groups = found[-1].groups
        if not groups or groups[-1].topic != topic:
            groups.append(Group(topic))
        groups[-1].items.append((found[-1].count + 1, item))
    return found


def checklist_html(language: str, branding: Branding) -> str:
    with translation.override(language):
        items = active_items()
        return render_to_string(
            TEMPLATE,
            {
                "language": language,
                "branding": branding,
                "logo_url": logo_url(branding),
                "chapters": chapters(items),
                "count": len(items),
                "scale": [(str(value), label) for value, label in Answer.Value.choices],
            },
        )


def checklist_pdf(language: str, branding: Branding) -> bytes:
    """The blank checklist in this language with this branding (the reader's consultancy's);
    from the cache while nothing it shows changed."""
    html = checklist_html(language, branding)
    key = f"reports.checklist.{cache_digest(html, branding)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = write_pdf(html, STYLESHEET)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def cache_digest(html: str, branding: Branding) -> str:
    digest = hashlib.sha256(html.encode())
    stylesheet = finders.find(STYLESHEET)
    if stylesheet is None:
        raise FileNotFoundError(f"The static file {STYLESHEET} is missing.")
    digest.update(Path(stylesheet).read_bytes())
    digest.update(str(branding.logo).encode())  # a new logo gets a new file name
    return digest.hexdigest()
