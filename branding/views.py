from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from consultancies.members import owned_consultancy
from consultancies.models import Consultancy
from cxscan.requests import AuthenticatedHttpRequest

from .logos import content_type
from .models import Branding


@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def logo(request, name):
    """A consultancy's current logo, by its file name: a random name the server chose, new with
    every upload, so it may be cached for good. Public, like the pages that show it."""
    branding = Branding.objects.filter(logo=f"branding/{name}").first()
    if branding is None or not branding.logo:
        raise Http404("No such logo")
    data = branding.logo_bytes()
    kind = content_type(data or b"")
    if kind is None:
        raise Http404("No such logo")
    return HttpResponse(data, content_type=kind)


class ConsultancySettingsForm(forms.ModelForm):
    class Meta:
        model = Consultancy
        fields = ["name", "contributes_to_benchmarks", "require_mfa"]


class BrandingSettingsForm(forms.ModelForm):
    class Meta:
        model = Branding
        fields = ["name", "logo", "accent"]
        widgets = {"accent": forms.TextInput(attrs={"type": "color"})}
        labels = {"name": gettext_lazy("Name on the pages and reports")}
        help_texts = {"name": gettext_lazy("Empty: the pages and reports name the product.")}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The consultancy's settings and branding, for its owners (404 for anyone else)."""
    consultancy = owned_consultancy(request.user)
    branding = Branding.objects.filter(consultancy=consultancy).first() or Branding(
        consultancy=consultancy
    )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ConsultancySettingsForm(data, instance=consultancy, prefix="consultancy")
    branding_form = BrandingSettingsForm(data, files, instance=branding, prefix="branding")
    if data is not None and form.is_valid() and branding_form.is_valid():
        with transaction.atomic():
            form.save()
            branding_form.save()
        messages.success(request, _("Settings saved."))
        return redirect("branding:settings")
    context = {"consultancy": consultancy, "form": form, "branding_form": branding_form}
    status = 400 if data is not None else 200
    return render(request, "branding/settings.html", context, status=status)
