"""Platform staff (superusers) manage consultancies here; a consultancy's owner manages its
members in the app (consultancies.views), not here.

Accounts, groups, login lockouts, task rows and allauth's records (addresses, second factors,
identity providers) span every consultancy, so they are for superusers only: staff who are
not superusers keep the content admin and the client data of their own consultancy
(checklists.access.ScopedAdmin)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from .models import Consultancy, Invitation, Membership


class PlatformOnly:
    """Seen and changed by superusers only, whatever permissions other staff were given."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Consultancy)
class ConsultancyAdmin(PlatformOnly, admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "contributes_to_benchmarks",
        "require_mfa",
        "sso_only",
        "created_at",
    ]
    # "Single sign-on only" stays editable here: staff's way back when a provider breaks.
    list_filter = ["contributes_to_benchmarks", "require_mfa", "sso_only"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(PlatformOnly, admin.ModelAdmin):
    """Invitations are made by owners in the app (the mail needs the link); here platform staff
    see them, and delete one that should no longer work."""

    list_display = ["email", "consultancy", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["consultancy", "role"]
    search_fields = ["email"]
    fields = readonly_fields = (
        "email",
        "consultancy",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
    )

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UserMembershipInline(admin.StackedInline):
    model = Membership
    fields = ["consultancy", "role"]
    extra = 0
    max_num = 1


def platform_only(model) -> None:
    """Register `model` again with its current admin, made for superusers only."""
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (PlatformOnly, current), {}))


User = get_user_model()
# Accounts, lockouts, task rows, and allauth's addresses, second factors and identity providers
# span every consultancy.
for model in (
    Group,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    DBTaskResult,
    EmailAddress,
    Authenticator,
    SocialApp,
    SocialAccount,
    SocialToken,
):
    platform_only(model)
UserAdmin = type(admin.site.get_model_admin(User))
admin.site.unregister(User)


@admin.register(User)
class MemberUserAdmin(PlatformOnly, UserAdmin):  # type: ignore[valid-type,misc]
    """Accounts with their consultancy and role (none for platform staff)."""

    inlines = [*UserAdmin.inlines, UserMembershipInline]
    list_display = [*UserAdmin.list_display, "membership"]
    list_select_related = ["membership__consultancy"]
