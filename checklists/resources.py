"""CSV/XLSX import and export of items (django-import-export), keyed on the item's code.

A file is applied whole or not at all: any row with an error or a validation error (a bad
weight, an unknown pillar, an unclear yes/no value, a code that occurs twice) rolls back the
whole import, and the report names the row.

A file is limited in size and rows before it is parsed (`check_size`, `LimitedCSV`,
`LimitedXLSX`): the dry run takes about 10 ms a row, so a 200,000-row file kept a worker busy
past its timeout. The whole checklist is 131 rows (35 KB as XLSX, 67 KB as CSV).
"""

import csv
import io
import zipfile
from collections import defaultdict

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX
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


# Settings can lower or raise these (tests lower them).
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 1000
# An XLSX file is a zip: a small file can unpack to far more than it weighs.
UNPACKED_PER_BYTE = 10


class ImportRefused(ValueError):
    """A file refused before it is read in full; the message says why, for the person."""


def max_bytes() -> int:
    return getattr(settings, "CXSCAN_IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "CXSCAN_IMPORT_MAX_ROWS", IMPORT_MAX_ROWS)


def check_size(size: int) -> None:
    """Refuse a file over the size limit, before it is read."""
    if size > max_bytes():
        raise ImportRefused(
            _(
                "This file is %(size)s; at most %(limit)s can be imported at once. Split it into "
                "smaller files and import them one by one."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )


def refuse_rows() -> ImportRefused:
    limit = number_format(max_rows(), force_grouping=True)
    return ImportRefused(
        _(
            "This file has more than %(limit)s rows; at most %(limit)s can be imported at once. "
            "Split it into smaller files and import them one by one."
        )
        % {"limit": limit}
    )


class LimitedCSV(CSV):
    """CSV as django-import-export reads it, once the rows are counted (and at most one more
    than the limit is read to count them)."""

    def create_dataset(self, in_stream, **kwargs):
        check_size(len(in_stream))
        text = in_stream.decode(self.encoding) if isinstance(in_stream, bytes) else in_stream
        for number, _row in enumerate(csv.reader(io.StringIO(text))):
            if number > max_rows():  # row 0 is the header
                raise refuse_rows()
        return super().create_dataset(text, **kwargs)


class LimitedXLSX(XLSX):
    """The first sheet, read row by row with openpyxl's read-only reader, up to the limit.

    The rows are what django-import-export's own XLSX reader gives (the first row the headers,
    values rather than formulas, blank rows kept)."""

    def create_dataset(self, in_stream):
        check_size(len(in_stream))
        stream = io.BytesIO(in_stream)
        try:
            unpacked = sum(member.file_size for member in zipfile.ZipFile(stream).infolist())
        except zipfile.BadZipFile as error:
            raise ImportRefused(_("This is not an XLSX file.")) from error
        if unpacked > max_bytes() * UNPACKED_PER_BYTE:
            raise ImportRefused(
                _(
                    "This file unpacks to %(size)s; at most %(limit)s can be imported at once. "
                    "Split it into smaller files and import them one by one."
                )
                % {
                    "size": filesizeformat(unpacked),
                    "limit": filesizeformat(max_bytes() * UNPACKED_PER_BYTE),
                }
            )
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            sheet = book.active
            if sheet is None:  # no sheet at all: Excel never writes such a file
                raise ImportRefused(_("This is not an XLSX file."))
            rows = sheet.iter_rows(values_only=True)
            dataset = tablib.Dataset(headers=list(next(rows, ())))
            for number, row in enumerate(rows, 1):
                if number > max_rows():
                    raise refuse_rows()
                dataset.append(list(row))
        finally:
            book.close()
        return dataset


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
