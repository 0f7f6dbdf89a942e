"""Platform staff see the organisations' exports: which wait, which failed and why. The ZIPs
themselves are downloaded from the organisation's page, as consultants do."""

from django.contrib import admin

from consultancies.admin import PlatformOnly

from .models import OrganisationExport


@admin.register(OrganisationExport)
class OrganisationExportAdmin(PlatformOnly, admin.ModelAdmin):
    list_display = ["organisation", "requested_at", "status", "size", "expires_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    fields = readonly_fields = (
        "organisation",
        "requested_by",
        "requested_at",
        "status",
        "size",
        "finished_at",
        "expires_at",
        "error",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
