"""A scan's results as one JSON-able document: scores, levels, the items and texts behind them.

The document holds every text in both languages, so a completed scan keeps it (frozen at
completion, `Scan.results`) and its results page, JSON export and report never change when
content, weights or level bounds are edited later. Open scans compute it afresh on each view.
"""

import math
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone

from checklists.models import Area, Item, MaturityLevel, Pillar, Scan, Tip

from . import engine

VERSION = 1
RECOMMENDED_TIPS = 6


def both(obj, field: str) -> dict[str, str]:
    return {"nl": getattr(obj, f"{field}_nl"), "en": getattr(obj, f"{field}_en")}


def display_score(score: Fraction | None) -> float | None:
    """One decimal, rounded down: the shown number never looks higher than the level allows."""
    return None if score is None else math.floor(score * 10) / 10


def section_document(section: engine.SectionScore) -> dict:
    return {
        "score": display_score(section.score),
        "level": section.level,
        "coverage": round(section.coverage, 4),
        "answered": section.answered,
        "scored": section.scored,
        "total": section.total,
    }


def build_results(scan: Scan) -> dict:
    """Score the scan from the database. Seven queries, however many items and answers."""
    areas = list(Area.objects.all())
    pillars = list(Pillar.objects.all())
    levels = list(MaturityLevel.objects.all())
    items = list(
        Item.objects.active()
        .select_related("area", "pillar", "topic")
        .order_by("area__position", "topic__position", "position", "code")
    )
    answers = {answer.item_id: answer for answer in scan.answers.all()}
    tips = list(
        Tip.objects.filter(Q(area__isnull=False) | Q(pillar__isnull=False))
        .select_related("area", "pillar")
        .order_by("kind", "position", "code")
    )

    inputs = []
    for item in items:
        answer = answers.get(item.pk)
        inputs.append(
            engine.ItemAnswer(
                code=item.code,
                area=item.area.code,
                pillar=item.pillar.code,
                weight=item.weight,
                value=answer.value if answer else None,
                not_applicable=bool(answer and answer.not_applicable),
            )
        )
    scored = engine.score_scan(
        inputs,
        [engine.LevelBound(level.number, level.lower_bound) for level in levels],
        [area.code for area in areas],
        [pillar.code for pillar in pillars],
    )

    tips_by_section: dict[str, list[dict]] = {}
    for tip in tips:
        key = f"area:{tip.area.code}" if tip.area_id else f"pillar:{tip.pillar.code}"
        tips_by_section.setdefault(key, []).append(
            {"code": tip.code, "kind": tip.kind, "section": key, "text": both(tip, "text")}
        )
    recommendations = [
        tip for key in scored.weakest_sections for tip in tips_by_section.get(key, [])
    ][:RECOMMENDED_TIPS]

    return {
        "version": VERSION,
        "computed_at": timezone.now().isoformat(),
        "levels": [
            {
                "number": level.number,
                "lower_bound": level.lower_bound,
                "name": both(level, "name"),
                "description": both(level, "description"),
            }
            for level in levels
        ],
        "overall": {
            **section_document(scored.overall),
            # Stored beside the number so lists can read the name without the whole document.
            "level_name": next(
                (both(lv, "name") for lv in levels if lv.number == scored.overall.level), None
            ),
        },
        "areas": [
            {
                "code": area.code,
                "name": both(area, "name"),
                "description": both(area, "description"),
                **section_document(scored.areas[area.code]),
            }
            for area in areas
        ],
        "pillars": [
            {
                "code": pillar.code,
                "name": both(pillar, "name"),
                "description": both(pillar, "description"),
                **section_document(scored.pillars[pillar.code]),
            }
            for pillar in pillars
        ],
        "items": [
            {
                "code": item.code,
                "area": item.area.code,
                "pillar": item.pillar.code,
                "topic": (
                    {"code": item.topic.code, "name": both(item.topic, "name")}
                    if item.topic
                    else None
                ),
                "statement": both(item, "statement"),
                "guidance": both(item, "guidance"),
                "weight": item.weight,
                "value": answer.value if answer else None,
                "not_applicable": bool(answer and answer.not_applicable),
                "note": answer.note if answer else "",
            }
            for item, answer in ((item, answers.get(item.pk)) for item in items)
        ],
        "strengths": [item.code for item in scored.strengths],
        "gaps": [item.code for item in scored.gaps],
        "weakest_sections": scored.weakest_sections,
        "recommendations": recommendations,
        "tips": tips_by_section,
    }


def results_for(scan: Scan) -> dict:
    """The frozen results of a completed scan, or fresh ones for an open scan."""
    if scan.is_completed and scan.results:
        return scan.results
    return build_results(scan)


def summary(results: dict) -> dict:
    """The short form of `score_scan --json`: overall, and score/level/coverage per section."""

    def short(section):
        return {key: section[key] for key in ("score", "level", "coverage")}

    return {
        "overall": {"score": results["overall"]["score"], "level": results["overall"]["level"]},
        "areas": {area["code"]: short(area) for area in results["areas"]},
        "pillars": {pillar["code"]: short(pillar) for pillar in results["pillars"]},
    }
