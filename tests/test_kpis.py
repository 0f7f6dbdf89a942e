"""The KPI formulas, by hand-computed cases and their edges, and how a CES is read where shown."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cxscan.numbers import one_decimal
from plans import kpis
from plans.models import KpiBaseline
from reports.report import render_report
from tests.helpers import pdf_pages

pytestmark = pytest.mark.usefixtures("english")


def nps_counts(**by_score):
    counts = [0] * 11
    for score, count in by_score.items():
        counts[int(score.removeprefix("s"))] = count
    return counts


def test_nps_promoters_minus_detractors():
    # 5 promoters (9–10), 3 passives (7–8), 2 detractors (0–6) of 10: 50% − 20% = 30
    assert kpis.nps(nps_counts(s10=3, s9=2, s8=2, s7=1, s6=1, s0=1)) == 30


def test_nps_all_passives_is_zero():
    assert kpis.nps(nps_counts(s7=4, s8=6)) == 0


def test_nps_only_detractors_is_minus_100_and_only_promoters_100():
    assert kpis.nps(nps_counts(s0=1, s3=2, s6=7)) == -100
    assert kpis.nps(nps_counts(s9=1, s10=1)) == 100


def test_nps_is_shown_to_one_decimal():
    value = kpis.nps(nps_counts(s10=1, s8=2))  # 1 of 3 promoters: 33.333…
    assert one_decimal(value) == "33.3"
    assert one_decimal(kpis.nps(nps_counts(s10=2, s8=1))) == "66.7"


def test_ces_is_the_mean_on_1_to_7():
    # answers: 1×2, 4×1, 7×1 → (2 + 4 + 7) / 4 = 3.25
    assert kpis.ces([2, 0, 0, 1, 0, 0, 1]) == 3.25
    assert one_decimal(3.25) == "3.3"


def test_csat_is_the_share_of_4_and_5():
    assert kpis.csat([1, 1, 2, 3, 1]) == 50
    assert one_decimal(kpis.csat([0, 0, 1, 1, 1])) == "66.7"


def test_contact_ratio_is_the_share_of_orders_with_a_contact():
    assert kpis.contact_ratio(125, 1000) == 12.5
    assert kpis.contact_ratio(0, 10) == 0
    assert kpis.contact_ratio(100, 100) == 100


@given(st.integers(min_value=0, max_value=2**31), st.integers(min_value=0, max_value=2**31))
def test_contact_ratio_is_never_above_100_percent(orders_with_contact, orders):
    """150 contacts on 100 orders used to give 150 %: a share of orders is at most all of them."""
    try:
        ratio = kpis.contact_ratio(orders_with_contact, orders)
    except ValueError:
        assert orders == 0 or orders_with_contact > orders
    else:
        assert 0 <= ratio <= 100


def test_roi():
    assert kpis.roi(Decimal("150000"), Decimal("60000")) == 150
    assert kpis.roi(50, 100) == -50


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kpis.nps([0] * 11), "no responses"),
        (lambda: kpis.nps([1] * 10), "each answer 0 to 10"),
        (lambda: kpis.nps([-1] + [5] * 10), "cannot be negative"),
        (lambda: kpis.ces([0] * 7), "no responses"),
        (lambda: kpis.csat([0, 0, -2, 1, 1]), "cannot be negative"),
        (lambda: kpis.contact_ratio(5, 0), "no orders"),
        (lambda: kpis.contact_ratio(-1, 10), "cannot be negative"),
        (lambda: kpis.contact_ratio(150, 100), "more orders with a contact than orders"),
        (lambda: kpis.roi(100, 0), "no investment"),
        (lambda: kpis.roi(-5, 10), "cannot be negative"),
    ],
)
def test_impossible_inputs_are_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_messages_are_translated():
    with translation.override("nl"), pytest.raises(ValueError, match="Zonder orders"):
        kpis.contact_ratio(1, 0)


# --- Wherever CES appears, it says that lower is better (3,4 / 7 reads like a mark) ---


@pytest.fixture
def ces_scan(scan):
    KpiBaseline.objects.create(scan=scan, ces_counts=[0, 3, 0, 0, 1, 0, 0])
    return scan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "value", "reading"),
    [("nl", "2,8 / 7", "lager is beter"), ("en", "2.8 / 7", "lower is better")],
)
def test_the_results_say_a_lower_ces_is_better(
    client, consultant, ces_scan, language, value, reading
):
    ces_scan.language = language
    ces_scan.save()
    client.force_login(consultant)
    page = client.get(reverse("scoring:results", args=[ces_scan.pk])).text
    assert f"{value} {reading}" in " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.django_db
def test_the_report_and_the_kpi_form_say_a_lower_ces_is_better(client, consultant, ces_scan):
    text = " ".join(" ".join(pdf_pages(render_report(ces_scan, "nl"))).split())
    assert "Customer Effort Score (CES) 2,8 / 7 lager is beter" in text
    client.force_login(consultant)
    form = client.get(reverse("plans:kpi_baseline", args=[ces_scan.pk])).text
    assert "Hoe lager de CES, hoe beter." in form
    assert "Bekende CES (1 tot 7, lager is beter)" in form
