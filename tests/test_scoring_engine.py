"""The scoring arithmetic, by hand-computed cases and by properties that must always hold."""

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.engine import (
    ItemAnswer,
    LevelBound,
    gaps,
    level_for,
    score_scan,
    section_score,
    strengths,
)

LEVELS = [
    LevelBound(1, 0),
    LevelBound(2, 20),
    LevelBound(3, 40),
    LevelBound(4, 60),
    LevelBound(5, 80),
]


def item(value=None, weight=1, na=False, code="x", area="a", pillar="p"):
    return ItemAnswer(code, area, pillar, weight, value, na)


def test_known_answer_set_gives_exact_scores_and_levels():
    items = [
        item(4, code="a1", area="purpose", pillar="strategy"),
        item(2, code="a2", area="purpose", pillar="culture"),
        item(0, weight=3, code="a3", area="journey", pillar="strategy"),
        item(3, code="a4", area="journey", pillar="culture"),
        item(na=True, code="a5", area="journey", pillar="culture"),
        item(code="a6", area="journey", pillar="culture"),  # unanswered
    ]
    result = score_scan(items, LEVELS, ["purpose", "journey"], ["strategy", "culture"])
    # purpose: (4 + 2) / (2 × 4) = 75 → level 4
    assert result.areas["purpose"].score == 75
    assert result.areas["purpose"].level == 4
    assert result.areas["purpose"].coverage == 1.0
    # journey: (3×0 + 1×3) / (4 × 4) = 18.75 → level 1; 3 of 4 answered (N/A counts)
    assert result.areas["journey"].score == Fraction(75, 4)
    assert result.areas["journey"].level == 1
    assert result.areas["journey"].coverage == 0.75
    # strategy: (4 + 3×0) / (4 × 4) = 25 → 2; culture: (2 + 3) / (2 × 4) = 62.5 → 4
    assert result.pillars["strategy"].score == 25 and result.pillars["strategy"].level == 2
    assert (
        result.pillars["culture"].score == Fraction(125, 2) and result.pillars["culture"].level == 4
    )
    # overall: mean of the areas (75 + 18.75) / 2 = 46.875 → 3
    assert result.overall.score == Fraction(375, 8) and result.overall.level == 3
    assert result.overall.answered == 5 and result.overall.total == 6


def test_weights_count():
    light = section_score([item(4, weight=1), item(0, weight=1)], LEVELS)
    heavy = section_score([item(4, weight=3), item(0, weight=1)], LEVELS)
    assert light.score == 50
    assert heavy.score == 75


@pytest.mark.parametrize(("bound", "level"), [(20, 2), (40, 3), (60, 4), (80, 5), (0, 1), (100, 5)])
def test_a_score_exactly_on_a_bound_gets_the_higher_level(bound, level):
    assert level_for(Fraction(bound), LEVELS) == level


def test_score_exactly_20_from_answers_reaches_level_2():
    # One 4 and four 0s: 4 of 20 points = 20 %.
    section = section_score([item(4), item(0), item(0), item(0), item(0)], LEVELS)
    assert section.score == 20 and section.level == 2


def test_just_below_a_bound_stays_in_the_lower_level():
    assert level_for(Fraction(7999, 100), LEVELS) == 4


def test_all_not_applicable_gives_no_score_and_no_level():
    section = section_score([item(na=True), item(na=True)], LEVELS)
    assert section.score is None and section.level is None
    assert section.coverage == 1.0


def test_unanswered_section_has_no_level_and_zero_coverage():
    result = score_scan([item(code="i", area="a")], LEVELS, ["a", "empty"], ["p"])
    assert result.areas["a"].level is None and result.areas["a"].coverage == 0
    assert result.areas["empty"].total == 0 and result.areas["empty"].score is None
    assert result.overall.score is None and result.overall.level is None


def test_overall_is_the_mean_of_areas_that_have_a_score():
    items = [item(4, area="a"), item(0, area="b"), item(na=True, area="c")]
    result = score_scan(items, LEVELS, ["a", "b", "c"], ["p"])
    assert result.overall.score == 50


def test_strengths_and_gaps_put_heavier_weight_first():
    items = [
        item(4, weight=1, code="s1"),
        item(4, weight=3, code="s2"),
        item(3, weight=2, code="s3"),
        item(0, weight=1, code="g1"),
        item(0, weight=3, code="g2"),
        item(1, weight=3, code="g3"),
        item(2, weight=1, code="g4"),
    ]
    assert [i.code for i in strengths(items)] == ["s2", "s1", "s3"]
    assert [i.code for i in gaps(items)] == ["g2", "g1", "g3", "g4"]


def test_weakest_sections_are_recommended():
    items = [
        item(4, area="a", pillar="p"),
        item(1, area="b", pillar="q"),
        item(2, area="b", pillar="q"),
    ]
    result = score_scan(items, LEVELS, ["a", "b"], ["p", "q"])
    assert set(result.weakest_sections) == {"area:b", "pillar:q"}


# Properties


def answers(value, not_applicable):
    return st.builds(
        ItemAnswer,
        code=st.text(min_size=1, max_size=5),
        area=st.sampled_from(["a", "b"]),
        pillar=st.sampled_from(["p", "q", "r"]),
        weight=st.integers(1, 3),
        value=value,
        not_applicable=st.just(not_applicable),
    )


# Answered on the scale, unanswered, or N/A (as stored: an N/A answer has no value).
any_answer = st.one_of(
    answers(st.integers(0, 4), False), answers(st.none(), False), answers(st.none(), True)
)
answer_lists = st.lists(any_answer, max_size=30)


@settings(max_examples=200)
@given(answer_lists)
def test_scores_stay_between_0_and_100_and_coverage_between_0_and_1(items):
    result = score_scan(items, LEVELS, ["a", "b"], ["p", "q", "r"])
    for section in [result.overall, *result.areas.values(), *result.pillars.values()]:
        assert 0 <= section.coverage <= 1
        assert (section.score is None) == (section.level is None)
        if section.score is not None:
            assert 0 <= section.score <= 100


@settings(max_examples=200)
@given(answer_lists, st.data())
def test_raising_one_answer_never_lowers_its_sections(items, data):
    scored = [index for index, i in enumerate(items) if i.scored and i.value < 4]
    assume(scored)
    index = data.draw(st.sampled_from(scored))
    before = items[index]
    raised = ItemAnswer(
        before.code,
        before.area,
        before.pillar,
        before.weight,
        data.draw(st.integers(before.value + 1, 4)),
        False,
    )
    after_items = [*items[:index], raised, *items[index + 1 :]]
    old = score_scan(items, LEVELS, ["a", "b"], ["p", "q", "r"])
    new = score_scan(after_items, LEVELS, ["a", "b"], ["p", "q", "r"])
    assert new.areas[before.area].score >= old.areas[before.area].score
    assert new.pillars[before.pillar].score >= old.pillars[before.pillar].score
    assert new.overall.score >= old.overall.score


@settings(max_examples=200)
@given(answer_lists, st.sampled_from(["a", "b"]), st.sampled_from(["p", "q", "r"]))
def test_adding_a_not_applicable_item_changes_no_score(items, area, pillar):
    old = score_scan(items, LEVELS, ["a", "b"], ["p", "q", "r"])
    new = score_scan(
        [*items, item(na=True, area=area, pillar=pillar)], LEVELS, ["a", "b"], ["p", "q", "r"]
    )
    assert new.overall.score == old.overall.score
    assert {k: s.score for k, s in new.areas.items()} == {k: s.score for k, s in old.areas.items()}
    assert {k: s.score for k, s in new.pillars.items()} == {
        k: s.score for k, s in old.pillars.items()
    }


@settings(max_examples=200)
@given(answer_lists)
def test_not_applicable_counts_as_answered_but_not_scored(items):
    result = score_scan(items, LEVELS, ["a", "b"], ["p", "q", "r"])
    for area in ["a", "b"]:
        mine = [i for i in items if i.area == area]
        section = result.areas[area]
        assert section.total == len(mine)
        scored = sum(1 for i in mine if i.value is not None)  # an N/A answer has no value
        assert section.scored == scored
        assert section.answered == scored + sum(1 for i in mine if i.not_applicable)


def plainly_scored(items, areas, pillars):
    """The method as DESIGN.md states it, written as plainly as possible: what the engine's
    faster counting must always agree with."""

    def section(members):
        scored = [i for i in members if i.value is not None and not i.not_applicable]
        weights = sum(i.weight for i in scored)
        score = (
            Fraction(100 * sum(i.weight * i.value for i in scored), 4 * weights)
            if weights
            else None
        )
        level = max(
            (lv.number for lv in LEVELS if score is not None and lv.lower_bound <= score),
            default=None,
        )
        answered = sum(1 for i in members if i.not_applicable or i.value is not None)
        return (score, level, answered, len(scored), len(members))

    area_scores = {code: section([i for i in items if i.area == code]) for code in areas}
    pillar_scores = {code: section([i for i in items if i.pillar == code]) for code in pillars}
    means = [s[0] for s in area_scores.values() if s[0] is not None]
    overall = sum(means, Fraction(0)) / len(means) if means else None
    scored = [i for i in items if i.value is not None and not i.not_applicable]
    high = sorted((i for i in scored if i.value >= 3), key=lambda i: (-i.value, -i.weight, i.code))
    low = sorted((i for i in scored if i.value <= 2), key=lambda i: (i.value, -i.weight, i.code))
    weakest = sorted(
        [(s[0], f"area:{code}") for code, s in area_scores.items() if s[0] is not None]
        + [(s[0], f"pillar:{code}") for code, s in pillar_scores.items() if s[0] is not None]
    )
    return {
        "overall": overall,
        "areas": area_scores,
        "pillars": pillar_scores,
        "strengths": [i.code for i in high[:5]],
        "gaps": [i.code for i in low[:5]],
        "weakest": [key for _score, key in weakest[:2]],
    }


@settings(max_examples=300)
@given(st.lists(any_answer, max_size=60))
def test_the_engine_agrees_with_the_method_written_out_plainly(items):
    result = score_scan(items, LEVELS, ["a", "b"], ["p", "q", "r"])

    def plain(s):
        return (s.score, s.level, s.answered, s.scored, s.total)

    assert {
        "overall": result.overall.score,
        "areas": {code: plain(s) for code, s in result.areas.items()},
        "pillars": {code: plain(s) for code, s in result.pillars.items()},
        "strengths": [i.code for i in result.strengths],
        "gaps": [i.code for i in result.gaps],
        "weakest": result.weakest_sections,
    } == plainly_scored(items, ["a", "b"], ["p", "q", "r"])
