"""One scan, the same figures in every output: the results page, the shared page, the PDF, the
JSON export and the API's results.

The scan is a completed follow-up with targets, peers, a completed predecessor and a workshop
with votes. The expected figures are read independently of the outputs' common presentation:
scores and levels from the frozen results record, targets from their rows, the peers' median
from the scores the peers were given, the workshop's from the votes cast here.
"""

import datetime as dt
import json
import re
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from api.models import ApiToken
from checklists.followups import start_follow_up
from checklists.models import Answer, Area, Item, Scan
from cxscan.numbers import one_decimal
from reports.models import ShareLink
from reports.report import render_report
from scoring import completion
from scoring.latest import mark_latest
from scoring.models import Results, SectionResult, Target
from scoring.results import frozen_results
from workshops.models import Participant, Vote, Workshop

from . import factories
from .helpers import flat, pdf_pages

pytestmark = pytest.mark.django_db

PEER_PURPOSE = [20.0, 35.0, 50.0, 65.0, 80.0]  # the peers' Purpose scores: median 50, Q 35–65
TARGETS = {("area", "purpose"): 5, ("area", "journey"): 4, ("pillar", "strategy"): 5}
# Votes per statement (three participants): purpose-01 spreads 0–4 (the room disagrees),
# purpose-02 does not.
VOTES = {"purpose-01": (0, 2, 4), "purpose-02": (2, 2, 3)}


def answer_all(scan, value_of) -> None:
    Answer.objects.bulk_create(
        Answer(scan=scan, item=item, value=value_of(index))
        for index, item in enumerate(Item.objects.active().order_by("position", "pk"))
    )


def peer(name: str, purpose: float) -> None:
    """Another organisation of the same sector with one completed scan (its stored rows)."""
    organisation = factories.organisation(name, sector="Retail")
    completed_at = timezone.now() - dt.timedelta(days=10)
    scan = Scan.objects.create(
        organisation=organisation,
        title=name,
        status=Scan.Status.COMPLETED,
        completed_at=completed_at,
    )
    results = Results.objects.create(scan=scan, version=2, document={}, completed_at=completed_at)
    SectionResult.objects.bulk_create(
        SectionResult(results=results, kind=kind, code=code, score=purpose, level=3, coverage=1)
        for kind, code in (("area", "purpose"), ("overall", ""))
    )
    mark_latest(organisation.pk)


@pytest.fixture
def follow_up(scan, consultant):
    """Alice's completed English scan and its completed follow-up, with targets, five peers
    and a workshop with votes."""
    scan.language = "en"
    scan.save()
    answer_all(scan, lambda index: index % 3)  # 0, 1, 2, ...
    completion.complete(scan)
    later = start_follow_up(scan, title="A year on", carry_over=False, user=consultant)
    answer_all(later, lambda index: 1 + index % 4)  # 1, 2, 3, 4, ...: higher than before
    for (kind, code), level in TARGETS.items():
        Target.objects.create(scan=later, kind=kind, code=code, level=level)
    workshop = Workshop.objects.create(scan=later, created_by=consultant)
    workshop.areas.set(Area.objects.filter(code="purpose"))
    people = [Participant.objects.create(workshop=workshop, name=n) for n in "ABC"]
    for code, values in VOTES.items():
        item = Item.objects.get(code=code)
        for person, value in zip(people, values, strict=True):
            Vote.objects.create(participant=person, workshop=workshop, item=item, value=value)
    completion.complete(later)
    for index, score in enumerate(PEER_PURPOSE):
        peer(f"Peer {index}", score)
    return later


def expected(scan) -> dict:
    """The figures, read from the frozen record and the rows made above."""
    results = frozen_results(scan)
    earlier = frozen_results(scan.previous)
    levels = {level.number: level.name["en"] for level in results.levels}
    targets = {(t.kind, t.code): t.level for t in Target.objects.filter(scan=scan)}
    before = {
        (kind, section.code): section.score
        for kind, sections in (("area", earlier.areas), ("pillar", earlier.pillars))
        for section in sections
    }
    sections = [
        {
            "kind": kind,
            "code": section.code,
            "name": section.name["en"],
            "score": section.score,
            "level": section.level,
            "level_name": levels[section.level],
            "target": targets.get((kind, section.code)),
            "target_name": levels.get(targets.get((kind, section.code))),
            "before": before[(kind, section.code)],
        }
        for kind, group in (("area", results.areas), ("pillar", results.pillars))
        for section in group
    ]
    return {
        "overall": results.overall.score,
        "overall_level": results.overall.level,
        "overall_level_name": levels[results.overall.level],
        "sections": sections,
        "peer_median": statistics.median(PEER_PURPOSE),
        "peer_quartiles": (35.0, 65.0),
        # Purpose: three took part; one of its two voted statements has a spread of 2 or more.
        "workshop": {"area": "purpose", "participants": 3, "voted": 2, "disagreed": 1},
    }


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def shows(text: str, *parts: str, gap: int = 0) -> bool:
    """The parts appear in this order, at most `gap` characters apart (white space ignored)."""
    pattern = f".{{0,{gap}}}?".join(re.escape(flat(part)) for part in parts)
    return re.search(pattern, flat(text), re.DOTALL) is not None


def signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + one_decimal(abs(value))


# The outputs. Each returns what a reader gets: text (page, shared page, PDF) or a document.


def results_page(client, consultant, scan):
    client.force_login(consultant)
    return text(client.get(reverse("scoring:results", args=[scan.pk])).text)


def shared_page(client, consultant, scan):
    link = ShareLink.objects.create(scan=scan, created_by=consultant)
    return text(client.get(reverse("reports:shared_results", args=[link.token])).text)


def pdf(client, consultant, scan):
    return " ".join(pdf_pages(render_report(scan, "en")))


def json_export(client, consultant, scan):
    client.force_login(consultant)
    return json.loads(client.get(reverse("scoring:export_json", args=[scan.pk])).content)


def api_results(client, consultant, scan):
    secret = ApiToken.issue(consultant, "Same figures")[1]
    response = client.get(
        f"/api/v1/scans/{scan.pk}/results/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    "output", [results_page, shared_page, pdf, json_export, api_results], ids=lambda f: f.__name__
)
def test_the_same_scan_shows_the_same_figures_in_every_output(
    client, consultant, follow_up, output
):
    want = expected(follow_up)
    got = output(client, consultant, follow_up)
    if isinstance(got, str):
        check_text(output, got, want)
    else:
        check_document(output, got, want)


def check_text(output, got: str, want: dict) -> None:
    with translation.override("en"):
        score = one_decimal
        assert shows(got, score(want["overall"])), "overall score"
        assert shows(got, f"{want['overall_level']} {want['overall_level_name']}")
        for row in want["sections"]:
            cells = [row["name"], score(row["score"]), f"{row['level']} {row['level_name']}"]
            if row["target"]:
                cells.append(f"{row['target']} {row['target_name']}")
            # The pillar tables of the PDF put each pillar's description under its name.
            assert shows(got, *cells, gap=400), cells
            if output is pdf:  # the progress chapter: before, now, change
                change = round(row["score"] - row["before"], 1)
                progress = [row["name"], score(row["before"]), score(row["score"]), signed(change)]
                assert shows(got, *progress, gap=12), progress
        q1, q3 = want["peer_quartiles"]
        assert shows(got, f"{score(want['peer_median'])} ({score(q1)}–{score(q3)})")
        workshop = want["workshop"]
        share = round(100 * workshop["disagreed"] / workshop["voted"])
        assert shows(
            got,
            "Purpose",
            str(workshop["participants"]),
            f"{share}% ({workshop['disagreed']}/{workshop['voted']})",
        )


def check_document(output, got: dict, want: dict) -> None:
    assert got["overall"]["score"] == want["overall"]
    assert got["overall"]["level"] == want["overall_level"]
    for row in want["sections"]:
        group = f"{row['kind']}s"
        assert got[group][row["code"]]["score"] == row["score"]
        assert got[group][row["code"]]["level"] == row["level"]
        assert got["targets"][group].get(row["code"]) == row["target"]
        # Progress: the predecessor's score beside this one.
        assert got["previous"][group][row["code"]]["score"] == row["before"]
    assert got["benchmark"]["areas"]["purpose"]["median"] == want["peer_median"]
    if output is json_export:  # the API's results carry no workshop
        workshop = want["workshop"]
        area = got["workshop"]["areas"][workshop["area"]]
        assert area["participants"] == workshop["participants"]
        assert area["statements_voted"] == workshop["voted"]
        assert len(area["disagreed"]) == workshop["disagreed"]
