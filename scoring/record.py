"""The results of a scan as a typed record, and how it is stored as a versioned JSON document.

Version 1 (written until the results got their own table) kept the overall level's names in the
document so lists could read them as JSON keys; version 2 leaves that to the section rows
(`SectionResult`). `ScanResults.from_document` reads both.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings

VERSION = 2
READABLE_VERSIONS = (1, 2)

Texts = dict[str, str]  # one text in both languages: {"nl": ..., "en": ...}


class UnknownVersion(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Level:
    number: int
    lower_bound: int
    name: Texts
    description: Texts


@dataclass(frozen=True, slots=True)
class Section:
    """Overall, an area or a pillar. `score` 0–100 (one decimal, rounded down) or None."""

    code: str
    name: Texts
    description: Texts
    score: float | None
    level: int | None
    coverage: float
    answered: int
    scored: int
    total: int

    @property
    def indicative(self) -> bool:
        """Its level rests on too few answers to be firm (coverage below CXSCAN_MIN_COVERAGE)."""
        return self.coverage < settings.CXSCAN_MIN_COVERAGE


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    name: Texts


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One statement as it stood at scoring, with its answer (value None: not scored) and what
    backs it. Documents written before evidence existed read with none."""

    code: str
    area: str
    pillar: str
    topic: Topic | None
    statement: Texts
    guidance: Texts
    weight: int
    value: int | None
    not_applicable: bool
    note: str
    confidence: str = ""  # "low", "medium", "high" or "" (not said)
    evidence: str = ""
    evidence_link: str = ""  # an address, only ever shown as text
    evidence_files: tuple[str, ...] = ()  # the files' names, never their content

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence or self.evidence_link or self.evidence_files)


@dataclass(frozen=True, slots=True)
class Tip:
    code: str
    kind: str
    section: str  # "area:<code>" or "pillar:<code>"
    text: Texts


@dataclass(slots=True)
class ScanResults:
    computed_at: str  # ISO 8601: the completion for frozen results, the view for live ones
    levels: list[Level]
    overall: Section
    areas: list[Section]
    pillars: list[Section]
    items: list[ItemResult]
    strengths: list[str] = field(default_factory=list)  # item codes
    gaps: list[str] = field(default_factory=list)
    weakest_sections: list[str] = field(default_factory=list)
    recommendations: list[Tip] = field(default_factory=list)
    tips: dict[str, list[Tip]] = field(default_factory=dict)
    version: int = VERSION

    def level(self, number: int | None) -> Level | None:
        return next((level for level in self.levels if level.number == number), None)

    def item(self, code: str) -> ItemResult:
        return next(item for item in self.items if item.code == code)

    def to_document(self) -> dict[str, Any]:
        return {**asdict(self), "version": VERSION}

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> "ScanResults":
        version = data.get("version")
        if version not in READABLE_VERSIONS:
            raise UnknownVersion(f"Results document version {version!r} cannot be read.")
        overall = dict(data["overall"])
        overall.pop("level_name", None)  # version 1 only
        overall.setdefault("code", "")
        overall.setdefault("name", {"nl": "", "en": ""})
        overall.setdefault("description", {"nl": "", "en": ""})

        def tips(entries):
            return [Tip(**tip) for tip in entries]

        return cls(
            computed_at=data["computed_at"],
            levels=[Level(**level) for level in data["levels"]],
            overall=Section(**overall),
            areas=[Section(**area) for area in data["areas"]],
            pillars=[Section(**pillar) for pillar in data["pillars"]],
            items=[_item(item) for item in data["items"]],
            strengths=list(data["strengths"]),
            gaps=list(data["gaps"]),
            weakest_sections=list(data["weakest_sections"]),
            recommendations=tips(data["recommendations"]),
            tips={key: tips(entries) for key, entries in data["tips"].items()},
            version=version,
        )


def _item(data: dict[str, Any]) -> ItemResult:
    # Positional, field by field: the results page reads a document on every view, and this is
    # the bulk of it (about 130 statements).
    topic = data["topic"]
    return ItemResult(
        data["code"],
        data["area"],
        data["pillar"],
        Topic(topic["code"], topic["name"]) if topic else None,
        data["statement"],
        data["guidance"],
        data["weight"],
        data["value"],
        data["not_applicable"],
        data["note"],
        data.get("confidence", ""),
        data.get("evidence", ""),
        data.get("evidence_link", ""),
        tuple(data.get("evidence_files", ())),
    )
