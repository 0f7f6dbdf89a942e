"""`score_scan`: print a scan's scores, levels and coverage (or the short JSON form)."""

import json

from django.core.management.base import BaseCommand, CommandError

from checklists.models import Scan
from scoring.results import results_for, scores_document


class Command(BaseCommand):
    help = "Print a scan's scores and levels (frozen results for a completed scan)."

    def add_arguments(self, parser):
        parser.add_argument("scan_id", type=int)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the results as JSON."
        )

    def handle(self, *args, scan_id, as_json=False, **options):
        try:
            scan = Scan.objects.select_related("organisation").get(pk=scan_id)
        except Scan.DoesNotExist:
            raise CommandError(f"There is no scan with id {scan_id}.") from None
        document = scores_document(scan, results_for(scan))
        if as_json:
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{scan.organisation}: {scan.title} ({scan.get_status_display()})")
        overall, targets = document["overall"], document["targets"]
        self.stdout.write(
            f"overall            score {fmt(overall['score'])}  level {overall['level']}"
        )
        for kind in ("areas", "pillars"):
            for code, section in document[kind].items():
                target = targets[kind].get(code)
                self.stdout.write(
                    f"{kind[:-1]:7} {code:10} score {fmt(section['score'])}  "
                    f"level {section['level']}  coverage {section['coverage']:.0%}"
                    + (f"  target {target}" if target else "")
                )


def fmt(score):
    return "  –  " if score is None else f"{score:5.1f}"
