"""The content corrections of issue 11 stay corrected: the answer scale's names, the texts of the
question bank in both languages, and how `load_checklists --overwrite` brings them to an existing
installation."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from checklists.content import content_files, load_content
from checklists.models import Answer, Item, MaturityLevel, Pillar, Scan, Tip, Topic
from scoring import engine
from tests import factories
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
    # The scale's key, and the options' meanings (CSS, after the short labels) in the head.
    assert "<span><b>1</b> Occasional</span>" in page
    assert '--s2:" Occasional"' in page
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
    factories.answer(scan, "eco-buildings-04", 1)

    call_command("load_checklists")
    assert "impact-matrix" in Item.objects.get(code="journey-10").statement_nl
    assert Item.objects.get(code="eco-buildings-04").pillar.code == "strategy"

    call_command("load_checklists", "--overwrite")
    assert Item.objects.get(code="journey-10").statement_nl == corrected["journey-10"]
    assert Tip.objects.get(code="tip-practice-18").text_nl == corrected["tip-practice-18"]
    assert Item.objects.get(code="eco-buildings-04").pillar.code == "design"
    assert scan.answers.get(item__code="eco-buildings-04").value == 1


# Issue 22: a native Dutch and British-English reading of every text, side by side.

BEFORE_ISSUE_22 = settings.BASE_DIR / "tests" / "data" / "content_before_issue_22"
# Seed 004's do's and don'ts that were only on a pillar, now also on the area where they help.
NEW_AREA_TIPS = ["tip-practice-01-journey", "tip-practice-02-purpose", "tip-practice-05-ecosystem"]


@pytest.mark.parametrize(
    ("code", "pillar", "reason"),
    [
        (
            "eco-marketing-01",
            "design",
            "Where our ads appear is a place where the customer meets the brand: choosing and "
            "checking those places is designing the experience (seed 001, pillar 5), not the "
            "CX strategy itself.",
        ),
        (
            "eco-ict-01",
            "strategy",
            "One customer view in every channel is the CX strategy aligned with processes and "
            "technology such as the CRM system (seed 001, pillar 1, as strategy-04 says); it is "
            "not about who owns CX.",
        ),
        (
            "eco-people-02",
            "design",
            "A separate desk for payment questions is a touchpoint designed for the customer "
            "(seed 001, pillar 5), not governance or accountability for CX.",
        ),
        (
            "eco-01",
            "design",
            "Mapping every party, system and touchpoint around the journey is journey design "
            "work (seed 001, pillar 5, like naming the touchpoints in journey-07), not the "
            "strategy.",
        ),
    ],
)
def test_issue_22_items_sit_in_the_pillar_their_content_belongs_to(code, pillar, reason):
    assert Item.objects.get(code=code).pillar.code == pillar, reason


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("_nl", "businesscase"),  # "business case", as in the pillar text and eco-06
        ("_nl", "businesswaarde"),  # bedrijfswaarde, as in the pillar text
        ("_nl", "social media"),  # sociale media, as in the tips
        ("_nl", "sluit aan op"),  # aansluiten bij: fitting, not plugging in
        ("_nl", "sluiten aan op"),
        ("_nl", "aansluit op"),
        ("_nl", "verdwijnt niet in een la"),  # op de plank blijven liggen
        ("_nl", "gepland ingezet"),  # planmatig
        ("_nl", "zo veel mogelijk"),  # zoveel mogelijk, as everywhere else
        ("_nl", "gdpr/avg"),  # the Dutch name only
        ("_nl", "aan onze go-to-market en"),
        ("_nl", "die keuze is op alle locaties hetzelfde"),  # de keuze: dezelfde
        ("_nl", "waar passend"),
        ("_nl", "klanttevredenheid (nps)"),  # NPS asks about recommending, not satisfaction
        ("_nl", "hoe makkelijk klanten bij de klantenservice"),  # CES: the effort it took
        ("_nl", "het meenemen van oude apparatuur is"),  # ... "wordt verantwoord afgevoerd"
        ("_nl", "voer geen wijziging breed in"),  # a do phrased as a don't
        ("_nl", "businessdoelen"),  # bedrijfsdoelen, as in strategy-01
        ("_en", "where fitting"),
        ("_en", "where it fits"),
        ("_en", "end up in a drawer"),
        ("_en", "subject matter experts"),
        ("_en", "first agreements"),
        ("_en", "proven improvement"),
        ("_en", "clear business value"),  # aantoonbare: demonstrable
        ("_en", "chosen from customer needs"),
        ("_en", "company policy"),  # het beleid van de organisatie
        ("_en", "how easily customer service helps"),
        ("_en", "customer satisfaction (nps)"),
        ("_en", "taking back old equipment is"),  # ... "and disposed of responsibly"
        ("_en", "existing means"),
        ("_en", "go-to-market approach"),
        ("_en", "tracked and declining"),
        ("_en", "journey stage"),  # phase, as in the journey area
    ],
)
def test_no_fixture_text_has_an_error_found_in_issue_22(language, wrong):
    assert [key for key, text in fixture_texts(language) if wrong in text.lower()] == []


@pytest.mark.parametrize(
    ("language", "abbreviation", "spelled_out"),
    [
        ("_nl", "DOA", "bij aankomst"),
        ("_en", "DOA", "dead on arrival"),
        ("_nl", "CES", "Customer Effort Score"),
        ("_en", "CES", "Customer Effort Score"),
    ],
)
def test_an_abbreviation_is_spelled_out_in_the_first_text_that_shows_it(
    language, abbreviation, spelled_out
):
    """The area's topics and items are read in fixture order: the first mention explains it."""
    first = next(text for _key, text in fixture_texts(language) if abbreviation in text)
    assert spelled_out in first


@pytest.mark.parametrize("language", ["_nl", "_en"])
def test_pdca_is_written_one_way(language):
    """kpis-06 wrote Plan-Do-Check-Act, the PDCA tip plan-do-check-act."""
    assert [key for key, text in fixture_texts(language) if "plan-do-check-act" in text] == []
    assert [key for key, text in fixture_texts(language) if "Plan-Do-Check-Act" in text] == [
        "kpis-06",
        "tip-kpis-do-4",
    ]


def test_every_doa_in_the_returns_topic_says_what_it_means():
    topic = Topic.objects.get(code="eco-returns")
    item = Item.objects.get(code="eco-returns-02")
    assert "DOA (bij aankomst defect)" in topic.name_nl
    assert "DOA (dead on arrival)" in topic.name_en
    assert "bij aankomst al defect is (DOA" in item.guidance_nl
    assert "dead on arrival (DOA)" in item.guidance_en


def test_the_ces_item_measures_the_customers_effort_and_lower_is_better():
    item = Item.objects.get(code="eco-service-01")
    assert "hoeveel moeite klanten moeten doen" in item.statement_nl
    assert "how much effort customers have to make" in item.statement_en
    assert "hoe lager, hoe beter" in item.guidance_nl
    assert "the lower, the better" in item.guidance_en


def test_taking_old_appliances_away_reads_as_one_sentence_in_both_languages():
    item = Item.objects.get(code="eco-delivery-05")
    assert "wij voeren die apparatuur verantwoord af" in item.guidance_nl
    assert "and we dispose of it responsibly" in item.guidance_en
    assert (
        item.statement_en
        == "When we deliver, we take away the customer's old appliances on request."
    )


@pytest.mark.parametrize(
    ("code", "nl", "en"),
    [
        # These followed another tip ("dat", "it", "de resultaten"); a tip is shown on its own.
        (
            "tip-kpis-do-2",
            "de doelen van je klantmetingen",
            "the goals of your customer measurement",
        ),
        ("tip-kpis-do-3", "de meetresultaten", "the measurement results"),
        ("tip-kpis-do-6", "in je verbeterplan", "In your improvement plan"),
    ],
)
def test_a_tip_says_what_it_is_about_without_the_tip_before_it(code, nl, en):
    tip = Tip.objects.get(code=code)
    assert nl in tip.text_nl and en in tip.text_en
    assert " dat bereikt" not in tip.text_nl and "achieve it" not in tip.text_en


def test_maturity_levels_two_and_five_read_as_english():
    assert MaturityLevel.objects.get(number=2).description_en == (
        "The organisation responds to complaints and incidents. Some agreements and measurements "
        "are in place, but they stand alone and are not followed up regularly."
    )
    assert "lead continuously to demonstrable improvements" in (
        MaturityLevel.objects.get(number=5).description_en
    )


def test_overwrite_brings_issue_22_to_an_installation_loaded_with_the_old_fixture(scan):
    """The objects issue 22 changed, as they were before it, are loaded over the current ones;
    the three area tips it added are not there yet. `load_checklists` then adds the new tips and
    keeps the old texts (an admin's edits look the same); `--overwrite` brings every correction
    and the moved pillars, and keeps the answers."""
    Tip.objects.filter(code__in=NEW_AREA_TIPS).delete()
    load_content(overwrite=True, directory=BEFORE_ISSUE_22)
    assert Item.objects.get(code="eco-01").pillar.code == "strategy"
    assert "businesscase" in Item.objects.get(code="metrics-05").statement_nl
    factories.answer(scan, "eco-01", 3)

    call_command("load_checklists")
    assert set(Tip.objects.filter(code__in=NEW_AREA_TIPS).values_list("code", flat=True)) == set(
        NEW_AREA_TIPS
    )
    assert "businesscase" in Item.objects.get(code="metrics-05").statement_nl

    call_command("load_checklists", "--overwrite")
    old_entries = json.loads((BEFORE_ISSUE_22 / "content.json").read_text(encoding="utf-8"))
    current = {
        (entry["model"], entry["fields"].get("code") or entry["fields"].get("number")): entry
        for path in content_files()
        for entry in json.loads(path.read_text(encoding="utf-8"))
    }
    for entry in old_entries:
        key = entry["fields"].get("code") or entry["fields"].get("number")
        model = apps.get_model(entry["model"])
        obj = model.objects.get_by_natural_key(key)
        for name, value in current[(entry["model"], key)]["fields"].items():
            stored = getattr(obj, name)
            if isinstance(value, list):  # a natural key of a related object
                stored = list(stored.natural_key())
            assert stored == value, (key, name)
    assert Item.objects.get(code="eco-01").pillar.code == "design"
    assert scan.answers.get(item__code="eco-01").value == 3
