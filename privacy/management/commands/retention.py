"""List (and with --apply erase) the organisations with no activity for CXSCAN_RETENTION_YEARS;
delete the export ZIPs whose offer ran out."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.erase import erase_organisation
from privacy.exporter import discard_expired
from privacy.retention import cutoff, inactive_organisations


class Command(BaseCommand):
    help = (
        "List the organisations with no activity (no organisation, scan, answer, plan, "
        "workshop... made or changed) for CXSCAN_RETENTION_YEARS years; --apply erases them "
        "with everything they hold. Expired export ZIPs are deleted on every run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Years without activity (default: CXSCAN_RETENTION_YEARS, now %(default)s).",
        )
        parser.add_argument(
            "--apply", action="store_true", help="Erase them (without it, only list them)."
        )

    def handle(self, *args, years=None, apply=False, **options):
        years = settings.CXSCAN_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("--years is at least 1.")
        expired = discard_expired()
        if expired:
            self.stdout.write(f"Deleted {expired} expired export(s).")
        stale = inactive_organisations(years)
        since = cutoff(years)
        if not stale:
            self.stdout.write(f"No organisation without activity since {since:%Y-%m-%d}.")
            return
        verb = "Erasing" if apply else "Without activity since"
        self.stdout.write(f"{verb} {since:%Y-%m-%d} ({years} years): {len(stale)} organisation(s)")
        for organisation, latest in stale:
            self.stdout.write(f"  {organisation.pk}\t{latest:%Y-%m-%d}\t{organisation.name}")
            if apply:
                erase_organisation(organisation, by="manage.py retention")
        if apply:
            self.stdout.write(self.style.SUCCESS(f"Erased {len(stale)} organisation(s)."))
        else:
            self.stdout.write("Nothing was erased: run again with --apply to erase them.")
