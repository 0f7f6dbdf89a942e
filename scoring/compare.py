"""A scan compared with an earlier completed scan of the same organisation.

Both sides are results documents: the earlier scan's frozen results (content edits since never
change the past) and the current scan's own (frozen when completed, else worked out now).
Statements are matched by code; those in only one of the two are listed as added or removed,
and those whose wording changed as reworded, so an edited question bank never breaks the page.
"""

from dataclasses import dataclass
from typing import Any

from checklists.models import Scan
from cxscan.numbers import rounded

from .models import SectionResult
from .record import ItemResult, ScanResults, Section


def round1(value: float) -> float:
    return float(rounded(value))


@dataclass(frozen=True)
class SectionChange:
    code: str
    name: dict
    before: Section | None
    after: Section | None

    @property
    def score_change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        if self.before.score is None or self.after.score is None:
            return None
        return round1(self.after.score - self.before.score)

    @property
    def level_change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        if self.before.level is None or self.after.level is None:
            return None
        return self.after.level - self.before.level


@dataclass(frozen=True)
class ItemChange:
    before: ItemResult
    after: ItemResult

    @property
    def code(self) -> str:
        return self.after.code

    @property
    def change(self) -> int:
        """Only for a statement scored both times (compare's `scored`)."""
        assert self.before.value is not None and self.after.value is not None
        return self.after.value - self.before.value

    @property
    def reworded(self) -> bool:
        return self.before.statement != self.after.statement


@dataclass(frozen=True)
class AreaItemChanges:
    """One area's statements that moved (side by side on the page) and those that did not."""

    code: str
    name: dict
    improved: list[ItemChange]
    declined: list[ItemChange]
    unchanged: list[ItemChange]


@dataclass
class Comparison:
    earlier_scan: Scan
    earlier: ScanResults
    current: ScanResults
    overall: SectionChange
    areas: list[SectionChange]
    pillars: list[SectionChange]
    improved: list[ItemChange]
    declined: list[ItemChange]
    unchanged: list[ItemChange]
    reworded: list[ItemChange]
    added: list[ItemResult]
    removed: list[ItemResult]

    @property
    def by_area(self) -> list[AreaItemChanges]:
        """The statements scored in both scans, grouped by area in the current order; an area
        none of whose statements were scored in both is left out."""
        groups = [
            AreaItemChanges(section.code, section.name, [], [], [])
            for section in self.current.areas
        ]
        index = {group.code: group for group in groups}
        for kind in ("improved", "declined", "unchanged"):
            for change in getattr(self, kind):
                group = index.get(change.after.area)
                if group is not None:
                    getattr(group, kind).append(change)
        return [group for group in groups if group.improved or group.declined or group.unchanged]


def section_changes(before: list[Section], after: list[Section]) -> list[SectionChange]:
    """Per section code, in the current order; sections only the earlier scan had come last."""
    earlier = {section.code: section for section in before}
    changes = [
        SectionChange(section.code, section.name, earlier.pop(section.code, None), section)
        for section in after
    ]
    changes += [
        SectionChange(code, section.name, section, None) for code, section in earlier.items()
    ]
    return changes


def compare(current: ScanResults, earlier_scan: Scan, earlier: ScanResults) -> Comparison:
    before = {item.code: item for item in earlier.items}
    after = {item.code: item for item in current.items}
    both = [ItemChange(before[code], after[code]) for code in after if code in before]
    scored = [
        change
        for change in both
        if change.before.value is not None
        and change.after.value is not None
        and not change.before.not_applicable
        and not change.after.not_applicable
    ]
    return Comparison(
        earlier_scan=earlier_scan,
        earlier=earlier,
        current=current,
        overall=SectionChange("", {}, earlier.overall, current.overall),
        areas=section_changes(earlier.areas, current.areas),
        pillars=section_changes(earlier.pillars, current.pillars),
        improved=sorted((c for c in scored if c.change > 0), key=lambda c: -c.change),
        declined=sorted((c for c in scored if c.change < 0), key=lambda c: c.change),
        unchanged=[c for c in scored if c.change == 0],
        reworded=[change for change in both if change.reworded],
        added=[item for code, item in after.items() if code not in before],
        removed=[item for code, item in before.items() if code not in after],
    )


def earlier_scans(scan: Scan, scans):
    """The completed scans of the same organisation that ended before this one (or before now,
    for an open scan), newest first, among `scans` (what the user may see)."""
    earlier = scans.filter(
        organisation_id=scan.organisation_id,
        status=Scan.Status.COMPLETED,
        completed_at__isnull=False,
    ).exclude(pk=scan.pk)
    if scan.is_completed and scan.completed_at:
        earlier = earlier.filter(completed_at__lt=scan.completed_at)
    return earlier.order_by("-completed_at")


def previous_document(scan: Scan) -> dict | None:
    """`"previous"` of the JSON export: the predecessor's stored scores and levels, or None.

    Read from the stored section rows of its last completion (one query), never re-scored.
    """
    if scan.previous_id is None:
        return None
    rows = SectionResult.objects.filter(
        results__scan_id=scan.previous_id,
        kind__in=[SectionResult.Kind.AREA, SectionResult.Kind.PILLAR],
    ).values_list("kind", "code", "score", "level", "results__completed_at")
    document: dict[str, Any] = {
        "scan": scan.previous_id,
        "completed_at": None,
        "areas": {},
        "pillars": {},
    }
    for kind, code, score, level, completed_at in rows:
        document["completed_at"] = completed_at.isoformat()
        group = "areas" if kind == SectionResult.Kind.AREA else "pillars"
        document[group][code] = {"score": score, "level": level}
    return document if document["completed_at"] else None
