from django.contrib import admin

from .models import Participant, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["name", "joined_at"]
    readonly_fields = ["joined_at"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["scan", "code", "pace", "created_at", "closed_at"]
    list_filter = ["pace", "closed_at"]
    search_fields = ["scan__title", "scan__organisation__name", "code"]
    readonly_fields = ["code", "created_at", "created_by"]
    raw_id_fields = ["scan", "current_item"]
    inlines = [ParticipantInline]
