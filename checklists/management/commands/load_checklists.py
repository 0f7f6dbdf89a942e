"""`load_checklists`: load the question bank from the fixtures, idempotently."""

from django.core.management.base import BaseCommand

from checklists.content import CONTENT_DIR, load_content


class Command(BaseCommand):
    help = (
        "Load the checklist content (areas, pillars, topics, items, tips, maturity levels) from "
        f"{CONTENT_DIR}. Safe to run again: creates what is missing, deletes nothing and keeps "
        "admin edits unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=(
                "Restore the fixture texts and settings of content that already exists. Items "
                "an admin deactivated stay inactive."
            ),
        )

    def handle(self, *args, overwrite=False, **options):
        result = load_content(overwrite=overwrite)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checklist content: {result.created} created, {result.updated} restored, "
                f"{result.kept} kept as they were."
            )
        )
