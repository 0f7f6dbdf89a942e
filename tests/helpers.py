"""Small helpers shared by the scan tests: URLs, the answers as data, the page form, HTML."""

import io
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from unittest.mock import patch

from django.urls import reverse

from checklists.models import Item


def area_url(scan, area="purpose"):
    return reverse("checklists:scan_area", args=[scan.pk, area])


def results_url(scan):
    return reverse("scoring:results", args=[scan.pk])


def autosave_url(scan, code):
    return reverse("checklists:autosave", args=[scan.pk, code])


def answers(scan):
    """The scan's answers as {item code: (choice, note)}."""
    return {a.item.code: (a.choice, a.note) for a in scan.answers.select_related("item")}


def page_data(scan, area="purpose", **values):
    """What the page form posts when nothing was loaded and the given fields were filled in."""
    data = {}
    for item in Item.objects.active().filter(area__code=area):
        data[f"original-value-{item.code}"] = ""
        data[f"original-note-{item.code}"] = ""
        data[f"note-{item.code}"] = ""
    data.update(values)
    return data


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str, tag: str | None = None, **attrs: str) -> list[dict[str, str | None]]:
    """The attributes of every element (of `tag`) whose attributes include `attrs`, in order.

    A boolean attribute such as `checked` is a key with the value None. Underscores in the
    keyword names stand for dashes (`aria_describedby` → `aria-describedby`)."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
    return [
        found
        for name, found in parser.elements
        if (tag is None or name == tag) and all(found.get(k) == v for k, v in wanted.items())
    ]


def element(html: str, tag: str | None = None, **attrs: str) -> dict[str, str | None]:
    """The attributes of the one element that matches; fails unless there is exactly one."""
    (found,) = elements(html, tag, **attrs)
    return found


class _Text(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.found, self.parts = element_id, 0, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth and tag not in self.VOID:
            self.depth += 1
        elif not self.depth and dict(attrs).get("id") == self.element_id:
            self.found += 1
            self.depth = 0 if tag in self.VOID else 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str, collapse: bool = True) -> str:
    """The text inside the one element with this id, white space collapsed unless told."""
    parser = _Text(element_id)
    parser.feed(html)
    parser.close()
    assert parser.found == 1, f"{parser.found} elements with id {element_id!r}"
    text = "".join(parser.parts)
    return " ".join(text.split()) if collapse else text


def checked(html: str, name: str) -> list[str]:
    """The values of the checked inputs (radios, checkboxes) named `name`."""
    return [found["value"] for found in elements(html, "input", name=name) if "checked" in found]


def render_reports(scan, languages=("nl", "en")) -> None:
    """What a worker does once a completion or a plan change is committed: render the scan's
    stored reports. (Tests run inside a transaction that is never committed.)"""
    from reports.stored import render_stored

    for language in languages:
        render_stored(scan.pk, language)


# What WeasyPrint's part is replaced by where a test checks which reports are made, kept or out of
# date, not what they say (a real render costs 1-2 s; tests/test_report*.py read real ones).
UNDRAWN_PDF = b"%PDF-1.7 not drawn in this test"


@contextmanager
def pdfs_not_drawn():
    """Stored reports and drafts are made as usual (their HTML included), but not drawn."""
    with (
        patch("reports.stored.write_pdf", lambda html, *args: UNDRAWN_PDF),
        patch("reports.report.write_pdf", lambda html, *args: UNDRAWN_PDF),
    ):
        yield


class ContentRows:
    """The checklist content's rows as `load_content()` left them in a fresh test database.

    A transactional test (the browser tests, the races) ends with every table emptied, so the
    next one needs the content again. Loading the fixtures deserialises each of ~200 objects
    and looks up its natural keys, a second or more per test; putting back these rows takes one
    INSERT per model. tests/test_content_rows.py checks that both leave the same content.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[type, list[dict]]] = []

    @staticmethod
    def models() -> list[type]:
        """The models of the content files, in the order they load (the ones referred to first)."""
        import json

        from django.apps import apps

        from checklists.content import content_files

        labels: dict[str, None] = {}
        for path in content_files():
            for entry in json.loads(path.read_text(encoding="utf-8")):
                labels[entry["model"]] = None
        return [apps.get_model(label) for label in labels]

    def take(self) -> None:
        self.rows = [(model, list(model.objects.values())) for model in self.models()]

    def restore(self) -> None:
        """The content, in a database that has it (nothing to do) or that was emptied."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from checklists.content import load_content

        counts = [model.objects.count() for model, _rows in self.rows]
        if counts == [len(rows) for _model, rows in self.rows]:
            return
        if any(counts) or not self.rows:  # not emptied, or not taken: what the fixtures give
            load_content()
            return
        models = [model for model, _rows in self.rows]
        with transaction.atomic():
            for model, rows in self.rows:
                model.objects.bulk_create(model(**row) for row in rows)
            # The rows keep their ids: the next id a sequence hands out comes after them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)


CONTENT_ROWS = ContentRows()


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, white space collapsed."""
    from pypdf import PdfReader

    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def flat(text: str) -> str:
    """Text without white space: PDF extraction breaks lines (and hyphenated words) freely."""
    return "".join(text.split())


def render_shared(link, languages=("nl", "en")) -> None:
    """What a worker does once a share link asked for its PDF: render that link's variant of the
    scan's report (what the link allows its client to see)."""
    from reports.stored import awaited, render_stored

    for language in languages:
        awaited(link.scan, language, variant=link.view.variant)
        render_stored(link.scan.pk, language, link.view.variant)


class Clock:
    """The time a test stands still at (tests of codes that change every 30 s); `shift` moves
    it on."""

    START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __init__(self, traveller):
        self.traveller = traveller

    def time(self) -> datetime:
        return datetime.now(UTC)

    def shift(self, delta: timedelta) -> None:
        self.traveller.shift(delta)
