"""What backs the answers, per area, as the results page and the report list it: the statements
answered with low confidence, and the evidence (text, link address, file names).

Read from the results record, so a completed scan shows the evidence as it was at completion.
"""

from dataclasses import dataclass

from .record import ItemResult, ScanResults, Section


@dataclass
class AreaEvidence:
    area: Section
    low_confidence: list[ItemResult]  # answered (a value or N/A) with low confidence
    evidence: list[ItemResult]  # with an evidence text, a link or files


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
