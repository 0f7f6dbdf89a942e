"""A scan's results as a reader sees them: one `Presentation`, built once per scan and language,
that every output reads (the results page and the shared page, the PDF, the JSON export, the
API's results, the XLSX/CSV scores). Charts only draw it: the Plotly radars (`radar.py`) and the
report's SVG radars read its rows and `peer_outline`.

Apps built on scoring (the plan, the workshop; later the team survey) add their part through the
`results_presented` signal (`signals.py`): a receiver returns a `Part`, and every output reads it
from `Presentation.parts`. Scoring never imports them.

What only some outputs need (the progress since the previous scan, the carried-over counts, the
parts) is built the first time it is read, so the page and the API do no query they did not do
before.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, NamedTuple, Protocol, TypeVar, cast

from django.conf import settings
from django.utils import formats

from checklists.models import Scan, active_content_language

from .benchmark import Benchmark, Spread, benchmark_for
from .compare import Comparison, compare
from .record import ItemResult, Level, ScanResults, Section, Tip
from .results import frozen_results, overall_basis, results_for, summary
from .signals import results_presented
from .targets import SectionTarget, Targets, section_target, targets_of


class Part(Protocol):
    """What a later app adds to every output: `key` names it in `Presentation.parts`;
    `document()` gives the keys it adds to the JSON export."""

    key: ClassVar[str]

    def document(self) -> dict[str, Any]: ...


PartType = TypeVar("PartType", bound=Part)


class SectionRow(NamedTuple):
    """An area or pillar as a results table shows it. A named tuple (immutable, typed): the
    templates' tables unpack it as (section, level, target, peers)."""

    section: Section
    level: Level | None
    target: SectionTarget
    peers: Spread | None  # the peers' spread, or None without a benchmark for it


@dataclass(frozen=True, slots=True)
class AreaEvidence:
    """What backs the answers of an area: the statements answered with low confidence, and the
    evidence (text, link address, file names). Read from the results record, so a completed
    scan shows the evidence as it was at completion."""

    area: Section
    low_confidence: list[ItemResult]  # answered (a value or N/A) with low confidence
    evidence: list[ItemResult]  # with an evidence text, a link or files


@dataclass(frozen=True, slots=True)
class CarriedOver:
    """A follow-up's answers carried over from the previous scan: still unconfirmed, and
    confirmed as they were. Both 0 on other scans."""

    unconfirmed: int
    confirmed_unchanged: int


@dataclass(frozen=True)
class Presentation:
    """A scan's results as every output shows them; see the module's docstring. Build it with
    `present`. Frozen, not slotted: the parts read on demand are cached on the instance."""

    scan: Scan
    results: ScanResults
    language: str
    targets: Targets
    benchmark: Benchmark | None
    overall_level: Level | None
    overall_basis: str  # what the overall score rests on, in words
    areas: list[SectionRow]
    pillars: list[SectionRow]
    strengths: list[ItemResult]
    gaps: list[ItemResult]
    recommendations: list[Tip]
    indicative_count: int  # sections (and overall) whose level rests on few answers
    min_coverage: float = field(default=0.0)  # that threshold, in percent

    def rows(self, kind: str) -> list[SectionRow]:
        """The rows of "areas" or "pillars"."""
        return self.areas if kind == "areas" else self.pillars

    def targets_of(self, kind: str) -> dict[str, int]:
        """The target levels of "areas" or "pillars", by code."""
        return self.targets.areas if kind == "areas" else self.targets.pillars

    def peer_outline(self, kind: str) -> list[float | None] | None:
        """The peers' medians of "areas" or "pillars", to draw as an outline on a radar; None
        unless every section on it has one (a section left out would be drawn at 0)."""
        rows = self.rows(kind)
        if not rows or any(row.peers is None for row in rows):
            return None
        return [row.peers.median for row in rows if row.peers is not None]

    def scores_document(self) -> dict[str, Any]:
        """`score_scan --json`'s document: overall, score/level/coverage per section, targets.
        The JSON export and the API start from it."""
        return {**summary(self.results), "targets": self.targets.document()}

    @cached_property
    def progress(self) -> Comparison | None:
        """The change since the predecessor's completion, or None without one. One query."""
        previous = self.scan.previous
        earlier = frozen_results(previous) if previous is not None else None
        if previous is None or earlier is None:
            return None
        return compare(self.results, previous, earlier)

    @property
    def progress_since(self) -> str:
        """The predecessor's completion date, as the active language writes it."""
        completed = self.progress.earlier_scan.completed_at if self.progress else None
        return formats.date_format(completed) if completed else ""

    @cached_property
    def evidence(self) -> list[AreaEvidence]:
        """What backs each area's answers (the page and the PDF show it; the API does not)."""
        return evidence_by_area(self.results)

    @cached_property
    def carried_over(self) -> CarriedOver:
        return CarriedOver(
            unconfirmed_count(self.scan, self.results),
            confirmed_unchanged_count(self.scan, self.results),
        )

    @cached_property
    def parts(self) -> dict[str, Part]:
        """What later apps add (`results_presented`), by key, in the order they answered."""
        responses = results_presented.send(sender=Scan, presentation=self)
        found = [cast(Part | None, part) for _receiver, part in responses]
        return {part.key: part for part in found if part is not None}

    def part(self, kind: type[PartType]) -> PartType:
        """The part of that type (`presentation.part(PlanPart)`), typed for its reader. A
        KeyError names the part whose app did not answer (not installed, or not connected)."""
        found = self.parts[kind.key]
        if not isinstance(found, kind):
            raise TypeError(f"The part {kind.key!r} is a {type(found).__name__}, not a {kind}.")
        return found

    def parts_document(self) -> dict[str, Any]:
        """The keys the parts add to the JSON export."""
        document: dict[str, Any] = {}
        for part in self.parts.values():
            document |= part.document()
        return document


def present(
    scan: Scan, results: ScanResults | None = None, *, language: str | None = None
) -> Presentation:
    """The presentation of a scan's results (its frozen results once completed) in `language`
    (by default the active one); texts made here are in the active translation."""
    results = results if results is not None else results_for(scan)
    language = language or active_content_language()
    targets = targets_of(scan)
    peers = benchmark_for(scan, results)

    def rows(sections: list[Section], wanted: dict[str, int], spreads: dict) -> list[SectionRow]:
        return [
            SectionRow(
                section,
                results.level(section.level),
                section_target(section, wanted.get(section.code), results.levels),
                spreads.get(section.code),
            )
            for section in sections
        ]

    return Presentation(
        scan=scan,
        results=results,
        language=language,
        targets=targets,
        benchmark=peers,
        overall_level=results.level(results.overall.level),
        overall_basis=overall_basis(results, language),
        areas=rows(results.areas, targets.areas, peers.areas if peers else {}),
        pillars=rows(results.pillars, targets.pillars, peers.pillars if peers else {}),
        strengths=[results.item(code) for code in results.strengths],
        gaps=[results.item(code) for code in results.gaps],
        recommendations=results.recommendations,
        indicative_count=sum(
            section.indicative and section.level is not None
            for section in [results.overall, *results.areas, *results.pillars]
        ),
        min_coverage=100 * settings.CXSCAN_MIN_COVERAGE,
    )


def evidence_by_area(results: ScanResults) -> list[AreaEvidence]:
    """The areas that have low-confidence answers or evidence, in the results' order."""
    found = {area.code: AreaEvidence(area, [], []) for area in results.areas}
    for item in results.items:
        entry = found.get(item.area)
        if entry is None:
            continue
        answered = item.value is not None or item.not_applicable
        if item.confidence == "low" and answered:
            entry.low_confidence.append(item)
        if item.has_evidence:
            entry.evidence.append(item)
    return [entry for entry in found.values() if entry.low_confidence or entry.evidence]


def unconfirmed_count(scan: Scan, results: ScanResults) -> int:
    """How many answers the results rest on were carried over from the previous scan and are
    still unchanged and unconfirmed. One query, on a follow-up only: other scans have none (nor
    does a follow-up whose predecessor was deleted: there is nothing left to compare with)."""
    if scan.previous_id is None:
        return 0
    codes = set(scan.answers.answered().unconfirmed().values_list("item__code", flat=True))
    return sum(item.code in codes for item in results.items)


def confirmed_unchanged_count(scan: Scan, results: ScanResults) -> int:
    """How many answers of a follow-up stand as they were in the previous scan's results (the
    same value, or N/A) and were confirmed in this scan: carried over and confirmed as they were,
    or given again the same. Those still unconfirmed are not counted (`unconfirmed_count`)."""
    if scan.previous_id is None or scan.previous is None:
        return 0
    previous = frozen_results(scan.previous)
    if previous is None:
        return 0
    before = {
        item.code: (item.value, item.not_applicable)
        for item in previous.items
        if item.value is not None or item.not_applicable
    }
    unconfirmed = set(scan.answers.unconfirmed().values_list("item__code", flat=True))
    return sum(
        before.get(item.code) == (item.value, item.not_applicable)
        for item in results.items
        if (item.value is not None or item.not_applicable) and item.code not in unconfirmed
    )
