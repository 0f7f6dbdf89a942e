"""Target levels per area and pillar: reading, saving and copying them, and the gap to each.

A scan's targets are read once per page as `Targets` (plain data, one query) and handed to the
tables, the charts and the exports, so none of them queries again.
"""

from dataclasses import dataclass, field

from django.db import transaction

from checklists.models import Scan

from .models import Target
from .record import Level, Section

Kind = Target.Kind


@dataclass(frozen=True)
class Targets:
    """A scan's target level per area code and per pillar code (absent: no target)."""

    areas: dict[str, int] = field(default_factory=dict)
    pillars: dict[str, int] = field(default_factory=dict)

    def of(self, kind: str) -> dict[str, int]:
        return self.areas if kind == Kind.AREA else self.pillars

    def __bool__(self) -> bool:
        return bool(self.areas or self.pillars)

    def document(self) -> dict[str, dict[str, int]]:
        """`"targets"` of the JSON export and `score_scan --json`."""
        return {"areas": dict(self.areas), "pillars": dict(self.pillars)}


def targets_of(scan: Scan) -> Targets:
    """The scan's targets. One query."""
    found = Targets()
    for kind, code, level in scan.targets.values_list("kind", "code", "level"):
        found.of(kind)[code] = level
    return found


@dataclass(frozen=True)
class SectionTarget:
    """A section's target beside its level, as the tables show it."""

    level: Level | None  # the target level (number, name, lower bound); None: no target
    gap: int | None  # target − reached level, in levels; None without a target or a level

    @property
    def met(self) -> bool:
        return self.gap is not None and self.gap <= 0


def section_target(section: Section, target: int | None, levels: list[Level]) -> SectionTarget:
    if target is None:
        return SectionTarget(None, None)
    level = next((level for level in levels if level.number == target), None)
    gap = None if section.level is None else target - section.level
    return SectionTarget(level, gap)


@transaction.atomic
def save_targets(scan: Scan, wanted: dict[tuple[str, str], int | None]) -> bool:
    """Set the scan's targets to `wanted` ((kind, code) → level, None clears); True if any
    changed. Sections not named keep theirs.

    Row by row (ten at most), so the models' signals tell the reports app to drop its stored
    PDF; a change that saves nothing new sends nothing.
    """
    current = {(target.kind, target.code): target for target in scan.targets.select_for_update()}
    changed = False
    for (kind, code), level in wanted.items():
        target = current.get((kind, code))
        if level is None:
            if target is not None:
                target.delete()
                changed = True
        elif target is None:
            Target.objects.create(scan=scan, kind=kind, code=code, level=level)
            changed = True
        elif target.level != level:
            target.level = level
            target.save(update_fields=["level"])
            changed = True
    return changed


def copy_targets(source_scan: Scan, new_scan: Scan) -> int:
    """Give a follow-up scan the targets of its predecessor; returns how many were copied.

    A target the new scan already has for a section is kept: it was chosen for this scan.
    Two queries and one insert. The rows are created in bulk, without signals: a new scan has
    no stored report to drop.
    """
    taken = set(new_scan.targets.values_list("kind", "code"))
    copies = [
        Target(scan=new_scan, kind=target.kind, code=target.code, level=target.level)
        for target in source_scan.targets.all()
        if (target.kind, target.code) not in taken
    ]
    Target.objects.bulk_create(copies)
    return len(copies)
