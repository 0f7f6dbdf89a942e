"""Existing installations become one consultancy holding everything.

Every organisation moves into the first consultancy (the one the branding record became, or a
new one named "Consultancy" that contributes to benchmarks, as everything was pooled before).
Every account that is not a superuser becomes a member: staff (is_staff, no superuser) as
owners, who manage the members in the app; everyone else as consultants, keeping their
per-organisation assignments. Superusers are platform staff and stay outside any consultancy.
"""

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify

DEFAULT_NAME = "Consultancy"


def forwards(apps, schema_editor):
    Consultancy = apps.get_model("consultancies", "Consultancy")
    Membership = apps.get_model("consultancies", "Membership")
    Organisation = apps.get_model("checklists", "Organisation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = User.objects.filter(is_superuser=False, membership=None)
    if not Organisation.objects.exists() and not users.exists():
        return  # a new installation: its consultancies are made by platform staff
    first = Consultancy.objects.order_by("pk").first()
    if first is None:
        first = Consultancy.objects.create(
            name=DEFAULT_NAME, slug=slugify(DEFAULT_NAME), contributes_to_benchmarks=True
        )
    Organisation.objects.filter(consultancy=None).update(consultancy=first)
    Membership.objects.bulk_create(
        Membership(
            user=user, consultancy=first, role="owner" if user.is_staff else "consultant"
        )
        for user in users.order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0009_organisation_consultancy"),
        ("branding", "0003_branding_to_first_consultancy"),
        ("consultancies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
