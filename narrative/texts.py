"""Reading and writing a scan's texts: the presentation's part (one query), and a save that
stores a text, or deletes it when emptied."""

from django.db import transaction
from django.utils import timezone

from checklists.models import Scan

from .markdown import clean
from .models import NarrativeText
from .part import NarrativePart, Text

Kind = NarrativeText.Kind


def key_of(kind: str, code: str = "") -> str:
    """The place of one text, as forms and pages name it: "summary", "area:<code>" or
    "pillar:<code>"."""
    return kind if kind == Kind.SUMMARY else f"{kind}:{code}"


def written(scan: Scan) -> dict[str, NarrativeText]:
    """The scan's texts by key. One query."""
    return {text.key: text for text in NarrativeText.objects.filter(scan=scan)}


def as_text(row: NarrativeText) -> Text:
    return Text(row.text, row.written_by_name, row.written_at)


def narrative_part(scan: Scan) -> NarrativePart:
    """What every output reads (falsy when nothing is written). One query."""
    rows = NarrativeText.objects.filter(scan=scan).only(
        "kind", "code", "text", "written_by_name", "written_at"
    )
    summary, areas, pillars = None, {}, {}
    for row in rows:
        if row.kind == Kind.SUMMARY:
            summary = as_text(row)
        elif row.kind == Kind.AREA:
            areas[row.code] = as_text(row)
        else:
            pillars[row.code] = as_text(row)
    return NarrativePart(summary=summary, areas=areas, pillars=pillars)


def name_of(user) -> str:
    return (user.get_full_name() or user.get_username())[:150]


def save_text(scan: Scan, kind: str, code: str, text: str, user) -> NarrativeText | None:
    """Store the text at its place (who and when with it); an empty text deletes the place's
    row. Unchanged text is left as it was, so who wrote it stays true. Returns the row, or
    None when it is empty."""
    text = clean(text)
    code = "" if kind == Kind.SUMMARY else code
    with transaction.atomic():
        if not text:
            NarrativeText.objects.filter(scan=scan, kind=kind, code=code).delete()
            return None
        row, created = NarrativeText.objects.select_for_update().get_or_create(
            scan=scan,
            kind=kind,
            code=code,
            defaults={"text": text, "written_by": user, "written_by_name": name_of(user)},
        )
        if not created and row.text != text:
            row.text = text
            row.written_by = user
            row.written_by_name = name_of(user)
            row.written_at = timezone.now()
            row.save()
        return row
