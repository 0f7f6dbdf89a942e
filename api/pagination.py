"""Limit/offset pages for every list: `?limit=` (1–100, default 20) and `?offset=`.

Each page says how many objects there are in all and links the next and previous page, so a
client follows `next` until it is null. Two queries per page (the count and the page itself),
whatever the page size.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Far beyond any real list, and well inside a 32-bit OFFSET, so no database refuses it.
MAX_OFFSET = 1_000_000_000


class PageParameters(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class LimitOffset(PaginationBase):
    # Named for the OpenAPI schema, where ninja's name would be "Input". ninja types Input as its
    # own nested class; any Schema serves.
    Input = PageParameters  # type: ignore[assignment]

    class Output(Schema):
        count: int
        limit: int
        offset: int
        next: str | None
        previous: str | None
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: PageParameters, request: HttpRequest, **params: Any
    ) -> dict:
        limit, offset = pagination.limit, pagination.offset
        count = queryset.count()
        return {
            "count": count,
            "limit": limit,
            "offset": offset,
            "next": page_url(request, limit, offset + limit) if offset + limit < count else None,
            "previous": page_url(request, limit, max(offset - limit, 0)) if offset else None,
            "items": list(queryset[offset : offset + limit]),
        }


def page_url(request: HttpRequest, limit: int, offset: int) -> str:
    """This request's address for another page: its other parameters (filters) stay."""
    query = request.GET.copy()
    query["limit"], query["offset"] = str(limit), str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
