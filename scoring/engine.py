"""The scoring method as plain, typed functions: plain data in, plain data out, no database.

- Item score = value / 4; not-applicable and unanswered items are left out.
- Section score (area or pillar) = 100 × Σ(weight × item score) / Σ(weight) over scored items.
- Coverage = answered items (N/A counts as answered) / items in the section.
- Level = the highest maturity level whose lower bound ≤ score; no scored item means no level.
- Overall = the mean of the area scores, with its level.

Scores are kept as exact fractions where levels are decided, so a score of exactly 20 always
reaches the level that starts at 20.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MAX_VALUE = 4


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    """One active item of the scan, with its answer: `value` None and not N/A is unanswered."""

    code: str
    area: str
    pillar: str
    weight: int = 1
    value: int | None = None
    not_applicable: bool = False

    @property
    def answered(self) -> bool:
        return self.not_applicable or self.value is not None

    @property
    def scored(self) -> bool:
        return self.value is not None and not self.not_applicable


@dataclass(frozen=True, slots=True)
class LevelBound:
    number: int
    lower_bound: int  # percent, 0–100


@dataclass(frozen=True, slots=True)
class SectionScore:
    score: Fraction | None  # 0–100, exact; None when nothing in the section is scored
    level: int | None
    answered: int
    scored: int
    total: int

    @property
    def coverage(self) -> float:
        return self.answered / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class ScanScore:
    overall: SectionScore
    areas: dict[str, SectionScore]
    pillars: dict[str, SectionScore]
    strengths: list[ItemAnswer] = field(default_factory=list)
    gaps: list[ItemAnswer] = field(default_factory=list)
    weakest_sections: list[str] = field(default_factory=list)  # "area:code" / "pillar:code"


def level_for(score: Fraction | None, levels: Sequence[LevelBound]) -> int | None:
    """The highest level whose lower bound the score reaches; None for no score."""
    if score is None:
        return None
    reached = [level.number for level in levels if level.lower_bound <= score]
    return max(reached) if reached else None


def section_score(items: Iterable[ItemAnswer], levels: Sequence[LevelBound]) -> SectionScore:
    weighted = weights = answered = scored = total = 0
    for item in items:
        total += 1
        if item.answered:
            answered += 1
        if item.scored:
            scored += 1
            weighted += item.weight * item.value
            weights += item.weight
    score = Fraction(100 * weighted, MAX_VALUE * weights) if weights else None
    return SectionScore(score, level_for(score, levels), answered, scored, total)


def overall_score(
    areas: dict[str, SectionScore], items: Sequence[ItemAnswer], levels: Sequence[LevelBound]
) -> SectionScore:
    """The mean of the area scores that exist; coverage over all items."""
    scores = [area.score for area in areas.values() if area.score is not None]
    score = sum(scores, Fraction(0)) / len(scores) if scores else None
    return SectionScore(
        score,
        level_for(score, levels),
        answered=sum(item.answered for item in items),
        scored=sum(item.scored for item in items),
        total=len(items),
    )


def strengths(items: Iterable[ItemAnswer], count: int = 5) -> list[ItemAnswer]:
    """The highest-scoring items (largely or fully in place), heavier weight first on ties."""
    candidates = [item for item in items if item.scored and item.value >= 3]
    return sorted(candidates, key=lambda item: (-item.value, -item.weight, item.code))[:count]


def gaps(items: Iterable[ItemAnswer], count: int = 5) -> list[ItemAnswer]:
    """The lowest-scoring items (at most partly in place), heavier weight first on ties."""
    candidates = [item for item in items if item.scored and item.value <= 2]
    return sorted(candidates, key=lambda item: (item.value, -item.weight, item.code))[:count]


def weakest_sections(
    areas: dict[str, SectionScore], pillars: dict[str, SectionScore], count: int = 2
) -> list[str]:
    """The lowest-scoring area and pillar(s): their tips are the recommendations."""
    scored = [(s.score, f"area:{code}") for code, s in areas.items() if s.score is not None]
    scored += [(s.score, f"pillar:{code}") for code, s in pillars.items() if s.score is not None]
    return [key for _score, key in sorted(scored)[:count]]


def score_scan(
    items: Sequence[ItemAnswer],
    levels: Sequence[LevelBound],
    area_codes: Sequence[str],
    pillar_codes: Sequence[str],
) -> ScanScore:
    """Score a whole scan: every area and pillar (empty ones too), overall, and the lists."""
    by_area: dict[str, list[ItemAnswer]] = {code: [] for code in area_codes}
    by_pillar: dict[str, list[ItemAnswer]] = {code: [] for code in pillar_codes}
    for item in items:
        by_area.setdefault(item.area, []).append(item)
        by_pillar.setdefault(item.pillar, []).append(item)
    areas = {code: section_score(section, levels) for code, section in by_area.items()}
    pillars = {code: section_score(section, levels) for code, section in by_pillar.items()}
    return ScanScore(
        overall=overall_score(areas, items, levels),
        areas=areas,
        pillars=pillars,
        strengths=strengths(items),
        gaps=gaps(items),
        weakest_sections=weakest_sections(areas, pillars),
    )
