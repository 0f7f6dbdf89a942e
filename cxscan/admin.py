"""The admin in the site's language: its title, and what Django and the packages give in
English only as plain strings (two apps' names, the permissions' names, a few column headers).

What the packages do mark for translation (axes' field names, django-tasks-db's model names,
Django 6.1's new admin strings) is translated in locale/nl; cxscan/third_party_messages.py
lists those strings. This module imports no app of the project.
"""

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import ManyToManyField, Model
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.site_header = gettext_lazy("CX Maturity Scan administration")
admin.site.site_title = gettext_lazy("CX Maturity Scan administration")

# Plain strings in the packages' AppConfig, so nothing could translate them there.
apps.get_app_config("axes").verbose_name = gettext_lazy("Login attempts (Axes)")
apps.get_app_config("django_tasks_database").verbose_name = gettext_lazy("Background tasks")


def permission_label(permission) -> str:
    """A model's default permission in the active language ("Organisaties | organisatie | Mag
    organisatie wijzigen"); Django stores its name in English ("Can change organisation")."""
    action = permission.codename.partition("_")[0]
    model = permission.content_type.model_class()
    if model is None or permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)
    name = model._meta.verbose_name
    actions = {
        "add": _("Can add %(name)s"),
        "change": _("Can change %(name)s"),
        "delete": _("Can delete %(name)s"),
        "view": _("Can view %(name)s"),
    }
    if action not in actions:
        return str(permission)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {name} | {actions[action] % {'name': name}}"


class PermissionLabels(admin.ModelAdmin):
    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest | None = None, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        # django-stubs let GroupAdmin's request be None but not ModelAdmin's; Django passes it on.
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[arg-type]
        if field is not None and db_field.name in {"permissions", "user_permissions"}:
            # The field's own labelling function, as Django allows; the stubs know it as a method.
            field.label_from_instance = permission_label  # type: ignore[method-assign,assignment]
        return field


class TranslatedUserAdmin(PermissionLabels, UserAdmin):
    pass


class TranslatedGroupAdmin(PermissionLabels, GroupAdmin):
    pass


class TranslatedTaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's admin with headers that are translated (its own are plain strings)."""

    # django-tasks-db's own list is a tuple of 8 names, which mypy takes as its exact type.
    list_display = tuple(  # type: ignore[assignment]
        "task_title" if name == "task_name" else name for name in DBTaskResultAdmin.list_display
    )

    @admin.display(description=gettext_lazy("task"))
    def task_title(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description=gettext_lazy("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=gettext_lazy("run after"))
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)


registrations: list[tuple[type[Model], type[admin.ModelAdmin]]] = [
    (get_user_model(), TranslatedUserAdmin),
    (Group, TranslatedGroupAdmin),
    (DBTaskResult, TranslatedTaskResultAdmin),
]
for model, model_admin in registrations:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
