"""CSV/XLSX import and export of items (django-import-export), keyed on the item's code.

A file is applied whole or not at all: any row with an error or a validation error (a bad
weight, an unknown pillar, an unclear yes/no value, a code that occurs twice) rolls back the
whole import, and the report names the row.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import BooleanWidget, ForeignKeyWidget

from .models import Area, Item, Pillar, Topic

ITEM_COLUMNS = (
    "code",
    "area",
    "pillar",
    "topic",
    "statement_nl",
    "statement_en",
    "guidance_nl",
    "guidance_en",
    "weight",
    "position",
    "is_active",
)


class YesNoWidget(BooleanWidget):
    """A yes/no column that accepts only clear values and refuses anything else.

    Yes: 1, true, yes, ja, waar; no: 0, false, no, nee, onwaar (any case, as Excel in Dutch
    writes TRUE as WAAR). Spreadsheet booleans and the numbers 1 and 0 count too. An empty cell
    gives None, which the field does not save: an existing item keeps its value, a new item
    gets the model's default. django-import-export's own widget reads every unknown value
    ("maybe", "2") as false, which silently deactivated items.
    """

    YES = {"1", "true", "yes", "ja", "waar"}
    NO = {"0", "false", "no", "nee", "onwaar"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if text.lower() in self.YES:
            return True
        if text.lower() in self.NO:
            return False
        raise ValueError(
            _("“%(value)s” is not a yes/no value: use 1 or 0, true or false, yes or no, ja or nee.")
            % {"value": value}
        )


def row_list(rows: list[int]) -> str:
    """1 and 3; 1, 2 and 3."""
    *first, last = map(str, rows)
    return _("%(first)s and %(last)s") % {"first": ", ".join(first), "last": last}


class ItemResource(resources.ModelResource):
    """Areas, pillars and topics travel as their codes, so an export imports back unchanged."""

    area = fields.Field("area", "area", ForeignKeyWidget(Area, field="code"))
    pillar = fields.Field("pillar", "pillar", ForeignKeyWidget(Pillar, field="code"))
    topic = fields.Field("topic", "topic", ForeignKeyWidget(Topic, field="code"))
    # No default and no saving of None: an empty cell keeps what the item has.
    is_active = fields.Field("is_active", "is_active", YesNoWidget(), saves_null_values=False)

    class Meta:
        model = Item
        fields = ITEM_COLUMNS
        export_order = ITEM_COLUMNS
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        # Runs the model's validation (weight 1–3, topic in the item's area, ...) on every row.
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # The library keeps the valid rows of a real (not dry-run) import and skips the invalid
        # ones; a file with a bad row is refused whole instead. The admin's dry run already
        # refuses to confirm such a file; this covers the confirm step and other callers.
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows_by_code = {}

    def before_import(self, dataset, **kwargs):
        """Note the rows of each code: two rows for one item would both apply, the last winning."""
        super().before_import(dataset, **kwargs)
        self.rows_by_code = defaultdict(list)
        if "code" in dataset.headers:
            for number, code in enumerate(dataset["code"], 1):
                if code is not None and str(code).strip():
                    self.rows_by_code[str(code)].append(number)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        code = row.get("code")
        rows = self.rows_by_code.get(str(code), []) if code is not None else []
        if len(rows) > 1:
            raise ValidationError(
                {
                    "code": _(
                        "The code “%(code)s” is on rows %(rows)s; an item may occur only once "
                        "in a file."
                    )
                    % {"code": code, "rows": row_list(rows)}
                }
            )
