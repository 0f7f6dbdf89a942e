"""The portfolio: the latest completed scan of each of a consultant's organisations as a
heatmap row, filtered, sorted, with the change since the previous scan; staff see all."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

from .helpers import elements
from .test_benchmark import peer

pytestmark = pytest.mark.django_db

URL = reverse("scoring:portfolio")
ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


@pytest.fixture
def mine(consultant):
    """Alice's clients: two with completed scans (one of them twice), one without."""
    retail = peer("Retail One", 30.0, sector="Retail", size="50-249", days_ago=400)
    peer("Retail One", 55.5, sector="Retail", size="50-249", days_ago=10)
    energy = peer("Energy Two", 80.0, sector="Energy", size="250+", overall=70.0)
    empty = factories.organisation("No Scan Yet", sector="Retail")
    for organisation in (retail, energy, empty):
        organisation.consultants.add(consultant)
    return retail, energy


def page(client, **query):
    client.cookies.load(ENGLISH)
    return client.get(URL, query)


def names(response) -> list[str]:
    html = response.content.decode()
    return [link["href"] for link in elements(html, "a") if "/results/" in (link["href"] or "")]


def row_texts(response) -> list[str]:
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [line for line in body.splitlines() if line.startswith("<tr>")]


def test_a_consultant_sees_only_their_organisations_latest_scans(consultant_client, mine):
    peer("Someone Else", 99.0)  # another consultant's client
    response = page(consultant_client)
    assert response.status_code == 200
    rows = row_texts(response)
    assert len(rows) == 2
    assert "Energy Two" in rows[0] and "Retail One" in rows[1]
    assert "Someone Else" not in response.content.decode()
    assert "No Scan Yet" not in response.content.decode()


def test_each_row_shows_the_latest_scores_coloured_by_level_and_the_change(consultant_client, mine):
    rows = row_texts(page(consultant_client))
    retail = rows[1]
    # 55.5 is level 3 (40–59); the change against 30.0 a year before is +25.5.
    assert '<td class="lv3">55.5<span class="lvl">3 Structured</span></td>' in retail
    assert retail.endswith('<td class="text-end">+25.5</td></tr>')
    energy = rows[0]
    assert '<td class="lv4">70.0<span class="lvl">4 Integrated</span></td>' in energy  # overall
    assert '<td class="lv5">80.0<span class="lvl">5 Customer-driven</span></td>' in energy
    # No earlier scan: a dash, and a screen reader hears why.
    assert energy.endswith(
        '<td class="text-end text-body-secondary">–'
        '<span class="visually-hidden"> no earlier completed scan</span></td></tr>'
    )


def test_every_scored_cell_names_its_level_not_only_its_colour(consultant_client, mine):
    """A colour-blind reader, or a grey print, reads the level from the words."""
    cells = re.findall(
        r'<td class="lv(\d)">(.*?)</td>', "".join(row_texts(page(consultant_client)))
    )
    assert len(cells) == 4  # the peers here score overall and Purpose only
    for level, content in cells:
        assert f'<span class="lvl">{level} ' in content


def test_level_names_are_in_the_page_language(client, consultant, mine):
    client.force_login(consultant)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "nl"})
    rows = row_texts(client.get(URL))
    assert '<span class="lvl">3 Gestructureerd</span>' in rows[1]
    assert "geen eerdere afgeronde scan" in rows[0]


def test_filters_by_sector_and_size(consultant_client, mine):
    assert len(row_texts(page(consultant_client, sector="Energy"))) == 1
    assert len(row_texts(page(consultant_client, size="50-249"))) == 1
    assert page(consultant_client, sector="Energy", size="50-249").content.count(b"<tr>") == 0


def test_sorts_by_any_column_both_ways_with_empty_values_last(consultant_client, mine):
    by_overall = row_texts(page(consultant_client, sort="overall", order="desc"))
    assert "Energy Two" in by_overall[0]
    by_overall = row_texts(page(consultant_client, sort="overall", order="asc"))
    assert "Retail One" in by_overall[0]
    by_change = row_texts(page(consultant_client, sort="change", order="asc"))
    assert "Retail One" in by_change[0]  # Energy has no change: last, whichever the order
    by_change = row_texts(page(consultant_client, sort="change", order="desc"))
    assert "Retail One" in by_change[0]


@pytest.mark.parametrize(
    "query", [{"sort": "'; drop"}, {"sector": "Nowhere"}, {"size": "huge"}, {"order": "up"}]
)
def test_bad_filters_are_refused_with_a_message_and_the_whole_portfolio(
    consultant_client, mine, query
):
    response = page(consultant_client, **query)
    assert response.status_code == 400
    assert b"invalid-feedback" in response.content
    assert len(row_texts(response)) == 2


def test_staff_see_every_organisation(admin_client, mine):
    peer("Someone Else", 99.0)
    assert len(row_texts(page(admin_client))) == 3


def test_an_indicative_level_is_marked(consultant_client, consultant):
    organisation = peer("Thin", 50.0)
    organisation.consultants.add(consultant)
    from scoring.models import SectionResult

    SectionResult.objects.filter(kind="area").update(coverage=0.2)
    row = row_texts(page(consultant_client))[0]
    assert '<td class="lv3">50.0<span class="ind" title="indicative">*' in row
    assert '<span class="lvl">3 Structured</span></td>' in row


def test_names_are_escaped(consultant_client, consultant):
    organisation = peer("<script>alert(1)</script>", 50.0)
    organisation.consultants.add(consultant)
    html = page(consultant_client).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_get(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_no_completed_scan_yet_says_so(consultant_client):
    assert b"No organisation here has a completed scan yet." in page(consultant_client).content
