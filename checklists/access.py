"""Who may see what: the one place that scopes every read of client data.

- A superuser (platform staff) sees every organisation of every consultancy.
- A consultancy's owner sees all of its organisations.
- A consultant sees the organisations of their consultancy they are assigned to (the
  organisation's `consultants`).
- Anyone else (no consultancy, inactive, anonymous) sees none. `is_staff` alone grants nothing
  here: it opens the content admin, not client data.

Views, the API, exports, the portfolio and the dashboard fetch organisations and scans only
through these helpers, so another consultancy's (or another consultant's) organisation or scan
is a 404 and never shows its data.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from consultancies.models import Consultancy, consultancy_of, members_of, membership_of

from .models import Organisation, Scan


def organisation_scope(user, prefix: str = "") -> dict | None:
    """The filter (on `prefix` + the organisation) that limits rows to what `user` may see:
    {} for a superuser, None for a user who may see nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return {}
    membership = membership_of(user)
    if membership is None:
        return None
    scope = {f"{prefix}consultancy": membership.consultancy_id}
    if not membership.is_owner:
        scope[f"{prefix}consultants"] = user
    return scope


def organisations_for(user) -> QuerySet[Organisation]:
    scope = organisation_scope(user)
    if scope is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(**scope)


def scans_for(user) -> QuerySet[Scan]:
    scans = Scan.objects.select_related("organisation")
    scope = organisation_scope(user, "organisation__")
    if scope is None:
        return scans.none()
    return scans.filter(**scope)


def get_organisation_or_404(user, pk) -> Organisation:
    return get_object_or_404(organisations_for(user), pk=pk)


def get_scan_or_404(
    user, pk, *, with_related: tuple[str, ...] = (), organisation: bool = True
) -> Scan:
    """The scan, if this user may see it. `with_related` names relations to fetch along, for
    the apps built on this one (their relations are theirs to name). `organisation=False`: the
    scan without its organisation's row (the same check; the autosave never shows it)."""
    scans = scans_for(user) if organisation else scoped(Scan.objects.all(), user, "organisation")
    return get_object_or_404(scans.select_related(*with_related) if with_related else scans, pk=pk)


def scoped(queryset: QuerySet, user, path: str) -> QuerySet:
    """`queryset` limited to the rows whose organisation (reached through `path`, "" for the
    organisations themselves) `user` may see."""
    scope = organisation_scope(user, f"{path}__" if path else "")
    return queryset.none() if scope is None else queryset.filter(**scope)


class ScopedAdmin:
    """For the ModelAdmin of client data: staff who are not superusers (a consultancy's owner
    with staff rights, given permissions in the admin) find only their own consultancy's rows,
    and choose among its organisations, scans and members. `organisation_path` leads from the
    model to its organisation."""

    organisation_path = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scoped(queryset, request.user, self.organisation_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    @staticmethod
    def _scope_choices(db_field, request, kwargs) -> None:
        user = request.user
        if user.is_superuser:
            return
        related = db_field.related_model
        if related is Organisation:
            kwargs["queryset"] = organisations_for(user)
        elif related is Scan:
            kwargs["queryset"] = scans_for(user)
        elif related is Consultancy:
            membership = membership_of(user)
            consultancies = Consultancy.objects.all()
            kwargs["queryset"] = (
                consultancies.filter(pk=membership.consultancy_id)
                if membership
                else consultancies.none()
            )
        elif related is get_user_model():
            consultancy = consultancy_of(user)
            kwargs["queryset"] = members_of(consultancy) if consultancy else related.objects.none()


def drop_assignments(sender, consultancy, user, **kwargs) -> None:
    """A member who left a consultancy is no longer on its organisations' teams (the
    organisations stay with the consultancy; its owners still see them)."""
    Organisation.consultants.through.objects.filter(
        user=user, organisation__consultancy=consultancy
    ).delete()
