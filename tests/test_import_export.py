"""Items export to CSV and XLSX and import back; a bad row is reported and changes nothing."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from checklists.models import Item
from checklists.resources import ITEM_COLUMNS

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def snapshot():
    return list(Item.objects.order_by("code").values_list(*ITEM_FIELDS))


# The resource's columns, with relations compared by their codes.
ITEM_FIELDS = [f"{c}__code" if c in {"area", "pillar", "topic"} else c for c in ITEM_COLUMNS]


def export(client, file_format):
    data = {"format": file_format, "resource": "0"}
    data |= {f"itemresource_{column}": "on" for column in ITEM_COLUMNS}
    response = client.post(reverse("admin:checklists_item_export"), data)
    assert response.status_code == 200
    return response.content


def import_file(client, name, content, file_format):
    """Upload a file (the dry run); if it is valid, confirm it. Returns the last response."""
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("admin:checklists_item_import"),
        {"import_file": upload, "format": file_format, "resource": "0"},
    )
    assert response.status_code == 200
    if 'name="import_file_name"' not in response.text:
        return response
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', response.text))
    confirm = {key: hidden.get(key, "") for key in ("import_file_name", "original_file_name")}
    confirm |= {"format": file_format, "resource": hidden.get("resource", "0")}
    return client.post(reverse("admin:checklists_item_process_import"), confirm, follow=True)


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ITEM_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_csv_export_holds_every_item_with_codes_for_relations(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    assert len(rows) == Item.objects.count()
    first = next(row for row in rows if row["code"] == "eco-invoices-01")
    assert first["area"] == "ecosystem"
    assert first["topic"] == "eco-invoices"
    assert first["statement_nl"] == Item.objects.get(code="eco-invoices-01").statement_nl


def test_csv_round_trip_changes_nothing(admin_client):
    before = snapshot()
    response = import_file(admin_client, "items.csv", export(admin_client, CSV), CSV)
    assert "Import finished" in response.text
    assert snapshot() == before


def test_csv_import_updates_by_code_and_adds_new_items(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    rows[0]["statement_en"] = "Changed in a spreadsheet"
    new = dict(rows[0], code="purpose-new", statement_en="A new statement", weight="2")
    response = import_file(admin_client, "items.csv", to_csv([rows[0], new]), CSV)
    assert "Import finished" in response.text
    assert Item.objects.get(code=rows[0]["code"]).statement_en == "Changed in a spreadsheet"
    assert Item.objects.get(code="purpose-new").weight == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight": "7"}, "Ensure this value is less than or equal to 3."),
        ({"pillar": "no-such-pillar"}, "Pillar matching query does not exist."),
        ({"topic": "eco-invoices"}, "This topic belongs to another area than the item."),
    ],
)
def test_bad_csv_row_is_reported_and_nothing_changes(admin_client, change, message):
    rows = csv_rows(export(admin_client, CSV))
    purpose = next(row for row in rows if row["code"] == "purpose-02")
    good_new = dict(purpose, code="purpose-new", statement_en="Would be new")
    changed_good = dict(purpose, statement_en="Would be changed")
    bad = dict(next(row for row in rows if row["code"] == "purpose-03"), **change)
    before = snapshot()

    response = import_file(admin_client, "items.csv", to_csv([good_new, changed_good, bad]), CSV)

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    assert message in text
    # The report names the row: the third data row is the bad one. Validation errors come as a
    # table (its first column the row number), lookup errors as "Line number: N".
    assert re.search(r"Line number: 3 |is_active 3 \d", text), text[-600:]
    assert 'name="import_file_name"' not in response.text  # no way to confirm
    assert snapshot() == before


def test_xlsx_round_trip_and_change(admin_client):
    content = export(admin_client, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(ITEM_COLUMNS)
    assert sheet.max_row == Item.objects.count() + 1

    before = snapshot()
    response = import_file(admin_client, "items.xlsx", content, XLSX)
    assert "Import finished" in response.text
    assert snapshot() == before

    sheet.cell(row=2, column=header.index("statement_nl") + 1, value="Aangepast in Excel")
    code = sheet.cell(row=2, column=1).value
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = import_file(admin_client, "items.xlsx", buffer.getvalue(), XLSX)
    assert "Import finished" in response.text
    assert Item.objects.get(code=code).statement_nl == "Aangepast in Excel"


def test_consultants_cannot_import(consultant_client):
    response = consultant_client.get(reverse("admin:checklists_item_import"))
    assert response.status_code == 302
