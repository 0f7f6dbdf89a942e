"""The scoring method as plain, typed functions: plain data in, plain data out, no database.

- Item score = value / 4; not-applicable and unanswered items are left out.
- Section score (area or pillar) = 100 × Σ(weight × item score) / Σ(weight) over scored items.
- Coverage = answered items (N/A counts as answered) / items in the section.
- Level = the highest maturity level whose lower bound ≤ score; no scored item means no level.
- Overall = the mean of the area scores, with its level.

Scores are kept as exact fractions where levels are decided, so a score of exactly 20 always
reaches the level that starts at 20.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from operator import attrgetter
from typing import NamedTuple

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


class SectionScore(NamedTuple):  # a named tuple: made 11 times per scan, 4 times as fast
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
    # In integers (bound × denominator ≤ numerator): Fraction's own comparisons cost ten times
    # as much, and this runs for every section of every scan.
    numerator, denominator = score.numerator, score.denominator
    reached = None
    for level in levels:
        if level.lower_bound * denominator <= numerator and (
            reached is None or level.number > reached
        ):
            reached = level.number
    return reached


class Tally:
    """The running sums of one section while a scan's items are counted."""

    __slots__ = ("not_applicable", "scored", "total", "weighted", "weights")

    def __init__(self):
        self.total = self.not_applicable = self.scored = self.weighted = self.weights = 0

    def add(self, other: "Tally") -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def section_score(self, levels: Sequence[LevelBound]) -> SectionScore:
        score = Fraction(100 * self.weighted, MAX_VALUE * self.weights) if self.weights else None
        answered = self.not_applicable + self.scored
        return SectionScore(score, level_for(score, levels), answered, self.scored, self.total)


@dataclass(slots=True)
class Count:
    areas: dict[str, Tally]
    pillars: dict[str, Tally]
    by_value: list[list[ItemAnswer]]  # the scored items: [those with value 0, ..., value 4]


def count_items(items: Iterable[ItemAnswer], area_codes=(), pillar_codes=()) -> Count:
    """Count the items into a Tally per area and per pillar (the given codes even if empty),
    and set the scored ones aside by value, in one pass.

    This loop is most of the cost of scoring, so it is written out: one method call per item
    and section, or a pass per section kind, made scoring a third slower.
    """
    areas = {code: Tally() for code in area_codes}
    pillars = {code: Tally() for code in pillar_codes}
    by_value: list[list[ItemAnswer]] = [[] for _ in range(MAX_VALUE + 1)]
    for item in items:
        area = areas.get(item.area)
        if area is None:
            area = areas[item.area] = Tally()
        pillar = pillars.get(item.pillar)
        if pillar is None:
            pillar = pillars[item.pillar] = Tally()
        area.total += 1
        pillar.total += 1
        if item.not_applicable:
            area.not_applicable += 1
            pillar.not_applicable += 1
        elif (value := item.value) is not None:
            weight = item.weight
            area.scored += 1
            area.weighted += weight * value
            area.weights += weight
            pillar.scored += 1
            pillar.weighted += weight * value
            pillar.weights += weight
            by_value[value].append(item)
    return Count(areas, pillars, by_value)


def section_score(items: Iterable[ItemAnswer], levels: Sequence[LevelBound]) -> SectionScore:
    """The score of all the items taken as one section."""
    total = Tally()
    for tally in count_items(items).areas.values():
        total.add(tally)
    return total.section_score(levels)


def mean(scores: Sequence[Fraction]) -> Fraction:
    """The exact mean, over one common denominator (adding Fractions one by one costs more)."""
    denominator = math.prod(score.denominator for score in scores)
    total = sum(score.numerator * (denominator // score.denominator) for score in scores)
    return Fraction(total, denominator * len(scores))


def overall_score(areas: dict[str, SectionScore], levels: Sequence[LevelBound]) -> SectionScore:
    """The mean of the area scores that exist; coverage over all items (each is in one area)."""
    scores = [area.score for area in areas.values() if area.score is not None]
    score = mean(scores) if scores else None
    return SectionScore(
        score,
        level_for(score, levels),
        answered=sum(area.answered for area in areas.values()),
        scored=sum(area.scored for area in areas.values()),
        total=sum(area.total for area in areas.values()),
    )


def strengths(items: Iterable[ItemAnswer], count: int = 5) -> list[ItemAnswer]:
    """The highest-scoring items (largely or fully in place), heavier weight first on ties."""
    return first_ranked(reversed(count_items(items).by_value[3:]), count)


def gaps(items: Iterable[ItemAnswer], count: int = 5) -> list[ItemAnswer]:
    """The lowest-scoring items (at most partly in place), heavier weight first on ties."""
    return first_ranked(count_items(items).by_value[:3], count)


def first_ranked(groups: Iterable[list[ItemAnswer]], count: int) -> list[ItemAnswer]:
    """The first `count` items of the groups in turn, each group ranked."""
    found: list[ItemAnswer] = []
    for group in groups:
        found += ranked(group, count - len(found))
    return found


def ranked(items: list[ItemAnswer], count: int) -> list[ItemAnswer]:
    """The first `count` items of one value: heavier weight first, then by code.

    Two stable sorts on attribute keys, which sort in C: a key function that builds a tuple per
    item cost three times as much, and strengths and gaps are ranked for every scan.
    """
    if count <= 0:
        return []
    order = sorted(items, key=BY_CODE)
    order.sort(key=BY_WEIGHT, reverse=True)
    return order[:count]


BY_CODE = attrgetter("code")
BY_WEIGHT = attrgetter("weight")


def weakest_sections(
    areas: dict[str, SectionScore], pillars: dict[str, SectionScore], count: int = 2
) -> list[str]:
    """The lowest-scoring area and pillar(s): their tips are the recommendations.

    Sorted on the scores as floats, which order them exactly: a section's score is 25 × Σ(weight
    × value) / Σ(weight), so two different scores differ by at least 1 / (the product of their
    total weights), far more than a float's resolution near 100; equal scores give equal floats.
    (Comparing the Fractions themselves cost a tenth of the whole scan's scoring.)
    """
    scored = [(float(s.score), f"area:{code}") for code, s in areas.items() if s.score is not None]
    scored += [
        (float(s.score), f"pillar:{code}") for code, s in pillars.items() if s.score is not None
    ]
    return [key for _score, key in sorted(scored)[:count]]


def score_scan(
    items: Sequence[ItemAnswer],
    levels: Sequence[LevelBound],
    area_codes: Sequence[str],
    pillar_codes: Sequence[str],
) -> ScanScore:
    """Score a whole scan: every area and pillar (empty ones too), overall, and the lists.

    10,000 scans of 131 items score in under a second (bench/scoring_bench.py): the items are
    counted into running sums, and Fractions are made only for the section totals.
    """
    counted = count_items(items, area_codes, pillar_codes)
    areas = {code: tally.section_score(levels) for code, tally in counted.areas.items()}
    pillars = {code: tally.section_score(levels) for code, tally in counted.pillars.items()}
    return ScanScore(
        overall=overall_score(areas, levels),
        areas=areas,
        pillars=pillars,
        strengths=first_ranked(reversed(counted.by_value[3:]), 5),
        gaps=first_ranked(counted.by_value[:3], 5),
        weakest_sections=weakest_sections(areas, pillars),
    )
