from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import Branding


class BrandingForm(forms.ModelForm):
    class Meta:
        model = Branding
        fields = ["name", "logo", "accent"]
        widgets = {"accent": forms.TextInput(attrs={"type": "color"})}


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    """One record for the installation: the list opens it (or the form to create it)."""

    form = BrandingForm
    list_display = ["__str__", "accent", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Branding.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        branding = Branding.objects.order_by("pk").first()
        if branding is None:
            return redirect(reverse("admin:branding_branding_add"))
        return redirect(reverse("admin:branding_branding_change", args=[branding.pk]))
