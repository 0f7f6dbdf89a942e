"""CSV/XLSX import and export of items (django-import-export), keyed on the item's code."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

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


class ItemResource(resources.ModelResource):
    """Areas, pillars and topics travel as their codes, so an export imports back unchanged."""

    area = fields.Field("area", "area", ForeignKeyWidget(Area, field="code"))
    pillar = fields.Field("pillar", "pillar", ForeignKeyWidget(Pillar, field="code"))
    topic = fields.Field("topic", "topic", ForeignKeyWidget(Topic, field="code"))

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
