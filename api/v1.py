"""`/api/v1/`: organisations, scans, a scan's answers and its results, read-only.

Every endpoint acts as the token's user, through the same helpers as the app's pages
(`checklists.access`): a consultant sees their own organisations and scans, staff see all, and
anything else is a 404. Only GET is routed, so other methods get a 405.
"""

import copy
from typing import Annotated

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Path, Query, Swagger
from ninja.errors import AuthenticationError, Throttled
from ninja.pagination import paginate

from checklists.access import get_organisation_or_404, get_scan_or_404, organisations_for, scans_for
from checklists.models import EvidenceFile
from narrative.texts import narrative_part
from scoring.compare import previous_document
from scoring.presentation import present

from .auth import RATE, BearerToken, PerTokenThrottle, TokenRequest
from .pagination import LimitOffset
from .schemas import AnswerOut, Error, InvalidParameters, OrganisationOut, ResultsOut, ScanOut

# An id beyond any BIGINT is refused as invalid (422) before it reaches the database.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


def docs_view(view):
    """The schema and the docs need a session login: only people with an account can make a
    token, and the schema maps the data we hold, which anonymous visitors have no need for."""
    return login_required(require_safe(view))


api = NinjaAPI(
    title="CX Maturity Scan API",
    version="1",
    description=(
        "Read-only access to your organisations, scans, answers and results. Send a token from "
        "*API tokens* in the app as `Authorization: Bearer cxs_…`."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    throttle=[PerTokenThrottle()],
    # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=docs_view,
)

NOT_FOUND = {404: Error}
# What every operation may answer besides its result; the schema documents each with its body
# (tests/test_api_schema.py runs schemathesis against the schema and fails on anything else).
ERRORS = {401: Error, 422: InvalidParameters, 429: Error}
ERROR_DOCS = {
    400: {
        # RefuseNullCharacters (cxscan/middleware.py) answers before the API runs, in plain text.
        "description": "A NUL character in the path or a parameter: one sentence, in plain text.",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    401: {
        "description": "No token, or one that is unknown, revoked or of an inactive user.",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string", "const": "Bearer"}}},
    },
    404: {"description": "No such object, or not one of yours."},
    422: {"description": "A path or query parameter is not what this schema asks for."},
    429: {
        "description": f"Past the rate limit ({RATE} per token): wait as Retry-After says.",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before the next request.",
                "schema": {"type": "integer", "minimum": 0},
            }
        },
    },
}
ANSWER_FIELDS = [
    *("value", "not_applicable", "note", "confidence", "evidence", "evidence_link"),
    *("carried_over_from", "item__code", "item__area__code", "item__pillar__code"),
    "item__topic__code",
]


def get(path: str, result, *, tags: list[str], not_found: bool = True):
    """A GET operation whose schema lists, beside its result, every error it answers."""
    response = {200: result, **(NOT_FOUND if not_found else {}), **ERRORS}
    documented = {status: ERROR_DOCS[status] for status in [400, *response] if status != 200}
    return api.get(
        path, response=response, tags=tags, openapi_extra={"responses": copy.deepcopy(documented)}
    )


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = _("Send a valid API token: Authorization: Bearer cxs_…")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    detail = _("Too many requests for this token; wait as long as Retry-After says.")
    return api.create_response(request, {"detail": detail}, status=429)


@get("/organisations/", list[OrganisationOut], tags=["organisations"], not_found=False)
@paginate(LimitOffset)
def organisation_list(request: TokenRequest):
    """The organisations you may see, by name."""
    return organisations_for(request.auth.user).order_by("name", "pk")


@get("/organisations/{pk}/", OrganisationOut, tags=["organisations"])
def organisation_detail(request: TokenRequest, pk: Id):
    return get_organisation_or_404(request.auth.user, pk)


@get("/scans/", list[ScanOut], tags=["scans"], not_found=False)
@paginate(LimitOffset)
def scan_list(
    request: TokenRequest,
    organisation: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
):
    """The scans you may see, newest first; `?organisation=<id>` keeps one organisation's."""
    scans = scans_for(request.auth.user).order_by("-created_at", "-pk")
    if organisation is not None:
        scans = scans.filter(organisation_id=organisation)
    return scans


@get("/scans/{pk}/", ScanOut, tags=["scans"])
def scan_detail(request: TokenRequest, pk: Id):
    return get_scan_or_404(request.auth.user, pk)


@get("/scans/{pk}/answers/", list[AnswerOut], tags=["scans"])
@paginate(LimitOffset)
def scan_answers(request: TokenRequest, pk: Id):
    """The scan's answers in checklist order, with confidence, evidence and file names."""
    scan = get_scan_or_404(request.auth.user, pk)
    # Only the columns the schema shows: the content rows carry long texts in two languages.
    return (
        scan.answers.select_related("item__area", "item__pillar", "item__topic")
        .only(*ANSWER_FIELDS)
        .prefetch_related(Prefetch("evidence_files", EvidenceFile.objects.only("answer", "name")))
        .order_by("item__position", "item__pk")
    )


@get("/scans/{pk}/results/", ResultsOut, tags=["scans"])
def scan_results(request: TokenRequest, pk: Id):
    """Scores, levels and coverage per area and pillar (frozen for a completed scan), the
    targets, the previous scan's scores where this scan follows one up, and the consultant's
    words (the executive summary and the commentaries by area and pillar)."""
    scan = get_scan_or_404(request.auth.user, pk, with_related=("frozen_results",))
    presentation = present(scan)
    peers = presentation.benchmark
    return {
        **presentation.scores_document(),
        "previous": previous_document(scan),
        "benchmark": peers.as_json() if peers else None,
        # Read directly (one query), not through `presentation.parts`: those are every later
        # app's parts, and the results need none of the others.
        **narrative_part(scan).document(),
    }
