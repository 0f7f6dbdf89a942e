"""`prune_audit`: remove audit events older than the retention (CXSCAN_AUDIT_RETENTION_DAYS)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Remove audit events older than CXSCAN_AUDIT_RETENTION_DAYS days (default 730), or"
        " --days. Run it daily (cron, a systemd timer); --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead.")
        parser.add_argument("--dry-run", action="store_true", help="Count, remove nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.CXSCAN_AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        old = AuditEvent.objects.filter(at__lt=cutoff)
        if dry_run:
            count = old.count()
            self.stdout.write(f"{count} audit events are older than {days} days; none removed.")
            return
        count, _by_model = old.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Removed {count} audit events older than {days} days.")
        )
