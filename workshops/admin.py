from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from checklists.access import ScopedAdmin

from .models import Participant, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["name", "joined_at"]
    readonly_fields = ["joined_at"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["scan", "code", "pace", "created_at", "closed_at"]
    list_filter = ["pace", "closed_at"]
    search_fields = ["scan__title", "scan__organisation__name", "code"]
    exclude = ["created_by"]
    readonly_fields = ["code", "created_at", "started_by"]
    raw_id_fields = ["scan", "current_item"]
    inlines = [ParticipantInline]
    organisation_path = "scan__organisation"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The field has no verbose name in the model; a label here needs no migration.
        if db_field.name == "current_item":
            kwargs["label"] = _("Statement on the screen")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("started by"))
    def started_by(self, workshop: Workshop):
        """`created_by` has no verbose name in the model; a described column needs no migration."""
        return workshop.created_by or "–"
