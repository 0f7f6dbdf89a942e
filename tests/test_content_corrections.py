"""The content corrections of issue 11 stay corrected: the answer scale's names, the texts of the
question bank in both languages, and how `load_checklists --overwrite` brings them to an existing
installation."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from checklists.content import content_files
from checklists.models import Answer, Item, MaturityLevel, Pillar, Scan, Tip
from scoring import engine
from tests.helpers import area_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_answer_is_named_like_a_maturity_level(language):
    """Answer 1 was "Ad hoc", the name of level 1, while all-1 answers score level 2."""
    with translation.override(language):
        answer_labels = {str(label) for _, label in Answer.Value.choices}
    level_names = set(MaturityLevel.objects.values_list(f"name_{language}", flat=True))
    assert answer_labels.isdisjoint(level_names)


def test_answer_one_is_occasional_and_scores_above_the_first_level():
    with translation.override("en"):
        assert Answer.Value(1).label == "Occasional"
    levels = [
        engine.LevelBound(number, bound)
        for number, bound in MaturityLevel.objects.values_list("number", "lower_bound")
    ]
    all_ones = [engine.ItemAnswer(f"i{n}", "purpose", "strategy", value=1) for n in range(5)]
    assert engine.section_score(all_ones, levels).level == 2


def test_the_scan_page_names_answer_one_occasional(client, consultant, scan):
    Scan.objects.filter(pk=scan.pk).update(language="en")
    client.force_login(consultant)
    page = client.get(area_url(scan)).text
    assert "1 <span>Occasional</span>" in page
    assert "0 Not in place · 1 Occasional · 2 Partly in place" in page
    assert "Ad hoc" not in page


def fixture_texts(language):
    """Every text of the question bank's fixtures in one language, as (key, text)."""
    texts = []
    for path in content_files():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            fields = entry["fields"]
            key = fields.get("code") or fields.get("number")
            texts += [(key, value) for name, value in fields.items() if name.endswith(language)]
    return texts


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("_nl", "dode-bij-aankomst"),
        ("_nl", "impact-matrix"),
        ("_nl", "standaard keuze"),
        ("_nl", "business analist"),
        ("_nl", "proces engineer"),
        ("_nl", "detractor"),  # the UI says "criticasters"
        ("_nl", "het contactratio"),  # de ratio
        ("_nl", "customer experience ecosysteem"),
        ("_en", "sentence for paper"),
        ("_en", "steer on"),
        ("_en", "choice for"),
    ],
)
def test_no_fixture_text_has_a_corrected_error(language, wrong):
    assert [key for key, text in fixture_texts(language) if wrong in text.lower()] == []


def test_the_nps_tip_uses_the_dutch_terms_of_the_kpi_form():
    tip = Tip.objects.get(code="tip-practice-18")
    assert "promotors (9–10) min % criticasters (0–6)" in tip.text_nl
    assert "promoters (9–10) minus % detractors (0–6)" in tip.text_en


def test_contact_ratio_counts_orders_with_a_contact_in_both_languages():
    """Seed 003: the share of purchases for which the customer sought contact, so at most 100%."""
    tip = Tip.objects.get(code="tip-practice-20")
    assert "bestellingen met minstens één contact ÷ alle bestellingen" in tip.text_nl
    assert "orders with at least one contact ÷ all orders" in tip.text_en
    for text in (tip.text_nl, tip.text_en):
        assert "100%" in text


def test_channel_cost_covers_the_customers_cost_in_both_languages():
    item = Item.objects.get(code="eco-channels-02")
    assert "voor de klant" in item.statement_nl and "servicenummer" in item.statement_nl
    assert "the customer" in item.statement_en and "service number" in item.statement_en
    assert "servicenummers" in item.guidance_nl and "service numbers" in item.guidance_en


def test_overwrite_brings_the_corrections_to_an_existing_installation(scan):
    """A database loaded before the corrections gets them from `load_checklists --overwrite`,
    and keeps its answers."""
    corrected = {
        "journey-10": Item.objects.get(code="journey-10").statement_nl,
        "tip-practice-18": Tip.objects.get(code="tip-practice-18").text_nl,
    }
    Item.objects.filter(code="journey-10").update(
        statement_nl="We zetten de verbeterkansen uit in een impact-matrix."
    )
    Item.objects.filter(code="eco-buildings-04").update(pillar=Pillar.objects.get(code="strategy"))
    Tip.objects.filter(code="tip-practice-18").update(text_nl="% promotors min % detractors")
    Answer.objects.create(scan=scan, item=Item.objects.get(code="eco-buildings-04"), value=1)

    call_command("load_checklists")
    assert "impact-matrix" in Item.objects.get(code="journey-10").statement_nl
    assert Item.objects.get(code="eco-buildings-04").pillar.code == "strategy"

    call_command("load_checklists", "--overwrite")
    assert Item.objects.get(code="journey-10").statement_nl == corrected["journey-10"]
    assert Tip.objects.get(code="tip-practice-18").text_nl == corrected["tip-practice-18"]
    assert Item.objects.get(code="eco-buildings-04").pillar.code == "design"
    assert scan.answers.get(item__code="eco-buildings-04").value == 1
