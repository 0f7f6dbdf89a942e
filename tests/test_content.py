"""The question bank is complete: every checklist point and pillar mark is a scan item."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from checklists.models import Area, Item, MaturityLevel, Pillar, Tip, Topic

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("area", "checklist_points"),
    [("purpose", 6), ("journey", 14), ("ecosystem", 55), ("kpis", 12)],
)
def test_every_area_has_at_least_its_checklist_points(area, checklist_points):
    assert Item.objects.active().filter(area__code=area).count() >= checklist_points


def test_there_are_four_areas_and_six_pillars():
    assert list(Area.objects.values_list("code", flat=True)) == [
        "purpose",
        "journey",
        "ecosystem",
        "kpis",
    ]
    assert list(Pillar.objects.values_list("code", flat=True)) == [
        "strategy",
        "culture",
        "adoption",
        "insight",
        "design",
        "metrics",
    ]


def test_every_pillar_has_items_from_its_marks_of_success():
    # Seed 001: 5 strategy, 5 culture, 4 adoption, 5 voc, 5 design, 4 metrics + 4 ROI marks.
    marks = {"strategy": 5, "culture": 5, "adoption": 4, "insight": 5, "design": 5, "metrics": 8}
    for code, count in marks.items():
        assert Item.objects.filter(code__startswith=f"{code}-", pillar__code=code).count() >= count
        assert Item.objects.filter(pillar__code=code).count() > count


def test_every_ecosystem_subtopic_has_items():
    topics = Topic.objects.filter(area__code="ecosystem")
    assert topics.count() >= 12
    for topic in topics:
        assert topic.items.exists(), topic.code


def test_every_item_has_both_languages_a_pillar_and_a_valid_weight():
    items = list(Item.objects.select_related("area", "pillar", "topic"))
    assert len(items) >= 120
    for item in items:
        item.full_clean()  # weight 1–3, code a slug, topic inside the item's area
        for field in ("statement_nl", "statement_en", "guidance_nl", "guidance_en"):
            assert getattr(item, field).strip(), f"{item.code} has no {field}"
        assert item.statement_nl != item.statement_en, item.code
        assert item.pillar_id


def test_statements_are_distinct():
    for field in ("statement_nl", "statement_en"):
        statements = list(Item.objects.values_list(field, flat=True))
        assert len(statements) == len(set(statements)), field


def test_tips_cover_every_area_and_pillar_in_both_languages():
    for tip in Tip.objects.all():
        tip.full_clean()
        assert tip.text_nl.strip() and tip.text_en.strip(), tip.code
    for area in Area.objects.all():
        assert area.tips.exists(), area.code
    assert Tip.objects.filter(kind=Tip.Kind.DONT).exists()
    # Seed 000: purpose 2 do's + 2 don'ts, metrics 7 do's + 4 don'ts.
    assert Tip.objects.filter(area__code="purpose", code__startswith="tip-purpose").count() == 4
    assert Tip.objects.filter(area__code="kpis", code__startswith="tip-kpis").count() == 11


@pytest.mark.parametrize(
    ("code", "pillar"),
    [
        # How a touchpoint looks, reads and tastes is experience design (seed 001, pillar 5):
        # the strategy pillar asks whether the CX strategy as a whole follows the brand.
        ("eco-buildings-04", "design"),  # coffee quality
        ("eco-invoices-01", "design"),  # invoices in the brand's style
        ("eco-communication-01", "design"),  # tone of voice
        ("eco-communication-03", "design"),  # layout fits the brand
        ("eco-communication-07", "design"),  # consistent across channels
        # The customer's wish is the "job to be done": understanding customers (pillar 4).
        ("journey-04", "insight"),
    ],
)
def test_item_sits_in_the_pillar_its_seed_describes(code, pillar):
    assert Item.objects.get(code=code).pillar.code == pillar


def test_five_maturity_levels_with_the_suggested_bounds():
    levels = list(MaturityLevel.objects.values_list("number", "lower_bound", "name_en"))
    assert levels == [
        (1, 0, "Ad hoc"),
        (2, 20, "Reactive"),
        (3, 40, "Structured"),
        (4, 60, "Integrated"),
        (5, 80, "Customer-driven"),
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"source documents not found at {SEEDS}")
def test_items_are_written_in_our_own_words():
    """No item or tip repeats eight words in a row from the source documents."""
    seed_words = [_words(path.read_text(encoding="utf-8")) for path in Path(SEEDS).glob("*.txt")]
    runs = {tuple(words[i : i + 8]) for words in seed_words for i in range(len(words) - 7)}
    texts = [
        *Item.objects.values_list("statement_nl", flat=True),
        *Item.objects.values_list("guidance_nl", flat=True),
        *Tip.objects.values_list("text_nl", flat=True),
    ]
    copied = [
        text
        for text in texts
        if any(tuple(_words(text)[i : i + 8]) in runs for i in range(len(_words(text)) - 7))
    ]
    assert copied == []
