from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultancies.models import consultancy_of

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see and revoke tokens; they cannot make one (only its user ever sees a secret) or
    edit one. The hash is not shown: it is of no use to anyone reading it."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = readonly_fields = ("name", "user", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_queryset(self, request):
        """Platform staff see every token; other staff only those of their consultancy's
        members."""
        tokens = super().get_queryset(request)
        if request.user.is_superuser:
            return tokens
        consultancy = consultancy_of(request.user)
        if consultancy is None:
            return tokens.none()
        return tokens.filter(user__membership__consultancy=consultancy)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
