"""Which models hold an organisation's data: every model with a path of foreign keys to
`Organisation`, found by walking `apps.get_models()`, so a model added later (in any app) is
exported, erased and checked by the tests without being listed here."""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models

from checklists.models import Organisation


def label(model: type[models.Model]) -> str:
    """The model's name in the export and its schema: "app_label.modelname"."""
    return model._meta.label_lower


@cache
def organisation_paths() -> dict[type[models.Model], str]:
    """Every model whose rows belong to one organisation, with the lookup from the model to the
    organisation's id: "pk" for Organisation itself, "organisation" for a Scan, "scan__
    organisation" for an Answer... Only foreign keys and one-to-one fields are followed, from
    the row towards the organisation (a row that points at a scan belongs to that scan's
    organisation), and only those that delete the row with what it points at: a row that
    outlives the organisation (an audit event, kept with the name replaced) is not its data.
    The shortest path wins. Ordered by path length (the organisation first)."""
    found: dict[type[models.Model], str] = {Organisation: "pk"}
    frontier: list[type[models.Model]] = [Organisation]
    while frontier:
        reached: list[type[models.Model]] = []
        for model in apps.get_models():
            if model in found:
                continue
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if (
                    target in frontier
                    and (field.many_to_one or field.one_to_one)
                    and getattr(field.remote_field, "on_delete", None) is models.CASCADE
                ):
                    found[model] = (
                        field.name if target is Organisation else f"{field.name}__{found[target]}"
                    )
                    reached.append(model)
                    break
        frontier = reached
    return found


def rows_of(model: type[models.Model], organisation_id: int) -> models.QuerySet:
    """The rows of `model` that belong to the organisation (through its path)."""
    return model._base_manager.filter(**{organisation_paths()[model]: organisation_id})


def is_user_model(model) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL
