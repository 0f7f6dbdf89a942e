from django.contrib import admin

from consultancies.admin import PlatformOnly

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(PlatformOnly, admin.ModelAdmin):
    """Read-only: an audit trail that staff could edit would prove nothing. Every
    consultancy's events: platform staff only (an owner reads their own in the app)."""

    list_display = ["at", "actor_label", "action", "object_label", "organisation_name"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "organisation_name", "client_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
