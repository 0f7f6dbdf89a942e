"""One rounding rule for shown numbers (cxscan.numbers): half away from zero, in the active
language's notation, the same on the results page, its charts, the KPIs and the exports."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation

from cxscan.numbers import fixed, fixed_text, megabytes, one_decimal
from plans.models import KpiBaseline
from plans.plan import kpi_rows
from scoring.radar import score_label
from scoring.record import Section

NOISY_2_45 = 2.55 - 0.1  # 2.4499999999999997: the 2.45 it stands for


@pytest.mark.parametrize(
    ("value", "english", "dutch"),
    [
        (12.25, "12.3", "12,3"),
        (-12.25, "-12.3", "-12,3"),
        (2.25, "2.3", "2,3"),
        (0.15, "0.2", "0,2"),  # stored as 0.1499999999999999944…
        (2.45, "2.5", "2,5"),
        (NOISY_2_45, "2.5", "2,5"),
        (-NOISY_2_45, "-2.5", "-2,5"),
        (2.44, "2.4", "2,4"),
        (-0.04, "0.0", "0,0"),  # no minus before a shown zero
        (7, "7.0", "7,0"),
        (Decimal("33.35"), "33.4", "33,4"),
        (Fraction(9, 4), "2.3", "2,3"),
        (None, "–", "–"),
    ],
)
def test_one_decimal_rounds_half_away_from_zero_in_each_language(value, english, dutch):
    assert repr(NOISY_2_45) == "2.4499999999999997"
    with translation.override("en"):
        assert one_decimal(value) == english
    with translation.override("nl"):
        assert one_decimal(value) == dutch


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [(12.5, 0, "13"), (-12.5, 0, "-13"), (0.125, 2, "0.13"), (1.005, 2, "1.01")],
)
def test_other_places_follow_the_same_rule(value, places, shown):
    with translation.override("en"):
        assert fixed(value, places) == shown
        assert fixed_text(places)(value) == shown


def test_a_table_of_scores_shows_what_one_decimal_shows():
    for language in ("en", "nl"):
        with translation.override(language):
            text = fixed_text(1)
            for value in (12.25, NOISY_2_45, -0.04, 50.3, None, 12.25):
                assert text(value) == one_decimal(value)


def test_file_sizes_show_at_most_one_decimal():
    with translation.override("nl"):
        assert megabytes(10 * 1024 * 1024) == "10"
        assert megabytes(5 * 1024 * 1024 // 2) == "2,5"
    with translation.override("en"):
        assert megabytes(5 * 1024 * 1024 // 2) == "2.5"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_chart_page_and_kpi_show_the_same_number_for_the_same_value(language):
    """A CES of 2.25 (answers 1, 1, 1 and 6) and a score of 2.25 both show as 2.3: the chart
    once cut it to 2.2 while the KPI rounded it to 2.3."""
    section = Section("A", {}, {}, 2.25, 1, 1.0, 4, 4, 4)
    with translation.override(language):
        kpi = kpi_rows(KpiBaseline(ces_counts=[3, 0, 0, 0, 0, 1, 0]))[0]
        page = Template("{% load results_tags %}{{ value|score }}").render(Context({"value": 2.25}))
        change = Template("{% load results_tags %}{{ value|signed }}").render(
            Context({"value": -2.25})
        )
        chart = score_label(section)
        expected = one_decimal(2.25)
    assert expected == {"en": "2.3", "nl": "2,3"}[language]
    assert kpi["shown"] == f"{expected} / 7"
    assert chart == expected
    assert page == expected
    assert change == f"−{expected}"
