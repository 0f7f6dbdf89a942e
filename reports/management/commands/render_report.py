"""`render_report`: write a scan's PDF maturity report to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checklists.models import Scan
from reports.report import render_report


class Command(BaseCommand):
    help = "Write the PDF maturity report of a scan to a file."

    def add_arguments(self, parser):
        parser.add_argument("scan_id", type=int)
        parser.add_argument("--output", required=True, help="The PDF file to write.")
        parser.add_argument(
            "--language", choices=["nl", "en"], help="Default: the language of the scan."
        )

    def handle(self, *args, scan_id, output, language=None, **options):
        try:
            scan = Scan.objects.select_related("organisation", "created_by").get(pk=scan_id)
        except Scan.DoesNotExist:
            raise CommandError(f"There is no scan with id {scan_id}.") from None
        pdf = render_report(scan, language)
        Path(output).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(pdf):,} bytes to {output}."))
