"""Rows as plain JSON records, the same way for every model: the organisation's export and a
user's own data both read them, and the export's JSON Schema is made from the same rules
(`schema_of`), so the schema says exactly what the records hold.

- every concrete field by name (the primary key too: "id", or "scan" for a scan's results);
- a foreign key to a user: the username (an id means nothing outside this installation);
  to checklist content (areas, pillars, items): its stable code; to anything else: its id;
- a file or binary field (evidence files, stored PDFs): the file's path inside the ZIP (or null),
  the file itself goes into the ZIP (`FileRef`);
- many-to-many fields: a list of those same values;
- never a secret (share-link keys, participants' cookies, token hashes, join codes, workers'
  claim tokens) nor an e-mail address: such fields are left out, by name.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, cast

from django.db import models

from .walk import is_user_model, label, organisation_paths

# Fields never exported, whatever model holds them: secrets, a worker's claim token, and
# e-mail addresses (a team survey's respondents are exported without them, as the issue asks).
SECRET_NAMES = frozenset(
    {"key", "token", "key_hash", "secret", "password", "renderer", "email", "email_address"}
)
# Fields left out of one model: a workshop's join code opens its room while it is open.
LEFT_OUT = {
    "workshops.workshop": frozenset({"code"}),
    # An export names the earlier exports, not their ZIPs (each would hold the one before).
    "privacy.organisationexport": frozenset({"file"}),
}


@dataclass(frozen=True)
class FileRef:
    """A file a record names: where it goes in the ZIP, and how to read it."""

    path: str  # inside the ZIP
    storage_name: str = ""  # a file in storage (a FileField)
    content: bytes = b""  # or bytes kept in the database (a BinaryField)


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    left_out = LEFT_OUT.get(label(model), frozenset())
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in SECRET_NAMES and field.name not in left_out
    ]


def is_content(model) -> bool:
    """Checklist content (areas, pillars, items): shared by every organisation, named by its
    stable code, not by an id."""
    return (
        model is not None
        and model not in organisation_paths()
        and any(f.name == "code" for f in model._meta.concrete_fields)
    )


def related_value(target: type[models.Model], obj: models.Model | None) -> Any:
    if obj is None:
        return None
    if is_user_model(target):
        return obj.get_username()  # type: ignore[attr-defined]
    if is_content(target):
        return obj.code  # type: ignore[attr-defined]
    return obj.pk


def target_of(field: models.Field) -> type[models.Model]:
    """The model a relation points at (resolved once the apps are loaded)."""
    return cast(type[models.Model], field.related_model)


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(obj: models.Model) -> tuple[dict[str, Any], list[FileRef]]:
    """The row as a JSON record, and the files it names."""
    model = type(obj)
    data: dict[str, Any] = {}
    files: list[FileRef] = []
    for field in exported_fields(model):
        if field.many_to_many:
            target = target_of(field)
            data[field.name] = sorted(
                (related_value(target, related) for related in getattr(obj, field.name).all()),
                key=str,
            )
        elif field.is_relation:
            data[field.name] = related_value(target_of(field), getattr(obj, field.name))
        elif isinstance(field, models.FileField):
            stored = getattr(obj, field.name)
            if stored:
                path = f"files/{label(model)}/{obj.pk}/{PurePosixPath(stored.name).name}"
                files.append(FileRef(path, storage_name=stored.name))
                data[field.name] = path
            else:
                data[field.name] = None
        elif isinstance(field, models.BinaryField):
            content = bytes(getattr(obj, field.name) or b"")
            if content:
                suffix = ".pdf" if content.startswith(b"%PDF") else ".bin"
                path = f"files/{label(model)}/{obj.pk}/{field.name}{suffix}"
                files.append(FileRef(path, content=content))
                data[field.name] = path
            else:
                data[field.name] = None
        else:
            data[field.name] = plain(field.value_from_object(obj))
    return data, files


def with_related(queryset: models.QuerySet) -> models.QuerySet:
    """The queryset with what `record` reads fetched along (one query per model, not per row)."""
    model = queryset.model
    single = [
        f.name
        for f in exported_fields(model)
        if f.is_relation and not f.many_to_many and not f.primary_key
    ]
    many = [f.name for f in exported_fields(model) if f.many_to_many]
    if single:
        queryset = queryset.select_related(*single)
    return queryset.prefetch_related(*many).order_by("pk")


def json_type(field: models.Field) -> dict[str, Any]:
    """The JSON Schema of one field's value in a record."""
    if field.is_relation:
        target = target_of(field)
        if is_user_model(target):
            kind: dict[str, Any] = {"type": "string", "description": "username"}
        elif is_content(target):
            kind = {"type": "string", "description": f"code of a {label(target)}"}
        else:
            kind = {"type": "integer", "description": f"id of a {label(target)}"}
        if field.many_to_many:
            return {"type": "array", "items": kind}
    elif isinstance(field, models.FileField | models.BinaryField):
        kind = {"type": "string", "description": "path of the file inside the ZIP"}
    elif isinstance(field, models.BooleanField):
        kind = {"type": "boolean"}
    elif isinstance(field, models.IntegerField | models.AutoField):
        kind = {"type": "integer"}
    elif isinstance(field, models.FloatField):
        kind = {"type": "number"}
    elif isinstance(field, models.DecimalField):
        kind = {"type": "string", "description": "a decimal number"}
    elif isinstance(field, models.DateTimeField):
        kind = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        kind = {"type": "string", "format": "date"}
    elif isinstance(field, models.JSONField):
        kind = {}
    else:
        kind = {"type": "string"}
    if field.choices and not field.is_relation:
        kind["enum"] = [plain(value) for value, _name in field.flatchoices]
        if field.blank and isinstance(field, models.CharField) and "" not in kind["enum"]:
            kind["enum"].append("")
    nullable = field.null or isinstance(field, models.FileField | models.BinaryField)
    if nullable and "type" in kind:
        kind["type"] = [kind["type"], "null"]
        if "enum" in kind:
            kind["enum"] = [*kind["enum"], None]
    title = str(field.verbose_name)
    return {"title": title, **kind} if kind else {"title": title}


def schema_of(model: type[models.Model]) -> dict[str, Any]:
    """The JSON Schema of a model's records (see `record`)."""
    from django.utils import translation

    with translation.override("en"):
        properties = {}
        for field in exported_fields(model):
            properties[field.name] = json_type(field)
        return {
            "title": str(model._meta.verbose_name_plural),
            "description": (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
            "type": "array",
            "items": {
                "type": "object",
                "required": list(properties),
                "additionalProperties": False,
                "properties": properties,
            },
        }
