"""Django admin for staff: the checklist content in both languages, item import/export,
organisations and scans."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from . import signals
from .access import ScopedAdmin
from .forms import ModelMultipleChoiceField
from .models import (
    Area,
    EvidenceFile,
    Item,
    MaturityLevel,
    Organisation,
    Pillar,
    Scan,
    Tip,
    Topic,
)
from .resources import (
    ImportRefused,
    ItemResource,
    LimitedCSV,
    LimitedXLSX,
    check_size,
    max_bytes,
    max_rows,
)

BOTH_LANGUAGES = _("Dutch and English side by side")


class AuditedAdmin(admin.ModelAdmin):
    """Tells the audit trail what staff add, change and delete here (`signals.content_changed`),
    also a bulk "delete selected", which writes its log entries in one query and so sends no
    model signal per entry."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        signals.content_changed.send(
            type(obj), request=request, objects=[obj], change=signals.ADDED
        )
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        signals.content_changed.send(
            type(obj), request=request, objects=[obj], change=signals.CHANGED
        )
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, queryset)  # read once: list() filled its cache
        if objects:
            signals.content_changed.send(
                self.model, request=request, objects=objects, change=signals.DELETED
            )
        return entries


class SideBySideAdmin(AuditedAdmin):
    """Narrow text areas, so that the Dutch and English fields of a pair fit on one row."""

    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 48})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
    }


@admin.register(Area, Pillar)
class SectionAdmin(SideBySideAdmin):
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
class TopicAdmin(SideBySideAdmin):
    list_display = ["code", "name_nl", "name_en", "area", "position"]
    list_editable = ["position"]
    list_filter = ["area"]
    search_fields = ["code", "name_nl", "name_en"]
    fields = ["code", "area", "position", ("name_nl", "name_en")]


class LimitedImportForm(ImportForm):
    """Says the limits, and refuses a file over the size limit before it is stored or read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = gettext(
            "At most %(size)s and %(rows)s rows per file."
        ) % {
            "size": filesizeformat(max_bytes()),
            "rows": number_format(max_rows(), force_grouping=True),
        }

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        try:
            check_size(import_file.size)
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return import_file


@admin.register(Item)
class ItemAdmin(ImportExportModelAdmin, SideBySideAdmin):
    resource_classes = [ItemResource]
    # CSV and XLSX, each read only up to the row limit.
    formats = [LimitedCSV, LimitedXLSX]
    import_form_class = LimitedImportForm
    list_display = [
        "code",
        "short_statement_nl",
        "short_statement_en",
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

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        # The confirm step reads the file the dry run accepted; should the limits have been
        # lowered in between, it is refused the same way, not with a server error.
        try:
            return super().process_import(request, **kwargs)
        except ImportRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:checklists_item_import")

    def process_result(self, result, request):
        response = super().process_result(result, request)
        totals = {kind: count for kind, count in result.totals.items() if count}
        signals.content_changed.send(
            self.model, request=request, objects=[], change=signals.IMPORTED, counts=totals
        )
        return response

    @admin.display(description=_("statement (Dutch)"), ordering="statement_nl")
    def short_statement_nl(self, item):
        return Truncator(item.statement_nl).chars(90)

    @admin.display(description=_("statement (English)"), ordering="statement_en")
    def short_statement_en(self, item):
        return Truncator(item.statement_en).chars(90)

    @admin.action(description=_("Activate the selected items"))
    def activate(self, request, queryset):
        count = self.set_active(request, queryset, True)
        self.message_user(
            request,
            ngettext("%(count)d item activated.", "%(count)d items activated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Deactivate the selected items (keeps their answers)"))
    def deactivate(self, request, queryset):
        count = self.set_active(request, queryset, False)
        self.message_user(
            request,
            ngettext("%(count)d item deactivated.", "%(count)d items deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def set_active(self, request, queryset, active: bool) -> int:
        """Activate or deactivate the items; those that changed go to the audit trail."""
        changed = list(queryset.exclude(is_active=active))
        count = queryset.update(is_active=active)
        if changed:
            signals.content_changed.send(
                self.model,
                request=request,
                objects=changed,
                change=signals.CHANGED,
                details={"action": "activated" if active else "deactivated"},
            )
        return count


@admin.register(Tip)
class TipAdmin(SideBySideAdmin):
    list_display = ["code", "kind", "text_nl", "area", "pillar", "position"]
    list_filter = ["kind", "area", "pillar"]
    search_fields = ["code", "text_nl", "text_en"]
    list_select_related = ["area", "pillar"]
    fieldsets = [
        (None, {"fields": ["code", "kind", ("area", "pillar"), "position"]}),
        (BOTH_LANGUAGES, {"fields": [("text_nl", "text_en")]}),
    ]


@admin.register(MaturityLevel)
class MaturityLevelAdmin(SideBySideAdmin):
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


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "consultancy", "sector", "size_band", "updated_at"]
    list_filter = ["size_band"]
    list_select_related = ["consultancy"]
    search_fields = ["name", "sector"]
    filter_horizontal = ["consultants"]

    def get_list_filter(self, request):
        # The list of consultancies is for platform staff only.
        if request.user.is_superuser:
            return ["consultancy", *self.list_filter]
        return self.list_filter

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # An id beyond what the column holds is a form error, not a server error.
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Scan)
class ScanAdmin(ScopedAdmin, AuditedAdmin):
    """Scans are run in the app; here staff look them up and see who made them."""

    list_display = ["title", "organisation", "status", "language", "created_by", "updated_at"]
    list_filter = ["status", "language"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = ["status", "created_by", "completed_at", "created_at", "updated_at"]
    fields = ["organisation", "title", "language", "previous", *readonly_fields]
    raw_id_fields = ["previous"]  # checked by Scan.clean: an earlier completed scan, same client
    # The frozen results document is not editable (and too large to show).
    organisation_path = "organisation"


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ScopedAdmin, admin.ModelAdmin):
    """Evidence files are uploaded in the scan, where the rules hold (type, quota, open scan);
    staff see them here read-only and download them through the same checked view. Deleting
    stays allowed, or staff could not delete a scan or organisation that has evidence."""

    list_display = ["name", "scan", "item_code", "size", "content_type", "uploaded_by"]
    list_filter = ["content_type"]
    search_fields = ["name", "answer__scan__title", "answer__scan__organisation__name"]
    list_select_related = ["answer__scan__organisation", "answer__item", "uploaded_by"]
    fields = (
        "name",
        "scan",
        "item_code",
        "download",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields
    organisation_path = "answer__scan__organisation"

    @admin.display(description=_("scan"), ordering="answer__scan__title")
    def scan(self, obj):
        return obj.answer.scan

    @admin.display(description=_("statement"), ordering="answer__item__code")
    def item_code(self, obj):
        return obj.answer.item.code

    @admin.display(description=_("download"))
    def download(self, obj):
        url = reverse("checklists:evidence_file", args=[obj.answer.scan_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
