from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from .models import Area, Item, MaturityLevel, Pillar, Tip, Topic
from .resources import ItemResource

BOTH_LANGUAGES = _("Dutch and English side by side")


@admin.register(Area, Pillar)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_nl", "name_en"]
    fieldsets = [
        (None, {"fields": ["code", "position"]}),
        (
            BOTH_LANGUAGES,
            {"fields": [("name_nl", "name_en"), ("description_nl", "description_en")]},
        ),
    ]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_en", "area", "position"]
    list_editable = ["position"]
    list_filter = ["area"]
    search_fields = ["code", "name_nl", "name_en"]
    fields = ["code", "area", "position", ("name_nl", "name_en")]


@admin.register(Item)
class ItemAdmin(ImportExportModelAdmin):
    resource_classes = [ItemResource]
    formats = [CSV, XLSX]
    list_display = [
        "code",
        "statement_nl",
        "statement_en",
        "area",
        "pillar",
        "topic",
        "weight",
        "is_active",
    ]
    list_filter = ["area", "pillar", "topic", "is_active", "weight"]
    search_fields = ["code", "statement_nl", "statement_en", "guidance_nl", "guidance_en"]
    list_select_related = ["area", "pillar", "topic"]
    ordering = ["area__position", "topic__position", "position", "code"]
    list_per_page = 50
    actions = ["activate", "deactivate"]
    fieldsets = [
        (
            None,
            {"fields": ["code", ("area", "topic"), "pillar", ("weight", "position"), "is_active"]},
        ),
        (
            BOTH_LANGUAGES,
            {"fields": [("statement_nl", "statement_en"), ("guidance_nl", "guidance_en")]},
        ),
    ]

    @admin.action(description=_("Activate the selected items"))
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(
            request,
            ngettext("%(count)d item activated.", "%(count)d items activated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate the selected items (keeps their answers)"))
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d item deactivated.", "%(count)d items deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "text_nl", "area", "pillar", "position"]
    list_filter = ["kind", "area", "pillar"]
    search_fields = ["code", "text_nl", "text_en"]
    list_select_related = ["area", "pillar"]
    fieldsets = [
        (None, {"fields": ["code", "kind", ("area", "pillar"), "position"]}),
        (BOTH_LANGUAGES, {"fields": [("text_nl", "text_en")]}),
    ]


@admin.register(MaturityLevel)
class MaturityLevelAdmin(admin.ModelAdmin):
    list_display = ["number", "name_nl", "name_en", "lower_bound"]
    fieldsets = [
        (None, {"fields": ["number", "lower_bound"]}),
        (
            BOTH_LANGUAGES,
            {"fields": [("name_nl", "name_en"), ("description_nl", "description_en")]},
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        # Deleting a level would leave a gap in the bounds (the lowest must start at 0); admins
        # rename levels and move their bounds instead.
        return False
