"""The texts as the results page shows them: the summary above the results, each area's (and
pillar's) commentary under its table; for the consultant each with its editor, for the client
manager's shared page only what is written, read-only."""

from dataclasses import dataclass
from functools import cached_property

from django.forms import Form
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from checklists.models import Scan
from scoring.presentation import Presentation
from scoring.record import ScanResults, Texts

from .forms import NarrativeForm
from .markdown import to_html
from .models import NarrativeText
from .part import NarrativePart, Text

Kind = NarrativeText.Kind


@dataclass
class Entry:
    """One text's place on the page: what is written there and, for the consultant, its form."""

    scan: Scan
    kind: str
    code: str
    label: str
    text: Text | None
    editable: bool
    form: Form | None = None
    saved: bool = False
    preview: SafeString | None = None
    open: bool = False  # the editor shown open (alone, fetched, just saved, previewed or refused)
    focus: bool = False  # fetched into the results page: the text area takes the focus

    @cached_property
    def slug(self) -> str:
        return (
            "narrative-summary"
            if self.kind == Kind.SUMMARY
            else f"narrative-{self.kind}-{self.code}"
        )

    @cached_property
    def url(self) -> str:
        if self.kind == Kind.SUMMARY:
            return reverse("narrative:summary", args=[self.scan.pk])
        return reverse("narrative:section", args=[self.scan.pk, self.kind, self.code])

    @cached_property
    def preview_url(self) -> str:
        return reverse("narrative:preview", args=[self.scan.pk])

    @cached_property
    def html(self) -> SafeString:
        return to_html(self.text.source) if self.text else SafeString("")

    def bound(self) -> Form:
        """The form: as posted, or holding the written text."""
        return self.form or NarrativeForm(initial={"text": self.text.source if self.text else ""})


def name(texts: Texts, language: str) -> str:
    return texts.get(language) or texts.get("nl", "")


def section_label(results: ScanResults, kind: str, code: str, language: str) -> str | None:
    """The area's or pillar's name in the results, or None when they have no such section."""
    sections = results.areas if kind == Kind.AREA else results.pillars
    found = next((section for section in sections if section.code == code), None)
    return name(found.name, language) if found else None


@dataclass
class Board:
    summary: Entry | None
    areas: list[Entry]
    pillars: list[Entry]


def board(presentation: Presentation, part: NarrativePart, *, editable: bool) -> Board:
    """Every place for the consultant; on the shared page only those written."""
    scan = presentation.scan

    def entries(kind: str, written: dict[str, Text]) -> list[Entry]:
        rows = presentation.areas if kind == Kind.AREA else presentation.pillars
        found = [
            Entry(
                scan,
                kind,
                row.section.code,
                name(row.section.name, presentation.language),
                written.get(row.section.code),
                editable,
            )
            for row in rows
        ]
        return [entry for entry in found if editable or entry.text]

    summary = Entry(scan, Kind.SUMMARY, "", _("Executive summary"), part.summary, editable)
    return Board(
        summary if editable or part.summary else None,
        entries(Kind.AREA, part.areas),
        entries(Kind.PILLAR, part.pillars),
    )
