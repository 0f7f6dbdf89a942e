"""The installation's one branding record becomes the first consultancy's (named after it)."""

from django.db import migrations
from django.utils.text import slugify

DEFAULT_NAME = "Consultancy"


def first_consultancy(apps, name: str):
    """The first consultancy, made when there is none yet (contributing to benchmarks: the
    data that was pooled before stays pooled)."""
    Consultancy = apps.get_model("consultancies", "Consultancy")
    first = Consultancy.objects.order_by("pk").first()
    if first is None:
        first = Consultancy.objects.create(
            name=name or DEFAULT_NAME,
            slug=slugify(name)[:60] or "consultancy",
            contributes_to_benchmarks=True,
        )
    return first


def forwards(apps, schema_editor):
    Branding = apps.get_model("branding", "Branding")
    for branding in Branding.objects.filter(consultancy=None).order_by("pk"):
        first = first_consultancy(apps, branding.name)
        if Branding.objects.filter(consultancy=first).exists():
            branding.delete()  # the admin allowed one record; a second never showed anywhere
            continue
        branding.consultancy = first
        branding.save(update_fields=["consultancy"])


class Migration(migrations.Migration):
    dependencies = [
        ("branding", "0002_branding_consultancy"),
        ("consultancies", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
