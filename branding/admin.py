from django import forms
from django.contrib import admin

from consultancies.models import consultancy_of

from .models import Branding


class BrandingForm(forms.ModelForm):
    class Meta:
        model = Branding
        fields = ["consultancy", "name", "logo", "accent"]
        widgets = {"accent": forms.TextInput(attrs={"type": "color"})}


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    """One record per consultancy, made and edited here by platform staff (a consultancy's
    owner edits its own in the app, consultancies.views.settings). Staff who are not
    superusers find only their own consultancy's."""

    form = BrandingForm
    list_display = ["__str__", "consultancy", "accent", "updated_at"]
    list_select_related = ["consultancy"]

    def get_queryset(self, request):
        brandings = super().get_queryset(request)
        if request.user.is_superuser:
            return brandings
        return brandings.filter(consultancy=consultancy_of(request.user))

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["consultancy"] if obj is not None else []
