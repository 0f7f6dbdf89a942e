"""`ensure_admin`: an admin account on a new installation, with its password printed once, and
the installation's first consultancy when there is none (the admin is platform staff, in no
consultancy; they add its members in the admin, and its owner invites the rest in the app)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.text import slugify

from consultancies.models import Consultancy


class Command(BaseCommand):
    help = (
        "Create an admin account when no superuser exists yet. The password comes from "
        "CXSCAN_ADMIN_PASSWORD, or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("CXSCAN_ADMIN_USER", "admin"))

    def handle(self, *args, username, **options):
        if not Consultancy.objects.exists():
            name = os.environ.get("CXSCAN_CONSULTANCY_NAME", "").strip() or "Consultancy"
            # The first consultancy contributes to benchmarks, as the migrated one does.
            Consultancy.objects.create(
                name=name, slug=slugify(name)[:60] or "consultancy", contributes_to_benchmarks=True
            )
            self.stdout.write(f"Consultancy “{name}” created.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already; no new one created.")
            return
        password = os.environ.get("CXSCAN_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = (
            "the password in CXSCAN_ADMIN_PASSWORD"
            if os.environ.get("CXSCAN_ADMIN_PASSWORD")
            else f"password {password}  (shown only this once)"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created. Log in at http://127.0.0.1:8000/admin/ "
                f"as {username} with {shown}."
            )
        )
