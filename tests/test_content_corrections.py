"""The content corrections of issue 11 stay corrected: the answer scale's names, the texts of the
question bank in both languages, and how `load_checklists --overwrite` brings them to an existing
installation."""

import pytest
from django.utils import translation

from checklists.models import Answer, MaturityLevel, Scan
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
    assert '<span class="scale-label">Occasional</span>' in page
    assert "0 Not in place · 1 Occasional · 2 Partly in place" in page
    assert "Ad hoc" not in page
