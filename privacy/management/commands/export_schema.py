"""Write (or with --check, compare) the JSON Schema of an organisation's export."""

import json

from django.core.management.base import BaseCommand, CommandError

from privacy.exporter import SCHEMA_PATH, schema_document


class Command(BaseCommand):
    help = (
        "Write privacy/schema/organisation-export.schema.json from the models (after a model "
        "with a path to the organisation is added or changed); --check only compares."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args, check=False, **options):
        text = json.dumps(schema_document(), ensure_ascii=False, indent=2) + "\n"
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(
                    f"{SCHEMA_PATH.name} is out of date: run `manage.py export_schema`."
                )
            self.stdout.write("The export's schema is up to date.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}")
