from django.contrib import admin, messages
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from checklists.access import ScopedAdmin

from . import stored
from .models import StoredReport


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("failed", _("failed")), ("waiting", _("waiting")), ("ready", _("ready"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(attempts__gt=0)
        if self.value() == "waiting":
            return queryset.filter(rendered_version__lt=F("version"))
        if self.value() == "ready":
            return queryset.filter(rendered_version__gte=F("version"))
        return queryset


@admin.register(StoredReport)
class StoredReportAdmin(ScopedAdmin, admin.ModelAdmin):
    """Staff see which reports wait, which failed and why; they can queue a render again. The
    PDFs themselves are downloaded from the scan's results page, as consultants do."""

    list_display = ["scan", "language", "variant", "state", "rendered_at", "attempts", "error"]
    list_filter = [StateFilter, "language"]
    search_fields = ["scan__title", "scan__organisation__name"]
    list_select_related = ["scan__organisation"]
    fields = readonly_fields = (
        "scan",
        "language",
        "variant",
        "completed_at",
        "version",
        "rendered_version",
        "rendered_at",
        "queued_at",
        "rendering_since",
        "attempts",
        "failed_at",
        "last_error",
    )
    actions = ["render_again"]
    organisation_path = "scan__organisation"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("state"))
    def state(self, report):
        if report.attempts >= stored.MAX_ATTEMPTS:
            return _("failed")
        if report.rendering_since is not None:
            return _("rendering")
        if report.rendered_version < report.version:
            return _("waiting")
        return _("ready")

    @admin.display(description=_("last error"))
    def error(self, report):
        return report.last_error[:120]

    @admin.action(description=_("Render the selected reports again"), permissions=["change"])
    def render_again(self, request, queryset):
        reports = list(queryset.values_list("scan_id", "language", "variant"))
        queryset.out_of_date()
        for scan_id, language, variant in reports:
            stored.queue_on_commit(scan_id, [language], variant=variant)
        self.message_user(
            request,
            ngettext("%(count)d report queued.", "%(count)d reports queued.", len(reports))
            % {"count": len(reports)},
            messages.SUCCESS,
        )
