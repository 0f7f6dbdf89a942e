"""A scan's results: scores, levels, and the items and texts behind them (`record.ScanResults`).

The record holds every text in both languages, so a completed scan keeps it (frozen at
completion, `Results`) and its results page, JSON export and report never change when content,
weights or level bounds are edited later. Open scans compute it afresh on each view.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.models import Area, EvidenceFile, Item, MaturityLevel, Pillar, Scan, Tip

from . import engine, record
from .models import Results
from .targets import targets_of

RECOMMENDED_TIPS = 6


def both(obj, field: str) -> dict[str, str]:
    return {"nl": getattr(obj, f"{field}_nl"), "en": getattr(obj, f"{field}_en")}


def overall_basis(results: record.ScanResults, language: str) -> str:
    """What the overall score rests on, for every output: the mean of the areas that have a
    score, so with fewer than all of them it says how many and which have none yet."""
    unscored = [area.name[language] for area in results.areas if area.score is None]
    if not unscored:
        return _("mean of the four areas")
    if results.overall.score is None:
        return _("no area has a score yet")
    return _("mean of only %(scored)s of the %(total)s areas; no score yet: %(missing)s") % {
        "scored": len(results.areas) - len(unscored),
        "total": len(results.areas),
        "missing": ", ".join(unscored),
    }


def display_score(score: Fraction | None) -> float | None:
    """One decimal, rounded down: the shown number never looks higher than the level allows."""
    return None if score is None else math.floor(score * 10) / 10


def section(score: engine.SectionScore, obj=None) -> record.Section:
    """A scored section; `obj` is its area or pillar (None for overall)."""
    empty = {"nl": "", "en": ""}
    return record.Section(
        code=obj.code if obj else "",
        name=both(obj, "name") if obj else empty,
        description=both(obj, "description") if obj else empty,
        score=display_score(score.score),
        level=score.level,
        coverage=round(score.coverage, 4),
        answered=score.answered,
        scored=score.scored,
        total=score.total,
    )


def build_results(scan: Scan) -> record.ScanResults:
    """Score the scan from the database. Eight queries, however many items and answers."""
    areas = list(Area.objects.all())
    pillars = list(Pillar.objects.all())
    levels = list(MaturityLevel.objects.all())
    # Plain rows, not model instances: building ~650 of them was a quarter of the results page.
    items = list(
        Item.objects.active()
        .order_by("area__position", "topic__position", "position", "code")
        .values(*ITEM_FIELDS)
    )
    answers = {row["item_id"]: row for row in scan.answers.values(*ANSWER_FIELDS)}
    files: dict[int, list[str]] = {}
    for answer_id, name in EvidenceFile.objects.filter(answer__scan=scan).values_list(
        "answer_id", "name"
    ):
        files.setdefault(answer_id, []).append(name)
    tips = list(
        Tip.objects.filter(Q(area__isnull=False) | Q(pillar__isnull=False))
        .select_related("area", "pillar")
        .order_by("kind", "position", "code")
    )

    inputs = []
    for item in items:
        answer = answers.get(item["pk"])
        inputs.append(
            engine.ItemAnswer(
                code=item["code"],
                area=item["area__code"],
                pillar=item["pillar__code"],
                weight=item["weight"],
                value=answer["value"] if answer else None,
                not_applicable=bool(answer and answer["not_applicable"]),
            )
        )
    scored = engine.score_scan(
        inputs,
        [engine.LevelBound(level.number, level.lower_bound) for level in levels],
        [area.code for area in areas],
        [pillar.code for pillar in pillars],
    )

    tips_by_section: dict[str, list[record.Tip]] = {}
    for tip in tips:
        if tip.area is not None:
            key = f"area:{tip.area.code}"
        elif tip.pillar is not None:
            key = f"pillar:{tip.pillar.code}"
        else:  # neither: Tip.clean refuses it
            continue
        tips_by_section.setdefault(key, []).append(
            record.Tip(code=tip.code, kind=tip.kind, section=key, text=both(tip, "text"))
        )
    # A tip can sit on a pillar and, with its own code, on an area (seed 004's): recommend it once.
    unique: dict[str, record.Tip] = {}
    for key in scored.weakest_sections:
        for recommended in tips_by_section.get(key, []):
            unique.setdefault(recommended.text["nl"], recommended)
    recommendations = list(unique.values())[:RECOMMENDED_TIPS]

    return record.ScanResults(
        computed_at=timezone.now().isoformat(),
        levels=[
            record.Level(
                number=level.number,
                lower_bound=level.lower_bound,
                name=both(level, "name"),
                description=both(level, "description"),
            )
            for level in levels
        ],
        overall=section(scored.overall),
        areas=[section(scored.areas[area.code], area) for area in areas],
        pillars=[section(scored.pillars[pillar.code], pillar) for pillar in pillars],
        items=[item_result(item, answers.get(item["pk"]), files) for item in items],
        strengths=[item.code for item in scored.strengths],
        gaps=[item.code for item in scored.gaps],
        weakest_sections=scored.weakest_sections,
        recommendations=recommendations,
        tips=tips_by_section,
    )


ITEM_FIELDS = (
    "pk",
    "code",
    "weight",
    "statement_nl",
    "statement_en",
    "guidance_nl",
    "guidance_en",
    "area__code",
    "pillar__code",
    "topic__code",
    "topic__name_nl",
    "topic__name_en",
)
ANSWER_FIELDS = (
    "pk",
    "item_id",
    "value",
    "not_applicable",
    "note",
    "confidence",
    "evidence",
    "evidence_link",
)


def item_result(item: dict, answer: dict | None, files: dict[int, list[str]]) -> record.ItemResult:
    """One statement's line in the results, from the rows of `ITEM_FIELDS` and `ANSWER_FIELDS`."""
    topic = None
    if item["topic__code"]:
        names = {"nl": item["topic__name_nl"], "en": item["topic__name_en"]}
        topic = record.Topic(item["topic__code"], names)
    answer = answer or {}
    return record.ItemResult(
        code=item["code"],
        area=item["area__code"],
        pillar=item["pillar__code"],
        topic=topic,
        statement={"nl": item["statement_nl"], "en": item["statement_en"]},
        guidance={"nl": item["guidance_nl"], "en": item["guidance_en"]},
        weight=item["weight"],
        value=answer.get("value"),
        not_applicable=bool(answer.get("not_applicable")),
        note=answer.get("note", ""),
        confidence=answer.get("confidence", ""),
        evidence=answer.get("evidence", ""),
        evidence_link=answer.get("evidence_link", ""),
        evidence_files=tuple(files.get(answer["pk"], ())) if answer else (),
    )


def frozen_results(scan: Scan) -> record.ScanResults | None:
    """The results of the scan's last completion (kept when it is reopened), or None.

    One query, or none where the scan was fetched with `select_related("frozen_results")`.
    """
    try:
        stored = scan.frozen_results
    except Results.DoesNotExist:
        return None
    return record.ScanResults.from_document(stored.document)


def results_for(scan: Scan) -> record.ScanResults:
    """The frozen results of a completed scan, or fresh ones for an open scan."""
    if scan.is_completed:
        frozen = frozen_results(scan)
        if frozen:
            return frozen
    return build_results(scan)


def summary(results: record.ScanResults) -> dict:
    """The short form of `score_scan --json`: overall, and score/level/coverage per section."""

    def short(section):
        return {
            "score": section.score,
            "level": section.level,
            "coverage": section.coverage,
            "indicative": section.indicative,
        }

    overall = results.overall
    return {
        "overall": {
            "score": overall.score,
            "level": overall.level,
            "indicative": overall.indicative,
        },
        "areas": {area.code: short(area) for area in results.areas},
        "pillars": {pillar.code: short(pillar) for pillar in results.pillars},
    }


def scores_document(scan: Scan, results: record.ScanResults) -> dict:
    """`score_scan --json`: the `summary` and the scan's targets. The JSON export and the API
    start from it, so the three never drift apart."""
    return {**summary(results), "targets": targets_of(scan).document()}


@dataclass
class ContentChanges:
    """How the statements differ now from those in a scan's frozen results."""

    reworded: list[Item]
    deactivated: list[record.ItemResult]
    added: list[Item]

    def __bool__(self) -> bool:
        return bool(self.reworded or self.deactivated or self.added)


def content_changes(frozen: record.ScanResults) -> ContentChanges:
    """Statements reworded, taken out of use or added since the results were frozen. Two queries."""
    then = {item.code: item for item in frozen.items}
    now = {item.code: item for item in Item.objects.select_related("area").order_by("position")}
    active = {code: item for code, item in now.items() if item.is_active}
    return ContentChanges(
        reworded=[
            item
            for code, item in active.items()
            if code in then and both(item, "statement") != then[code].statement
        ],
        deactivated=[item for code, item in then.items() if code not in active],
        added=[item for code, item in active.items() if code not in then],
    )
