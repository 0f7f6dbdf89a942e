"""How a scan compares with its peers: the latest completed scan of every *other* organisation
in the same sector and size band, per area and pillar (and overall).

Privacy comes first. A group is used only when it holds at least CXSCAN_BENCHMARK_MIN_N
organisations; otherwise it widens (same sector, any size; then all organisations) and says so,
and below the minimum nothing is shown. Only quartiles, the median and the group's size leave
this module: never a minimum, a maximum or a single organisation's figure, and a section that
fewer than the minimum have a score for is left out.

Read from the stored section rows (`SectionResult`), never by reading documents or scoring
again: two queries, however many scans there are.
  1. the group sizes (organisations with completed results), for the three possible groups;
  2. per section, the chosen group's scores, gathered by the database into one text each.
From the sorted scores come the quartiles and how many peers score lower than this scan.
Quartiles interpolate linearly between the two nearest ranks, as PostgreSQL's percentile_cont,
Excel's QUARTILE.INC and Python's statistics.quantiles(method="inclusive") do.
"""

from bisect import bisect_left
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Count, F, Q, QuerySet, StringAgg, Value
from django.db.models.functions import Cast, Trim
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checklists.models import Organisation, Scan
from cxscan.numbers import rounded

from .models import Results, SectionResult
from .record import ScanResults

SECTOR_AND_SIZE, SECTOR, ALL = "sector_size", "sector", "all"
QUARTILES = ("q1", "median", "q3")


@dataclass(frozen=True)
class PeerGroup:
    scope: str  # SECTOR_AND_SIZE, SECTOR or ALL
    sector: str
    size_band: str
    n: int  # organisations in the group, this scan's own not counted
    widened_from: str | None  # the narrower scope that had too few organisations, if any

    def describe(self) -> str:
        """The group in words: "Retail, 50–249 employees", "Retail, any size", "all sectors"."""
        if self.scope == SECTOR_AND_SIZE:
            size = Organisation.SizeBand(self.size_band).label
            return _("%(sector)s, %(size)s") % {"sector": self.sector, "size": size}
        if self.scope == SECTOR:
            return _("%(sector)s, any size") % {"sector": self.sector}
        return _("all sectors and sizes")

    def note(self) -> str:
        """Who the peers are, in a sentence, and why the group is wider when it is."""
        text = ngettext(
            "Peers: the latest completed scan of %(n)s other organisation in %(group)s.",
            "Peers: the latest completed scan of %(n)s other organisations in %(group)s.",
            self.n,
        ) % {"n": self.n, "group": self.describe()}
        if self.widened_from:
            text += " " + _(
                "Fewer than %(minimum)s organisations share its sector and size band, or its"
                " sector, so the group is wider; no figure from a smaller group is ever shown."
            ) % {"minimum": minimum()}
        return text

    def as_json(self) -> dict:
        return {
            "scope": self.scope,
            "sector": self.sector if self.scope != ALL else None,
            "size_band": self.size_band if self.scope == SECTOR_AND_SIZE else None,
            "n": self.n,
            "widened_from": self.widened_from,
        }


@dataclass(frozen=True)
class Spread:
    """The peers' scores in one section."""

    q1: float
    median: float
    q3: float
    n: int  # peers with a score in this section
    below: int | None  # peers scoring lower than this scan; None when the scan has no score

    def standing(self) -> str:
        """Where the scan stands, in words: "higher than 7 of 10 peers"."""
        if self.below is None:
            return ""
        return ngettext(
            "higher than %(below)s of %(n)s peer",
            "higher than %(below)s of %(n)s peers",
            self.n,
        ) % {"below": self.below, "n": self.n}

    def as_json(self) -> dict:
        return {"median": self.median, "q1": self.q1, "q3": self.q3}


@dataclass(frozen=True)
class Benchmark:
    group: PeerGroup
    overall: Spread | None
    areas: dict[str, Spread]
    pillars: dict[str, Spread]

    def as_json(self) -> dict:
        return {
            "group": self.group.as_json(),
            "n": self.group.n,
            "overall": self.overall.as_json() if self.overall else None,
            "areas": {code: spread.as_json() for code, spread in self.areas.items()},
            "pillars": {code: spread.as_json() for code, spread in self.pillars.items()},
        }


def minimum() -> int:
    return settings.CXSCAN_BENCHMARK_MIN_N


def latest_results(excluding: Organisation) -> QuerySet:
    """The latest completed results of every organisation but `excluding` (a reopened scan's
    last completion counts until a newer scan is completed) whose consultancy contributes to
    benchmarks, with their organisation's sector (typed freely: compared without the spaces
    around it, whatever its case) and size band. Every consultancy reads the same pool, whether
    or not it contributes to it."""
    return (
        Results.objects.filter(
            is_latest=True, scan__organisation__consultancy__contributes_to_benchmarks=True
        )
        .exclude(scan__organisation=excluding)
        .annotate(
            peer_sector=Trim("scan__organisation__sector"),
            peer_size=F("scan__organisation__size_band"),
        )
    )


def peer_sections(excluding: Organisation, group: Q) -> QuerySet:
    """The section rows of those latest results in the group, with a score (one join, which
    the database runs faster than a subquery of the results)."""
    return (
        SectionResult.objects.filter(
            results__is_latest=True,
            score__isnull=False,
            results__scan__organisation__consultancy__contributes_to_benchmarks=True,
        )
        .exclude(results__scan__organisation=excluding)
        .annotate(
            peer_sector=Trim("results__scan__organisation__sector"),
            peer_size=F("results__scan__organisation__size_band"),
        )
        .filter(group)
        .order_by()
    )


def scopes(organisation: Organisation) -> list[tuple[str, Q]]:
    """The groups to try, narrowest first: only those the organisation's own data allows."""
    tried = []
    if organisation.sector.strip() and organisation.size_band:
        tried.append(
            (
                SECTOR_AND_SIZE,
                Q(peer_sector__iexact=organisation.sector.strip())
                & Q(peer_size=organisation.size_band),
            )
        )
    if organisation.sector.strip():
        tried.append((SECTOR, Q(peer_sector__iexact=organisation.sector.strip())))
    tried.append((ALL, Q()))
    return tried


def peer_group(organisation: Organisation) -> tuple[PeerGroup, Q] | None:
    """The narrowest group with enough organisations, and its filter; None if none has. One
    query counts all the candidate groups."""
    tried = scopes(organisation)
    sizes = latest_results(organisation).aggregate(
        **{scope: Count("pk", filter=condition) for scope, condition in tried}
    )
    first = tried[0][0]
    for scope, condition in tried:
        if sizes[scope] >= minimum():
            return (
                PeerGroup(
                    scope=scope,
                    sector=organisation.sector.strip(),
                    size_band=organisation.size_band,
                    n=sizes[scope],
                    widened_from=first if scope != first else None,
                ),
                condition,
            )
    return None


def peer_scores(sections: QuerySet) -> dict[tuple[str, str], list[float]]:
    """Per (kind, code): the peers' scores, sorted. The database gathers each section's scores
    into one text (one row per section, about 11); sorting 2,000 numbers per section here is
    quicker than ranking them with window functions, which took SQLite and PostgreSQL about
    100 ms for 22,000 rows."""
    rows = (
        sections.values("kind", "code")
        .annotate(scores=StringAgg(Cast("score", CharField()), delimiter=Value(",")))
        .values_list("kind", "code", "scores")
    )
    return {(kind, code): sorted(map(float, scores.split(","))) for kind, code, scores in rows}


def quartile(scores: list[float], k: int) -> float:
    """The k-th quartile (k = 1, 2, 3) of sorted scores: linear between the two nearest ranks."""
    steps = (len(scores) - 1) * k
    low, high = steps // 4, -(-steps // 4)
    fraction = (steps % 4) / 4
    return float(rounded(scores[low] + (scores[high] - scores[low]) * fraction))


def own_scores(results: ScanResults) -> dict[tuple[str, str], float]:
    sections = [(SectionResult.Kind.OVERALL, results.overall)]
    sections += [(SectionResult.Kind.AREA, area) for area in results.areas]
    sections += [(SectionResult.Kind.PILLAR, pillar) for pillar in results.pillars]
    return {
        (str(kind), section.code): section.score
        for kind, section in sections
        if section.score is not None
    }


def benchmark_for(scan: Scan, results: ScanResults) -> Benchmark | None:
    """The scan's benchmark, or None when no group has enough organisations."""
    found = peer_group(scan.organisation)
    if found is None:
        return None
    group, condition = found
    scores = peer_scores(peer_sections(scan.organisation, condition))
    own = own_scores(results)

    def spread(kind: str, code: str) -> Spread | None:
        theirs = scores.get((kind, code), [])
        if len(theirs) < minimum():
            return None  # too few peers have a score here: nothing from them is shown
        q1, median, q3 = (quartile(theirs, k) for k in (1, 2, 3))
        mine = own.get((kind, code))
        below = None if mine is None else bisect_left(theirs, mine)
        return Spread(q1, median, q3, len(theirs), below)

    def spreads(kind: str, codes) -> dict[str, Spread]:
        found = {code: spread(kind, code) for code in codes}
        return {code: value for code, value in found.items() if value is not None}

    return Benchmark(
        group=group,
        overall=spread(SectionResult.Kind.OVERALL, ""),
        areas=spreads(SectionResult.Kind.AREA, [area.code for area in results.areas]),
        pillars=spreads(SectionResult.Kind.PILLAR, [pillar.code for pillar in results.pillars]),
    )
