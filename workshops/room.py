"""What the room thinks: per statement the votes, their distribution, median and spread.

Figures are read as counts per (statement, value) from the database, so the number of queries
and rows does not grow with the number of participants.
"""

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import Count, Q

from checklists.models import Answer, Area, Item
from cxscan.numbers import rounded

from .models import Vote, Workshop

SCALE = (0, 1, 2, 3, 4)
DISCUSS_SPREAD = 2  # max − min at or above this: the room disagrees, talk about it


@dataclass
class Figures:
    """The votes on one statement. `counts` maps 0–4 and "na" to the number of votes."""

    counts: dict[int | str, int] = field(default_factory=lambda: dict.fromkeys([*SCALE, "na"], 0))

    @property
    def votes(self) -> int:
        return sum(self.counts.values())

    @property
    def values(self) -> list[int]:
        """Every vote on the scale (not N/A), in order."""
        return [value for value in SCALE for _ in range(self.counts[value])]

    @property
    def scored(self) -> int:
        """Votes on the scale: N/A votes are counted apart, never in the median."""
        return self.votes - self.counts["na"]

    @property
    def na_share(self) -> float:
        """The share of the votes that said "not applicable"."""
        return self.counts["na"] / self.votes if self.votes else 0.0

    @property
    def median(self) -> float | None:
        """The median of the scores (N/A left out), as a number: for the export."""
        middle = self.middle
        return None if middle is None else sum(middle) / 2

    @property
    def middle(self) -> tuple[int, int] | None:
        """The two middle scores (the same one twice in an odd room), N/A left out.

        Two different ones ("1–2") are both shown: the median is then a score nobody chose,
        and the facilitator chooses between the two.
        """
        values = self.values
        if not values:
            return None
        return values[(len(values) - 1) // 2], values[len(values) // 2]

    @property
    def median_label(self) -> str:
        """The median as the room sees it: "3", "1–2", or "–" without scores."""
        middle = self.middle
        if middle is None:
            return "–"
        low, high = middle
        return str(low) if low == high else f"{low}–{high}"

    @property
    def consensus_value(self) -> int | None:
        """The median as an answer, only when it is one score someone chose; None when there
        are no scores or the two middle scores differ (the facilitator chooses then)."""
        middle = self.middle
        return middle[0] if middle is not None and middle[0] == middle[1] else None

    @property
    def spread(self) -> int | None:
        values = self.values
        return values[-1] - values[0] if values else None

    @property
    def discuss(self) -> bool:
        return self.spread is not None and self.spread >= DISCUSS_SPREAD

    def bars(self) -> list[tuple[str, int, int]]:
        """(label, count, percent of the votes) per scale value and N/A, for the bar chart."""
        total = self.votes or 1
        return [
            (str(key) if key != "na" else "N/A", n, int(rounded(100 * n / total, 0)))
            for key, n in self.counts.items()
        ]


def counted_votes():
    return Vote.objects.filter(Q(value__isnull=False) | Q(not_applicable=True))


def figures(workshop: Workshop, items: list[Item] | None = None) -> dict[int, Figures]:
    """Figures per item id (every item asked for, voted on or not). One query."""
    rows = counted_votes().filter(workshop=workshop)
    if items is not None:
        rows = rows.filter(item__in=[item.pk for item in items])
    found: dict[int, Figures] = {item.pk: Figures() for item in items or []}
    grouped = rows.values_list("item_id", "value", "not_applicable").annotate(n=Count("pk"))
    for item_id, value, not_applicable, n in grouped.order_by():
        counts = found.setdefault(item_id, Figures()).counts
        counts["na" if not_applicable else value] += n
    return found


def all_areas():
    return Area.objects.order_by("position")


def workshop_item(workshop: Workshop, code: str | None) -> Item | None:
    """The active statement with this code if it is one of the workshop's areas; else None.
    The one check for the facilitator's moves and consensus and for a participant's vote."""
    if not code:
        return None
    return (
        Item.objects.active()
        .filter(code=code[:50], area__in=workshop.areas.all())
        .select_related("area", "topic")
        .first()
    )


def workshop_items(workshop: Workshop) -> list[Item]:
    """The active statements of the workshop's areas, in the order of the scan page."""
    return list(
        Item.objects.active()
        .filter(area__in=workshop.areas.all())
        .select_related("area", "topic")
        .order_by("area__position", "topic__position", "position", "code")
    )


def consensus(workshop: Workshop, items: list[Item]) -> dict[int, Answer]:
    """The scan's answers (the recorded consensus) to these items, by item id."""
    return {
        answer.item_id: answer
        for answer in workshop.scan.answers.answered().filter(item__in=[i.pk for i in items])
    }


@dataclass
class Disagreement:
    item: Item
    figures: Figures
    answer: Answer | None  # the consensus recorded, with its reason in the note


@dataclass
class AreaSummary:
    area: Area
    participants: int  # people who voted on at least one statement of the area
    voted: int  # statements with at least one vote
    disagreed: list[Disagreement]

    @property
    def discuss_share(self) -> float:
        return len(self.disagreed) / self.voted if self.voted else 0.0


def summary(workshop: Workshop) -> list[AreaSummary]:
    """Per area of the workshop: who took part, how often the room disagreed, and where. Four
    queries."""
    items = workshop_items(workshop)
    found = figures(workshop, items)
    answers = consensus(workshop, items)
    people = dict(
        counted_votes()
        .filter(workshop=workshop)
        .values_list("item__area_id")
        .annotate(n=Count("participant", distinct=True))
        .order_by()
    )
    summaries: dict[int, AreaSummary] = {}
    for item in items:
        area = summaries.setdefault(
            item.area_id, AreaSummary(item.area, people.get(item.area_id, 0), 0, [])
        )
        figures_of_item = found[item.pk]
        if figures_of_item.votes:
            area.voted += 1
        if figures_of_item.discuss:
            area.disagreed.append(Disagreement(item, figures_of_item, answers.get(item.pk)))
    return list(summaries.values())


@dataclass(frozen=True)
class WorkshopPart:
    """The workshop's part of a scan's presentation (`scoring.presentation.Part`): the latest
    workshop, if any, and where its room disagreed per area. The results page, the PDF and the
    JSON export read it."""

    key: ClassVar[str] = "workshop"
    workshop: Workshop | None
    summary: list[AreaSummary]

    def document(self) -> dict[str, Any]:
        return {"workshop": export(self.workshop, self.summary) if self.workshop else None}


def workshop_part(scan) -> WorkshopPart:
    """One query without a workshop; with one, four more (`summary`)."""
    workshop = scan.workshops.first()
    return WorkshopPart(workshop, summary(workshop) if workshop else [])


def export(workshop: Workshop, areas: list[AreaSummary] | None = None) -> dict:
    """The workshop's figures for the JSON export: counts only, never a participant's name.
    `areas`: its `summary`, where it was read already."""

    def answer(found: Answer | None):
        if found is None:
            return None
        return Answer.NOT_APPLICABLE if found.not_applicable else found.value

    return {
        "started_at": workshop.created_at.isoformat(),
        "closed_at": workshop.closed_at.isoformat() if workshop.closed_at else None,
        "pace": workshop.pace,
        "participants": workshop.participants.count(),
        "areas": {
            area.area.code: {
                "participants": area.participants,
                "statements_voted": area.voted,
                "disagreement_share": round(area.discuss_share, 3),
                "disagreed": [
                    {
                        "item": d.item.code,
                        "votes": {str(k): n for k, n in d.figures.counts.items()},
                        "median": d.figures.median,
                        "spread": d.figures.spread,
                        "consensus": answer(d.answer),
                        "reason": d.answer.note if d.answer else "",
                    }
                    for d in area.disagreed
                ],
            }
            for area in (summary(workshop) if areas is None else areas)
        },
    }
