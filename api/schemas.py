"""What the API returns, as pydantic schemas: they shape the JSON and the OpenAPI schema alike."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from checklists.models import Answer, Scan


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str
    size_band: str
    created_at: datetime
    updated_at: datetime


class ScanOut(Schema):
    id: int
    organisation: int
    title: str
    language: str
    status: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    previous: int | None

    @staticmethod
    def resolve_organisation(scan: Scan) -> int:
        return scan.organisation_id

    @staticmethod
    def resolve_previous(scan: Scan) -> int | None:
        return scan.previous_id


class AnswerOut(Schema):
    """One answered statement, named by codes (the content's natural keys), not by texts."""

    item: str
    area: str
    topic: str | None
    pillar: str
    value: int | None
    not_applicable: bool
    note: str
    confidence: str | None
    evidence: str
    evidence_link: str
    evidence_files: list[str]
    carried_over_from: date | None

    @staticmethod
    def resolve_item(answer: Answer) -> str:
        return answer.item.code

    @staticmethod
    def resolve_area(answer: Answer) -> str:
        return answer.item.area.code

    @staticmethod
    def resolve_topic(answer: Answer) -> str | None:
        return answer.item.topic.code if answer.item.topic else None

    @staticmethod
    def resolve_pillar(answer: Answer) -> str:
        return answer.item.pillar.code

    @staticmethod
    def resolve_confidence(answer: Answer) -> str | None:
        return answer.confidence or None

    @staticmethod
    def resolve_evidence_files(answer: Answer) -> list[str]:
        """Names only: the files themselves are served by the app's own download view."""
        return [file.name for file in answer.evidence_files.all()]


class Overall(Schema):
    score: float | None
    level: int | None
    indicative: bool


class SectionScore(Overall):
    coverage: float


class Targets(Schema):
    areas: dict[str, int]
    pillars: dict[str, int]


class PreviousScore(Schema):
    score: float | None
    level: int | None


class Previous(Schema):
    """The scores of the completed scan this one follows up, as stored at its completion."""

    scan: int
    completed_at: datetime
    areas: dict[str, PreviousScore]
    pillars: dict[str, PreviousScore]


class PeerGroup(Schema):
    """Who the peers are: the latest completed scan of `n` other organisations in a group."""

    scope: str  # "sector_size", "sector" or "all"
    sector: str | None
    size_band: str | None
    n: int
    widened_from: str | None  # the narrower group that had too few organisations


class Spread(Schema):
    median: float
    q1: float
    q3: float


class Benchmark(Schema):
    """The peers' quartiles per section; only from groups of at least CXSCAN_BENCHMARK_MIN_N
    organisations, and only for sections at least that many have a score for."""

    group: PeerGroup
    n: int
    overall: Spread | None
    areas: dict[str, Spread]
    pillars: dict[str, Spread]


class Narrative(Schema):
    """The consultant's words on the results, as written (a Markdown subset: paragraphs, "- "
    bullets, **bold**): the executive summary ("" while none is written) and the commentaries
    by area and pillar code (only those written)."""

    summary: str
    areas: dict[str, str]
    pillars: dict[str, str]


class ResultsOut(Schema):
    """`manage.py score_scan --json`, plus the previous scan's scores where there is one, the
    benchmark against peers where a large enough group exists, and the consultant's words."""

    overall: Overall
    areas: dict[str, SectionScore]
    pillars: dict[str, SectionScore]
    targets: Targets
    previous: Previous | None
    benchmark: Benchmark | None
    narrative: Narrative


class Error(Schema):
    """A refusal in one sentence: no token (401), nothing of yours with that id (404), too many
    requests (429)."""

    detail: str


class InvalidParameter(Schema):
    """One parameter that is not what the schema asks for: where (`["query", "limit"]`,
    `["path", "pk"]`), what kind of error (`int_parsing`, `less_than_equal`, ...) and why."""

    type: str
    loc: list[str | int]
    msg: str
    ctx: dict[str, Any] | None = None  # the bound that was crossed, where there is one


class InvalidParameters(Schema):
    """422: every parameter that is not what the schema asks for."""

    detail: list[InvalidParameter]
